"""Two baselines, scored beside proxygraph so its numbers mean something.

Both read the same parse (the extractor's spaCy pipeline on the same
prepared text) and the same entity mentions proxygraph stored, so the
comparison isolates relation extraction:

- ``cooccurrence``: every pair of entities in a sentence, subject first; the
  predicate comes from the nearest verb when the trigger lexicon knows it and
  the entity types allow it, else from the types alone;
- ``svo``: textacy's subject-verb-object triples (passives turned active),
  verbs mapped to predicates by the same trigger lexicon.

Neither sets hedged, attributed_to or time; svo marks a negated verb.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..errors import missing_extra
from ..extract.lexicon import Lexicon, lexicon
from ..extract.relations import SIGNATURES
from .output import SystemClaim


@dataclass
class DocView:
    """What a baseline sees: the parse, the text, and which entity each token names."""

    doc: Doc
    text: str  # the document's text, for evidence
    at: dict[int, str]  # token index -> entity id
    types: dict[str, str]  # entity id -> entity type
    authorities: set[str] = field(default_factory=set)  # entity ids of sanctioning bodies
    lex: Lexicon = field(default_factory=lexicon)

    def fits(self, p: str, s: str, o: str) -> bool:
        subj, obj = SIGNATURES[p]
        return s != o and self.types.get(s) in subj and self.types.get(o) in obj

    def claim(self, s: str, p: str, o: str, sent: Span, rule: str, negated: bool = False) -> SystemClaim:
        evidence = self.text[sent.start_char:sent.end_char].rstrip()
        return SystemClaim(s, p, o, negated=negated, evidence=evidence, start=sent.start_char,
                           end=sent.start_char + len(evidence), rule=rule)


def token_entities(doc: Doc, mentions: Iterable[tuple[str, int, int]]) -> dict[int, str]:
    """Token index -> entity id, from (entity id, start char, end char) mentions."""
    at: dict[int, str] = {}
    for entity_id, start, end in mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        for tok in span if span is not None else ():
            at.setdefault(tok.i, entity_id)
    return at


def _entities(ctx: DocView, tokens: Iterable[Token]) -> list[str]:
    return list(dict.fromkeys(ctx.at[t.i] for t in tokens if t.i in ctx.at))


def type_predicate(s_type: str | None, o_type: str | None) -> str | None:
    """The predicate the types alone suggest: a person in an organisation, an actor in a place, else support."""
    if s_type == "PERSON" and o_type == "ORG":
        return "member_of"
    if s_type in ("ORG", "PERSON") and o_type in ("GPE", "LOC"):
        return "operates_in"
    if s_type in SIGNATURES["supports"][0] and o_type in SIGNATURES["supports"][1]:
        return "supports"
    return None


def _nearest_verb(sent: Span, a: int, b: int) -> Token | None:
    def distance(v: Token) -> int:
        return 0 if a < v.i < b else min(abs(v.i - a), abs(v.i - b))

    verbs = [t for t in sent if t.pos_ == "VERB"]
    return min(verbs, key=lambda v: (distance(v), v.i)) if verbs else None


def cooccurrence(ctx: DocView) -> list[SystemClaim]:
    claims = []
    for sent in ctx.doc.sents:
        first: dict[str, int] = {}
        for t in sent:
            if t.i in ctx.at:
                first.setdefault(ctx.at[t.i], t.i)
        ents = list(first)
        for i, s in enumerate(ents):
            for o in ents[i + 1:]:
                verb = _nearest_verb(sent, first[s], first[o])
                rule = ctx.lex.verbs.get(verb.lemma_) if verb is not None else None
                p = rule.resolve(ctx.types[s], s in ctx.authorities) if rule else None
                if p is not None and ctx.fits(p, s, o):
                    claims.append(ctx.claim(s, p, o, sent, f"cooccurrence:verb:{verb.lemma_}"))
                    continue
                p = type_predicate(ctx.types.get(s), ctx.types.get(o))
                if p is not None and ctx.fits(p, s, o):
                    claims.append(ctx.claim(s, p, o, sent, "cooccurrence:types"))
    return claims


def _svo_triples(doc: Doc):
    try:
        from textacy.extract import subject_verb_object_triples
    except ImportError as exc:
        raise missing_extra("textacy", "eval") from exc
    return subject_verb_object_triples(doc)


def svo(ctx: DocView) -> list[SystemClaim]:
    claims = []
    for subj, verb_toks, obj in _svo_triples(ctx.doc):
        verb = next((t for t in reversed(verb_toks) if t.pos_ == "VERB"), verb_toks[-1])
        if any(t.dep_ == "nsubjpass" for t in subj) and any(t.dep_ == "pobj" and t.head.dep_ == "agent" for t in obj):
            subj, obj = obj, subj  # "X was funded by Y": Y funds X
        rule = ctx.lex.verbs.get(verb.lemma_)
        noun = next((ctx.lex.noun_class[t.lower_] for t in obj if t.lower_ in ctx.lex.noun_class), None)
        negated = any(t.dep_ == "neg" for t in verb_toks)
        for s in _entities(ctx, subj):
            if rule is not None:
                p = rule.resolve(ctx.types.get(s, ""), s in ctx.authorities)
            elif verb.lemma_ in ctx.lex.light_verbs and noun is not None:
                p = noun  # "provide weapons": the noun class is the predicate
            else:
                continue
            for o in _entities(ctx, obj):
                if ctx.fits(p, s, o):
                    claims.append(ctx.claim(s, p, o, verb.sent, f"svo:{verb.lemma_}", negated=negated))
    return claims


BASELINES: dict[str, Callable[[DocView], list[SystemClaim]]] = {"cooccurrence": cooccurrence, "svo": svo}
