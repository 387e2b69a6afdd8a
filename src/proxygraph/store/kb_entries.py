"""Knowledge-base entries imported into a store, merged over the bundled knowledge base.

``proxygraph import`` writes rows to the ``kb_entries`` table (schema v2);
``Store.kb`` calls :func:`merge_imported` so that extraction into that store
recognises the imported actors and their aliases. The rules:

- an imported entry whose QID an existing entry carries adds its name and
  aliases to that entry; it never becomes a second entry;
- an imported entry whose id an existing entry has adds to it too, unless
  both carry QIDs and they differ: two different QIDs are never merged (the
  import is then kept apart under a suffixed id);
- a QID brought by an import is given to the entry it merged into if that
  entry had none and no other entry holds it;
- anything else is a new entry.

The bundled knowledge base is shared (cached), so merging works on copies.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from ..errors import ResolveError
from ..model import ENTITY_TYPES
from ..resolve.knowledge_base import KBEntry, KnowledgeBase


def imported_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    try:
        return conn.execute(
            "SELECT id, name, type, qid, aliases, source FROM kb_entries ORDER BY imported_at, id").fetchall()
    except sqlite3.OperationalError:  # a store from before schema v2, opened read-only
        return []


def merge_imported(base: KnowledgeBase, conn: sqlite3.Connection) -> KnowledgeBase:
    rows = imported_rows(conn)
    if not rows:
        return base
    entries = {e.id: replace(e, aliases=list(e.aliases), demonyms=list(e.demonyms)) for e in base}
    by_qid = {e.qid: e.id for e in entries.values() if e.qid}
    for r in rows:
        try:
            aliases = [str(a) for a in json.loads(r["aliases"] or "[]")]
        except (TypeError, ValueError) as exc:
            raise ResolveError(f"kb_entries row {r['id']!r}: aliases are not a JSON list ({exc})") from exc
        qid = r["qid"] or None
        target = by_qid.get(qid) if qid else None
        if target is None and r["id"] in entries:
            same = entries[r["id"]]
            if not (qid and same.qid and same.qid != qid):
                target = same.id
        if target is not None:
            entry = entries[target]
            for name in (r["name"], *aliases):
                if name and name != entry.name and name not in entry.aliases:
                    entry.aliases.append(name)
            if qid and not entry.qid and qid not in by_qid:
                entry.qid = qid
                by_qid[qid] = entry.id
            continue
        if r["type"] not in ENTITY_TYPES:
            raise ResolveError(f"kb_entries row {r['id']!r} has type {r['type']!r}; use one of {', '.join(ENTITY_TYPES)}")
        eid = r["id"]
        if eid in entries:  # same id, different QID: keep both
            eid = f"{eid}-{qid.lower()}"
        entries[eid] = KBEntry(id=eid, name=r["name"], type=r["type"], qid=qid,
                               aliases=[a for a in dict.fromkeys(aliases) if a != r["name"]])
        if qid:
            by_qid[qid] = eid
    return KnowledgeBase(list(entries.values()), source=f"{base.source} + {len(rows)} imported entries")
