"""Export filters and every format on a small store written without the NLP model."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from proxygraph.errors import ExportError
from proxygraph.export import FORMATS, export, make_selection
from proxygraph.export.selection import iter_claims, iter_edges
from proxygraph.model import Claim, DocResult, Document, LocalEntity, Mention
from proxygraph.store import Store

ENTITIES = {
    "iran": ("Iran", "GPE", "iran"), "quds": ("Quds Force", "ORG", "quds-force"),
    "kh": ("Kata'ib Hezbollah", "ORG", None), "sol": ("Qassem Soleimani", "PERSON", "qassem-soleimani"),
    "treasury": ("U.S. Department of the Treasury", "ORG", "us-treasury"), "hamas": ("Hamas", "ORG", None),
    "baghdad": ("Baghdad", "GPE", "baghdad"),
}
DOCS = [
    # (id, date, [(subject, predicate, object, extra)])
    ("d1", "2008-01-02", [("quds", "arms", "kh", {"time_start": "2007"}), ("sol", "leads", "quds", {}),
                          ("treasury", "designated", "quds", {"time_start": "2007-10-25"})]),
    ("d2", "2012-05-06", [("quds", "arms", "kh", {"time_start": "2011", "time_end": "2012"}),
                          ("iran", "funds", "hamas", {"hedged": True, "time_start": "2012", "quantity": "$2 million"}),
                          ("quds", "arms", "hamas", {"negated": True})]),
    ("d3", None, [("kh", "attacked", "baghdad", {"time_start": "2019"}), ("treasury", "designated", "kh", {})]),
]


def _write(store: Store) -> None:
    for doc_id, date, claims in DOCS:
        keys = sorted({k for s, _, o, _ in claims for k in (s, o)})
        sentences = [f"{ENTITIES[s][0]} {p} {ENTITIES[o][0]}." for s, p, o, _ in claims]
        text = " ".join(sentences)
        ents = []
        for k in keys:
            name, etype, kb_id = ENTITIES[k]
            at = text.index(name)
            ents.append(LocalEntity(key=k, name=name, type=etype, kb_id=kb_id, mentions=[Mention(at, at + len(name), name)]))
        cl, pos = [], 0
        for (s, p, o, extra), sent in zip(claims, sentences):
            cl.append(Claim(subject=s, predicate=p, object=o, evidence=sent, start=pos, end=pos + len(sent), **extra))
            pos += len(sent) + 1
        store.write(DocResult(Document(id=doc_id, text=text, title=f"Doc {doc_id}", date=date,
                                       url=f"https://example.org/{doc_id}"), ents, cl))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("sel") / "small.db") as s:
        _write(s)
        yield s


def _triples(store, **filters):
    sel = make_selection(store, **filters)
    return sorted((c["subject"]["id"], c["predicate"], c["object"]["id"]) for c in iter_claims(store, sel))


def test_no_filter_is_every_claim(store):
    assert len(_triples(store)) == store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 8


def test_entity_neighbourhood_by_depth(store):
    one = _triples(store, entity="Qassem Soleimani")
    assert one == [("qassem-soleimani", "leads", "quds-force")]
    two = {t[0] for t in _triples(store, entity="Qassem Soleimani", depth=2)} | \
        {t[2] for t in _triples(store, entity="Qassem Soleimani", depth=2)}
    assert {"kataib-hezbollah", "us-treasury", "hamas"} <= two and "baghdad" not in two
    three = {t[2] for t in _triples(store, entity="qassem-soleimani", depth=3)}
    assert "baghdad" in three


def test_family_predicate_sources_years_and_hedging(store):
    assert {t[1] for t in _triples(store, family="support")} == {"arms", "funds"}
    assert _triples(store, family="support", predicate="funds") == [("iran", "funds", "hamas")]
    assert {t for t in _triples(store, min_sources=2)} == {("quds-force", "arms", "kataib-hezbollah")}
    years = _triples(store, year_from=2010, year_to=2012)
    assert ("iran", "funds", "hamas") in years and ("kataib-hezbollah", "attacked", "baghdad") not in years
    assert ("iran", "funds", "hamas") not in _triples(store, include_hedged=False)


@pytest.mark.parametrize("filters,message", [
    ({"family": "nope"}, "unknown predicate family"),
    ({"predicate": "loves"}, "unknown predicate"),
    ({"family": "hostile", "predicate": "funds"}, "nothing would be exported"),
    ({"year_from": 2012, "year_to": 2001}, "year range"),
    ({"depth": 7, "entity": "Iran"}, "--depth"),
])
def test_bad_filters(store, filters, message):
    with pytest.raises(ExportError, match=message):
        make_selection(store, **filters)


def test_edges_are_summed_over_the_selected_claims_only(store):
    edges = {(e["subject_id"], e["predicate"], e["object_id"]): e for e in iter_edges(store, make_selection(store))}
    arms = edges[("quds-force", "arms", "kataib-hezbollah")]
    assert (arms["n_claims"], arms["n_sources"], arms["first_time"], arms["last_time"]) == (2, 2, "2007", "2012")
    assert ("quds-force", "arms", "hamas") not in edges  # a denial is no edge
    later = {(e["subject_id"], e["predicate"], e["object_id"]): e
             for e in iter_edges(store, make_selection(store, year_from=2010))}
    assert later[("quds-force", "arms", "kataib-hezbollah")]["n_claims"] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back(store, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    counts = export(store, fmt, path)
    assert sum(counts.values()) > 0
    text = path.read_text(encoding="utf-8")
    if fmt == "stix":
        stix2 = pytest.importorskip("stix2")
        bundle = stix2.parse(text)
        types = {o.type for o in bundle.objects}
        assert {"threat-actor", "identity", "location", "relationship", "report", "note"} <= types
    elif fmt == "ftm":
        model = pytest.importorskip("followthemoney").model
        schemas = {model.get_proxy(json.loads(line)).schema.name for line in text.splitlines()}
        assert {"Membership", "Sanction", "UnknownLink", "Person"} <= schemas
    elif fmt in ("graphml", "gexf"):
        g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert g.has_edge("quds-force", "kataib-hezbollah") and g.nodes["quds-force"]["qid"] == "Q1207914"
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 8
    else:
        assert len(text.splitlines()) == 8


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_is_still_a_valid_file(store, tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    export(store, fmt, path, year_from=1900, year_to=1901)
    text = path.read_text(encoding="utf-8")
    if fmt == "stix":
        assert [o["type"] for o in json.loads(text)["objects"]] == ["identity", "extension-definition"]
    elif fmt == "graphml":
        assert nx.read_graphml(path).number_of_nodes() == 0
    elif fmt == "gexf":
        assert nx.read_gexf(path).number_of_nodes() == 0


def test_a_failed_export_keeps_the_previous_file(store, tmp_path, monkeypatch):
    from proxygraph.export import tabular

    path = tmp_path / "claims.csv"
    path.write_text("previous\n", encoding="utf-8")

    def boom(record):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(tabular, "csv_row", boom)
    with pytest.raises(RuntimeError):
        export(store, "csv", path)
    assert path.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]
