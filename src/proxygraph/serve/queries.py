"""Read queries the web page needs beyond ``query.views``.

- ``overview``: the aggregated link graph with a position for every node,
  filtered by family, years and sources, capped.
- ``ego_page``: the neighbourhood of one entity (depth 1 or 2), in a
  deterministic order so that it can be paged.
- ``search``: entities whose names contain the query, falling back to the
  spelling-tolerant ``find_entity``.
- ``claim_spans``: the evidence sentences of a document's claims, merged.

All of them only read, and take a Store opened read-only.
"""
from __future__ import annotations

import threading
from collections import defaultdict

import numpy as np

from ..errors import QueryError
from ..model import FAMILIES, FAMILY_OF, PREDICATES
from ..query import views
from ..store import Store
from .layout import force_layout, node_radius

OVERVIEW_MAX = 50_000  # links the overview may return in one response
EGO_MAX = 5_000  # links an ego network is collected up to, before paging

EDGE_SELECT = (
    "SELECT e.subject_id, e.predicate, e.object_id, e.n_claims, e.n_hedged, e.n_docs, e.n_denied,"
    " e.first_time, e.last_time FROM edges e"
)
EDGE_ORDER = " ORDER BY e.n_docs DESC, e.n_claims DESC, e.subject_id, e.predicate, e.object_id"


def check_filters(predicate: str | None = None, family: str | None = None) -> list[str] | None:
    """The predicates named by comma-separated `predicate` and `family` lists, or None for all.

    Raises QueryError naming the valid values when one is unknown.
    """
    preds = None
    if predicate:
        names = [p.strip() for p in predicate.split(",") if p.strip()]
        bad = [p for p in names if p not in PREDICATES]
        if bad:
            raise QueryError(f"unknown predicate {bad[0]!r}; use one of: {', '.join(PREDICATES)}")
        preds = names
    if family:
        fams = [f.strip() for f in family.split(",") if f.strip()]
        bad = [f for f in fams if f not in FAMILIES]
        if bad:
            raise QueryError(f"unknown predicate family {bad[0]!r}; use one of: {', '.join(FAMILIES)}")
        in_fams = [p for f in fams for p in FAMILIES[f]]
        preds = [p for p in preds if p in in_fams] if preds is not None else in_fams
    return preds


def edge_dict(r) -> dict:
    return {
        "source": r["subject_id"],
        "target": r["object_id"],
        "predicate": r["predicate"],
        "family": FAMILY_OF[r["predicate"]],
        "hedged": r["n_claims"] > 0 and r["n_hedged"] == r["n_claims"],
        "n_docs": r["n_docs"],
        "n_claims": r["n_claims"],
        "n_denied": r["n_denied"],
        "first_time": r["first_time"],
        "last_time": r["last_time"],
    }


def _entity_rows(store: Store, ids) -> dict[str, dict]:
    ids = list(ids)
    out = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.conn.execute(
                f"SELECT id, name, type, qid, kb_id FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[r["id"]] = {"id": r["id"], "name": r["name"], "type": r["type"], "qid": r["qid"], "kb_id": r["kb_id"]}
    return out


# -- layout ---------------------------------------------------------------------

class LayoutCache:
    """Node positions for the whole asserted-link graph, recomputed only when the store changes.

    Positions come from the full graph, so filtering the overview hides
    links and nodes without moving the others.
    """

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._lock = threading.Lock()
        self._key = None
        self._positions: dict[str, tuple[float, float, float]] = {}

    @staticmethod
    def fingerprint(store: Store) -> tuple:
        c = store.conn
        return (tuple(c.execute("SELECT COUNT(*), TOTAL(n_claims), TOTAL(n_docs) FROM edges").fetchone())
                + tuple(c.execute("SELECT COUNT(*), MAX(ingested_at) FROM documents").fetchone()))

    def positions(self, store: Store) -> dict[str, tuple[float, float, float]]:
        """entity id -> (x, y, radius), for every entity in an asserted link."""
        key = self.fingerprint(store)
        with self._lock:
            if key != self._key:
                self._positions = self._compute(store)
                self._key = key
            return self._positions

    def _compute(self, store: Store) -> dict[str, tuple[float, float, float]]:
        index: dict[str, int] = {}
        weight: dict[tuple[int, int], int] = defaultdict(int)
        for s, o, n in store.conn.execute(
                "SELECT subject_id, object_id, n_docs FROM edges WHERE n_docs >= 1 ORDER BY subject_id, predicate, object_id"):
            i, j = index.setdefault(s, len(index)), index.setdefault(o, len(index))
            weight[(min(i, j), max(i, j))] += n
        if not index:
            return {}
        pairs = np.array(list(weight), dtype=np.int64).reshape(-1, 2)
        neighbours = np.bincount(pairs.ravel(), minlength=len(index))
        radius = node_radius(neighbours)
        pos = force_layout(len(index), pairs, np.array(list(weight.values()), dtype=float), seed=self.seed,
                           radius=radius)
        return {node: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1), round(float(radius[i]), 1))
                for node, i in index.items()}


# -- queries ----------------------------------------------------------------------

def overview(store: Store, layout: LayoutCache, *, predicate: str | None = None, family: str | None = None,
             year_from: int | None = None, year_to: int | None = None, undated: bool = True,
             hedged: bool | None = None, min_sources: int = 1, limit: int = 20_000) -> dict:
    """The link graph: nodes with positions, links with their independent-source counts.

    A link is kept when its predicate is in the filter, at least
    `min_sources` documents assert it, and its dated span meets
    [year_from, year_to]; undated links are kept only when `undated`.
    The strongest `limit` links are returned; `truncated` says when more matched.
    """
    preds = check_filters(predicate, family)
    where, args = ["e.n_docs >= ?"], [max(1, min_sources)]
    if preds is not None:
        where.append(f"e.predicate IN ({','.join('?' * len(preds))})" if preds else "0")
        args += preds
    if year_from is not None or year_to is not None:
        dated = ["e.first_time IS NOT NULL"]
        if year_from is not None:
            dated.append("COALESCE(e.last_time, e.first_time) >= ?")
            args.append(f"{year_from:04d}")
        if year_to is not None:
            dated.append("e.first_time < ?")
            args.append(f"{year_to + 1:04d}")
        cond = " AND ".join(dated)
        where.append(f"(({cond}) OR e.first_time IS NULL)" if undated else f"({cond})")
    if hedged is not None:
        where.append("(e.n_claims > 0 AND e.n_hedged = e.n_claims) = ?")
        args.append(int(hedged))
    limit = max(0, min(limit, OVERVIEW_MAX))
    rows = store.conn.execute(EDGE_SELECT + " WHERE " + " AND ".join(where) + EDGE_ORDER + " LIMIT ?",
                              (*args, limit + 1)).fetchall()
    truncated = len(rows) > limit
    links = [edge_dict(r) for r in rows[:limit]]
    degree: dict[str, int] = defaultdict(int)
    for e in links:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    pos = layout.positions(store)
    ents = _entity_rows(store, degree)
    nodes = []
    for nid in sorted(degree, key=lambda i: (-degree[i], i)):
        x, y, size = pos.get(nid, (0.0, 0.0, float(node_radius(degree[nid]))))
        nodes.append({**ents[nid], "x": x, "y": y, "size": size, "degree": degree[nid]})
    return {"nodes": nodes, "edges": links, "truncated": truncated, "limit": limit}


def ego_page(store: Store, ref: str, *, depth: int = 1, limit: int = 200, offset: int = 0,
             predicate: str | None = None, family: str | None = None, min_sources: int = 1) -> dict:
    """The links around one entity, breadth first, strongest first, one page at a time.

    Links are collected up to EGO_MAX (``truncated`` says when there were
    more) in a fixed order, then ``edges[offset:offset+limit]`` is returned
    with the nodes those links touch; ``next_offset`` pages on.
    """
    if depth not in (1, 2):
        raise QueryError("depth must be 1 or 2")
    center = views.find_entity(store, ref)
    preds = check_filters(predicate, family)
    pred_sql = ""
    if preds is not None:
        pred_sql = f" AND e.predicate IN ({','.join('?' * len(preds))})" if preds else " AND 0"
    sql = EDGE_SELECT + f" WHERE (e.subject_id = ? OR e.object_id = ?) AND e.n_docs >= ?{pred_sql}" + EDGE_ORDER
    hops = {center["id"]: 0}
    frontier, links, seen = [center["id"]], [], set()
    truncated = False
    for hop in range(1, depth + 1):
        nxt = []
        for nid in frontier:
            for r in store.conn.execute(sql, (nid, nid, max(1, min_sources), *(preds or []))):
                key = (r["subject_id"], r["predicate"], r["object_id"])
                if key in seen:
                    continue
                if len(links) >= EGO_MAX:
                    truncated = True
                    break
                seen.add(key)
                links.append(edge_dict(r))
                for other in key[0], key[2]:
                    if other not in hops:
                        hops[other] = hop
                        nxt.append(other)
            if truncated:
                break
        if truncated:
            break
        frontier = nxt
    offset, limit = max(0, offset), max(1, limit)
    page = links[offset:offset + limit]
    ids = {center["id"]} | {e["source"] for e in page} | {e["target"] for e in page}
    ents = _entity_rows(store, ids)
    nodes = sorted(({**ents[i], "depth": hops[i]} for i in ids), key=lambda n: (n["depth"], n["name"]))
    return {
        "center": center, "nodes": nodes, "edges": page, "total": len(links), "offset": offset, "limit": limit,
        "next_offset": offset + limit if offset + limit < len(links) else None, "truncated": truncated,
    }


def search(store: Store, q: str | None, *, type: str | None = None, limit: int = 20, offset: int = 0) -> list[dict]:
    """Entities whose name or an alias contains `q`, most connected first.

    When nothing contains it, the closest spelling (``find_entity``) is
    returned alone, so "Suleimani" still finds Qassem Soleimani.
    """
    rows = views.entities(store, type=type, search=q or None, limit=limit, offset=offset)
    if rows or not q or offset:
        return rows
    try:
        hit = views.find_entity(store, q)
    except QueryError:
        return []
    if type and hit["type"] != type.upper():
        return []
    n = store.conn.execute("SELECT COUNT(*) FROM claims WHERE subject_id = ? OR object_id = ?",
                           (hit["id"], hit["id"])).fetchone()[0]
    return [{**hit, "n_claims": n}]


def claim_spans(claims: list[dict]) -> list[dict]:
    """The distinct evidence spans of a document's claims, in text order, each with the claims it supports."""
    spans: dict[tuple[int, int], list[str]] = {}
    for c in claims:
        spans.setdefault((c["start"], c["end"]), []).append(c["id"])
    return [{"start": s, "end": e, "claims": ids} for (s, e), ids in sorted(spans.items())]
