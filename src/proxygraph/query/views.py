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
    row = _most_claimed(c, "norm", key)
    if row is None:
        sk = skeleton(ref)
        if skeleton_is_specific(sk):
            row = _most_claimed(c, "skel", sk)
    if row is not None:
        return _entity_row(row)
    names = {r["norm"]: r["entity_id"] for r in c.execute("SELECT norm, entity_id FROM aliases")}
    hits = process.extract(key, list(names), scorer=fuzz.WRatio, limit=5, score_cutoff=85)
    if hits:
        row = c.execute("SELECT * FROM entities WHERE id = ?", (names[hits[0][0]],)).fetchone()
        return _entity_row(row)
    close = process.extract(key, list(names), scorer=fuzz.WRatio, limit=3)
    hint = ", ".join(repr(h[0]) for h in close)
    raise QueryError(f"no entity matches {ref!r}" + (f"; closest names: {hint}" if hint else "; the store is empty, run 'proxygraph ingest' first"))


def _most_claimed(c, column: str, key: str):
    """The entity with an alias under this key that is in the most claims (ties: smallest id)."""
    ids = [r[0] for r in c.execute(f"SELECT DISTINCT entity_id FROM aliases WHERE {column} = ?", (key,))]
    if not ids:
        return None
    if len(ids) > 1:  # count claims only to choose between namesakes
        ids.sort(key=lambda eid: (-_n_claims(c, eid), eid))
    return c.execute("SELECT * FROM entities WHERE id = ?", (ids[0],)).fetchone()


def _n_claims(c, eid: str) -> int:
    """Claims with the entity on either side, counted on the indexes."""
    return c.execute(
        "SELECT (SELECT COUNT(*) FROM claims WHERE subject_id = ?)"
        " + (SELECT COUNT(*) FROM claims WHERE object_id = ? AND subject_id != ?)", (eid, eid, eid)).fetchone()[0]


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


def claim_dict(r) -> dict:
    """A claim row (CLAIM_SELECT's columns) as the API shapes it. Rows that also carry
    QIDs, the source's type or the document's ingest time (the exporters' rows) keep them."""
    t = r["time_start"]
    d = {
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
    extra = set(r.keys())
    if "subject_qid" in extra:
        d["subject"]["qid"], d["object"]["qid"] = r["subject_qid"], r["object_qid"]
    if d["attributed_to"] and "attributed_type" in extra:
        d["attributed_to"]["type"] = r["attributed_type"]
    if "doc_ingested_at" in extra:
        d["document"]["ingested_at"] = r["doc_ingested_at"]
    return d



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
    eid = find_entity(store, entity)["id"] if entity else None
    preds = _predicates(predicate, family)  # _page takes one predicate at a time
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
    edge_join = _EDGE_JOIN if min_sources else ""
    if eid is not None:
        sources = [_of_entity(eid, _KEYS_FROM + edge_join)]
    elif doc_id or subject or object:
        index = "claims_doc" if doc_id else "claims_subject" if subject else "claims_object"
        sources = [(_keys_from(index) + edge_join + " WHERE c.predicate = ?1", ())]
    elif min_sources and min_sources > 1:
        sources = [_FROM_EDGES]  # edges with that many sources are few: start from them
    else:
        sources = _by_subject_name(store, edge_join)
    order = "s.name, o.name, d.date, c.start, c.rowid"
    rowids = _page(store, sources, where, args, preds, order, min(limit, MAX_LIMIT), offset)
    return [claim_dict(r) for r in _claim_rows(store, rowids)]


# A page of claims is found without joining every matching claim to its
# names, document and edge (on a hub of 50,000 claims that takes seconds):
# the sort keys are read one predicate at a time -- every order starts with
# the predicate -- through covering indexes, until the page is full; only the
# page's claims are then read whole. Ties are broken by rowid (the order the
# claims were written), so pages never overlap. The planner has no statistics
# (nothing runs ANALYZE), so the indexes are named: without INDEXED BY it
# prefers the unique id indexes, which do not hold the name or the date.
def _keys_from(claims_index: str | None = None) -> str:
    hint = f" INDEXED BY {claims_index}" if claims_index else ""
    return (f" FROM claims c{hint} JOIN entities s INDEXED BY entities_id_name ON s.id = c.subject_id"
            " JOIN entities o INDEXED BY entities_id_name ON o.id = c.object_id"
            " JOIN documents d INDEXED BY documents_id_date ON d.id = c.doc_id")


_KEYS_FROM = _keys_from()
_EDGE_JOIN = " JOIN edges e ON e.subject_id = c.subject_id AND e.predicate = c.predicate AND e.object_id = c.object_id"
_FROM_EDGES = (
    (" FROM edges e INDEXED BY edges_predicate_docs CROSS JOIN claims c INDEXED BY claims_subject"
     " ON c.subject_id = e.subject_id AND c.predicate = e.predicate AND c.object_id = e.object_id"
     " JOIN entities s INDEXED BY entities_id_name ON s.id = c.subject_id"
     " JOIN entities o INDEXED BY entities_id_name ON o.id = c.object_id"
     " JOIN documents d INDEXED BY documents_id_date ON d.id = c.doc_id WHERE e.predicate = ?1"),
    (),
)
# Walking subjects in name order finds the first page of a broad filter after a
# few hundred subjects; a narrow filter would walk them all, so the walk stops
# after WALK subjects and the rest is found from the claims side.
WALK = 4096


def _of_entity(eid: str, keys_from: str):
    """The claims of one entity with one predicate, read from the subject and object indexes."""
    return (keys_from + " WHERE c.rowid IN ("
            "SELECT rowid FROM claims INDEXED BY claims_subject WHERE subject_id = ?2 AND predicate = ?1"
            " UNION ALL SELECT rowid FROM claims INDEXED BY claims_object"
            " WHERE object_id = ?2 AND predicate = ?1 AND subject_id != ?2)"), (eid,)


def _by_subject_name(store: Store, edge_join: str) -> list[tuple[str, tuple]]:
    walk = (" FROM entities s INDEXED BY entities_name_id CROSS JOIN claims c INDEXED BY claims_subject"
            " ON c.subject_id = s.id AND c.predicate = ?1" + edge_join
            + " JOIN entities o INDEXED BY entities_id_name ON o.id = c.object_id"
            " JOIN documents d INDEXED BY documents_id_date ON d.id = c.doc_id")
    row = store.conn.execute("SELECT name FROM entities INDEXED BY entities_name_id ORDER BY name LIMIT 1 OFFSET ?",
                             (WALK,)).fetchone()
    if row is None:
        return [(walk + " WHERE 1", ())]
    return [(walk + " WHERE s.name < ?2", (row[0],)),
            (_KEYS_FROM + edge_join + " WHERE c.predicate = ?1 AND s.name >= ?2", (row[0],))]


def _page(store: Store, sources: list[tuple[str, tuple]], where: list[str], args: list, preds: list[str] | None,
          order: str, limit: int, offset: int) -> list[int]:
    """Rowids of the claims matching ``where``, by predicate and then ``order``: ``limit`` from ``offset``.

    Each source is ``FROM ... WHERE ...`` (parameter 1 is the predicate) and the
    arguments of its other parameters; for one predicate, the claims of the
    first source all come before those of the second.
    """
    offset = max(0, offset)
    if limit <= 0:
        return []
    need = offset + limit
    tail = "".join(f" AND {w}" for w in where) + f" ORDER BY {order} LIMIT ?"
    out: list[int] = []
    for p in sorted(PREDICATES if preds is None else preds):  # sorted() is SQLite's BINARY order
        for head, head_args in sources:
            out += [r[0] for r in store.conn.execute(f"SELECT c.rowid{head}{tail}",
                                                     [p, *head_args, *args, need - len(out)])]
            if len(out) >= need:
                return out[offset:need]
    return out[offset:need]


def _claim_rows(store: Store, rowids: list[int]) -> list:
    """Whole claim rows, with names, document and edge, in the order of ``rowids``."""
    rows: dict[int, object] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i:i + 500]
        for r in store.conn.execute(
                CLAIM_SELECT.replace("SELECT c.*", "SELECT c.rowid AS _rowid, c.*", 1)
                + f" WHERE c.rowid IN ({','.join('?' * len(chunk))})", chunk):
            rows[r["_rowid"]] = r
    return [rows[i] for i in rowids if i in rows]


def entity_detail(store: Store, ref: str, max_claims: int = 500) -> dict:
    """Profile of one entity: aliases with provenance, claims grouped by predicate."""
    ent = find_entity(store, ref)
    eid = ent["id"]
    rowids = _page(store, [_of_entity(eid, " FROM claims c JOIN documents d INDEXED BY documents_id_date ON d.id = c.doc_id")],
                   [], [], None, "d.date, c.rowid", max_claims, 0)
    rows = _claim_rows(store, rowids)
    grouped: dict[str, list] = {}
    for r in rows:
        cl = claim_dict(r)
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
    limit, offset = min(limit, MAX_LIMIT), max(0, offset)
    # the strength (sources, claims) of the page's last edge, read in the index:
    # the page is among the edges at least that strong, not among all of them
    last = store.conn.execute(
        f"SELECT e.n_docs, e.n_claims FROM edges e INDEXED BY edges_docs WHERE {' AND '.join(where)}"
        " ORDER BY e.n_docs DESC, e.n_claims DESC LIMIT 1 OFFSET ?", [*args, offset + limit - 1]).fetchone()
    if last is not None and limit > 0:  # implies n_docs >= min_sources, and is the range the index scans
        where[0], args[0:1] = "(e.n_docs, e.n_claims) >= (?, ?)", [last[0], last[1]]
    sql = (
        "SELECT e.*, s.name AS subject_name, s.type AS subject_type, o.name AS object_name, o.type AS object_type"
        " FROM edges e INDEXED BY edges_docs JOIN entities s ON s.id = e.subject_id JOIN entities o ON o.id = e.object_id"
        f" WHERE {' AND '.join(where)} ORDER BY e.n_docs DESC, e.n_claims DESC, s.name, e.rowid LIMIT ? OFFSET ?"
    )
    args += [limit, offset]
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


_EDGE_SELECT = (
    "SELECT e.rowid AS _rowid, e.*, s.name AS subject_name, s.type AS subject_type, o.name AS object_name,"
    " o.type AS object_type FROM edges e JOIN entities s ON s.id = e.subject_id JOIN entities o ON o.id = e.object_id"
)


def _strongest_edges(store: Store, nid: str, n: int, min_sources: int, preds: list[str] | None) -> list:
    """The ``n`` edges of a node with the most documents, then claims, read whole.

    Each side is read in the order of its (node, n_docs, n_claims) index, so a
    hub with 50,000 edges costs no more than a leaf.
    """
    pred_sql = f" AND e.predicate IN ({','.join('?' * len(preds))})" if preds else ""
    best: dict[int, tuple] = {}
    for side in ("subject_id", "object_id"):
        for rowid, n_docs, n_claims in store.conn.execute(
                f"SELECT e.rowid, e.n_docs, e.n_claims FROM edges e WHERE e.{side} = ? AND e.n_docs >= ?{pred_sql}"
                " ORDER BY e.n_docs DESC, e.n_claims DESC, e.rowid DESC LIMIT ?", (nid, min_sources, *(preds or []), n)):
            best[rowid] = (-n_docs, -n_claims, -rowid)
    top = sorted(best, key=best.__getitem__)[:n]
    if not top:
        return []
    rows = {r["_rowid"]: r for r in store.conn.execute(
        _EDGE_SELECT + f" WHERE e.rowid IN ({','.join('?' * len(top))})", top)}
    return [rows[i] for i in top if i in rows]


def ego(store: Store, ref: str, depth: int = 1, limit: int = 200, family: str | None = None, min_sources: int = 1) -> dict:
    """The entities and edges around one entity, breadth first, capped at `limit` edges."""
    if depth not in (1, 2):
        raise QueryError("depth must be 1 or 2")
    center = find_entity(store, ref)
    preds = _predicates(None, family)
    frontier, seen_nodes, out_edges, seen_edges = [center["id"]], {center["id"]: None}, [], set()
    truncated = False
    for _ in range(depth):
        nxt = []
        for nid in frontier:
            room = limit - len(out_edges)
            if room <= 0:
                truncated = True
                break
            # edges already taken come back too: ask for enough that `room` new ones show, and one more
            for r in _strongest_edges(store, nid, room + 1 + len(out_edges), min_sources, preds):
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
                        seen_nodes[other] = None
                        nxt.append(other)
        frontier = nxt
    nodes = []
    ids = list(seen_nodes)  # in the order they were reached, the center first
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found = {r["id"]: _entity_row(r) for r in store.conn.execute(
            f"SELECT * FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
        nodes += [found[x] for x in chunk if x in found]
    return {"center": center, "nodes": nodes, "edges": out_edges, "truncated": truncated}


def timeline(store: Store, ref: str) -> list[dict]:
    """The dated claims of an entity, oldest first."""
    eid = find_entity(store, ref)["id"]
    rows = store.conn.execute(
        CLAIM_SELECT + " WHERE (c.subject_id = ? OR c.object_id = ?) AND c.time_start IS NOT NULL"
        " ORDER BY c.time_start, c.predicate", (eid, eid)).fetchall()
    return [claim_dict(r) for r in rows]


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


SPONSOR_PREDICATES = ("supports", "funds", "arms", "trains", "commands", "founded")


def summary(store: Store, top: int = 10) -> dict:
    c = store.conn
    count = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
    by_pred = {r[0]: r[1] for r in c.execute(
        "SELECT predicate, COUNT(*) FROM claims WHERE negated = 0 GROUP BY predicate ORDER BY COUNT(*) DESC")}
    by_type = {r[0]: r[1] for r in c.execute("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")}
    # sponsor -> proxy: support of any kind, command and founding (not membership or leadership)
    sponsor = edges(store, predicate=",".join(SPONSOR_PREDICATES), limit=top)
    return {
        "documents": count("SELECT COUNT(*) FROM documents"),
        "entities": count("SELECT COUNT(*) FROM entities"),
        "entities_by_type": by_type,
        "claims": count("SELECT COUNT(*) FROM claims"),
        "claims_by_predicate": by_pred,
        "top_sponsor_links": sponsor,
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
