"""Read-only views over the store: entities, claims, evidence, neighbourhoods.

Every function takes a Store and returns plain dicts and lists, ready for
the CLI, the HTTP API and the exporters.
"""
from __future__ import annotations

from rapidfuzz import fuzz, process

from ..errors import QueryError
from ..model import FAMILIES, FAMILY_OF, PREDICATES
from ..resolve.normalize import norm, skeleton, skeleton_is_specific
from ..store import Store

MAX_LIMIT = 10_000


def _entity_row(row) -> dict:
    return {"id": row["id"], "name": row["name"], "type": row["type"], "qid": row["qid"], "kb_id": row["kb_id"]}


def find_entity(store: Store, ref: str) -> dict:
    """An entity by id, QID, name or alias (spelling variants and typos allowed)."""
    c = store.conn
    row = c.execute("SELECT * FROM entities WHERE id = ? OR qid = ?", (ref, ref)).fetchone()
    if row:
        return _entity_row(row)
    key = norm(ref)
    rows = c.execute(
        "SELECT e.*, (SELECT COUNT(*) FROM claims WHERE subject_id = e.id OR object_id = e.id) AS n"
        " FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.norm = ? GROUP BY e.id ORDER BY n DESC",
        (key,),
    ).fetchall()
    if not rows:
        sk = skeleton(ref)
        if skeleton_is_specific(sk):
            rows = c.execute(
                "SELECT e.*, (SELECT COUNT(*) FROM claims WHERE subject_id = e.id OR object_id = e.id) AS n"
                " FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.skel = ? GROUP BY e.id ORDER BY n DESC",
                (sk,),
            ).fetchall()
    if rows:
        return _entity_row(rows[0])
    names = {r["norm"]: r["entity_id"] for r in c.execute("SELECT norm, entity_id FROM aliases")}
    hits = process.extract(key, list(names), scorer=fuzz.WRatio, limit=5, score_cutoff=85)
    if hits:
        row = c.execute("SELECT * FROM entities WHERE id = ?", (names[hits[0][0]],)).fetchone()
        return _entity_row(row)
    close = process.extract(key, list(names), scorer=fuzz.WRatio, limit=3)
    hint = ", ".join(repr(h[0]) for h in close)
    raise QueryError(f"no entity matches {ref!r}" + (f"; closest names: {hint}" if hint else "; the store is empty, run 'proxygraph ingest' first"))


def entities(store: Store, type: str | None = None, search: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    sql = ["SELECT e.*, COALESCE(s.n, 0) AS n_claims FROM entities e",
           "LEFT JOIN (SELECT id, SUM(n) AS n FROM (",
           "  SELECT subject_id AS id, n_claims AS n FROM edges UNION ALL SELECT object_id, n_claims FROM edges",
           ") GROUP BY id) s ON s.id = e.id"]
    where, args = [], []
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if search:
        key = norm(search)
        where.append("e.id IN (SELECT entity_id FROM aliases WHERE norm LIKE ? OR skel = ?)")
        args += [f"%{key}%", skeleton(search)]
    if where:
        sql.append("WHERE " + " AND ".join(where))
    sql.append("ORDER BY n_claims DESC, e.name LIMIT ? OFFSET ?")
    args += [min(limit, MAX_LIMIT), offset]
    return [{**_entity_row(r), "n_claims": r["n_claims"]} for r in store.conn.execute("\n".join(sql), args)]


def aliases(store: Store, entity_id: str) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT alias, source, doc_id FROM aliases WHERE entity_id = ? ORDER BY source = 'kb', alias", (entity_id,))]


CLAIM_SELECT = """
SELECT c.*, s.name AS subject_name, s.type AS subject_type, o.name AS object_name, o.type AS object_type,
       a.name AS attributed_name, d.title AS doc_title, d.url AS doc_url, d.date AS doc_date, d.publisher AS doc_publisher,
       e.n_docs AS n_docs
FROM claims c
JOIN entities s ON s.id = c.subject_id
JOIN entities o ON o.id = c.object_id
LEFT JOIN entities a ON a.id = c.attributed_to
JOIN documents d ON d.id = c.doc_id
LEFT JOIN edges e ON e.subject_id = c.subject_id AND e.predicate = c.predicate AND e.object_id = c.object_id
"""


def _claim(r) -> dict:
    t = r["time_start"]
    return {
        "id": r["id"],
        "subject": {"id": r["subject_id"], "name": r["subject_name"], "type": r["subject_type"]},
        "predicate": r["predicate"],
        "family": FAMILY_OF[r["predicate"]],
        "object": {"id": r["object_id"], "name": r["object_name"], "type": r["object_type"]},
        "hedged": bool(r["hedged"]),
        "negated": bool(r["negated"]),
        "attributed_to": {"id": r["attributed_to"], "name": r["attributed_name"]} if r["attributed_to"] else None,
        "time": (f"{t}/{r['time_end']}" if r["time_end"] else t) if t else None,
        "time_start": t,
        "time_end": r["time_end"],
        "quantity": r["quantity"],
        "evidence": r["evidence"],
        "start": r["start"],
        "end": r["end"],
        "rule": r["rule"],
        "confidence": r["confidence"],
        "n_docs": r["n_docs"] or 0,
        "document": {"id": r["doc_id"], "title": r["doc_title"], "url": r["doc_url"], "date": r["doc_date"],
                     "publisher": r["doc_publisher"]},
    }


def _predicates(predicate: str | None, family: str | None) -> list[str] | None:
    preds = None
    if predicate:
        for p in predicate.split(","):
            if p not in PREDICATES:
                raise QueryError(f"unknown predicate {p!r}; use one of: {', '.join(PREDICATES)}")
        preds = predicate.split(",")
    if family:
        fams = family.split(",")
        for f in fams:
            if f not in FAMILIES:
                raise QueryError(f"unknown predicate family {f!r}; use one of: {', '.join(FAMILIES)}")
        fam_preds = [p for f in fams for p in FAMILIES[f]]
        preds = [p for p in preds if p in fam_preds] if preds else fam_preds
    return preds


def claims(
    store: Store,
    subject: str | None = None,
    predicate: str | None = None,
    object: str | None = None,
    entity: str | None = None,
    family: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    hedged: bool | None = None,
    negated: bool | None = None,
    min_sources: int | None = None,
    doc_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    where, args = [], []
    for col, ref in (("c.subject_id", subject), ("c.object_id", object)):
        if ref:
            where.append(f"{col} = ?")
            args.append(find_entity(store, ref)["id"])
    if entity:
        eid = find_entity(store, entity)["id"]
        where.append("(c.subject_id = ? OR c.object_id = ?)")
        args += [eid, eid]
    preds = _predicates(predicate, family)
    if preds is not None:
        where.append(f"c.predicate IN ({','.join('?' * len(preds))})")
        args += preds
    if year_from is not None:
        where.append("COALESCE(c.time_end, c.time_start) >= ?")
        args.append(f"{year_from:04d}")
    if year_to is not None:
        where.append("c.time_start < ?")
        args.append(f"{year_to + 1:04d}")
    if hedged is not None:
        where.append("c.hedged = ?")
        args.append(int(hedged))
    if negated is not None:
        where.append("c.negated = ?")
        args.append(int(negated))
    if min_sources:
        where.append("e.n_docs >= ?")
        args.append(min_sources)
    if doc_id:
        where.append("c.doc_id = ?")
        args.append(doc_id)
    sql = CLAIM_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY c.predicate, s.name, o.name, d.date, c.start LIMIT ? OFFSET ?"
    args += [min(limit, MAX_LIMIT), offset]
    return [_claim(r) for r in store.conn.execute(sql, args)]


def entity_detail(store: Store, ref: str, max_claims: int = 500) -> dict:
    """Profile of one entity: aliases with provenance, claims grouped by predicate."""
    ent = find_entity(store, ref)
    eid = ent["id"]
    rows = store.conn.execute(
        CLAIM_SELECT + " WHERE c.subject_id = ? OR c.object_id = ? ORDER BY c.predicate, d.date LIMIT ?",
        (eid, eid, max_claims),
    ).fetchall()
    grouped: dict[str, list] = {}
    for r in rows:
        cl = _claim(r)
        direction = "out" if cl["subject"]["id"] == eid else "in"
        cl["direction"] = direction
        grouped.setdefault(cl["predicate"], []).append(cl)
    n_docs = store.conn.execute("SELECT COUNT(DISTINCT doc_id) FROM mentions WHERE entity_id = ?", (eid,)).fetchone()[0]
    return {**ent, "aliases": aliases(store, eid), "n_documents": n_docs, "claims": grouped}


def edges(store: Store, predicate: str | None = None, family: str | None = None, min_sources: int = 1,
          limit: int = 100, offset: int = 0) -> list[dict]:
    """Aggregated (subject, predicate, object) links with their independent-source counts."""
    where, args = ["e.n_docs >= ?"], [min_sources]
    preds = _predicates(predicate, family)
    if preds is not None:
        where.append(f"e.predicate IN ({','.join('?' * len(preds))})")
        args += preds
    sql = (
        "SELECT e.*, s.name AS subject_name, s.type AS subject_type, o.name AS object_name, o.type AS object_type"
        " FROM edges e JOIN entities s ON s.id = e.subject_id JOIN entities o ON o.id = e.object_id"
        f" WHERE {' AND '.join(where)} ORDER BY e.n_docs DESC, e.n_claims DESC, s.name LIMIT ? OFFSET ?"
    )
    args += [min(limit, MAX_LIMIT), offset]
    return [_edge(r) for r in store.conn.execute(sql, args)]


def _edge(r) -> dict:
    return {
        "subject": {"id": r["subject_id"], "name": r["subject_name"], "type": r["subject_type"]},
        "predicate": r["predicate"],
        "family": FAMILY_OF[r["predicate"]],
        "object": {"id": r["object_id"], "name": r["object_name"], "type": r["object_type"]},
        "n_claims": r["n_claims"],
        "n_docs": r["n_docs"],
        "n_denied": r["n_denied"],
        "hedged": r["n_claims"] > 0 and r["n_hedged"] == r["n_claims"],
        "first_time": r["first_time"],
        "last_time": r["last_time"],
    }


def ego(store: Store, ref: str, depth: int = 1, limit: int = 200, family: str | None = None, min_sources: int = 1) -> dict:
    """The entities and edges around one entity, breadth first, capped at `limit` edges."""
    if depth not in (1, 2):
        raise QueryError("depth must be 1 or 2")
    center = find_entity(store, ref)
    preds = _predicates(None, family)
    pred_sql = f" AND e.predicate IN ({','.join('?' * len(preds))})" if preds else ""
    sql = (
        "SELECT e.*, s.name AS subject_name, s.type AS subject_type, o.name AS object_name, o.type AS object_type"
        " FROM edges e JOIN entities s ON s.id = e.subject_id JOIN entities o ON o.id = e.object_id"
        f" WHERE (e.subject_id = ? OR e.object_id = ?) AND e.n_docs >= ?{pred_sql}"
        " ORDER BY e.n_docs DESC, e.n_claims DESC LIMIT ?"
    )
    frontier, seen_nodes, out_edges, seen_edges = [center["id"]], {center["id"]}, [], set()
    truncated = False
    for _ in range(depth):
        nxt = []
        for nid in frontier:
            room = limit - len(out_edges)
            if room <= 0:
                truncated = True
                break
            for r in store.conn.execute(sql, (nid, nid, min_sources, *(preds or []), room + 1)):
                k = (r["subject_id"], r["predicate"], r["object_id"])
                if k in seen_edges:
                    continue
                if len(out_edges) >= limit:
                    truncated = True
                    break
                seen_edges.add(k)
                out_edges.append(_edge(r))
                for other in (r["subject_id"], r["object_id"]):
                    if other not in seen_nodes:
                        seen_nodes.add(other)
                        nxt.append(other)
        frontier = nxt
    nodes = []
    if seen_nodes:
        ids = list(seen_nodes)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            nodes += [_entity_row(r) for r in store.conn.execute(
                f"SELECT * FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
    return {"center": center, "nodes": nodes, "edges": out_edges, "truncated": truncated}


def timeline(store: Store, ref: str) -> list[dict]:
    """The dated claims of an entity, oldest first."""
    eid = find_entity(store, ref)["id"]
    rows = store.conn.execute(
        CLAIM_SELECT + " WHERE (c.subject_id = ? OR c.object_id = ?) AND c.time_start IS NOT NULL"
        " ORDER BY c.time_start, c.predicate", (eid, eid)).fetchall()
    return [_claim(r) for r in rows]


def document(store: Store, doc_id: str) -> dict:
    r = store.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if r is None:
        raise QueryError(f"no document with id {doc_id!r}")
    mentions = [dict(m) for m in store.conn.execute(
        "SELECT m.start, m.end, m.text, m.coref, m.entity_id, e.name, e.type FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ? ORDER BY m.start", (doc_id,))]
    return {
        "id": r["id"], "title": r["title"], "url": r["url"], "date": r["date"], "publisher": r["publisher"],
        "source": r["source"], "text": r["text"], "mentions": mentions,
        "claims": claims(store, doc_id=doc_id, limit=MAX_LIMIT),
    }


def summary(store: Store, top: int = 10) -> dict:
    c = store.conn
    count = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
    by_pred = {r[0]: r[1] for r in c.execute(
        "SELECT predicate, COUNT(*) FROM claims WHERE negated = 0 GROUP BY predicate ORDER BY COUNT(*) DESC")}
    by_type = {r[0]: r[1] for r in c.execute("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")}
    sponsor = edges(store, family="support,control", limit=top)
    return {
        "documents": count("SELECT COUNT(*) FROM documents"),
        "entities": count("SELECT COUNT(*) FROM entities"),
        "entities_by_type": by_type,
        "claims": count("SELECT COUNT(*) FROM claims"),
        "claims_by_predicate": by_pred,
        "top_sponsor_links": [e for e in sponsor if e["predicate"] in ("supports", "funds", "arms", "trains", "commands", "founded")],
    }


def to_networkx(store: Store, min_sources: int = 1):
    """The edge summary as a networkx MultiDiGraph keyed by predicate."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for r in store.conn.execute("SELECT * FROM entities"):
        g.add_node(r["id"], name=r["name"], type=r["type"], qid=r["qid"] or "")
    for r in store.conn.execute("SELECT * FROM edges WHERE n_docs >= ?", (min_sources,)):
        g.add_edge(r["subject_id"], r["object_id"], key=r["predicate"], predicate=r["predicate"],
                   n_docs=r["n_docs"], n_claims=r["n_claims"], hedged=r["n_hedged"] == r["n_claims"],
                   first_time=r["first_time"] or "", last_time=r["last_time"] or "")
    return g
