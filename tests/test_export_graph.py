"""GraphML and GEXF exports of the demo store, read back with networkx."""
from __future__ import annotations

import networkx as nx
import pytest

from proxygraph.export import export

pytestmark = pytest.mark.slow

READERS = {"graphml": lambda p: nx.read_graphml(p, force_multigraph=True), "gexf": nx.read_gexf}


@pytest.fixture(scope="module", params=["graphml", "gexf"])
def graph(request, demo_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / f"demo.{request.param}"
    export(demo_store, request.param, path)
    return READERS[request.param](path)


def _edge(g, s, p, o) -> dict:
    hits = [d for _, v, d in g.out_edges(s, data=True) if v == o and d["predicate"] == p]
    assert len(hits) == 1, f"{s} {p} {o}: {len(hits)} edges"
    return hits[0]


def _expected(demo_store, s, p, o) -> dict:
    return dict(demo_store.conn.execute(
        "SELECT COUNT(*) AS claims, SUM(hedged) AS hedged_claims, COUNT(DISTINCT doc_id) AS sources,"
        " MIN(time_start) AS first_time, MAX(COALESCE(time_end, time_start)) AS last_time"
        " FROM claims WHERE subject_id = ? AND predicate = ? AND object_id = ? AND negated = 0", (s, p, o)).fetchone())


def test_nodes_carry_type_qid_and_aliases(graph):
    assert isinstance(graph, nx.MultiDiGraph)
    qf = graph.nodes["quds-force"]
    assert qf["label"] == "Quds Force" and qf["type"] == "ORG" and qf["qid"] == "Q1207914"
    assert "IRGC-QF" in qf["aliases"].split("; ")
    assert graph.nodes["qassem-soleimani"]["type"] == "PERSON"


@pytest.mark.parametrize("s,p,o", [("us-treasury", "designated", "quds-force"),
                                   ("qassem-soleimani", "leads", "quds-force")])
def test_edges_carry_predicate_sources_and_times(demo_store, graph, s, p, o):
    d = _edge(graph, s, p, o)
    want = _expected(demo_store, s, p, o)
    assert d["claims"] == want["claims"] and d["sources"] == want["sources"]
    assert d["hedged_claims"] == want["hedged_claims"]
    assert d["hedged"] is (want["hedged_claims"] == want["claims"])
    assert d.get("first_time") == want["first_time"] and d.get("last_time") == want["last_time"]
    assert len(d["documents"].split()) == want["sources"]


def test_every_asserted_link_is_one_edge(demo_store, graph):
    n = demo_store.conn.execute("SELECT COUNT(*) FROM edges WHERE n_claims > 0").fetchone()[0]
    assert graph.number_of_edges() == n


def test_min_sources_and_years_filter_the_edges(demo_store, tmp_path):
    path = tmp_path / "strong.graphml"
    export(demo_store, "graphml", path, min_sources=2, year_from=2007, year_to=2012)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_edges() > 0
    for s, o, d in g.edges(data=True):
        n_docs = demo_store.conn.execute("SELECT n_docs FROM edges WHERE subject_id = ? AND predicate = ? AND object_id = ?",
                                    (s, d["predicate"], o)).fetchone()[0]
        assert n_docs >= 2
        assert "2007" <= d["first_time"][:4] <= "2012"
