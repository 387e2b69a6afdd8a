"""Response shapes of the HTTP API, for its OpenAPI schema.

They describe what ``query.views`` and ``serve.queries`` return; fields
those add later pass through (``extra="allow"``) until they are described here.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class EntityRef(Model):
    id: str
    name: str
    type: Literal["PERSON", "ORG", "GPE", "LOC"] | str


class Entity(EntityRef):
    qid: str | None = Field(None, description="Wikidata item, where known")
    kb_id: str | None = Field(None, description="the knowledge-base entry it resolved to, if any")


class EntityHit(Entity):
    n_claims: int = Field(description="claims that have this entity as subject or object")


class EntityPage(Model):
    items: list[EntityHit]
    offset: int
    limit: int
    next_offset: int | None


class Alias(Model):
    alias: str
    source: str = Field(description="where the alias came from: kb, text, aka, import")
    doc_id: str | None = Field(None, description="the first document that used it")


class DocumentRef(Model):
    id: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    publisher: str | None = None


class Attribution(Model):
    id: str
    name: str | None = None


class Claim(Model):
    id: str
    subject: EntityRef
    predicate: str
    family: str
    object: EntityRef
    hedged: bool
    negated: bool
    attributed_to: Attribution | None = Field(None, description="who the text says made the statement")
    time: str | None = Field(None, description="ISO YYYY[-MM[-DD]] or start/end")
    time_start: str | None = None
    time_end: str | None = None
    quantity: str | None = None
    evidence: str = Field(description="the sentence the claim was read from")
    start: int = Field(description="character offset of the evidence in the document text")
    end: int
    rule: str = ""
    confidence: float
    n_docs: int = Field(description="independent documents asserting this subject-predicate-object link")
    document: DocumentRef


class DirectedClaim(Claim):
    direction: Literal["out", "in"] = Field(description="out: the entity is the subject; in: the object")


class ClaimPage(Model):
    items: list[Claim]
    offset: int
    limit: int
    next_offset: int | None


class EntityDetail(Entity):
    aliases: list[Alias]
    n_documents: int
    claims: dict[str, list[DirectedClaim]] = Field(description="claims grouped by predicate")


class Link(Model):
    source: str = Field(description="subject entity id")
    target: str = Field(description="object entity id")
    predicate: str
    family: str
    hedged: bool = Field(description="every claim of the link is hedged")
    n_docs: int = Field(description="independent documents asserting it")
    n_claims: int
    n_denied: int = Field(description="documents denying it")
    first_time: str | None = None
    last_time: str | None = None


class GraphNode(Entity):
    x: float
    y: float
    size: float = Field(description="radius to draw it with, from its number of neighbours in the whole graph")
    degree: int = Field(description="links of this node in the response")


class Graph(Model):
    nodes: list[GraphNode]
    edges: list[Link]
    truncated: bool = Field(description="more links matched than `limit`")
    limit: int


class EgoNode(Entity):
    depth: int = Field(description="hops from the centre")


class EgoPage(Model):
    center: Entity
    nodes: list[EgoNode]
    edges: list[Link]
    total: int = Field(description="links collected around the centre (capped)")
    offset: int
    limit: int
    next_offset: int | None
    truncated: bool = Field(description="the neighbourhood is larger than the cap")


class Mention(Model):
    start: int
    end: int
    text: str
    coref: bool
    entity_id: str
    name: str
    type: str


class ClaimSpan(Model):
    start: int
    end: int
    claims: list[str]


class Document(DocumentRef):
    source: str | None = None
    text: str
    mentions: list[Mention]
    claims: list[Claim]
    claim_spans: list[ClaimSpan] = Field(description="distinct evidence sentences, in text order")


class Summary(Model):
    documents: int
    entities: int
    entities_by_type: dict[str, int]
    claims: int
    claims_by_predicate: dict[str, int]
    families: dict[str, list[str]]
    predicates: list[str]
    version: str
