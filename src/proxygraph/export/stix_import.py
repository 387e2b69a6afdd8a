"""Seed the knowledge base from a STIX 2.x bundle (an OpenCTI export, a proxygraph export...).

Identities (individuals, organisations), threat actors, intrusion sets and
locations become knowledge-base entries stored in the ``kb_entries`` table,
with their ``aliases`` / ``x_opencti_aliases`` and a Wikidata QID when an
external reference carries one. ``Store.kb`` merges them over the bundled
knowledge base, so the next ingest recognises them. An object naming an
actor already known (same QID; or, without a conflicting QID, the same name
and type) adds its names to that entry instead, and to the stored entity as
aliases with source ``import``. Everything happens in one transaction: a
failed import leaves the store as it was.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExportError, StoreError
from ..model import ENTITY_TYPES
from ..resolve.normalize import norm, slug
from ..resolve.resolver import now
from ..store import Store

IMPORTED_TYPES = ("identity", "threat-actor", "intrusion-set", "location")
_QID = re.compile(r"^Q[1-9]\d*$")
_WIKIDATA_URL = re.compile(r"wikidata\.org/(?:wiki|entity)/(Q[1-9]\d*)")


@dataclass
class ImportReport:
    path: str
    objects: int = 0  # objects in the bundle
    entries: int = 0  # actors read from it
    new: int = 0  # new knowledge-base entries
    merged: int = 0  # added to an entry already known (by QID or by name)
    aliases: int = 0  # alias rows added to entities already in the store
    qids: int = 0  # QIDs given to stored entities that had none
    skipped: Counter = field(default_factory=Counter)  # object type (or reason) -> count

    def as_dict(self) -> dict:
        return {"path": self.path, "objects": self.objects, "entries": self.entries, "new": self.new,
                "merged": self.merged, "aliases": self.aliases, "qids": self.qids, "skipped": dict(self.skipped)}


@dataclass
class Actor:
    stix_id: str
    name: str
    type: str
    qid: str | None
    aliases: list[str]
    proxygraph_id: str | None = None


# -- reading -------------------------------------------------------------------------

def read_bundle(path: str | Path) -> list[dict]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ExportError(f"{p}: cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ExportError(f"{p}: not a STIX bundle: the file is not UTF-8 text") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"{p}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                          "give a STIX 2.1 bundle such as an OpenCTI export") from exc
    if not isinstance(data, dict) or data.get("type") != "bundle":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise ExportError(f"{p}: not a STIX bundle (expected an object with \"type\": \"bundle\", found {found!r})")
    objects = data.get("objects", [])
    if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
        raise ExportError(f"{p}: not a STIX bundle: \"objects\" must be a list of objects")
    return objects


def qid_of(obj: dict) -> str | None:
    """A Wikidata QID from the object's external references, if it names one."""
    for ref in obj.get("external_references") or ():
        if not isinstance(ref, dict):
            continue
        ext = str(ref.get("external_id") or "").strip()
        if "wikidata" in str(ref.get("source_name") or "").lower() and _QID.match(ext):
            return ext
        m = _WIKIDATA_URL.search(str(ref.get("url") or ""))
        if m:
            return m[1]
    return None


def entity_type(obj: dict) -> str | None:
    """PERSON, ORG, GPE or LOC for a STIX object, or None when it is no actor or place (a sector, a system)."""
    if obj.get("x_proxygraph_type") in ENTITY_TYPES:
        return obj["x_proxygraph_type"]
    kind = obj.get("type")
    opencti = str(obj.get("x_opencti_type") or "").lower()
    if kind == "identity":
        cls = str(obj.get("identity_class") or "").lower()
        if opencti in ("sector", "system", "event"):
            return None
        if cls == "individual" or opencti == "individual":
            return "PERSON"
        if cls in ("organization", "group") or opencti == "organization":
            return "ORG"
        return None
    if kind == "threat-actor":
        individual = opencti == "threat-actor-individual" or obj.get("resource_level") == "individual"
        return "PERSON" if individual else "ORG"
    if kind == "intrusion-set":
        return "ORG"
    if kind == "location":
        loc = str(obj.get("x_opencti_location_type") or "").lower()
        if loc in ("country", "city", "administrative-area"):
            return "GPE"
        if loc in ("region", "position"):
            return "LOC"
        if (obj.get("country") or obj.get("city") or obj.get("administrative_area")) and not obj.get("street_address"):
            return "GPE"
        return "LOC"
    return None


def _names(obj: dict) -> list[str]:
    out: list[str] = []
    for key in ("aliases", "x_opencti_aliases", "x_mitre_aliases"):
        vals = obj.get(key) or ()
        out += [str(v) for v in vals if isinstance(v, str)] if isinstance(vals, list) else []
    for a in obj.get("x_proxygraph_aliases") or ():
        if isinstance(a, dict) and isinstance(a.get("alias"), str):
            out.append(a["alias"])
    return out


def actors(objects: list[dict], report: ImportReport) -> list[Actor]:
    out = []
    for obj in objects:
        kind = obj.get("type")
        if kind not in IMPORTED_TYPES:
            report.skipped[str(kind)] += 1
            continue
        etype = entity_type(obj)
        name = " ".join(str(obj.get("name") or "").split())
        if etype is None or not name:
            report.skipped[f"{kind} ({'no name' if not name else 'not an actor or place'})"] += 1
            continue
        aliases = []
        seen = {norm(name)}
        for a in _names(obj):
            a = " ".join(a.split())
            if a and norm(a) and norm(a) not in seen:
                seen.add(norm(a))
                aliases.append(a)
        out.append(Actor(str(obj.get("id") or ""), name, etype, qid_of(obj), aliases,
                         str(obj["x_proxygraph_id"]) if obj.get("x_proxygraph_id") else None))
    return out


# -- writing -------------------------------------------------------------------------

class _Importer:
    def __init__(self, store: Store, source: str, report: ImportReport):
        self.store = store
        self.conn = store.conn
        self.kb = store.kb
        self.source = source
        self.report = report
        # what this import has added so far (the merged KB is rebuilt only at the end)
        self.rows: dict[str, dict] = {r["id"]: dict(r) for r in self.conn.execute("SELECT * FROM kb_entries")}
        self.by_qid: dict[str, str] = {r["qid"]: i for i, r in self.rows.items() if r["qid"]}
        self.by_name: dict[str, set[str]] = {}  # norm(name or alias) -> kb_entries ids
        for i, r in self.rows.items():
            self._index(i, [r["name"], *json.loads(r["aliases"])])

    def _index(self, row_id: str, names) -> None:
        for n in names:
            self.by_name.setdefault(norm(n), set()).add(row_id)

    def _kb_entry_for(self, a: Actor) -> str | None:
        """The knowledge-base entry (bundled or imported) this actor is, if any."""
        if a.qid:
            hit = self.by_qid.get(a.qid) or (e.id if (e := self.kb.by_qid(a.qid)) else None)
            if hit:
                return hit
        candidates: dict[str, int] = {}
        for weight, form in [(2, a.name), *((1, x) for x in a.aliases)]:
            key = norm(form)
            for eid in set(self.kb.exact_keys().get(key, ())) | self.by_name.get(key, set()):
                e = self.kb.get(eid)
                etype, eqid = (e.type, e.qid) if e is not None else (self.rows[eid]["type"], self.rows[eid]["qid"])
                if eid in self.rows and self.rows[eid]["qid"]:
                    eqid = eqid or self.rows[eid]["qid"]
                if etype == a.type and not (a.qid and eqid and eqid != a.qid):
                    candidates[eid] = candidates.get(eid, 0) + weight
        return self._best(candidates)

    @staticmethod
    def _best(candidates: dict[str, int]) -> str | None:
        if not candidates:
            return None
        ranked = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None  # ambiguous: better a new entry than a wrong merge
        return ranked[0][0]

    def _stored_entity_for(self, a: Actor, entry_id: str | None) -> str | None:
        c = self.conn
        if entry_id and c.execute("SELECT 1 FROM entities WHERE id = ?", (entry_id,)).fetchone():
            return entry_id
        if a.qid:
            row = c.execute("SELECT id FROM entities WHERE qid = ?", (a.qid,)).fetchone()
            if row:
                return row[0]
        if entry_id:
            return None  # a known KB actor not yet seen in text: nothing stored to add to
        candidates: dict[str, int] = {}
        for weight, form in [(2, a.name), *((1, x) for x in a.aliases)]:
            for eid, qid in c.execute(
                    "SELECT DISTINCT e.id, e.qid FROM aliases al JOIN entities e ON e.id = al.entity_id"
                    " WHERE al.norm = ? AND e.type = ?", (norm(form), a.type)):
                if not (a.qid and qid and qid != a.qid):
                    candidates[eid] = candidates.get(eid, 0) + weight
        return self._best(candidates)

    def _new_id(self, a: Actor) -> str:
        taken = lambda i: (i in self.rows or self.kb.get(i) is not None  # noqa: E731
                           or self.conn.execute("SELECT 1 FROM entities WHERE id = ?", (i,)).fetchone() is not None)
        if a.proxygraph_id and not taken(a.proxygraph_id):
            return a.proxygraph_id
        base = slug(a.name)
        eid = base if not taken(base) else f"{base}-{a.type.lower()}"
        n = 2
        while taken(eid):
            eid = f"{base}-{n}"
            n += 1
        return eid

    def add(self, a: Actor) -> None:
        entry_id = self._kb_entry_for(a)
        entity_id = self._stored_entity_for(a, entry_id)
        row_id = entry_id or entity_id or self._new_id(a)
        row = self.rows.get(row_id)
        if row is None:
            kb_entry = self.kb.get(row_id)
            row = {"id": row_id, "name": kb_entry.name if kb_entry else a.name,
                   "type": kb_entry.type if kb_entry else a.type, "qid": a.qid, "aliases": "[]",
                   "source": self.source, "imported_at": now()}
            if entry_id or entity_id:
                self.report.merged += 1
            else:
                self.report.new += 1
        else:
            self.report.merged += 1
        names = json.loads(row["aliases"])
        for n in (a.name, *a.aliases):
            if n != row["name"] and n not in names:
                names.append(n)
        row["aliases"] = json.dumps(names, ensure_ascii=False)
        if a.qid and not row["qid"] and a.qid not in self.by_qid:
            row["qid"] = a.qid
        if row["qid"]:
            self.by_qid.setdefault(row["qid"], row_id)
        self.rows[row_id] = row
        self._index(row_id, [row["name"], *names])
        self.conn.execute(
            "INSERT INTO kb_entries (id, name, type, qid, aliases, source, imported_at) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET qid = excluded.qid, aliases = excluded.aliases",
            (row["id"], row["name"], row["type"], row["qid"], row["aliases"], row["source"], row["imported_at"]))
        if entity_id:
            self._add_to_entity(entity_id, a)

    def _add_to_entity(self, entity_id: str, a: Actor) -> None:
        before = self.conn.total_changes
        for n in (a.name, *a.aliases):
            self.store.resolver.add_alias(entity_id, n, "import", None)
        self.report.aliases += self.conn.total_changes - before
        if a.qid:
            cur = self.conn.execute(
                "UPDATE entities SET qid = ? WHERE id = ? AND qid IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM entities WHERE qid = ?)", (a.qid, entity_id, a.qid))
            self.report.qids += cur.rowcount


def import_stix(store: Store, path: str | Path, source: str | None = None) -> ImportReport:
    """Add the actors of a STIX bundle to the store's knowledge base; see the module doc."""
    if store.readonly:
        raise StoreError(f"{store.path}: opened read-only; importing needs a writable store")
    report = ImportReport(str(path))
    objects = read_bundle(path)
    report.objects = len(objects)
    found = actors(objects, report)
    report.entries = len(found)
    source = source or f"stix:{Path(path).name}"
    try:
        with store.transaction(f"import {path}"):
            importer = _Importer(store, source, report)
            for a in found:
                importer.add(a)
    finally:
        # the knowledge base and the resolver's view changed (or were rolled back): rebuild on next use
        store._kb_merged = None
        store._resolver = None
    return report
