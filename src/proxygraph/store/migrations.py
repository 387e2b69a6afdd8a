"""Schema migrations: small, numbered, applied in order; PRAGMA user_version says where a file is."""
from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "documents, entities, aliases, mentions, claims and the edge summary",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT, url TEXT, date TEXT, publisher TEXT, source TEXT,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL,
            n_entities INTEGER NOT NULL DEFAULT 0,
            n_claims INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX documents_date ON documents(date);

        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            qid TEXT,
            kb_id TEXT,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX entities_qid ON entities(qid) WHERE qid IS NOT NULL;
        CREATE INDEX entities_type ON entities(type);
        CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

        -- where each alias came from: the knowledge base, a document's text,
        -- an AKA list, or an import; doc_id is the first document that used it
        CREATE TABLE aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            alias TEXT NOT NULL,
            norm TEXT NOT NULL,
            skel TEXT NOT NULL,
            source TEXT NOT NULL,
            doc_id TEXT,
            PRIMARY KEY (entity_id, alias)
        );
        CREATE INDEX aliases_norm ON aliases(norm);
        CREATE INDEX aliases_skel ON aliases(skel);

        CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(id),
            entity_id TEXT NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            coref INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (doc_id, start, end, entity_id)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);

        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            subject_id TEXT NOT NULL REFERENCES entities(id),
            predicate TEXT NOT NULL,
            object_id TEXT NOT NULL REFERENCES entities(id),
            hedged INTEGER NOT NULL DEFAULT 0,
            negated INTEGER NOT NULL DEFAULT 0,
            attributed_to TEXT REFERENCES entities(id),
            time_start TEXT,
            time_end TEXT,
            quantity TEXT,
            evidence TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            rule TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0.5
        );
        CREATE INDEX claims_subject ON claims(subject_id, predicate);
        CREATE INDEX claims_object ON claims(object_id, predicate);
        CREATE INDEX claims_doc ON claims(doc_id);
        CREATE INDEX claims_predicate_time ON claims(predicate, time_start);

        -- one row per (subject, predicate, object): how many claims and
        -- independent documents assert it, deny it, and when it held
        CREATE TABLE edges (
            subject_id TEXT NOT NULL,
            predicate TEXT NOT NULL,
            object_id TEXT NOT NULL,
            n_claims INTEGER NOT NULL DEFAULT 0,
            n_hedged INTEGER NOT NULL DEFAULT 0,
            n_docs INTEGER NOT NULL DEFAULT 0,
            n_denied INTEGER NOT NULL DEFAULT 0,
            first_time TEXT,
            last_time TEXT,
            PRIMARY KEY (subject_id, predicate, object_id)
        );
        CREATE INDEX edges_object ON edges(object_id, predicate);
        CREATE INDEX edges_docs ON edges(n_docs);
        """,
    ),
    (
        2,
        "knowledge-base entries imported into this store (proxygraph import)",
        """
        -- actors an analyst imported (e.g. from a STIX bundle); Store.kb merges
        -- them into the bundled knowledge base so that extraction recognises them
        CREATE TABLE kb_entries (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            qid TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX kb_entries_qid ON kb_entries(qid);
        """,
    ),
    (
        3,
        "indexes that keep show, claim filters and ego networks fast at a million claims",
        """
        -- one entity's claims of one predicate, and the claims of one edge, are index ranges
        DROP INDEX claims_subject;
        CREATE INDEX claims_subject ON claims(subject_id, predicate, object_id);
        DROP INDEX claims_object;
        CREATE INDEX claims_object ON claims(object_id, predicate, subject_id);
        -- a year range, or denied and hedged claims, are found in the index without reading the claims
        DROP INDEX claims_predicate_time;
        CREATE INDEX claims_predicate_time ON claims(predicate, time_start, time_end);
        CREATE INDEX claims_flags ON claims(predicate, negated, hedged);
        -- sort keys (names, dates) read from small covering indexes, not from the wide rows
        CREATE INDEX entities_id_name ON entities(id, name);
        CREATE INDEX entities_name_id ON entities(name, id);
        CREATE INDEX documents_id_date ON documents(id, date);
        -- documents that mention an entity, counted in the index
        DROP INDEX mentions_entity;
        CREATE INDEX mentions_entity ON mentions(entity_id, doc_id);
        -- a node's strongest edges first, and the edges of a predicate with many sources
        CREATE INDEX edges_subject_rank ON edges(subject_id, n_docs, n_claims, predicate);
        CREATE INDEX edges_object_rank ON edges(object_id, n_docs, n_claims, predicate);
        CREATE INDEX edges_predicate_docs ON edges(predicate, n_docs);
        DROP INDEX edges_docs;
        CREATE INDEX edges_docs ON edges(n_docs, n_claims, predicate);
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a database to the latest schema; returns the version it was at."""
    from ..errors import StoreError

    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > LATEST:
        raise StoreError(
            f"the database is at schema version {current}, newer than this proxygraph knows ({LATEST}); upgrade proxygraph"
        )
    for version, _why, sql in MIGRATIONS:
        if version <= current:
            continue
        with conn:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
    return current
