"""The HTTP API, in process: a small store written through Store.write (no NLP model needed)."""
import re
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from proxygraph.errors import ConfigError  # noqa: E402
from proxygraph.model import Claim, DocResult, Document, LocalEntity, Mention  # noqa: E402
from proxygraph.serve import layout, queries  # noqa: E402
from proxygraph.serve.app import CSP, LOOPBACK_HOSTS, STATIC, create_app  # noqa: E402
from proxygraph.store import Store  # noqa: E402

HOSTILE = "<script>window.__pwned=1</script>"

DOCS = [
    # (id, title, date, text, [(subject, predicate, object, evidence, extra)])
    ("doc-a", "Treasury designates Quds Force proxies", "2019-05-01",
     "The Quds Force armed Kata'ib Hezbollah in 2007. Iran reportedly funded Hezbollah. "
     "Qassem Soleimani led the Quds Force.",
     [("quds", "arms", "kh", "The Quds Force armed Kata'ib Hezbollah in 2007.", {"time_start": "2007"}),
      ("iran", "funds", "hezb", "Iran reportedly funded Hezbollah.", {"hedged": True}),
      ("sol", "leads", "quds", "Qassem Soleimani led the Quds Force.", {})]),
    ("doc-b", f"Officials on Iran {HOSTILE}", "2020-02-02",
     f"Iran funded Hezbollah between 2012 and 2015, officials said. The Quds Force did not arm Hamas. {HOSTILE}",
     [("iran", "funds", "hezb", "Iran funded Hezbollah between 2012 and 2015, officials said.",
       {"time_start": "2012", "time_end": "2015"}),
      ("quds", "arms", "hamas", "The Quds Force did not arm Hamas.", {"negated": True})]),
]
ENTITIES = {
    "quds": ("Quds Force", "ORG"), "kh": ("Kata'ib Hezbollah", "ORG"), "iran": ("Iran", "GPE"),
    "hezb": ("Hezbollah", "ORG"), "sol": ("Qassem Soleimani", "PERSON"), "hamas": ("Hamas", "ORG"),
}


def _result(doc_id, title, date, text, claims) -> DocResult:
    doc = Document(id=doc_id, text=text, title=title, date=date, publisher="Test Wire", url="javascript:alert(1)")
    used = {k for s, _, o, _, _ in claims for k in (s, o)}
    ents = []
    for key in sorted(used):
        name, etype = ENTITIES[key]
        surface = name.split()[-1] if key == "sol" else name
        start = text.find(surface)
        mentions = [Mention(start, start + len(surface), surface)] if start >= 0 else []
        ents.append(LocalEntity(key=key, name=name, type=etype, mentions=mentions))
    out = []
    for s, p, o, ev, extra in claims:
        start = text.index(ev)
        out.append(Claim(subject=s, predicate=p, object=o, evidence=ev, start=start, end=start + len(ev), **extra))
    return DocResult(doc=doc, entities=ents, claims=out)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "api.db"
    with Store(path) as store:
        for d in DOCS:
            store.write(_result(*d))
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def _id(client, name):
    items = client.get("/api/entities", params={"q": name}).json()["items"]
    return next(i["id"] for i in items if i["name"] == name)


# -- entities ---------------------------------------------------------------------

def test_summary_counts_and_vocabulary(client):
    s = client.get("/api/summary").json()
    assert s["documents"] == 2
    assert s["claims"] == 5
    assert "support" in s["families"] and "funds" in s["families"]["support"]
    assert "designated" in s["predicates"]


def test_search_finds_names_and_spelling_variants(client):
    hits = client.get("/api/entities", params={"q": "Soleimani"}).json()["items"]
    assert [h["name"] for h in hits] == ["Qassem Soleimani"]
    fuzzy = client.get("/api/entities", params={"q": "Suleimani"}).json()["items"]
    assert fuzzy and fuzzy[0]["name"] == "Qassem Soleimani"
    orgs = client.get("/api/entities", params={"type": "ORG", "limit": 50}).json()["items"]
    assert {o["type"] for o in orgs} == {"ORG"}
    assert client.get("/api/entities", params={"q": "zzqqxx"}).json()["items"] == []


def test_search_rejects_unknown_type(client):
    r = client.get("/api/entities", params={"type": "ANIMAL"})
    assert r.status_code == 400
    assert "PERSON" in r.json()["detail"]


def test_entity_detail_has_claims_by_predicate_with_evidence_and_sources(client):
    d = client.get("/api/entities/Quds Force").json()
    assert d["name"] == "Quds Force"
    assert {"arms", "leads"} <= set(d["claims"])
    arms = {c["object"]["name"]: c for c in d["claims"]["arms"]}
    assert arms["Kata'ib Hezbollah"]["direction"] == "out"
    assert arms["Kata'ib Hezbollah"]["evidence"] == "The Quds Force armed Kata'ib Hezbollah in 2007."
    assert arms["Kata'ib Hezbollah"]["document"]["title"] == "Treasury designates Quds Force proxies"
    assert arms["Hamas"]["negated"] is True
    led = d["claims"]["leads"][0]
    assert led["direction"] == "in" and led["subject"]["name"] == "Qassem Soleimani"
    assert any(a["alias"] == "Quds Force" for a in d["aliases"])
    # the same entity by its id
    assert client.get(f"/api/entities/{d['id']}").json()["name"] == "Quds Force"


def test_unknown_entity_is_404_with_a_hint(client):
    r = client.get("/api/entities/Nonexistent Brigade Zeta")
    assert r.status_code == 404
    assert "no entity matches" in r.json()["detail"]


# -- claims -------------------------------------------------------------------------

def _triples(page):
    return {(c["subject"]["name"], c["predicate"], c["object"]["name"]) for c in page["items"]}


def test_claims_filter_by_family_and_predicate(client):
    support = client.get("/api/claims", params={"family": "support"}).json()
    assert {c["family"] for c in support["items"]} == {"support"}
    assert ("Iran", "funds", "Hezbollah") in _triples(support)
    leads = client.get("/api/claims", params={"predicate": "leads"}).json()
    assert _triples(leads) == {("Qassem Soleimani", "leads", "Quds Force")}


def test_claims_filter_by_subject_object_and_sources(client):
    r = client.get("/api/claims", params={"subject": "Iran", "object": "Hezbollah"}).json()
    assert len(r["items"]) == 2 and all(c["n_docs"] == 2 for c in r["items"])
    two = client.get("/api/claims", params={"min_sources": 2}).json()
    assert _triples(two) == {("Iran", "funds", "Hezbollah")}


def test_claims_filter_by_years_hedging_and_denial(client):
    r = client.get("/api/claims", params={"year_from": 2010, "year_to": 2013}).json()
    assert [c["time"] for c in r["items"]] == ["2012/2015"]
    r = client.get("/api/claims", params={"year_to": 2008}).json()
    assert _triples(r) == {("Quds Force", "arms", "Kata'ib Hezbollah")}
    hedged = client.get("/api/claims", params={"hedged": "true"}).json()
    assert [c["evidence"] for c in hedged["items"]] == ["Iran reportedly funded Hezbollah."]
    denied = client.get("/api/claims", params={"negated": "true"}).json()
    assert _triples(denied) == {("Quds Force", "arms", "Hamas")}


def test_claims_page_on(client):
    first = client.get("/api/claims", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    rest = client.get("/api/claims", params={"limit": 10, "offset": 2}).json()
    assert rest["next_offset"] is None
    ids = [c["id"] for c in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 5


@pytest.mark.parametrize("params", [{"family": "friendly"}, {"predicate": "likes"}, {"predicate": "funds,bribes"}])
def test_claims_reject_unknown_vocabulary(client, params):
    r = client.get("/api/claims", params=params)
    assert r.status_code == 400
    assert "use one of" in r.json()["detail"]


def test_claims_validate_numbers(client):
    assert client.get("/api/claims", params={"limit": 0}).status_code == 422
    assert client.get("/api/claims", params={"year_from": "soon"}).status_code == 422


# -- neighbourhood, timeline, document ------------------------------------------------

def test_ego_depth_one_and_two(client):
    one = client.get("/api/entities/Qassem Soleimani/ego").json()
    assert one["center"]["name"] == "Qassem Soleimani"
    assert {n["name"] for n in one["nodes"]} == {"Qassem Soleimani", "Quds Force"}
    two = client.get("/api/entities/Qassem Soleimani/ego", params={"depth": 2}).json()
    names = {n["name"]: n["depth"] for n in two["nodes"]}
    assert names["Quds Force"] == 1 and names["Kata'ib Hezbollah"] == 2
    assert "Iran" not in names  # three hops away
    assert client.get("/api/entities/Quds Force/ego", params={"depth": 3}).status_code == 422


def test_ego_pages_cover_every_link_once(client):
    full = client.get("/api/entities/Quds Force/ego", params={"depth": 2, "limit": 100}).json()
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/api/entities/Quds Force/ego", params={"depth": 2, "limit": 1, "offset": offset}).json()
        assert len(page["edges"]) == 1 and page["total"] == full["total"]
        node_ids = {n["id"] for n in page["nodes"]}
        assert {page["edges"][0]["source"], page["edges"][0]["target"]} <= node_ids
        seen += [(e["source"], e["predicate"], e["target"]) for e in page["edges"]]
        offset = page["next_offset"]
    assert seen == [(e["source"], e["predicate"], e["target"]) for e in full["edges"]]


def test_ego_denied_only_links_are_left_out(client):
    ego = client.get("/api/entities/Quds Force/ego").json()
    assert "Hamas" not in {n["name"] for n in ego["nodes"]}


def test_timeline_lists_dated_claims_oldest_first(client):
    t = client.get("/api/entities/Hezbollah/timeline").json()
    assert [c["time"] for c in t] == ["2012/2015"]
    t = client.get("/api/entities/Quds Force/timeline").json()
    assert [c["time_start"] for c in t] == ["2007"]


def test_document_marks_claim_sentences_and_mentions(client):
    doc = client.get("/api/documents/doc-a").json()
    assert doc["title"] == "Treasury designates Quds Force proxies"
    text = doc["text"]
    for c in doc["claims"]:
        assert text[c["start"]:c["end"]] == c["evidence"]
    assert [text[s["start"]:s["end"]] for s in doc["claim_spans"]] == [
        "The Quds Force armed Kata'ib Hezbollah in 2007.", "Iran reportedly funded Hezbollah.",
        "Qassem Soleimani led the Quds Force."]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in doc["mentions"])
    assert client.get("/api/documents/nope").status_code == 404


def test_hostile_text_comes_back_verbatim_as_json(client):
    r = client.get("/api/documents/doc-b")
    assert r.headers["content-type"].startswith("application/json")
    assert HOSTILE in r.json()["title"] and HOSTILE in r.json()["text"]


# -- the overview graph -----------------------------------------------------------------

def test_graph_has_positions_and_source_counts(client):
    g = client.get("/api/graph").json()
    nodes = {n["name"]: n for n in g["nodes"]}
    assert {"Quds Force", "Iran", "Hezbollah", "Qassem Soleimani", "Kata'ib Hezbollah"} <= set(nodes)
    assert "Hamas" not in nodes  # only denied
    assert all(np.isfinite([n["x"], n["y"]]).all() for n in g["nodes"])
    assert len({(n["x"], n["y"]) for n in g["nodes"]}) == len(g["nodes"])
    assert all(6 <= n["size"] <= 34 for n in g["nodes"])
    funds = next(e for e in g["edges"] if e["predicate"] == "funds")
    assert funds["n_docs"] == 2 and funds["hedged"] is False and funds["family"] == "support"
    assert nodes["Quds Force"]["degree"] == 2


def test_graph_filters_keep_positions(client):
    full = {n["id"]: (n["x"], n["y"]) for n in client.get("/api/graph").json()["nodes"]}
    control = client.get("/api/graph", params={"family": "control"}).json()
    assert {e["predicate"] for e in control["edges"]} == {"leads"}
    assert all(full[n["id"]] == (n["x"], n["y"]) for n in control["nodes"])
    strong = client.get("/api/graph", params={"min_sources": 2}).json()
    assert [(e["predicate"]) for e in strong["edges"]] == ["funds"]


def test_graph_year_filter_and_undated(client):
    dated = client.get("/api/graph", params={"year_from": 2000, "year_to": 2010, "undated": "false"}).json()
    assert [e["predicate"] for e in dated["edges"]] == ["arms"]
    with_undated = client.get("/api/graph", params={"year_from": 2000, "year_to": 2010}).json()
    assert {e["predicate"] for e in with_undated["edges"]} == {"arms", "leads"}


def test_graph_cap_says_truncated(client):
    g = client.get("/api/graph", params={"limit": 1}).json()
    assert len(g["edges"]) == 1 and g["truncated"] is True


# -- safety -------------------------------------------------------------------------------

def test_every_response_carries_a_strict_csp(client):
    for path in ("/", "/api/summary", "/static/app.js", "/api/entities/nope"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe" not in CSP


def test_the_api_is_read_only(client, db):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/claims").status_code == 405
    with client.app.state.pool.store() as store:
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM claims")
    with Store(db, readonly=True) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 5


def test_host_header_is_checked_when_bound_to_localhost(db):
    with TestClient(create_app(db, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/summary").status_code == 200
        assert c.get("/api/summary", headers={"host": "attacker.example"}).status_code == 400


def test_openapi_documents_every_route_and_no_cdn_docs(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/entities", "/api/entities/{entity}", "/api/entities/{entity}/ego", "/api/entities/{entity}/timeline",
            "/api/claims", "/api/graph", "/api/documents/{doc_id}", "/api/summary"} <= set(paths)
    params = {p["name"] for p in paths["/api/claims"]["get"]["parameters"]}
    assert {"predicate", "family", "subject", "object", "year_from", "year_to", "hedged", "min_sources"} <= params
    assert client.get("/docs").status_code == 404


def test_page_has_no_inline_script_and_inserts_text_only():
    html = (STATIC / "index.html").read_text()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S))
    assert re.search(r"\son[a-z]+\s*=", html) is None
    assert "style=" not in html
    js = (STATIC / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink


def test_page_and_library_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and 'src="/vendor/vis-network.min.js"' in page.text
    assert client.get("/static/app.js").headers["cache-control"] == "no-cache"
    lib = client.get("/vendor/vis-network.min.js")
    assert lib.status_code == 200 and "javascript" in lib.headers["content-type"]
    assert b"vis-network" in lib.content[:2000]


def test_concurrent_requests_use_separate_connections(db):
    from proxygraph.serve.harness import background_server
    import httpx

    with background_server(db) as url:
        errors, results = [], []

        def worker():
            try:
                with httpx.Client(base_url=url) as c:
                    for _ in range(15):
                        r = c.get("/api/entities/Quds Force")
                        r.raise_for_status()
                        results.append(len(r.json()["claims"]))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert len(results) == 90 and set(results) == {results[0]}


# -- the CLI -------------------------------------------------------------------------------

def test_serve_command_help():
    from proxygraph.cli.serve import serve

    r = CliRunner().invoke(serve, ["--help"])
    assert r.exit_code == 0
    assert "--host" in r.output and "127.0.0.1" in r.output and "--port" in r.output


def test_serve_without_the_extra_says_how_to_install(monkeypatch, db):
    import sys

    from proxygraph.cli.serve import serve

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    r = CliRunner().invoke(serve, ["--db", str(db)])
    assert isinstance(r.exception, ConfigError)
    assert "pip install 'proxygraph[serve]'" in str(r.exception)


def test_missing_store_is_a_clear_error(tmp_path):
    from proxygraph.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.db")


def test_busy_port_is_a_clear_error():
    import socket

    from proxygraph.cli.serve import check_port

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ConfigError, match="pass --port"):
            check_port("127.0.0.1", port)


@pytest.mark.parametrize("host,local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                         ("0.0.0.0", False), ("192.168.1.5", False)])
def test_loopback_detection(host, local):
    from proxygraph.cli.serve import is_loopback

    assert is_loopback(host) is local


# -- layout ----------------------------------------------------------------------------------

def test_mesh_repulsion_approximates_the_exact_one():
    rng = np.random.default_rng(3)
    pos = rng.normal(size=(400, 2)) * 10
    mass = 1 + rng.integers(0, 4, 400).astype(float)
    exact = layout._repulsion_exact(pos, mass)
    mesh = layout._repulsion_mesh(pos, mass, 64)
    rel = np.linalg.norm(exact - mesh, axis=1) / np.linalg.norm(exact, axis=1)
    assert np.median(rel) < 0.15


@pytest.mark.parametrize("n", [1, 2, 50, 1200])
def test_layout_is_finite_deterministic_and_keeps_links_short(n):
    rng = np.random.default_rng(n)
    edges = np.stack([rng.integers(0, n, 2 * n), rng.integers(0, n, 2 * n)], 1) if n > 1 else np.zeros((0, 2))
    a = layout.force_layout(n, edges)
    b = layout.force_layout(n, edges)
    assert a.shape == (n, 2) and np.isfinite(a).all()
    assert np.array_equal(a, b)
    if n > 2:
        real = edges[edges[:, 0] != edges[:, 1]]
        linked = np.median(np.linalg.norm(a[real[:, 0]] - a[real[:, 1]], axis=1))
        i, j = rng.integers(0, n, (2, 500))
        random_pairs = np.median(np.linalg.norm(a[i] - a[j], axis=1))
        assert linked < random_pairs


def test_layout_leaves_every_node_clickable():
    rng = np.random.default_rng(5)
    n = 2000  # hubs with many leaves: the crowded case
    hubs = rng.integers(0, 20, n)
    edges = np.stack([np.arange(n), hubs], 1)[20:]
    degree = np.bincount(edges.ravel(), minlength=n)
    radius = layout.node_radius(degree)
    pos = layout.force_layout(n, edges, radius=radius)
    i, j = np.triu_indices(n, 1)
    gap = np.linalg.norm(pos[i] - pos[j], axis=1) - radius[i] - radius[j]
    assert gap.min() > 0


def test_layout_cache_recomputes_only_when_the_store_changes(db, tmp_path):
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    cache = queries.LayoutCache()
    with Store(copy) as store:
        first = cache.positions(store)
        assert cache.positions(store) is first
        store.write(_result("doc-c", "More", "2021-01-01", "Hezbollah armed Hamas.",
                            [("hezb", "arms", "hamas", "Hezbollah armed Hamas.", {})]))
        second = cache.positions(store)
    assert second is not first and len(second) == len(first) + 1
