import sqlite3

import pytest

import proxygraph
from proxygraph.errors import ResolveError, StoreError
from proxygraph.ingest import make_document
from proxygraph.resolve.knowledge_base import KBEntry, KnowledgeBase
from proxygraph.store import SCHEMA_VERSION, Store

DOC_A = "Kata'ib Hizballah was funded by the IRGC-Qods Force in 2008."
DOC_B = "The Quds Force trains Kata’ib Hezbollah fighters in Iran. Qasem Soleimani is the commander of the Qods Force."


def counts(path):
    c = sqlite3.connect(path)
    try:
        return tuple(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "entities", "claims", "mentions"))
    finally:
        c.close()


def test_schema_is_versioned_and_wal(tmp_path):
    path = tmp_path / "g.db"
    Store(path).close()
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ingesting_again_changes_nothing(tmp_path):
    path = tmp_path / "g.db"
    with proxygraph.open(path) as g:
        first = g.ingest(make_document(DOC_A), make_document(DOC_B))
        before = counts(path)
        again = g.ingest(make_document(DOC_A + "\n"), make_document(DOC_B))
    assert (first.documents, again.documents, again.known) == (2, 0, 2)
    assert counts(path) == before


def test_one_canonical_entity_across_documents(tmp_path):
    with proxygraph.open(tmp_path / "g.db") as g:
        g.ingest(make_document(DOC_A), make_document(DOC_B))
        ids = {g.store.conn.execute("SELECT entity_id FROM mentions WHERE text = ?", (t,)).fetchone()[0]
               for t in ("IRGC-Qods Force", "Quds Force", "Qods Force")}
        assert ids == {"quds-force"}
        kh = {r[0] for r in g.store.conn.execute(
            "SELECT entity_id FROM mentions WHERE text IN ('Kata''ib Hizballah', 'Kata’ib Hezbollah')")}
        assert kh == {"kataib-hezbollah"}
        aliases = {a["alias"]: (a["source"], a["doc_id"]) for a in g.entity("kataib-hezbollah")["aliases"]}
        assert aliases["Kata’ib Hezbollah"][0] == "text" and aliases["Kata’ib Hezbollah"][1]  # where it was seen
        assert aliases["KH"] == ("kb", None)


def test_a_failure_mid_document_leaves_nothing_half_written(tmp_path, monkeypatch):
    path = tmp_path / "g.db"
    with proxygraph.open(path) as g:
        g.ingest(make_document(DOC_A))
        before = counts(path)
        real = g.store._update_edges

        def crash(rows):
            real(rows)
            raise RuntimeError("power cut")

        monkeypatch.setattr(g.store, "_update_edges", crash)
        with pytest.raises(RuntimeError):
            g.ingest(make_document(DOC_B))
        assert counts(path) == before
        monkeypatch.setattr(g.store, "_update_edges", real)
        report = g.ingest(make_document(DOC_B))  # resumes cleanly
    assert report.documents == 1
    assert counts(path)[0] == 2


def test_not_a_database_is_named(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database " * 50)
    with pytest.raises(StoreError, match="notes.db"):
        Store(bad)
    assert bad.read_text().startswith("these are my notes")


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(StoreError, match="proxygraph ingest"):
        Store(tmp_path / "missing.db", readonly=True)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "g.db"
    Store(path).close()
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="upgrade proxygraph"):
        Store(path)


def test_knowledge_base_never_holds_two_entries_with_one_qid():
    with pytest.raises(ResolveError, match="Q1207914"):
        KnowledgeBase([KBEntry("a", "Quds Force", "ORG", "Q1207914"), KBEntry("b", "Qods Corps", "ORG", "Q1207914")])


def test_different_qids_are_never_merged(tmp_path):
    kb = KnowledgeBase([KBEntry("hezbollah", "Hezbollah", "ORG", "Q41053", ["Hizballah"]),
                        KBEntry("kataib-hezbollah", "Kata'ib Hezbollah", "ORG", "Q1", ["Kata'ib Hizballah"])])
    with proxygraph.open(tmp_path / "g.db", kb=None) as g:
        g.store._kb = kb
        g.ingest(make_document("Hizballah trained Kata'ib Hizballah fighters."))
        rows = dict(g.store.conn.execute("SELECT id, qid FROM entities WHERE qid IS NOT NULL"))
    assert rows == {"hezbollah": "Q41053", "kataib-hezbollah": "Q1"}
