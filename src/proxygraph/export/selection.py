"""What an export covers, as SQL: one selection shared by every format.

A :class:`Selection` is built once from the command-line filters (entity and
its neighbourhood, predicates or families, minimum independent sources, year
range, hedged claims or not) and turned into a WHERE clause over ``claims c``
joined to its ``edges g`` row. The iterators below run that clause and yield
rows straight from an SQLite cursor: nothing is read with ``fetchall``, so an
export holds one row (or one document's worth of references) at a time.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ExportError
from ..model import FAMILIES, FAMILY_OF, PREDICATES
from ..query.views import claim_dict
from ..store import Store

# A claim's edge, for the independent-source count of its (s, p, o)
_FROM = """
FROM claims c
LEFT JOIN edges g ON g.subject_id = c.subject_id AND g.predicate = c.predicate AND g.object_id = c.object_id
"""

# Roles an entity plays across the whole store (not just the selection), so
# that its STIX type and FtM schema do not change with the export's filters.
# They are computed in SQL, per row, as a bit mask: nothing is kept in memory.
ROLE_BITS = ("designated", "authority", "hostile", "sponsored", "state-body")
_ROLE_TESTS = (
    "EXISTS (SELECT 1 FROM edges x WHERE x.object_id = {id} AND x.predicate = 'designated' AND x.n_docs > 0)",
    "EXISTS (SELECT 1 FROM edges x WHERE x.subject_id = {id} AND x.predicate = 'designated' AND x.n_docs > 0)",
    "EXISTS (SELECT 1 FROM edges x WHERE x.subject_id = {id} AND x.predicate IN ('attacked', 'killed') AND x.n_docs > 0)",
    "EXISTS (SELECT 1 FROM edges x WHERE x.object_id = {id}"
    " AND x.predicate IN ('supports', 'funds', 'arms', 'trains', 'commands') AND x.n_docs > 0)",
    "EXISTS (SELECT 1 FROM edges x JOIN entities p ON p.id = x.object_id"
    " WHERE x.subject_id = {id} AND x.predicate = 'part_of' AND p.type = 'GPE' AND x.n_docs > 0)",
)


def role_mask_sql(id_expr: str) -> str:
    """An SQL expression: the role bits (ROLE_BITS) of the entity whose id is ``id_expr``."""
    return "(" + " | ".join(f"({t.format(id=id_expr)} << {i})" for i, t in enumerate(_ROLE_TESTS)) + ")"


def roles_of(mask: int | None, kb_id: str | None, store: Store) -> list[str]:
    roles = [name for i, name in enumerate(ROLE_BITS) if (mask or 0) >> i & 1]
    entry = store.kb.get(kb_id) if kb_id else None
    if entry is not None and entry.authority and "authority" not in roles:
        roles.append("authority")  # the knowledge base marks designating bodies
    return roles


ENTITY_COLUMNS = f"""
  {role_mask_sql('e.id')} AS roles,
  (SELECT MIN(t) FROM (SELECT MIN(first_time) AS t FROM edges WHERE subject_id = e.id AND n_docs > 0
                       UNION ALL SELECT MIN(first_time) FROM edges WHERE object_id = e.id AND n_docs > 0)) AS first_time,
  (SELECT MAX(t) FROM (SELECT MAX(last_time) AS t FROM edges WHERE subject_id = e.id AND n_docs > 0
                       UNION ALL SELECT MAX(last_time) FROM edges WHERE object_id = e.id AND n_docs > 0)) AS last_time,
  (SELECT group_concat(name, '|') FROM (SELECT DISTINCT p.name FROM edges x JOIN entities p ON p.id = x.object_id
          WHERE x.subject_id = e.id AND x.predicate = 'operates_in' AND x.n_docs > 0 ORDER BY p.name)) AS operates_in
"""

ALIAS_PRIORITY = {"kb": 0, "import": 1, "aka": 2, "text": 3}


@dataclass(frozen=True)
class Selection:
    """The claims an export covers. Every field None/empty means "no filter"."""

    entity: str | None = None  # a resolved entity id
    depth: int = 1
    predicates: tuple[str, ...] | None = None
    min_sources: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    include_hedged: bool = True

    def describe(self) -> str:
        """A canonical one-line form, used in file metadata and the STIX bundle id."""
        bits = []
        if self.entity:
            bits.append(f"entity={self.entity}/depth={self.depth}")
        if self.predicates:
            bits.append("predicates=" + ",".join(self.predicates))
        if self.min_sources:
            bits.append(f"min_sources={self.min_sources}")
        if self.year_from is not None:
            bits.append(f"from={self.year_from}")
        if self.year_to is not None:
            bits.append(f"to={self.year_to}")
        if not self.include_hedged:
            bits.append("hedged=no")
        return " ".join(bits) or "all"

    # -- SQL ------------------------------------------------------------------
    def cte(self) -> tuple[str, list]:
        """The neighbourhood of the selected entity as a recursive CTE named ``hood``.

        Depth 1 is the entity itself (claims touching it); depth 2 adds its
        neighbours (claims touching any of them), as ``proxygraph serve``'s
        ego view does. The walk follows the edge summary under the same
        predicate and source filters; the year range applies to claims only.
        """
        if not self.entity:
            return "", []
        cond, args = ["g.n_docs >= ?"], [max(1, self.min_sources or 1)]
        if self.predicates:
            cond.append(f"g.predicate IN ({','.join('?' * len(self.predicates))})")
            args += list(self.predicates)
        cond = " AND ".join(cond)
        sql = (  # two recursive arms, so each walks an index (edges by subject, by object)
            "WITH RECURSIVE hood(id, d) AS (SELECT ?, 1"
            f" UNION SELECT g.object_id, h.d + 1 FROM hood h JOIN edges g ON g.subject_id = h.id WHERE h.d < ? AND {cond}"
            f" UNION SELECT g.subject_id, h.d + 1 FROM hood h JOIN edges g ON g.object_id = h.id WHERE h.d < ? AND {cond}) "
        )
        return sql, [self.entity, self.depth, *args, self.depth, *args]

    def where(self, negated: bool | None = None) -> tuple[str, list]:
        """The WHERE clause over ``claims c`` / ``edges g`` (without the keyword)."""
        where, args = [], []
        if self.entity:
            where.append("(c.subject_id IN (SELECT id FROM hood) OR c.object_id IN (SELECT id FROM hood))")
        if self.predicates:
            where.append(f"c.predicate IN ({','.join('?' * len(self.predicates))})")
            args += list(self.predicates)
        if self.min_sources:
            where.append("COALESCE(g.n_docs, 0) >= ?")
            args.append(self.min_sources)
        if self.year_from is not None:
            where.append("COALESCE(c.time_end, c.time_start) >= ?")
            args.append(f"{self.year_from:04d}")
        if self.year_to is not None:
            where.append("c.time_start < ?")
            args.append(f"{self.year_to + 1:04d}")
        if not self.include_hedged:
            where.append("c.hedged = 0")
        if negated is not None:
            where.append("c.negated = ?")
            args.append(int(negated))
        return (" AND ".join(where) or "1"), args


def make_selection(
    store: Store,
    entity: str | None = None,
    depth: int = 1,
    family: str | list[str] | tuple[str, ...] | None = None,
    predicate: str | list[str] | tuple[str, ...] | None = None,
    min_sources: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    include_hedged: bool = True,
) -> Selection:
    """Check the filters and resolve the entity reference (name, alias, id or QID)."""
    from ..query.views import find_entity

    def _split(v) -> list[str]:
        if v is None:
            return []
        items = v.split(",") if isinstance(v, str) else list(v)
        return [i.strip() for i in items if i and i.strip()]

    preds: list[str] | None = None
    if predicate:
        preds = _split(predicate)
        bad = [p for p in preds if p not in PREDICATES]
        if bad:
            raise ExportError(f"unknown predicate {bad[0]!r}; use one of: {', '.join(PREDICATES)}")
    if family:
        fams = _split(family)
        bad = [f for f in fams if f not in FAMILIES]
        if bad:
            raise ExportError(f"unknown predicate family {bad[0]!r}; use one of: {', '.join(FAMILIES)}")
        fam_preds = [p for f in fams for p in FAMILIES[f]]
        preds = [p for p in preds if p in fam_preds] if preds else fam_preds
        if not preds:
            raise ExportError(f"--predicate {predicate} is not in --family {family}: nothing would be exported")
    if depth not in (1, 2, 3):
        raise ExportError(f"--depth must be 1, 2 or 3, not {depth}")
    if min_sources is not None and min_sources < 1:
        raise ExportError("--min-sources must be at least 1")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ExportError(f"the year range {year_from}-{year_to} is empty; give --year-from before --year-to")
    eid = find_entity(store, entity)["id"] if entity else None
    return Selection(
        entity=eid, depth=depth, predicates=tuple(sorted(set(preds), key=PREDICATES.index)) if preds else None,
        min_sources=min_sources or None, year_from=year_from, year_to=year_to, include_hedged=include_hedged,
    )


# -- iterators -------------------------------------------------------------------

CLAIM_COLUMNS = """
SELECT c.*, s.name AS subject_name, s.type AS subject_type, s.qid AS subject_qid,
       o.name AS object_name, o.type AS object_type, o.qid AS object_qid,
       a.name AS attributed_name, a.type AS attributed_type,
       d.title AS doc_title, d.url AS doc_url, d.date AS doc_date, d.publisher AS doc_publisher,
       d.ingested_at AS doc_ingested_at, COALESCE(g.n_docs, 0) AS n_docs
"""

CLAIM_ROLE_COLUMNS = f"""
     , s.kb_id AS subject_kb_id, o.kb_id AS object_kb_id, a.kb_id AS attributed_kb_id,
       {role_mask_sql('c.subject_id')} AS subject_roles, {role_mask_sql('c.object_id')} AS object_roles,
       CASE WHEN c.attributed_to IS NULL THEN 0 ELSE {role_mask_sql('c.attributed_to')} END AS attributed_roles
"""

CLAIM_JOINS = """
JOIN entities s ON s.id = c.subject_id
JOIN entities o ON o.id = c.object_id
LEFT JOIN entities a ON a.id = c.attributed_to
JOIN documents d ON d.id = c.doc_id
"""


def _run(store: Store, sql: str, args: list) -> Iterator[sqlite3.Row]:
    try:
        cur = store.conn.execute(sql, args)
    except sqlite3.Error as exc:
        raise ExportError(f"{store.path}: could not read the store for export ({exc})") from exc
    try:
        yield from cur  # a cursor fetches lazily: one row at a time
    finally:
        cur.close()


def claim_record(r: sqlite3.Row, store: Store | None = None) -> dict:
    """A claim as the exporters see it: the shape of the query API's claims, plus QIDs.

    With ``store`` (and a row read with CLAIM_ROLE_COLUMNS) the subject, object
    and source also carry their ``roles``.
    """
    rec = claim_dict(r)
    if store is not None:
        for key, prefix in (("subject", "subject"), ("object", "object"), ("attributed_to", "attributed")):
            if rec[key] is not None:
                rec[key]["roles"] = roles_of(r[f"{prefix}_roles"], r[f"{prefix}_kb_id"], store)
    return rec


def iter_claims(store: Store, sel: Selection, negated: bool | None = None, roles: bool = False) -> Iterator[dict]:
    """Selected claims, grouped by document (oldest document first), then by position.

    ``roles=True`` adds the roles of the subject, object and source (what the
    STIX and FtM mappings need to name them) at the price of a few index
    lookups per claim.
    """
    cte, cargs = sel.cte()
    where, wargs = sel.where(negated)
    cols = CLAIM_COLUMNS + (CLAIM_ROLE_COLUMNS if roles else "")
    sql = (f"{cte}{cols}{_FROM}{CLAIM_JOINS} WHERE {where}"
           " ORDER BY d.date, c.doc_id, c.start, c.end, c.predicate, c.id")
    for r in _run(store, sql, cargs + wargs):
        yield claim_record(r, store if roles else None)


def iter_entities(store: Store, sel: Selection, negated: bool | None = None, attribution: bool = False) -> Iterator[dict]:
    """Every entity a selected claim names (as subject, object and, if asked, source), by id."""
    cte, cargs = sel.cte()
    where, wargs = sel.where(negated)
    parts = [f"SELECT c.subject_id {_FROM} WHERE {where}", f"SELECT c.object_id {_FROM} WHERE {where}"]
    args = wargs + wargs
    if attribution:
        parts.append(f"SELECT c.attributed_to {_FROM} WHERE c.attributed_to IS NOT NULL AND {where}")
        args += wargs
    sql = f"{cte}SELECT e.*, {ENTITY_COLUMNS} FROM entities e WHERE e.id IN ({' UNION '.join(parts)}) ORDER BY e.id"
    for r in _run(store, sql, cargs + args):
        yield entity_record(store, r)


def entity_aliases(store: Store, entity_id: str, name: str) -> list[dict]:
    """An entity's aliases, one per spelling key (KB first, then imports, AKAs, text), name excluded."""
    from ..resolve.normalize import norm

    # norm is lru-cached for ingest; an export must not fill that cache with every name in the store
    seen = {getattr(norm, "__wrapped__", norm)(name)}
    out = []
    rows = store.conn.execute("SELECT alias, norm, source FROM aliases WHERE entity_id = ?", (entity_id,))
    for alias, key, source in sorted(rows, key=lambda r: (ALIAS_PRIORITY.get(r[2], 9), r[0])):
        if key in seen:
            continue  # "The IRGC-QF's" adds nothing to "IRGC-QF"
        seen.add(key)
        out.append({"alias": alias, "source": source})
    return out


def entity_record(store: Store, r: sqlite3.Row) -> dict:
    return {
        "id": r["id"], "name": r["name"], "type": r["type"], "qid": r["qid"], "kb_id": r["kb_id"],
        "description": r["description"], "created_at": r["created_at"],
        "aliases": entity_aliases(store, r["id"], r["name"]),
        "roles": roles_of(r["roles"], r["kb_id"], store),
        "first_time": r["first_time"], "last_time": r["last_time"],
        "operates_in": (r["operates_in"] or "").split("|") if r["operates_in"] else [],
    }


def iter_edges(store: Store, sel: Selection) -> Iterator[dict]:
    """The selected, asserted claims summed up per (subject, predicate, object).

    The aggregation runs in SQLite, over the selected claims only: a year
    range or ``--exclude-hedged`` changes the counts, not just which edges
    appear. Denials are left out (they are no edge).
    """
    cte, cargs = sel.cte()
    where, wargs = sel.where(negated=False)
    sql = (
        f"{cte}SELECT c.subject_id, c.predicate, c.object_id, COUNT(*) AS n_claims, SUM(c.hedged) AS n_hedged,"
        " COUNT(DISTINCT c.doc_id) AS n_sources, MAX(c.confidence) AS confidence,"
        " MIN(c.time_start) AS first_time, MAX(COALESCE(c.time_end, c.time_start)) AS last_time,"
        " group_concat(DISTINCT c.doc_id) AS documents"
        f" {_FROM} WHERE {where} GROUP BY c.subject_id, c.predicate, c.object_id"
        " ORDER BY c.subject_id, c.predicate, c.object_id"
    )
    for r in _run(store, sql, cargs + wargs):
        yield {
            "subject_id": r["subject_id"], "predicate": r["predicate"], "object_id": r["object_id"],
            "family": FAMILY_OF.get(r["predicate"], r["predicate"]),
            "n_claims": r["n_claims"], "n_hedged": r["n_hedged"], "n_sources": r["n_sources"],
            "hedged": r["n_claims"] > 0 and r["n_hedged"] == r["n_claims"],
            "confidence": r["confidence"],
            "first_time": r["first_time"], "last_time": r["last_time"],
            "documents": sorted((r["documents"] or "").split(",")) if r["documents"] else [],
        }
