import pytest

import proxygraph
from proxygraph.errors import QueryError
from proxygraph.ingest import make_document

TEXTS = [
    ("Kata'ib Hizballah was funded by the IRGC-Qods Force in 2008. The IRGC-QF also trains Kata'ib Hizballah.", "2009-07-02"),
    ("IRGC-QF commander Qasem Soleimani met Iraqi militia leaders. Iran funds Kata'ib Hezbollah.", "2011-10-06"),
    ("The Houthis attacked U.S. Navy warships in 2024. Iran reportedly arms the Houthis.", "2024-02-02"),
]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    g = proxygraph.open(tmp_path_factory.mktemp("q") / "q.db")
    g.ingest(*[make_document(t, date=d, title=f"doc {i}") for i, (t, d) in enumerate(TEXTS)])
    yield g
    g.close()


@pytest.mark.parametrize("ref", ["Qasim Soleiman", "soleimani", "Ghasem Soleymani", "qassem-soleimani"])
def test_find_entity_by_any_spelling(graph, ref):
    assert graph.entity(ref)["id"] == "qassem-soleimani"


def test_unknown_entity_suggests(graph):
    with pytest.raises(QueryError, match="no entity matches"):
        graph.entity("Zzyzx Brigade")


def test_entities_filtered_by_type_and_search(graph):
    people = graph.entities(type="PERSON")
    assert [e["name"] for e in people] == ["Qassem Soleimani"]
    assert [e["id"] for e in graph.entities(search="Kataib")] == ["kataib-hezbollah"]


def test_claims_filters(graph):
    funds = graph.claims(predicate="funds", object="Kata'ib Hizballah")
    assert {c["subject"]["id"] for c in funds} == {"quds-force", "iran"}
    assert all(c["evidence"] and c["document"]["title"] for c in funds)
    by_year = graph.claims(object="Kata'ib Hizballah", year_from=2008, year_to=2008)
    assert [(c["subject"]["id"], c["predicate"], c["time"]) for c in by_year] == [("quds-force", "funds", "2008")]
    hedged = graph.claims(hedged=True)
    assert [(c["subject"]["id"], c["predicate"], c["object"]["id"]) for c in hedged] == [("iran", "arms", "houthis")]
    support = graph.claims(family="support", entity="Kata'ib Hezbollah")
    assert {c["predicate"] for c in support} == {"funds", "trains"}
    with pytest.raises(QueryError, match="unknown predicate"):
        graph.claims(predicate="bankrolls")


def test_independent_sources_are_counted(graph):
    (edge,) = [e for e in graph.edges(predicate="funds") if e["object"]["id"] == "kataib-hezbollah" and e["subject"]["id"] == "quds-force"]
    assert edge["n_docs"] == 1
    assert graph.claims(min_sources=2) == []


def test_entity_profile_groups_claims(graph):
    d = graph.entity("Quds Force")
    assert d["qid"] == "Q1207914"
    assert set(d["claims"]) >= {"funds", "trains", "leads"}
    (lead,) = d["claims"]["leads"]
    assert lead["direction"] == "in" and lead["subject"]["name"] == "Qassem Soleimani"


def test_ego_network_and_timeline(graph):
    ego = graph.ego("Kata'ib Hizballah", depth=2)
    ids = {n["id"] for n in ego["nodes"]}
    assert {"kataib-hezbollah", "quds-force", "iran", "qassem-soleimani"} <= ids
    assert not ego["truncated"]
    capped = graph.ego("Kata'ib Hizballah", depth=2, limit=1)
    assert len(capped["edges"]) == 1 and capped["truncated"]
    times = [c["time"] for c in graph.timeline("houthis")]
    assert times == sorted(times) and "2024" in times


def test_document_view(graph):
    (c,) = graph.claims(predicate="attacked")
    doc = graph.document(c["document"]["id"])
    assert doc["text"][c["start"]:c["end"]] == c["evidence"]
    assert any(m["entity_id"] == "houthis" for m in doc["mentions"])


def test_to_networkx(graph):
    g = graph.to_networkx()
    assert g.has_edge("quds-force", "kataib-hezbollah", key="funds")
    assert g.nodes["quds-force"]["qid"] == "Q1207914"
