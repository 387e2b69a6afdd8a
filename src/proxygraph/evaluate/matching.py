"""Which gold entity each system entity is, per document (schema.md, "Gold files").

A system entity matches a gold entity when its canonical name, or a surface
form the document named it by, equals one of the gold entity's aliases (or
its name) after ``name_key``. Where it would match several, the gold entity
whose name equals its canonical name wins, then the one sharing the most
forms, then the one listed first in the gold file.

This module deliberately does not use ``proxygraph.resolve.normalize``: the
scorer's notion of "the same name" is the schema's, and must not move when
the resolver's matching is tuned.
"""
from __future__ import annotations

import re
import unicodedata

from .gold import GoldDoc
from .output import SystemDoc, SystemEntity

_APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032"
_POSSESSIVE = re.compile(rf"(?<=\w)[{_APOSTROPHES}]s\b")
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_HYPHENS = re.compile(r"[\-\u2010-\u2015\u2212]")
_LEADING_THE = re.compile(r"^the\s+")


def name_key(text: str) -> str:
    """Fold case, diacritics, apostrophes, hyphens, a leading "the", a possessive 's and spacing."""
    s = _POSSESSIVE.sub("", text)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _APOSTROPHE.sub("", s.casefold())
    s = _HYPHENS.sub(" ", s)
    s = " ".join(s.split())
    return _LEADING_THE.sub("", s)


def entity_forms(e: SystemEntity) -> set[str]:
    return {k for k in map(name_key, (e.name, *e.mentions)) if k}


def match_entities(gold: GoldDoc, system: SystemDoc) -> dict[str, str]:
    """System entity id -> gold entity id, for the system entities that match one."""
    aliases = {g.id: {name_key(a) for a in (g.name, *g.aliases)} for g in gold.entities}
    mapping: dict[str, str] = {}
    for e in system.entities:
        forms = entity_forms(e)
        canonical = name_key(e.name)
        best = None
        for rank, g in enumerate(gold.entities):
            shared = len(forms & aliases[g.id])
            if not shared:
                continue
            score = (name_key(g.name) == canonical, shared, -rank)
            if best is None or score > best[0]:
                best = (score, g.id)
        if best is not None:
            mapping[e.id] = best[1]
    return mapping


def named_entities(system: SystemDoc) -> list[SystemEntity]:
    """The system entities the document names (not only refers to by pronoun or publisher)."""
    return [e for e in system.entities if e.mentions]
