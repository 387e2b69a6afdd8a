#!/usr/bin/env python
"""Write docs/evaluation.md from a fresh `proxygraph eval` of the dev gold, so it cannot drift.

    python scripts/write_evaluation_doc.py           # rewrite the page
    python scripts/write_evaluation_doc.py --check   # exit 1 if the page is out of date
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from proxygraph.evaluate import BASELINE_NAMES, evaluate, load_gold
from proxygraph.evaluate.report import to_table

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "evaluation.md"
FLOORS = ROOT / "tests" / "quality_floors.json"
GOLD = "../shared/gold/dev"

TEMPLATE = """\
# Evaluation

<!-- Written by scripts/write_evaluation_doc.py; do not edit by hand. -->

How well proxygraph reads claims, measured against the hand-annotated dev set
(`{gold}`, annotated per `schema.md` and `annotation.md`), beside two baselines
that read the same parse and the same entities. Reproduce it with

```
proxygraph eval {gold} --baseline all
```

and see every miss and false positive, with the sentence behind it, with `--verbose`.

## Current scores

```
{table}
```

## Quality gate

`tests/test_quality_gate.py` fails when a dev-set score falls below its floor in
`tests/quality_floors.json`:

| metric | floor |
|---|---|
{floors}

{policy}

## How the numbers are made

- **What runs.** Each gold file's `text_file` is read with the same readers as
  `proxygraph ingest` (front matter, dates and publishers included) and all texts are
  ingested into one temporary store with the same code and knowledge base; entities and
  claims are read back from that store. The gold files are read only by the scorer.
- **Entities.** A system entity matches a gold entity when its canonical name, or a
  surface form the document named it by (pronouns and nominals excluded; aliases the
  knowledge base knows but the text never used do not count), equals the gold name or
  an alias after folding case, diacritics, apostrophes, hyphens, a leading "the", a
  possessive 's and spacing. Where it would match several, the gold entity whose name
  equals its canonical name wins, then the one sharing the most forms, then the one
  listed first. Entity precision counts the system entities the document names;
  recall counts gold entities found.
- **Relations.** System claims become relations between gold entities; a relation
  counts once per document; hits are a maximum one-to-one matching. Strict: subject,
  predicate and object agree. Relaxed: predicates in the same family (support, control,
  hostile; the others alone). `allied_with` and `opposes` match in either direction.
  `optional` gold relations are neither hits nor misses. Scores are micro-averaged over
  all documents. Per predicate, hits and misses count under the gold predicate and
  false positives under the system's, so the rows add up to the totals.
- **Denials.** Negated claims are scored only against negated gold relations
  ("denied F1"; "-" when neither side has any) and never count in the main scores.
- **Attributes.** `hedged`, `attributed_to` and `time` are checked on strict hits (a
  relation several sentences state is right if one of them has the gold value);
  `negated` is checked on every gold relation the system stated at all, in either polarity.
- **Resolution.** `fragmentation` = distinct system entities matched to gold entities /
  distinct gold entities matched, across the whole set (1.0 is ideal; above it, one
  actor is split into several). `qid_accuracy` = share of matched system entities that
  carry the gold QID, where the gold has one.
- **Baselines.** `cooccurrence` relates every pair of entities in a sentence, subject
  first, by the nearest verb's trigger-lexicon predicate where the entity types allow
  it, else by the types alone (person-organisation: member_of; actor-place:
  operates_in; otherwise supports). `svo` maps textacy's subject-verb-object triples
  (passives turned active) through the same trigger lexicon. Both use proxygraph's
  entities, so their entity and resolution scores are proxygraph's.
"""


def render() -> str:
    ev = evaluate(load_gold([ROOT / GOLD]), baselines=BASELINE_NAMES)
    config = json.loads(FLOORS.read_text(encoding="utf-8"))
    floors = "\n".join(f"| {name} | {value} |" for name, value in config["floors"].items())
    return TEMPLATE.format(gold=GOLD, table=to_table(ev), floors=floors, policy=config["policy"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/evaluation.md is not what the eval gives now")
    args = parser.parse_args()
    page = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print(f"{PAGE.relative_to(ROOT)} is out of date; run: python scripts/write_evaluation_doc.py", file=sys.stderr)
            return 1
        print(f"{PAGE.relative_to(ROOT)} is current")
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
