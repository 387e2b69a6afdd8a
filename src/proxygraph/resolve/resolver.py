"""Cross-document resolution: one canonical entity per real actor in the store.

Extraction sees one document at a time and hands over LocalEntities; the
single writer calls ``Resolver.resolve`` to map each onto a stored entity:
knowledge-base actors by their KB id, everything else by a stored alias
(exact key, then transliteration skeleton), or as a new entity.
Two entities with different QIDs are never merged: only KB entries carry QIDs,
and each KB entry is its own entity.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from rapidfuzz import fuzz

from ..model import LocalEntity
from .knowledge_base import KnowledgeBase
from .normalize import norm, skeleton, skeleton_is_specific, slug

SKELETON_MIN_RATIO = 80.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Resolver:
    def __init__(self, conn: sqlite3.Connection, kb: KnowledgeBase):
        self.conn = conn
        self.kb = kb
        self._types: dict[str, str] | None = None
        self._by_norm: dict[str, set[str]] = {}
        self._by_skel: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}

    def _load(self) -> None:
        if self._types is not None:
            return
        self._types = {}
        for eid, name, etype in self.conn.execute("SELECT id, name, type FROM entities"):
            self._types[eid] = etype
            self._names[eid] = name
        for eid, n, s in self.conn.execute("SELECT entity_id, norm, skel FROM aliases"):
            self._by_norm.setdefault(n, set()).add(eid)
            if s:
                self._by_skel.setdefault(s, set()).add(eid)

    def resolve(self, ent: LocalEntity, doc_id: str) -> str:
        self._load()
        if ent.kb_id and self.kb.get(ent.kb_id):
            eid = self._ensure_kb_entity(ent.kb_id)
        else:
            eid = self._find(ent) or self._create(ent, doc_id)
        for form in [*ent.surface_forms(), *ent.aliases]:
            self.add_alias(eid, form, "aka" if form in ent.aliases else "text", doc_id)
        return eid

    def _ensure_kb_entity(self, kb_id: str) -> str:
        if kb_id in self._types:
            return kb_id
        e = self.kb.get(kb_id)
        self.conn.execute(
            "INSERT INTO entities (id, name, type, qid, kb_id, description, created_at) VALUES (?,?,?,?,?,?,?)",
            (kb_id, e.name, e.type, e.qid, kb_id, e.description, now()),
        )
        self._types[kb_id] = e.type
        self._names[kb_id] = e.name
        for name in e.names:
            self.add_alias(kb_id, name, "kb", None)
        return kb_id

    def _find(self, ent: LocalEntity) -> str | None:
        forms = [ent.name, *ent.surface_forms()]
        votes: dict[str, int] = {}
        for f in forms:
            for eid in self._by_norm.get(norm(f), ()):
                if self._types.get(eid) == ent.type:
                    votes[eid] = votes.get(eid, 0) + 1
        if votes:
            return max(votes, key=lambda e: (votes[e], e))
        for f in forms:
            sk = skeleton(f)
            if not skeleton_is_specific(sk):
                continue
            for eid in sorted(self._by_skel.get(sk, ())):
                if self._types.get(eid) == ent.type and fuzz.ratio(norm(f), norm(self._names[eid])) >= SKELETON_MIN_RATIO:
                    return eid
        return None

    def _create(self, ent: LocalEntity, doc_id: str) -> str:
        base = slug(ent.name)
        eid = base
        if eid in self._types:
            eid = f"{base}-{ent.type.lower()}"
        n = 2
        while eid in self._types:
            eid = f"{base}-{n}"
            n += 1
        self.conn.execute(
            "INSERT INTO entities (id, name, type, qid, kb_id, description, created_at) VALUES (?,?,?,?,?,?,?)",
            (eid, ent.name, ent.type, None, None, "", now()),
        )
        self._types[eid] = ent.type
        self._names[eid] = ent.name
        return eid

    def add_alias(self, eid: str, alias: str, source: str, doc_id: str | None) -> None:
        alias = alias.strip()
        n = norm(alias)
        if not n:
            return
        sk = skeleton(alias)
        sk = sk if skeleton_is_specific(sk) else ""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, norm, skel, source, doc_id) VALUES (?,?,?,?,?,?)",
            (eid, alias, n, sk, source, doc_id),
        )
        if cur.rowcount:
            self._by_norm.setdefault(n, set()).add(eid)
            if sk:
                self._by_skel.setdefault(sk, set()).add(eid)

    def forget(self) -> None:
        """Drop the in-memory view (after a rolled-back transaction)."""
        self._types = None
        self._by_norm.clear()
        self._by_skel.clear()
        self._names.clear()
