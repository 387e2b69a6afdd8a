"""Integration: the bundled corpus (32 US government releases) through the whole path."""
import pytest

import proxygraph
from proxygraph.ingest import make_document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def g(demo_db):
    with proxygraph.open(demo_db, readonly=True) as graph:
        yield graph


def test_treasury_designated_the_quds_force_in_october_2007(g):
    rows = g.claims(subject="Treasury", predicate="designated", object="IRGC-QF", limit=1000)
    dated = [c for c in rows if (c["time_start"] or "").startswith("2007-10")]
    assert dated, [c["evidence"] for c in rows]
    ev = {c["evidence"] for c in dated}
    assert "The IRGC-Qods Force was named a Specially Designated Global Terrorist by the Treasury Department on October 25, 2007." in ev
    c = next(c for c in dated if c["time_start"] == "2007-10-25")
    assert c["document"]["url"].startswith("https://home.treasury.gov/news/press-releases/")
    assert not c["hedged"] and not c["negated"]


def test_soleimani_leads_the_quds_force(g):
    rows = g.claims(subject="Soleimani", predicate="leads", object="Qods Force", limit=1000)
    ev = {c["evidence"] for c in rows}
    assert "- Brigadier General Qasem Soleimani, Commander of the Qods Force" in ev
    assert "As IRGC-QF Commander, Qasem Soleimani oversees the IRGC-QF officers who were involved in this plot." in ev
    assert rows[0]["n_docs"] >= 5  # independent releases agree


def test_show_lands_on_one_canonical_entity(g):
    for ref in ("Qods Force", "Quds Force", "IRGC-QF", "Islamic Revolutionary Guard Corps-Qods Force"):
        assert g.entity(ref)["id"] == "quds-force"
    for ref in ("Soleimani", "Qasem Soleimani", "Qassem Soleimani", "Ghasem Soleymani"):
        assert g.entity(ref)["id"] == "qassem-soleimani"
    assert [e["id"] for e in g.entities(search="Soleimani")] == ["qassem-soleimani"]
    profile = g.entity("Soleimani")
    aliases = {a["alias"]: a["source"] for a in profile["aliases"]}
    assert aliases.get("Qasem Solaimani") == "aka"  # from an identifying-information block
    assert profile["n_documents"] >= 8


def test_a_named_official_is_the_source_of_a_quoted_claim(g):
    rows = g.claims(entity="Qods Force", limit=1000)
    quoted = [c for c in rows if c["attributed_to"] and c["attributed_to"]["name"] == "Steven Mnuchin"]
    assert quoted, "expected a claim inside Secretary Mnuchin's quotation"
    assert quoted[0]["document"]["date"] == "2019-06-12"
    assert quoted[0]["evidence"].startswith("\u201cTreasury is taking action to shut down Iranian weapons smuggling networks")


def test_the_publisher_is_not_a_source_apart(g):
    # Treasury's own releases assert in their own voice: no claim is attributed to Treasury itself
    rows = g.claims(limit=10_000)
    assert not [c for c in rows if c["attributed_to"] and c["attributed_to"]["id"] == "us-treasury"]


def test_a_denial_is_counted_apart_from_assertions(tmp_path, corpus_dir):
    # Two releases about the Houthis and one short article denying what they assert.
    path = tmp_path / "g.db"
    with proxygraph.open(path) as graph:
        graph.ingest(corpus_dir / "A21.txt", corpus_dir / "A31.txt",
                     make_document("Iran has repeatedly denied arming the Houthis, who displayed Iranian missiles in Sanaa.",
                                   title="Denial", date="2024-01-20"))
        rows = graph.claims(subject="Iran", object="Houthis", predicate="arms")
        denied = [c for c in rows if c["negated"]]
        assert [c["evidence"] for c in denied] == [
            "Iran has repeatedly denied arming the Houthis, who displayed Iranian missiles in Sanaa."]
        (edge,) = [e for e in graph.edges(predicate="arms", min_sources=0)
                   if e["subject"]["id"] == "iran" and e["object"]["id"] == "houthis"]
        assert edge["n_denied"] == 1


def test_a_denied_claim_is_negated(g):
    rows = g.claims(negated=True, limit=1000)
    (c,) = [c for c in rows if "denied owning Al-Ra'y" in c["evidence"]]
    assert (c["subject"]["name"], c["predicate"], c["object"]["name"]) == ("Mish'an Al-Jaburi", "commands", "Al-Ra'y")
    assert c["document"]["date"] == "2008-09-16"
    # the same document's plain assertion that he established it stays asserted
    founded = g.claims(subject="Al-Jaburi", predicate="founded", limit=10)
    assert founded and not any(f["negated"] for f in founded)


def test_summary_has_sponsor_links(g):
    s = g.summary()
    assert s["documents"] == 32
    top = {(e["subject"]["id"], e["predicate"], e["object"]["id"]) for e in s["top_sponsor_links"]}
    assert ("quds-force", "supports", "hezbollah") in top
