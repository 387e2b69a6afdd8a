"""Scoring system output against gold: a pure function of the two (schema.md).

Per document, system claims become relations between gold entities (through
``match_entities``); a relation counts once per document. Hits are a
maximum one-to-one matching between system and gold relations: strict when
subject, predicate and object agree, relaxed when the predicates share a
family. Symmetric predicates match in either direction. ``optional`` gold
relations are neither hits nor misses. Negated claims are scored only
against negated gold relations, in a pool of their own. Counts are summed
over documents (micro-average); resolution is measured across the whole set.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import FAMILY_OF, SYMMETRIC
from .counts import Accuracy, Counts
from .gold import GoldDoc, GoldRelation
from .matching import match_entities, named_entities
from .output import SystemClaim, SystemDoc

ATTRIBUTES = ("hedged", "negated", "attributed_to", "time")
UNMATCHED = "?"  # prefix of a system entity id that matches no gold entity


class Rel(NamedTuple):
    s: str
    p: str
    o: str


def rel(s: str, p: str, o: str) -> Rel:
    """A relation key; a symmetric one in a fixed order, so both directions are one relation."""
    if p in SYMMETRIC and o < s:
        s, o = o, s
    return Rel(s, p, o)


def strict_match(a: Rel, b: Rel) -> bool:
    return a == b


def relaxed_match(a: Rel, b: Rel) -> bool:
    if FAMILY_OF[a.p] != FAMILY_OF[b.p]:
        return False
    return (a.s, a.o) == (b.s, b.o) or (a.p in SYMMETRIC or b.p in SYMMETRIC) and (a.s, a.o) == (b.o, b.s)


@dataclass
class PoolResult:
    """One pool (asserted or denied) under one criterion."""

    pairs: dict[Rel, Rel] = field(default_factory=dict)  # system relation -> gold relation
    fp: list[Rel] = field(default_factory=list)
    optional: list[Rel] = field(default_factory=list)  # system relations that found only optional gold
    fn: list[Rel] = field(default_factory=list)

    def counts(self) -> Counts:
        return Counts(len(self.pairs), len(self.fp), len(self.fn))


def max_matching(system: list[Rel], gold: list[Rel], ok) -> dict[Rel, Rel]:
    """A maximum one-to-one matching (augmenting paths), identical pairs tried first."""
    adj = {s: sorted((g for g in gold if ok(s, g)), key=lambda g: (g != s, g)) for s in system}
    owner: dict[Rel, Rel] = {}

    def augment(s: Rel, seen: set) -> bool:
        for g in adj[s]:
            if g not in seen:
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = s
                    return True
        return False

    for s in system:
        augment(s, set())
    return {s: g for g, s in owner.items()}


def score_pool(system: list[Rel], required: list[Rel], optional: list[Rel], ok) -> PoolResult:
    pairs = max_matching(system, required, ok)
    found = set(pairs.values())
    res = PoolResult(pairs=pairs, fn=[g for g in required if g not in found])
    for s in system:
        if s not in pairs:
            (res.optional if any(ok(s, g) for g in optional) else res.fp).append(s)
    return res


@dataclass
class DocScore:
    doc: str
    gold: GoldDoc
    system: SystemDoc
    mapping: dict[str, str]  # system entity id -> gold entity id
    sys_rels: dict[bool, dict[Rel, list[SystemClaim]]]  # negated? -> relation -> its claims
    gold_rels: dict[bool, dict[Rel, list[GoldRelation]]]
    strict: PoolResult
    relaxed: PoolResult
    negated: PoolResult
    entities: Counts
    attributes: dict[str, Accuracy]


def counted(gold_rels: dict[Rel, list[GoldRelation]]) -> list[Rel]:
    """The gold relations that count: a relation is optional only if every annotation of it is."""
    return [k for k, rs in gold_rels.items() if any(not r.optional for r in rs)]


def score_document(gold: GoldDoc, system: SystemDoc) -> DocScore:
    mapping = match_entities(gold, system)

    def gid(entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        return mapping.get(entity_id, UNMATCHED + entity_id)

    sys_rels: dict[bool, dict[Rel, list[SystemClaim]]] = {False: defaultdict(list), True: defaultdict(list)}
    for c in system.claims:
        sys_rels[bool(c.negated)][rel(gid(c.subject), c.predicate, gid(c.object))].append(c)
    gold_rels: dict[bool, dict[Rel, list[GoldRelation]]] = {False: defaultdict(list), True: defaultdict(list)}
    for r in gold.relations:
        gold_rels[r.negated][rel(r.s, r.p, r.o)].append(r)

    def pool(negated: bool, ok) -> PoolResult:
        g = gold_rels[negated]
        need = counted(g)
        return score_pool(list(sys_rels[negated]), need, [k for k in g if k not in need], ok)

    strict, negated = pool(False, strict_match), pool(True, strict_match)
    attributes = {a: Accuracy() for a in ATTRIBUTES}
    for res, neg in ((strict, False), (negated, True)):
        for s, g in res.pairs.items():
            claims, golds = sys_rels[neg][s], gold_rels[neg][g]
            attributes["hedged"].add(bool({c.hedged for c in claims} & {r.hedged for r in golds}))
            attributes["attributed_to"].add(bool({gid(c.attributed_to) for c in claims} & {r.attributed_to for r in golds}))
            attributes["time"].add(bool({c.time for c in claims} & {r.time for r in golds}))
    # polarity: of the gold relations the system found at all, how many with the right polarity
    for neg in (False, True):
        for g in counted(gold_rels[neg]):
            said = {flag for flag in (False, True) if g in sys_rels[flag]}
            if said:
                attributes["negated"].add(neg in said)

    named = named_entities(system)
    found = {mapping[e.id] for e in named if e.id in mapping}
    entities = Counts(
        tp=len(found), fp=sum(e.id not in mapping for e in named), fn=len(gold.entities) - len(found),
        tp_system=sum(e.id in mapping for e in named),
    )
    return DocScore(
        gold.doc, gold, system, mapping, sys_rels, gold_rels, strict, pool(False, relaxed_match), negated,
        entities, attributes,
    )


@dataclass
class Scores:
    """Micro-averaged scores over a set of documents."""

    docs: list[DocScore]
    strict: Counts
    relaxed: Counts
    negated: Counts
    entities: Counts
    attributes: dict[str, Accuracy]
    per_predicate: dict[str, dict[str, Counts]]
    fragmentation: float | None
    qid: Accuracy
    matched: tuple[int, int]  # distinct system entities matched, distinct gold entities matched
    rules: dict[str, Counter]


def per_predicate(docs: list[DocScore]) -> dict[str, dict[str, Counts]]:
    """Hits and misses under the gold predicate, false positives under the system's."""
    out: dict[str, dict[str, Counts]] = defaultdict(lambda: {"strict": Counts(), "relaxed": Counts()})
    for d in docs:
        for name in ("strict", "relaxed"):
            res: PoolResult = getattr(d, name)
            for g in res.pairs.values():
                out[g.p][name].tp += 1
            for g in res.fn:
                out[g.p][name].fn += 1
            for s in res.fp:
                out[s.p][name].fp += 1
    return {p: out[p] for p in sorted(out)}


def rule_counts(docs: list[DocScore]) -> dict[str, Counter]:
    """Strict hits, false positives and optional finds per extraction rule."""
    out: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        rels = d.sys_rels[False]
        for kind, keys in (("tp", d.strict.pairs), ("fp", d.strict.fp), ("optional", d.strict.optional)):
            for k in keys:
                for rule in {c.rule for c in rels[k]}:
                    out[rule or "-"][kind] += 1
    return dict(sorted(out.items()))


def score(pairs: list[tuple[GoldDoc, SystemDoc]]) -> Scores:
    docs = [score_document(g, s) for g, s in pairs]

    def total(pool: str) -> Counts:
        return sum((getattr(d, pool).counts() for d in docs), Counts())

    attributes = {a: sum((d.attributes[a] for d in docs), Accuracy()) for a in ATTRIBUTES}
    # resolution, across the set: gold entities are the same entity wherever their id recurs
    links: set[tuple[str, str]] = {(s, g) for d in docs for s, g in d.mapping.items()}
    n_sys, n_gold = len({s for s, _ in links}), len({g for _, g in links})
    qid = Accuracy()
    sys_qid = {e.id: e.qid for d in docs for e in d.system.entities}
    gold_qid = {g.id: g.qid for d in docs for g in d.gold.entities}
    for s, g in sorted(links):
        if gold_qid.get(g):
            qid.add(sys_qid.get(s) == gold_qid[g])
    return Scores(
        docs=docs, strict=total("strict"), relaxed=total("relaxed"), negated=total("negated"),
        entities=sum((d.entities for d in docs), Counts(tp_system=0)), attributes=attributes,
        per_predicate=per_predicate(docs), fragmentation=n_sys / n_gold if n_gold else None, qid=qid,
        matched=(n_sys, n_gold), rules=rule_counts(docs),
    )
