"""Peak memory of `proxygraph export`, on a small and a 10x larger synthetic store.

Exporters stream from SQLite cursors, so the peak RSS of an export should not
grow with the size of the store: the ratio large/small printed for each format
should stay close to 1 (GraphML/GEXF included: they are written as XML streams,
not built as networkx graphs). Each export runs in a fresh process, so one
format's peak does not hide another's.

    python bench/export_memory.py            # 1,000 and 10,000 documents
    python bench/export_memory.py --docs 200 # quicker: 200 and 2,000

The stores are written through Store.write (no NLP model): documents of ten
claims among six entities drawn from a pool that grows with the store.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proxygraph.export import FORMATS
from proxygraph.model import PREDICATES, Claim, DocResult, Document, LocalEntity, Mention
from proxygraph.store import Store

TYPES = {"leads": ("PERSON", "ORG"), "member_of": ("PERSON", "ORG"), "designated": ("ORG", "ORG"),
         "operates_in": ("ORG", "GPE"), "killed": ("ORG", "PERSON"), "succeeded": ("PERSON", "PERSON")}
WORDS = ["Brigade", "Front", "Movement", "Battalion", "Council", "Office", "Company", "Network"]

# VmHWM is this process's own peak RSS in kB (ru_maxrss would start from the parent's, inherited at fork)
CHILD = """
import resource, sys
from proxygraph.export import export
from proxygraph.store import Store
with Store(sys.argv[1], readonly=True) as s:
    counts = export(s, sys.argv[2], sys.argv[3])
try:
    with open("/proc/self/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(kb, sum(counts.values()))
"""


def name_of(kind: str, n: int) -> str:
    if kind == "PERSON":
        return f"Person {n:06d} Testname"
    if kind == "GPE":
        return f"Province {n:06d}"
    return f"{WORDS[n % len(WORDS)]} {n:06d}"


def build(path: Path, docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = {"PERSON": docs, "ORG": docs * 2, "GPE": max(10, docs // 20)}
    with Store(path) as store:
        for d in range(docs):
            claims, sentences, ents = [], [], {}
            for _ in range(10):
                pred = rng.choice(PREDICATES)
                st, ot = TYPES.get(pred, ("ORG", "ORG"))
                s, o = (st, rng.randrange(pool[st])), (ot, rng.randrange(pool[ot]))
                if s == o:
                    continue
                sentence = (f"According to officials, {name_of(*s)} {pred.replace('_', ' ')} {name_of(*o)} "
                            f"in the period under review, the report said.")
                sentences.append(sentence)
                claims.append((s, pred, o, sentence))
            text, pos = "", 0
            out = []
            for s, pred, o, sentence in claims:
                for key in (s, o):
                    name = name_of(*key)
                    at = pos + sentence.index(name)
                    ent = ents.setdefault(key, LocalEntity(key=f"{key[0]}{key[1]}", name=name, type=key[0]))
                    ent.mentions.append(Mention(at, at + len(name), name))
                year = str(rng.randrange(1990, 2024))
                out.append(Claim(subject=f"{s[0]}{s[1]}", predicate=pred, object=f"{o[0]}{o[1]}", evidence=sentence,
                                 start=pos, end=pos + len(sentence), hedged=rng.random() < 0.2,
                                 negated=rng.random() < 0.03, time_start=year if rng.random() < 0.5 else None,
                                 confidence=0.7))
                text += sentence + " "
                pos += len(sentence) + 1
            store.write(DocResult(Document(id=f"doc-{d:06d}", text=text, title=f"Synthetic report {d}",
                                           date=f"20{d % 24:02d}-01-01", url=f"https://example.org/{d}"),
                                  list(ents.values()), out))


def peak(db: Path, fmt: str, out: Path) -> tuple[int, int, float]:
    t0 = time.monotonic()
    res = subprocess.run([sys.executable, "-c", CHILD, str(db), fmt, str(out)],
                         capture_output=True, text=True, check=True)
    kb, n = res.stdout.split()
    return int(kb), int(n), time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the small store (the large has 10x)")
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sizes = {}
        for label, n in (("small", args.docs), ("large", args.docs * 10)):
            t0 = time.monotonic()
            build(tmp / f"{label}.db", n)
            with Store(tmp / f"{label}.db", readonly=True) as s:
                claims = s.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
                ents = s.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
            sizes[label] = claims
            size = (tmp / f"{label}.db").stat().st_size / 1e6
            print(f"{label}: {n} documents, {ents} entities, {claims} claims, {size:.0f} MB"
                  f" (built in {time.monotonic() - t0:.0f} s)", flush=True)
        print(f"\n{'format':<8} {'small MB':>9} {'large MB':>9} {'ratio':>6}   objects small/large, seconds large")
        for fmt in args.formats.split(","):
            small = peak(tmp / "small.db", fmt, tmp / f"small.{fmt}")
            large = peak(tmp / "large.db", fmt, tmp / f"large.{fmt}")
            print(f"{fmt:<8} {small[0] / 1024:>9.1f} {large[0] / 1024:>9.1f} {large[0] / small[0]:>6.2f}"
                  f"   {small[1]}/{large[1]}, {large[2]:.1f} s", flush=True)
        print(f"\nclaims large/small: {sizes['large'] / sizes['small']:.1f}x")


if __name__ == "__main__":
    main()
