"""The SQLite store: one file, WAL, one transaction per document.

A Store is opened for reading by many (the web server, queries) and for
writing by one (ingest). ``write`` stores a DocResult whole or not at all,
so an interrupted ingest resumes with no duplicate and no half-written
document.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from ..model import DocResult
from ..resolve.knowledge_base import KnowledgeBase, default_knowledge_base
from ..resolve.resolver import Resolver, now
from .migrations import LATEST, migrate

DEFAULT_DB = "proxygraph.db"


def claim_id(doc_id: str, s: str, p: str, o: str, start: int, end: int, negated: bool) -> str:
    key = f"{doc_id}|{s}|{p}|{o}|{start}|{end}|{int(negated)}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False, kb: KnowledgeBase | None = None):
        self.path = Path(path)
        self.readonly = readonly
        self._kb = kb
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such database; create one with 'proxygraph ingest PATH --db {self.path}'")
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self.conn)
            else:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version != LATEST:
                    raise StoreError(
                        f"{self.path}: schema version {version}, expected {LATEST}; open it once for writing to migrate it"
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a proxygraph database or corrupt ({exc})") from exc
        self._resolver: Resolver | None = None

    # -- lifecycle ------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def kb(self) -> KnowledgeBase:
        """The bundled (or given) knowledge base plus the entries imported into this store."""
        if getattr(self, "_kb_merged", None) is None:
            from .kb_entries import merge_imported

            self._kb_merged = merge_imported(self._kb if self._kb is not None else default_knowledge_base(), self.conn)
        return self._kb_merged

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.conn, self.kb)
        return self._resolver

    # -- writing --------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def document_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM documents")}

    def write(self, result: DocResult) -> int | None:
        """Store one document with its entities, mentions and claims, atomically.

        Returns the number of claims stored, or None when the document was
        already there (ingesting it again changes nothing).
        """
        doc = result.doc
        with self.transaction(f"store document {doc.source or doc.id}"):
            if self.has_document(doc.id):
                return None
            return self._write(result)

    @contextmanager
    def transaction(self, what: str):
        """One write transaction: committed whole, or rolled back with the resolver's
        in-memory view dropped. SQLite errors become a StoreError saying what failed."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.resolver.forget()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: could not {what}: {exc}") from exc
            raise

    def _write(self, result: DocResult) -> int:
        doc = result.doc
        c = self.conn
        c.execute(
            "INSERT INTO documents (id, title, url, date, publisher, source, text, meta, ingested_at, n_entities, n_claims)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.title, doc.url, doc.date, doc.publisher, doc.source, doc.text,
             json.dumps(doc.meta, ensure_ascii=False), now(), len(result.entities), len(result.claims)),
        )
        ids = {e.key: self.resolver.resolve(e, doc.id) for e in result.entities}
        mention_rows = {
            (doc.id, ids[e.key], m.start, m.end): (m.text, int(m.coref))
            for e in result.entities
            for m in e.mentions
        }
        c.executemany(
            "INSERT OR IGNORE INTO mentions (doc_id, entity_id, start, end, text, coref) VALUES (?,?,?,?,?,?)",
            [(*k, *v) for k, v in mention_rows.items()],
        )
        rows = {}
        for cl in result.claims:
            s, o = ids[cl.subject], ids[cl.object]
            if s == o:
                continue
            att = ids.get(cl.attributed_to) if cl.attributed_to else None
            cid = claim_id(doc.id, s, cl.predicate, o, cl.start, cl.end, cl.negated)
            rows[cid] = (cid, doc.id, s, cl.predicate, o, int(cl.hedged), int(cl.negated), att,
                         cl.time_start, cl.time_end, cl.quantity, cl.evidence, cl.start, cl.end, cl.rule, cl.confidence)
        c.executemany(
            "INSERT INTO claims (id, doc_id, subject_id, predicate, object_id, hedged, negated, attributed_to,"
            " time_start, time_end, quantity, evidence, start, end, rule, confidence)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            list(rows.values()),
        )
        self._update_edges(rows.values())
        c.execute("UPDATE documents SET n_claims = ? WHERE id = ?", (len(rows), doc.id))
        return len(rows)

    def _update_edges(self, rows) -> None:
        groups: dict[tuple, list] = defaultdict(list)
        for r in rows:
            groups[(r[2], r[3], r[4])].append(r)
        for (s, p, o), claims in groups.items():
            asserted = [r for r in claims if not r[6]]
            denied = len(claims) - len(asserted)
            times = [t for r in asserted for t in (r[8], r[9]) if t]
            self.conn.execute(
                """INSERT INTO edges (subject_id, predicate, object_id, n_claims, n_hedged, n_docs, n_denied, first_time, last_time)
                   VALUES (?,?,?,?,?,?,?,?,?)
                   ON CONFLICT (subject_id, predicate, object_id) DO UPDATE SET
                     n_claims = n_claims + excluded.n_claims,
                     n_hedged = n_hedged + excluded.n_hedged,
                     n_docs = n_docs + excluded.n_docs,
                     n_denied = n_denied + excluded.n_denied,
                     first_time = CASE WHEN first_time IS NULL OR excluded.first_time < first_time THEN excluded.first_time ELSE first_time END,
                     last_time = CASE WHEN last_time IS NULL OR excluded.last_time > last_time THEN excluded.last_time ELSE last_time END""",
                (s, p, o, len(asserted), sum(r[5] for r in asserted), 1 if asserted else 0, 1 if denied else 0,
                 min(times) if times else None, max(times) if times else None),
            )

    def add_alias(self, entity_id: str, alias: str, source: str = "import") -> None:
        with self.conn:
            self.resolver.add_alias(entity_id, alias, source, None)
