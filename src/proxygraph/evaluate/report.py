"""An Evaluation as JSON (for tools) or as plain-text tables (for people)."""
from __future__ import annotations

from .counts import Counts
from .explain import false_positives, misses
from .run import SYSTEM, Evaluation
from .scorer import Scores, counted


def _required(s: Scores) -> int:
    return sum(len(counted(d.gold_rels[neg])) for d in s.docs for neg in (False, True))


def scores_dict(s: Scores, verbose: bool = False) -> dict:
    n_sys, n_gold = s.matched
    out = {
        "strict": s.strict.as_dict(),
        "relaxed": s.relaxed.as_dict(),
        "negated": s.negated.as_dict(),
        "per_predicate": {p: {k: c.as_dict() for k, c in v.items()} for p, v in s.per_predicate.items()},
        "entities": s.entities.as_dict(),
        "attributes": {a: acc.as_dict() for a, acc in s.attributes.items()},
        "resolution": {
            "fragmentation": None if s.fragmentation is None else round(s.fragmentation, 4),
            "qid_accuracy": None if s.qid.accuracy is None else round(s.qid.accuracy, 4),
            "system_entities_matched": n_sys, "gold_entities_matched": n_gold,
            "qid_correct": s.qid.correct, "qid_total": s.qid.total,
        },
        "rules": {r: {k: c[k] for k in ("tp", "fp", "optional")} for r, c in s.rules.items()},
        "docs": [
            {"doc": d.doc, "gold": len(counted(d.gold_rels[False])), "claims": len(d.system.claims),
             "strict": d.strict.counts().as_dict(), "relaxed": d.relaxed.counts().as_dict(),
             "entities": d.entities.as_dict()}
            for d in s.docs
        ],
    }
    if verbose:
        out["misses"] = [m for d in s.docs for m in misses(d)]
        out["false_positives"] = [f for d in s.docs for f in false_positives(d)]
    return out


def to_json(ev: Evaluation, verbose: bool = False) -> dict:
    main = ev.scores[SYSTEM]
    out = {
        "system": SYSTEM,
        "gold_files": [str(g.path) for g in ev.gold],
        "documents": len(ev.gold),
        "gold_relations": _required(main),
        **scores_dict(main, verbose),
    }
    baselines = {name: scores_dict(s) for name, s in ev.scores.items() if name != SYSTEM}
    if baselines:
        out["baselines"] = baselines
    return out


# -- tables ----------------------------------------------------------------------

def _table(header: list[str], rows: list[list], left: int = 1) -> list[str]:
    cells = [[str(c) for c in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        parts = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _f1_if_any(c: Counts) -> float | None:
    """F1, or None (shown "-") where neither gold nor system has anything to count."""
    return c.f1 if c.tp + c.fp + c.fn else None


def _prf(c: Counts) -> list:
    return [c.precision, c.recall, c.f1, c.tp, c.fp, c.fn]


def to_table(ev: Evaluation, verbose: bool = False) -> str:
    main = ev.scores[SYSTEM]
    names = list(ev.scores)
    optional = sum(len(d.gold_rels[False]) - len(counted(d.gold_rels[False])) for d in main.docs)
    lines = [
        f"{len(ev.gold)} document(s), {_required(main)} gold relations (+{optional} optional), "
        f"{sum(len(g.entities) for g in ev.gold)} gold entities",
        "",
        "relations (micro-averaged)",
    ]
    lines += _table(
        ["system", "P", "R", "F1", "tp", "fp", "fn", "relaxed P", "R", "F1", "denied F1"],
        [[n, *_prf(s.strict), s.relaxed.precision, s.relaxed.recall, s.relaxed.f1, _f1_if_any(s.negated)]
         for n, s in ev.scores.items()],
    )
    lines += ["", "attributes of strict hits (accuracy, hits measured)"]
    lines += _table(
        ["system", *main.attributes, "over"],
        [[n, *(a.accuracy for a in s.attributes.values()), s.attributes["hedged"].total] for n, s in ev.scores.items()],
    )
    e, n_sys, n_gold = main.entities, *main.matched
    lines += [
        "", "entities and resolution (the baselines use proxygraph's entities)",
        f"entities P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}  "
        f"(gold found {e.tp}, system matched {e.tp_system}, unmatched {e.fp}, gold missed {e.fn})",
        f"fragmentation {_fmt(main.fragmentation)} ({n_sys} system entities for {n_gold} gold ones)   "
        f"qid_accuracy {_fmt(main.qid.accuracy)} ({main.qid.correct}/{main.qid.total})",
        "", f"per predicate: {SYSTEM} strict, then F1 of each",
    ]
    preds = sorted({p for s in ev.scores.values() for p in s.per_predicate})
    none = {"strict": Counts(), "relaxed": Counts()}
    lines += _table(
        ["predicate", "P", "R", "F1", "tp", "fp", "fn", "relaxed F1", *(f"{n} F1" for n in names[1:])],
        [[p, *_prf(main.per_predicate.get(p, none)["strict"]), main.per_predicate.get(p, none)["relaxed"].f1,
          *(ev.scores[n].per_predicate.get(p, none)["strict"].f1 for n in names[1:])]
         for p in preds],
    )
    lines += ["", f"per document: {SYSTEM} strict, then F1 of each"]
    lines += _table(
        ["doc", "gold", "P", "R", "F1", "tp", "fp", "fn", "relaxed F1", "entity F1", *(f"{n} F1" for n in names[1:])],
        [[d.doc, len(counted(d.gold_rels[False])), *_prf(d.strict.counts()), d.relaxed.counts().f1, d.entities.f1,
          *(ev.scores[n].docs[i].strict.counts().f1 for n in names[1:])]
         for i, d in enumerate(main.docs)],
    )
    if verbose:
        lines += _verbose(main)
    return "\n".join(lines)


def _quote(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= width else text[: width - 1] + "\u2026") + "\u201d"


def _verbose(s: Scores) -> list[str]:
    lines = ["", "by rule (strict)"]
    lines += _table(["rule", "tp", "fp", "optional"],
                    [[r, c["tp"], c["fp"], c["optional"]] for r, c in sorted(s.rules.items(), key=lambda x: -x[1]["fp"])])
    miss = [m for d in s.docs for m in misses(d)]
    lines += ["", f"misses ({len(miss)})"]
    for m in miss:
        lines.append(f"  [{m['doc']}] {m['subject']} --{m['predicate']}{' (denied)' if m['negated'] else ''}--> {m['object']}")
        lines.append(f"      why: {m['reason']}")
        lines += [f"      gold: {_quote(t)}" for t in m["gold_evidence"]]
        lines += [f"      system used: {_quote(t)}" for t in m["system_evidence"]]
    fps = [f for d in s.docs for f in false_positives(d)]
    lines += ["", f"false positives ({len(fps)})"]
    for f in fps:
        lines.append(f"  [{f['doc']}] {f['subject']} --{f['predicate']}{' (denied)' if f['negated'] else ''}--> {f['object']}"
                     f"   [{', '.join(f['rules'])}]")
        lines.append(f"      why: {f['reason']}")
        lines += [f"      system used: {_quote(t)}" for t in f["evidence"]]
    return lines
