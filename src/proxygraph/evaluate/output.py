"""What a system produced for one document, in the form the scorer reads.

This is also the ``--dump`` format: one JSON object per gold document, so
any other scorer can recompute the numbers from it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import ConfigError


@dataclass(frozen=True)
class SystemEntity:
    id: str
    name: str  # canonical name
    type: str
    qid: str | None = None
    mentions: tuple[str, ...] = ()  # surface forms the document named it by (no pronouns or nominals)


@dataclass(frozen=True)
class SystemClaim:
    subject: str  # SystemEntity ids
    predicate: str
    object: str
    hedged: bool = False
    negated: bool = False
    attributed_to: str | None = None
    time: str | None = None
    evidence: str = ""
    start: int = 0
    end: int = 0
    rule: str = ""


@dataclass
class SystemDoc:
    doc: str  # the gold document's name
    entities: list[SystemEntity] = field(default_factory=list)
    claims: list[SystemClaim] = field(default_factory=list)
    document_id: str | None = None  # the id the store gave the text

    def as_dict(self) -> dict:
        return {
            "doc": self.doc,
            "document_id": self.document_id,
            "entities": [{**asdict(e), "mentions": list(e.mentions)} for e in self.entities],
            "claims": [asdict(c) for c in self.claims],
        }

    @classmethod
    def from_dict(cls, d: dict) -> SystemDoc:
        try:
            return cls(
                doc=d["doc"],
                entities=[SystemEntity(**{**e, "mentions": tuple(e.get("mentions", ()))}) for e in d["entities"]],
                claims=[SystemClaim(**c) for c in d["claims"]],
                document_id=d.get("document_id"),
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"not a proxygraph eval dump ({exc}); expected doc, entities and claims") from exc
