"""FollowTheMoney export of the demo store: every line loads with the followthemoney model."""
from __future__ import annotations

import io
import json

import pytest

ftm = pytest.importorskip("followthemoney")

from followthemoney import model  # noqa: E402

from proxygraph.export import export  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def proxies(demo_store) -> dict:
    buf = io.StringIO()
    export(demo_store, "ftm", buf)
    out = {}
    for line in buf.getvalue().splitlines():
        proxy = model.get_proxy(json.loads(line))  # raises on an unknown schema or property
        assert proxy.id not in out, f"duplicate id {proxy.id}"
        out[proxy.id] = proxy
    return out


def _links(proxies, schema):
    return [p for p in proxies.values() if p.schema.name == schema]


def test_every_reference_points_at_an_exported_entity(proxies):
    for p in proxies.values():
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in proxies, f"{p.id}.{prop.name} -> {value} is not in the export"


def test_entities_keep_name_qid_and_aliases(proxies):
    qf = proxies["pg-quds-force"]
    assert qf.schema.is_a("Organization")
    assert qf.get("name") == ["Quds Force"] and qf.get("wikidataId") == ["Q1207914"]
    assert "IRGC-QF" in qf.get("alias")
    assert "sanction" in qf.get("topics")
    assert proxies["pg-qassem-soleimani"].schema.name == "Person"
    assert proxies["pg-us-treasury"].schema.name == "PublicBody"
    iran = proxies["pg-iran"]
    assert iran.schema.name == "PublicBody" and iran.get("country") == ["ir"]


def test_soleimani_leads_quds_force_as_a_membership(demo_store, proxies):
    rows = demo_store.conn.execute(
        "SELECT id, evidence, time_start FROM claims WHERE subject_id = 'qassem-soleimani' AND predicate = 'leads'"
        " AND object_id = 'quds-force' AND negated = 0").fetchall()
    assert rows
    for cid, evidence, time_start in rows:
        m = proxies[f"pg-claim-{cid}"]
        assert m.schema.name == "Membership"
        assert m.get("member") == ["pg-qassem-soleimani"] and m.get("organization") == ["pg-quds-force"]
        assert m.get("role") and m.get("summary") == [evidence]
        assert m.get("startDate") == ([time_start] if time_start else [])
    roles = {r for cid, _, _ in rows for r in proxies[f"pg-claim-{cid}"].get("role")}
    assert "commander" in roles  # "IRGC-QF Commander Qasem Soleimani"


def test_treasury_designated_quds_force_as_a_sanction(demo_store, proxies):
    rows = demo_store.conn.execute(
        "SELECT c.id, c.time_start, d.url FROM claims c JOIN documents d ON d.id = c.doc_id"
        " WHERE c.subject_id = 'us-treasury' AND c.predicate = 'designated' AND c.object_id = 'quds-force'"
        " AND c.negated = 0").fetchall()
    assert rows
    for cid, time_start, url in rows:
        s = proxies[f"pg-claim-{cid}"]
        assert s.schema.name == "Sanction"
        assert s.get("entity") == ["pg-quds-force"]
        assert s.get("authority") == ["U.S. Department of the Treasury"]
        assert s.get("sourceUrl") == [url]
        if time_start:
            assert s.get("listingDate") == [time_start]
    programs = {p for cid, _, _ in rows for p in proxies[f"pg-claim-{cid}"].get("program")}
    assert "E.O. 13224" in programs


def test_other_predicates_are_unknown_links_and_denials_are_left_out(demo_store, proxies):
    n_other = demo_store.conn.execute(
        "SELECT COUNT(*) FROM claims WHERE negated = 0 AND predicate NOT IN ('leads', 'member_of', 'part_of', 'designated')"
    ).fetchone()[0]
    links = _links(proxies, "UnknownLink")
    assert len(links) >= n_other  # plus memberships whose organisation is a place
    assert {"funds", "supports", "attacked"} <= {r for p in links for r in p.get("role")}
    for (cid,) in demo_store.conn.execute("SELECT id FROM claims WHERE negated = 1"):
        assert f"pg-claim-{cid}" not in proxies
