"""The fast query paths (bench/scale.py) against plain Python on a generated store.

``claims``, ``entity_detail``, ``edges`` and ``ego`` read pages through
indexes, one predicate and one name range at a time; here every page they
return is checked against sorting all rows in Python, on a store with hubs,
namesakes and ties. No model needed.
"""
from __future__ import annotations

import random

import pytest

from proxygraph import query
from proxygraph.model import PREDICATES
from proxygraph.query import views
from proxygraph.store import Store, claim_id


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    rng = random.Random(3)
    path = tmp_path_factory.mktemp("paging") / "g.db"
    s = Store(path)
    c = s.conn
    names = ["Alpha Front", "Bravo Brigade", "Charlie Council", "Delta", "Echo Group", "alpha front"]
    ents = []
    for i in range(120):
        name = names[i % len(names)] if i < 30 else f"Actor {i:03d}"  # namesakes: same name, other ids
        ents.append((f"e{i:03d}", name, ("ORG", "PERSON", "GPE")[i % 3]))
    c.executemany("INSERT INTO entities (id, name, type, created_at) VALUES (?,?,?,'2024')", ents)
    c.executemany("INSERT INTO aliases (entity_id, alias, norm, skel, source) VALUES (?,?,?,?,'text')",
                  [(e, n, n.lower(), "") for e, n, _ in ents])
    weights = [1 / (k + 1) for k in range(len(ents))]  # e000 is a hub
    for d in range(300):
        doc = f"d{d:03d}"
        date = None if d % 17 == 0 else f"{2000 + d % 9}-0{1 + d % 9}-01"  # some documents undated, many tied
        c.execute("INSERT INTO documents (id, date, text, ingested_at) VALUES (?,?,'x','2024')", (doc, date))
        rows = {}
        for k in range(rng.randint(1, 8)):
            s_, o = rng.choices(ents, weights, k=2)
            if s_ == o:
                continue
            p = rng.choice(PREDICATES[:6])
            start, neg = rng.choice([0, 10, 20]), int(rng.random() < 0.1)
            cid = claim_id(doc, s_[0], p, o[0], start, start + 5, bool(neg))
            t = None if rng.random() < 0.3 else str(1995 + rng.randint(0, 25))
            rows[cid] = (cid, doc, s_[0], p, o[0], int(rng.random() < 0.3), neg, t, "evidence", start, start + 5)
        c.executemany("INSERT INTO claims (id, doc_id, subject_id, predicate, object_id, hedged, negated, time_start,"
                      " evidence, start, end) VALUES (?,?,?,?,?,?,?,?,?,?,?)", list(rows.values()))
        # as Store._write passes them: (id, doc, s, p, o, hedged, negated, attributed_to, time_start, time_end)
        s._update_edges([(*r[:7], None, r[7], None) for r in rows.values()])
    c.execute("INSERT INTO mentions (doc_id, entity_id, start, end, text) SELECT DISTINCT doc_id, subject_id, 0, 1, 'x'"
              " FROM claims")
    yield s
    s.close()


def all_claims(store):
    return store.conn.execute(
        "SELECT c.rowid, c.*, s.name AS sn, o.name AS on_, d.date AS dd FROM claims c JOIN entities s ON s.id = c.subject_id"
        " JOIN entities o ON o.id = c.object_id JOIN documents d ON d.id = c.doc_id").fetchall()


def nulls_first(v):
    return (v is not None, v or "")


def expected(store, keep, offset, limit):
    rows = sorted((r for r in all_claims(store) if keep(r)), key=lambda r: (
        r["predicate"], r["sn"], r["on_"], nulls_first(r["dd"]), r["start"], r["rowid"]))
    return [r["id"] for r in rows][offset:offset + limit]


FILTERS = [
    ({}, lambda r: True),
    ({"entity": "e000"}, lambda r: "e000" in (r["subject_id"], r["object_id"])),
    ({"subject": "e001", "family": "support"}, lambda r: r["subject_id"] == "e001" and r["predicate"] in
     ("supports", "funds", "arms", "trains")),
    ({"object": "e002", "negated": False}, lambda r: r["object_id"] == "e002" and not r["negated"]),
    ({"hedged": True}, lambda r: r["hedged"] == 1),
    ({"predicate": "funds,leads", "year_from": 2000, "year_to": 2010},
     lambda r: r["predicate"] in ("funds", "leads") and r["time_start"] is not None and "2000" <= r["time_start"] < "2011"),
]


@pytest.mark.parametrize("walk", [4096, 7])  # 7: broad filters walk a few names, then the rest
@pytest.mark.parametrize("filters, keep", FILTERS)
def test_claim_pages_are_the_sorted_rows_without_overlap(store, monkeypatch, walk, filters, keep):
    monkeypatch.setattr(views, "WALK", walk)
    total = len(expected(store, keep, 0, 10_000))
    assert total > 5, "the filter should match several claims"
    pages = []
    for offset in range(0, total + 7, 7):
        page = [c["id"] for c in query.claims(store, **filters, limit=7, offset=offset)]
        assert page == expected(store, keep, offset, 7)
        pages += page
    assert len(pages) == len(set(pages)) == total


def test_min_sources_pages_start_from_the_edges(store):
    strong = {(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT subject_id, predicate, object_id FROM edges WHERE n_docs >= 2")}
    assert strong
    want = expected(store, lambda r: (r["subject_id"], r["predicate"], r["object_id"]) in strong, 0, 10_000)
    assert [c["id"] for c in query.claims(store, min_sources=2, limit=10_000)] == want


def test_entity_detail_keeps_the_first_claims_by_predicate_and_date(store):
    rows = sorted((r for r in all_claims(store) if "e000" in (r["subject_id"], r["object_id"])),
                  key=lambda r: (r["predicate"], nulls_first(r["dd"]), r["rowid"]))
    d = query.entity_detail(store, "e000", max_claims=25)
    got = [c["id"] for group in d["claims"].values() for c in group]
    assert got == [r["id"] for r in rows[:25]]
    assert d["n_documents"] == store.conn.execute(
        "SELECT COUNT(DISTINCT doc_id) FROM mentions WHERE entity_id = 'e000'").fetchone()[0]


def test_namesakes_resolve_to_the_most_claimed(store):
    ids = [r[0] for r in store.conn.execute("SELECT id FROM entities WHERE name = 'Bravo Brigade'")]
    count = {e: store.conn.execute("SELECT COUNT(*) FROM claims WHERE subject_id = ? OR object_id = ?",
                                   (e, e)).fetchone()[0] for e in ids}
    best = min(ids, key=lambda e: (-count[e], e))
    assert query.find_entity(store, "Bravo Brigade")["id"] == best


@pytest.mark.parametrize("kw", [{}, {"family": "control"}, {"min_sources": 2}, {"offset": 5, "limit": 9}])
def test_edges_are_sorted_by_sources_claims_and_name(store, kw):
    kw = dict(kw)
    rows = store.conn.execute(
        "SELECT e.rowid, e.*, s.name AS sn FROM edges e JOIN entities s ON s.id = e.subject_id").fetchall()
    fam = ("commands", "leads", "part_of", "member_of", "founded")
    rows = [r for r in rows if r["n_docs"] >= kw.get("min_sources", 1)
            and ("family" not in kw or r["predicate"] in fam)]
    rows.sort(key=lambda r: (-r["n_docs"], -r["n_claims"], r["sn"], r["rowid"]))
    offset, limit = kw.pop("offset", 0), kw.pop("limit", 100)
    want = [(r["subject_id"], r["predicate"], r["object_id"]) for r in rows][offset:offset + limit]
    got = [(e["subject"]["id"], e["predicate"], e["object"]["id"])
           for e in query.edges(store, **kw, limit=limit, offset=offset)]
    assert got == want


def test_ego_says_truncated_when_edges_remain(store):
    n_hub = store.conn.execute("SELECT COUNT(*) FROM edges WHERE (subject_id = 'e000' OR object_id = 'e000')"
                               " AND n_docs >= 1").fetchone()[0]  # ego's default: edges some document asserts
    g = query.ego(store, "e000", depth=1, limit=n_hub)
    assert len(g["edges"]) == n_hub and not g["truncated"]
    g = query.ego(store, "e000", depth=1, limit=n_hub - 1)
    assert len(g["edges"]) == n_hub - 1 and g["truncated"]
    # from a leaf, the hub's edges at depth 2 fill the limit: more remain, so it is truncated
    leaf = store.conn.execute("SELECT object_id FROM edges WHERE subject_id = 'e000' AND object_id NOT IN "
                              "(SELECT subject_id FROM edges) LIMIT 1").fetchone()[0]
    g = query.ego(store, leaf, depth=2, limit=20)
    assert len(g["edges"]) == 20 and g["truncated"]
    assert g["nodes"][0]["id"] == leaf
    full = query.ego(store, leaf, depth=2, limit=10_000)
    assert not full["truncated"] and len(full["edges"]) > 20
