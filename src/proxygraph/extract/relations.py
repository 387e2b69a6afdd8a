"""Relation extraction: typed claims from the dependency parse and the lexicons.

Every claim is tied to a trigger, so two actors in one sentence are never related
just for being there. Clause-level frames live in ``frames``, phrase-level
patterns in ``phrases``, the argument finding they share in ``arguments``; this
module runs them all and keeps what fits the schema's type signatures.
"""
from __future__ import annotations

from .arguments import DESIGNATING, Context, RawClaim
from .frames import designation_lists, noun_frames, under_command, adjective_predicates, verb_frames
from .phrases import compounds, copula_roles, locations, role_patterns

__all__ = ["Context", "RawClaim", "DESIGNATING", "SIGNATURES", "extract_raw"]


# subject and object types each predicate allows (schema.md)
SIGNATURES = {
    "leads": ({"PERSON"}, {"ORG", "GPE"}),
    "member_of": ({"PERSON"}, {"ORG"}),
    "part_of": ({"ORG"}, {"ORG", "GPE"}),
    "commands": ({"ORG", "PERSON", "GPE"}, {"ORG"}),
    "supports": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "funds": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "arms": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "trains": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "founded": ({"ORG", "PERSON", "GPE"}, {"ORG", "GPE"}),
    "allied_with": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "opposes": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "attacked": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE", "LOC"}),
    "killed": ({"ORG", "PERSON", "GPE"}, {"PERSON"}),
    "designated": ({"ORG", "GPE"}, {"ORG", "PERSON"}),
    "operates_in": ({"ORG", "PERSON"}, {"GPE", "LOC"}),
    "succeeded": ({"PERSON"}, {"PERSON"}),
}


def extract_raw(ctx: Context) -> list[RawClaim]:
    claims: list[RawClaim] = []
    for sent in ctx.sents:
        claims += verb_frames(ctx, sent)
        claims += noun_frames(ctx, sent)
        claims += compounds(ctx, sent)
        claims += role_patterns(ctx, sent)
        claims += locations(ctx, sent)
        claims += designation_lists(ctx, sent)
        claims += copula_roles(ctx, sent)
        claims += adjective_predicates(ctx, sent)
        claims += under_command(ctx, sent)
    return [c for c in claims if _fits(ctx, c)]


def _fits(ctx: Context, c: RawClaim) -> bool:
    st, ot = ctx.label(c.subject), ctx.label(c.object)
    if c.predicate in ("attacked", "killed") and c.trigger is not None and (
        any(a.lemma_ in ctx.lex.threat_verbs for a in [c.trigger, *c.trigger.ancestors])
        or any(ch.dep_ == "aux" and ch.lower_ in ctx.lex.future_modals
               for a in [c.trigger, *list(c.trigger.ancestors)[:2]] for ch in a.children)
    ):
        c.predicate = "opposes"  # "threatened to conduct attacks against X", "would keep attacking X"
    if c.predicate == "killed" and ot != "PERSON":
        c.predicate = "attacked"
    if c.predicate == "leads" and st != "PERSON":
        c.predicate = "commands"
    if c.predicate == "commands" and ot == "GPE" and st == "PERSON":
        c.predicate = "leads"
    if c.predicate in ("funds", "arms", "trains") and ot == "GPE":
        return False
    if c.predicate in ("founded", "commands") and ot == "PERSON" and c.rule.startswith("verb"):
        # one founds or owns an organisation, not a person: spaCy typed a new name wrongly
        cluster = ctx.clusters.get(c.object.cluster)
        if cluster is not None and cluster.kb is None:
            cluster.label = ot = "ORG"
    subj_ok, obj_ok = SIGNATURES[c.predicate]
    return st in subj_ok and ot in obj_ok
