"""STIX 2.1 export of the demo store, read back with the stix2 library and the OASIS validator."""
from __future__ import annotations

import io
import json
import uuid

import pytest

stix2 = pytest.importorskip("stix2")

from proxygraph.export import export  # noqa: E402
from proxygraph.export.stix import NAMESPACE, RELATIONSHIP_TYPES, stix_uuid  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle_text(demo_store) -> str:
    buf = io.StringIO()
    export(demo_store, "stix", buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bundle(bundle_text) -> dict:
    return json.loads(bundle_text)


@pytest.fixture(scope="module")
def by_entity(bundle) -> dict:
    return {o["x_proxygraph_id"]: o for o in bundle["objects"] if "x_proxygraph_id" in o}


def test_parses_with_stix2_without_custom_allowances(bundle_text):
    parsed = stix2.parse(bundle_text)  # the x_proxygraph_* properties are declared by an extension definition
    assert parsed.type == "bundle"
    assert {o.type for o in parsed.objects} >= {"identity", "threat-actor", "location", "report", "relationship"}


def test_valid_for_the_oasis_validator(tmp_path, bundle_text):
    validator = pytest.importorskip("stix2validator")
    path = tmp_path / "demo.json"
    path.write_text(bundle_text, encoding="utf-8")
    results = validator.validate_file(str(path), validator.ValidationOptions(version="2.1"))
    errors = [str(e) for r in results.object_results for e in r.errors]
    assert results.is_valid, errors[:5]


def test_quds_force_is_a_threat_actor_with_its_qid_and_aliases(demo_store, by_entity):
    qf = by_entity["quds-force"]
    assert qf["type"] == "threat-actor"
    assert qf["id"] == f"threat-actor--{uuid.uuid5(NAMESPACE, 'entity:quds-force')}"
    assert {"source_name": "wikidata", "external_id": "Q1207914",
            "url": "https://www.wikidata.org/wiki/Q1207914"} in qf["external_references"]
    assert "IRGC-QF" in qf["aliases"] and "Quds Force" not in qf["aliases"]
    kb_aliases = {r[0] for r in demo_store.conn.execute("SELECT alias FROM aliases WHERE entity_id = 'quds-force' AND source = 'kb'")}
    assert {a["alias"] for a in qf["x_proxygraph_aliases"] if a["source"] == "kb"} <= kb_aliases
    assert "designated" in qf["x_proxygraph_roles"]


def test_entity_types_follow_the_documented_mapping(by_entity):
    assert by_entity["us-treasury"]["type"] == "identity"
    assert by_entity["us-treasury"]["identity_class"] == "organization"
    assert by_entity["qassem-soleimani"]["type"] == "threat-actor"
    assert by_entity["qassem-soleimani"]["resource_level"] == "individual"
    iran = by_entity["iran"]
    assert iran["type"] == "location" and iran["country"] == "IR"


def _relationships(bundle, source, predicate, target):
    return [o for o in bundle["objects"] if o["type"] == "relationship" and o["source_ref"] == source["id"]
            and o["target_ref"] == target["id"] and o["x_proxygraph_predicate"] == predicate]


def test_treasury_designated_quds_force_with_time_and_sources(demo_store, bundle, by_entity):
    rels = _relationships(bundle, by_entity["us-treasury"], "designated", by_entity["quds-force"])
    claims = demo_store.conn.execute(
        "SELECT id, time_start, time_end, confidence, doc_id FROM claims WHERE subject_id = 'us-treasury'"
        " AND predicate = 'designated' AND object_id = 'quds-force' AND negated = 0").fetchall()
    assert claims and len(rels) == len(claims)
    assert {r["relationship_type"] for r in rels} == {RELATIONSHIP_TYPES["designated"]}
    n_docs = demo_store.conn.execute("SELECT n_docs FROM edges WHERE subject_id = 'us-treasury' AND predicate = 'designated'"
                                " AND object_id = 'quds-force'").fetchone()[0]
    by_claim = {r["x_proxygraph_claim_id"]: r for r in rels}
    for cid, time_start, time_end, confidence, doc_id in claims:
        rel = by_claim[cid]
        assert rel["id"] == "relationship--" + stix_uuid("claim", cid)
        assert rel["confidence"] == round(confidence * 100)
        assert rel["x_proxygraph_sources"] == n_docs
        assert rel["x_proxygraph_document_ref"] == "report--" + stix_uuid("document", doc_id)
        assert rel.get("x_proxygraph_time") == (f"{time_start}/{time_end}" if time_end else time_start)
        if time_start:
            assert rel["start_time"].startswith(time_start)


def test_soleimani_leads_quds_force_with_its_evidence_sentence(demo_store, bundle, by_entity):
    rels = _relationships(bundle, by_entity["qassem-soleimani"], "leads", by_entity["quds-force"])
    row = demo_store.conn.execute(
        "SELECT c.id, c.evidence, c.start, c.end, d.url FROM claims c JOIN documents d ON d.id = c.doc_id"
        " WHERE c.subject_id = 'qassem-soleimani' AND c.predicate = 'leads' AND c.object_id = 'quds-force'"
        " ORDER BY c.id LIMIT 1").fetchone()
    assert row is not None
    rel = next(r for r in rels if r["x_proxygraph_claim_id"] == row["id"])
    assert rel["description"] == row["evidence"] == rel["x_proxygraph_evidence"]
    assert (rel["x_proxygraph_evidence_start"], rel["x_proxygraph_evidence_end"]) == (row["start"], row["end"])
    assert rel["external_references"][0]["url"] == row["url"]


def test_each_document_is_a_report_referencing_what_it_supports(demo_store, bundle):
    objects = {o["id"]: o for o in bundle["objects"]}
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    n_docs = demo_store.conn.execute("SELECT COUNT(DISTINCT doc_id) FROM claims").fetchone()[0]
    assert len(reports) == n_docs
    for rel in (o for o in bundle["objects"] if o["type"] == "relationship"):
        report = objects[rel["x_proxygraph_document_ref"]]
        assert rel["id"] in report["object_refs"]
        assert rel["source_ref"] in report["object_refs"] and rel["target_ref"] in report["object_refs"]
    for report in reports:
        assert all(ref in objects for ref in report["object_refs"])


def test_denials_are_notes_not_relationships(demo_store, bundle):
    denied = {r[0] for r in demo_store.conn.execute("SELECT id FROM claims WHERE negated = 1")}
    notes = {o["x_proxygraph_claim_id"] for o in bundle["objects"] if o["type"] == "note"}
    rels = {o["x_proxygraph_claim_id"] for o in bundle["objects"] if o["type"] == "relationship"}
    assert notes == denied and not (rels & denied)


def test_the_same_store_exports_the_same_bytes(demo_store, bundle_text):
    again = io.StringIO()
    export(demo_store, "stix", again)
    assert again.getvalue() == bundle_text


def test_entity_filter_keeps_only_its_neighbourhood(demo_store, by_entity):
    buf = io.StringIO()
    export(demo_store, "stix", buf, entity="Qods Force", family="control")
    objs = json.loads(buf.getvalue())["objects"]
    qf = by_entity["quds-force"]["id"]
    rels = [o for o in objs if o["type"] == "relationship"]
    assert rels and all(qf in (r["source_ref"], r["target_ref"]) for r in rels)
    assert {r["x_proxygraph_family"] for r in rels} == {"control"}
    assert all(o["id"] == by_entity[o["x_proxygraph_id"]]["id"] for o in objs if "x_proxygraph_id" in o)
