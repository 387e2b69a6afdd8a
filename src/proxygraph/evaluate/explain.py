"""Why each miss was missed and each false positive was wrong, with the sentences behind them."""
from __future__ import annotations

from .scorer import UNMATCHED, DocScore, Rel


def name_of(d: DocScore, entity: str) -> str:
    if entity.startswith(UNMATCHED):
        sid = entity[len(UNMATCHED):]
        return next((e.name for e in d.system.entities if e.id == sid), sid)
    return d.gold.entity(entity).name


def _between(rels, r: Rel) -> list[Rel]:
    return [k for k in rels if {k.s, k.o} == {r.s, r.o}]


def _said(d: DocScore, k: Rel, negated: bool) -> str:
    return f"{name_of(d, k.s)} {k.p} {name_of(d, k.o)}" + (" (denied)" if negated else "")


def _unique(texts) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in texts if t))


def misses(d: DocScore) -> list[dict]:
    found = set(d.mapping.values())
    out = []
    for negated, res in ((False, d.strict), (True, d.negated)):
        for g in res.fn:
            lost = [f"{role} '{name_of(d, e)}' not found" for role, e in (("subject", g.s), ("object", g.o)) if e not in found]
            near = [(k, neg) for neg in (False, True) for k in _between(d.sys_rels[neg], g)]
            if lost:
                reason = "; ".join(lost)
            elif near:
                reason = "system said: " + "; ".join(_said(d, k, neg) for k, neg in near)
            else:
                reason = "both found, no claim between them"
            out.append({
                "doc": d.doc, "subject": name_of(d, g.s), "predicate": g.p, "object": name_of(d, g.o), "negated": negated,
                "reason": reason, "gold_evidence": _unique(r.evidence for r in d.gold_rels[negated][g]),
                "system_evidence": _unique(c.evidence for k, neg in near for c in d.sys_rels[neg][k]),
            })
    return out


def false_positives(d: DocScore) -> list[dict]:
    out = []
    for negated, res in ((False, d.strict), (True, d.negated)):
        for s in res.fp:
            claims = d.sys_rels[negated][s]
            stray = [f"{role} '{name_of(d, e)}' is no gold entity" for role, e in (("subject", s.s), ("object", s.o))
                     if e.startswith(UNMATCHED)]
            gold = [(k, neg) for neg in (False, True) for k in _between(d.gold_rels[neg], s)]
            if stray:
                reason = "; ".join(stray)
            elif gold:
                reason = "gold has: " + "; ".join(
                    _said(d, k, neg) + (" (optional)" if all(r.optional for r in d.gold_rels[neg][k]) else "") for k, neg in gold
                )
            else:
                reason = "gold has no relation between them"
            out.append({
                "doc": d.doc, "subject": name_of(d, s.s), "predicate": s.p, "object": name_of(d, s.o), "negated": negated,
                "rules": sorted({c.rule for c in claims}), "reason": reason, "evidence": _unique(c.evidence for c in claims),
            })
    return out
