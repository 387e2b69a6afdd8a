"""`proxygraph import --format stix`: STIX actors become knowledge-base entries of the store."""
from __future__ import annotations

import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from proxygraph.cli.main import group
from proxygraph.errors import ExportError
from proxygraph.export import export
from proxygraph.export.stix_import import import_stix
from proxygraph.model import Claim, DocResult, Document, LocalEntity, Mention
from proxygraph.resolve.knowledge_base import default_knowledge_base
from proxygraph.store import Store
from proxygraph.store.migrations import MIGRATIONS

T = "2024-01-01T00:00:00.000Z"


def _obj(kind: str, n: int, **props) -> dict:
    return {"type": kind, "spec_version": "2.1", "id": f"{kind}--0e5c3d1a-1111-4a5b-8c9d-{n:012d}",
            "created": T, "modified": T, **props}


def _wikidata(qid: str) -> list[dict]:
    return [{"source_name": "wikidata", "url": f"https://www.wikidata.org/wiki/{qid}"}]


OPENCTI = {"type": "bundle", "id": "bundle--6d8e2b8a-5a1b-4a39-9c1e-0d4c4a6c9b11", "objects": [
    _obj("threat-actor", 1, name="Liwa Test al-Imam", aliases=["Imam Test Brigade", "LTI"],
         x_opencti_type="Threat-Actor-Group", external_references=_wikidata("Q987654321")),
    _obj("identity", 2, name="Abu Testa al-Baghdadi", identity_class="individual",
         x_opencti_aliases=["Abdul Testa al-Baghdadi"]),
    _obj("intrusion-set", 3, name="Qods Force Operations Unit", aliases=["IRGC-QF Unit 4000 Test"],
         external_references=[{"source_name": "wikidata", "external_id": "Q1207914"}]),
    _obj("identity", 4, name="Energy", identity_class="class", x_opencti_type="Sector"),
    _obj("location", 5, name="Jurf Testa", x_opencti_location_type="City", country="IQ"),
    _obj("identity", 6, name="Hezbollah", identity_class="organization", x_opencti_aliases=["Hezbollah Test Branch"],
         external_references=_wikidata("Q999999991")),
    _obj("relationship", 7, relationship_type="located-at", source_ref="threat-actor--0e5c3d1a-1111-4a5b-8c9d-000000000001",
         target_ref="location--0e5c3d1a-1111-4a5b-8c9d-000000000005"),
]}


def _write(store: Store, doc_id: str, entities: list[tuple[str, str, str | None]], claims=()) -> None:
    """Store a document whose entities are given as (name, type, kb_id), without the NLP model."""
    text = " ".join(name for name, _, _ in entities) + "."
    ents, pos = [], 0
    for i, (name, etype, kb_id) in enumerate(entities):
        ents.append(LocalEntity(key=f"e{i}", name=name, type=etype, kb_id=kb_id,
                                mentions=[Mention(pos, pos + len(name), name)]))
        pos += len(name) + 1
    cl = [Claim(subject=f"e{s}", predicate=p, object=f"e{o}", evidence=text, start=0, end=len(text))
          for s, p, o in claims]
    store.write(DocResult(Document(id=doc_id, text=text, title=doc_id), ents, cl))


@pytest.fixture()
def bundle_path(tmp_path):
    path = tmp_path / "opencti.json"
    path.write_text(json.dumps(OPENCTI), encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "store.db") as s:
        _write(s, "d1", [("Liwa Test al-Imam", "ORG", None), ("Quds Force", "ORG", "quds-force")], [(1, "supports", 0)])
        yield s


def test_a_store_without_imports_uses_the_bundled_knowledge_base(tmp_path):
    with Store(tmp_path / "empty.db") as s:
        assert s.kb is default_knowledge_base()


def test_actors_become_knowledge_base_entries(store, bundle_path):
    report = import_stix(store, bundle_path)
    assert report.entries == 5 and report.skipped["relationship"] == 1
    assert sum(report.skipped.values()) == 2  # the relationship and the sector
    kb = store.kb
    person = kb.lookup("Abdul Testa al-Baghdadi").entry
    assert (person.name, person.type) == ("Abu Testa al-Baghdadi", "PERSON")
    place = kb.lookup("Jurf Testa").entry
    assert place.type == "GPE"
    assert kb.lookup("Energy") is None or kb.lookup("Energy").entry.name != "Energy"


def test_same_qid_adds_aliases_to_the_known_entry(store, bundle_path):
    before = len(default_knowledge_base())
    import_stix(store, bundle_path)
    kb = store.kb
    qf = kb.by_qid("Q1207914")
    assert qf.id == "quds-force"
    assert {"Qods Force Operations Unit", "IRGC-QF Unit 4000 Test"} <= set(qf.aliases)
    assert kb.lookup("IRGC-QF Unit 4000 Test").entry.id == "quds-force"
    # Liwa (existing text entity), the person, the place and the second Hezbollah are new; Quds Force is not
    assert len(kb) == before + 4
    assert "IRGC-QF Unit 4000 Test" not in default_knowledge_base().get("quds-force").aliases  # the shared KB is untouched


def test_two_different_qids_are_never_merged(store, bundle_path):
    import_stix(store, bundle_path)
    kb = store.kb
    assert kb.by_qid("Q41053").id == "hezbollah"
    assert "Hezbollah Test Branch" not in kb.get("hezbollah").aliases
    other = kb.by_qid("Q999999991")
    assert other is not None and other.id != "hezbollah" and "Hezbollah Test Branch" in other.aliases


def test_existing_entities_get_the_names_as_import_aliases(store, bundle_path):
    report = import_stix(store, bundle_path)
    rows = dict(store.conn.execute("SELECT alias, source FROM aliases WHERE entity_id = 'liwa-test-al-imam'").fetchall())
    assert rows["Imam Test Brigade"] == "import" and rows["LTI"] == "import"
    assert store.conn.execute("SELECT qid FROM entities WHERE id = 'liwa-test-al-imam'").fetchone()[0] == "Q987654321"
    assert report.aliases >= 2 and report.qids == 1
    # the entry is keyed by the stored entity, so the next ingest resolves to it
    assert store.kb.lookup("Imam Test Brigade").entry.id == "liwa-test-al-imam"
    qf_aliases = {r[0] for r in store.conn.execute("SELECT alias FROM aliases WHERE entity_id = 'quds-force' AND source = 'import'")}
    assert "IRGC-QF Unit 4000 Test" in qf_aliases


def test_importing_twice_changes_nothing_more(store, bundle_path):
    import_stix(store, bundle_path)
    dump = list(store.conn.iterdump())
    again = import_stix(store, bundle_path)
    assert again.new == 0 and again.aliases == 0
    assert [line for line in store.conn.iterdump() if "imported_at" not in line] == \
           [line for line in dump if "imported_at" not in line]


def test_extraction_resolves_imported_names_to_the_entry(store, bundle_path):
    import_stix(store, bundle_path)
    entry = store.kb.lookup("Abdul Testa al-Baghdadi").entry
    _write(store, "d2", [("Abdul Testa al-Baghdadi", "PERSON", entry.id)])
    row = store.conn.execute("SELECT id, name FROM entities WHERE kb_id = ?", (entry.id,)).fetchone()
    assert tuple(row) == (entry.id, "Abu Testa al-Baghdadi")


def test_a_failed_import_leaves_the_store_untouched(store, bundle_path, monkeypatch):
    from proxygraph.export import stix_import

    dump = list(store.conn.iterdump())
    calls = []

    def boom(self, entity_id, actor):
        calls.append(entity_id)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(stix_import._Importer, "_add_to_entity", boom)
    with pytest.raises(RuntimeError):
        import_stix(store, bundle_path)
    assert calls and list(store.conn.iterdump()) == dump
    assert store.kb is default_knowledge_base()


@pytest.mark.parametrize("content,message", [
    ("this is not json", "not JSON"),
    ('{"type": "report", "objects": []}', "not a STIX bundle"),
    ('[{"type": "bundle"}]', "not a STIX bundle"),
    ('{"type": "bundle", "objects": {"a": 1}}', "must be a list"),
])
def test_bad_input_is_a_clear_error_naming_the_file(store, tmp_path, content, message):
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    dump = list(store.conn.iterdump())
    with pytest.raises(ExportError) as err:
        import_stix(store, path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert list(store.conn.iterdump()) == dump


def test_cli_import(tmp_path, bundle_path):
    db = tmp_path / "cli.db"
    res = CliRunner().invoke(group, ["import", str(bundle_path), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["entries"] == 5
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    res = CliRunner().invoke(group, ["import", str(bad), "--db", str(db)])
    assert res.exit_code != 0 and str(bad) in str(res.exception)
    res = CliRunner().invoke(group, ["import", "--format", "misp", str(bundle_path), "--db", str(db)])
    assert res.exit_code != 0 and "misp" in str(res.exception) and str(bundle_path) in str(res.exception)


def test_a_version_1_store_is_migrated(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0][2] + "\nPRAGMA user_version = 1;")
    conn.close()
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] >= 2
        assert s.conn.execute("SELECT COUNT(*) FROM kb_entries").fetchone()[0] == 0


@pytest.mark.slow
def test_round_trip_through_stix(demo_db, tmp_path):
    """Export the demo store to STIX, import it into a fresh store: its actors are known there."""
    path = tmp_path / "demo.json"
    with Store(demo_db, readonly=True) as src:
        export(src, "stix", path)
        musavir = src.conn.execute("SELECT id, name FROM entities WHERE id = 'yaser-musavir'").fetchone()
    exported = [o for o in json.loads(path.read_text(encoding="utf-8"))["objects"] if "x_proxygraph_id" in o]
    with Store(tmp_path / "fresh.db") as dst:
        report = import_stix(dst, path)
        assert report.entries == len(exported)
        kb = dst.kb
        qf = kb.by_qid("Q1207914")
        assert qf.id == "quds-force" and "IRGC-QF" in qf.aliases
        if musavir is not None:  # an actor the bundled knowledge base does not know keeps its id
            assert kb.get("yaser-musavir").name == musavir[1]
    copy = tmp_path / "copy.db"
    a, b = sqlite3.connect(demo_db), sqlite3.connect(copy)
    a.backup(b)  # WAL-safe copy
    a.close()
    b.close()
    with Store(copy) as same:
        again = import_stix(same, path)
        assert again.new == 0  # every actor is already there
        buf = io.StringIO()
        export(same, "stix", buf)
        assert "quds-force" in buf.getvalue()
