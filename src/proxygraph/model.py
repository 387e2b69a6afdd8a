"""Plain data passed between the stages: documents in, entities and claims out.

Everything here is picklable, so extraction can run in other processes or on a
Dask cluster and hand its results to a single writer.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC")

PREDICATES = (
    "leads", "member_of", "part_of", "commands", "supports", "funds", "arms",
    "trains", "founded", "allied_with", "opposes", "attacked", "killed",
    "designated", "operates_in", "succeeded",
)

FAMILIES = {
    "support": ("supports", "funds", "arms", "trains"),
    "control": ("commands", "leads", "part_of", "member_of", "founded"),
    "hostile": ("opposes", "attacked", "killed"),
    "designated": ("designated",),
    "allied_with": ("allied_with",),
    "operates_in": ("operates_in",),
    "succeeded": ("succeeded",),
}

FAMILY_OF = {p: fam for fam, preds in FAMILIES.items() for p in preds}

SYMMETRIC = frozenset({"allied_with", "opposes"})


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when known
    publisher: str | None = None
    source: str | None = None  # the file it came from
    meta: dict = field(default_factory=dict)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    coref: bool = False  # a pronoun or nominal pointing at the entity


@dataclass
class LocalEntity:
    """An entity as one document sees it, before it is resolved across the store."""

    key: str
    name: str
    type: str
    kb_id: str | None = None
    qid: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # AKA names and acronyms the text defines

    def surface_forms(self) -> list[str]:
        seen = []
        for m in self.mentions:
            if not m.coref and m.text not in seen:
                seen.append(m.text)
        return seen


@dataclass
class Claim:
    subject: str  # LocalEntity.key inside a DocResult, entity id once stored
    predicate: str
    object: str
    evidence: str
    start: int
    end: int
    hedged: bool = False
    negated: bool = False
    attributed_to: str | None = None
    time_start: str | None = None
    time_end: str | None = None
    quantity: str | None = None
    rule: str = ""  # which pattern produced it, for review
    confidence: float = 0.5

    @property
    def time(self) -> str | None:
        if not self.time_start:
            return None
        return f"{self.time_start}/{self.time_end}" if self.time_end else self.time_start

    def to_dict(self) -> dict:
        d = asdict(self)
        d["time"] = self.time
        return d


@dataclass
class DocResult:
    """What extraction makes of one document: the unit a writer stores."""

    doc: Document
    entities: list[LocalEntity]
    claims: list[Claim]

    def entity(self, key: str) -> LocalEntity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
