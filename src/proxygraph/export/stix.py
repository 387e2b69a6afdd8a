"""STIX 2.1: one bundle, written object by object.

Entities become ``identity``, ``threat-actor`` or ``location`` objects (by
type and by the roles they play in the store), each source document a
``report`` that references what it supports, and each claim a
``relationship`` (or, for a denial, a ``note``) carrying its confidence,
time, evidence sentence and document. Ids are UUIDv5 over a fixed proxygraph
namespace and the store's own stable ids, so the same store always exports
the same ids. The mapping is documented in docs/export.md.

The bundle is streamed: ``{"type": "bundle", ..., "objects": [`` first, then
one ``json.dumps`` per object, then ``]}``. No Bundle object is built.
"""
from __future__ import annotations

import calendar
import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone

from .base import Exporter, Record
from .places import place_of
from .selection import iter_claims, iter_entities

# uuid5(NAMESPACE_URL, "https://proxygraph.dev/ns/stix"); never change it: ids derive from it
NAMESPACE = uuid.UUID("ef86941f-d138-54c8-9ff7-8a93317fc9ec")

# Where STIX 2.1 has a relationship type for a predicate it is used; otherwise a
# custom type, prefixed so that nobody mistakes it for a standard one. Every
# relationship also carries the exact predicate in x_proxygraph_predicate.
RELATIONSHIP_TYPES = {
    "attacked": "targets",
    "operates_in": "located-at",
    "leads": "x-proxygraph-leads",
    "member_of": "x-proxygraph-member-of",
    "part_of": "x-proxygraph-part-of",
    "commands": "x-proxygraph-commands",
    "supports": "x-proxygraph-supports",
    "funds": "x-proxygraph-funds",
    "arms": "x-proxygraph-arms",
    "trains": "x-proxygraph-trains",
    "founded": "x-proxygraph-founded",
    "allied_with": "x-proxygraph-allied-with",
    "opposes": "x-proxygraph-opposes",
    "killed": "x-proxygraph-killed",
    "designated": "x-proxygraph-designated",
    "succeeded": "x-proxygraph-succeeded",
}

PRODUCER_ID = "identity--" + str(uuid.uuid5(NAMESPACE, "producer:proxygraph"))
PRODUCER = {
    "type": "identity", "spec_version": "2.1", "id": PRODUCER_ID,
    "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z",
    "name": "proxygraph", "identity_class": "system",
    "description": "Claims read from text by proxygraph; each relationship cites its evidence sentence and document.",
}

# The x_proxygraph_* (and x_opencti_*) properties sit at the top level of the
# objects, declared by this extension definition as STIX 2.1 asks.
EXTENSION_ID = "extension-definition--" + str(uuid.uuid5(NAMESPACE, "extension:proxygraph-properties:1"))
EXTENSION_PROPERTIES = sorted([
    "x_proxygraph_id", "x_proxygraph_type", "x_proxygraph_roles", "x_proxygraph_aliases",
    "x_proxygraph_claim_id", "x_proxygraph_predicate", "x_proxygraph_family", "x_proxygraph_hedged",
    "x_proxygraph_negated", "x_proxygraph_attributed_to_ref", "x_proxygraph_time", "x_proxygraph_quantity",
    "x_proxygraph_evidence", "x_proxygraph_evidence_start", "x_proxygraph_evidence_end",
    "x_proxygraph_document_ref", "x_proxygraph_document_id", "x_proxygraph_document_date", "x_proxygraph_rule",
    "x_proxygraph_sources", "x_opencti_aliases", "x_opencti_location_type",
])
EXTENSION = {
    "type": "extension-definition", "spec_version": "2.1", "id": EXTENSION_ID,
    "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z", "created_by_ref": PRODUCER_ID,
    "name": "proxygraph claim and entity properties",
    "description": "Top-level properties proxygraph adds: the store's entity ids, types and roles, alias provenance, "
                   "and for every claim its predicate, hedging, negation, attribution, time, quantity, evidence "
                   "sentence with character offsets, source document and independent-source count.",
    "schema": "proxygraph docs/export.md, section 'STIX 2.1' (x_proxygraph_* properties)",
    "version": "1.0.0",
    "extension_types": ["toplevel-property-extension"],
    "extension_properties": EXTENSION_PROPERTIES,
}
USES_EXTENSION = {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def stix_uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def stix_type(entity: dict) -> str:
    """identity, threat-actor or location, by entity type and role (docs/export.md)."""
    roles = set(entity.get("roles") or ())
    etype = entity["type"]
    if etype in ("GPE", "LOC"):
        return "location"
    if "authority" in roles:
        return "identity"
    if etype == "PERSON":
        return "threat-actor" if roles & {"designated", "hostile"} else "identity"
    return "threat-actor" if roles & {"designated", "hostile", "sponsored"} else "identity"


def entity_ref(entity: dict) -> str:
    return f"{stix_type(entity)}--{stix_uuid('entity', entity['id'])}"


def timestamp(value: str | None) -> str | None:
    """A stored ISO time ("2024-05-01T12:00:00+00:00") as a STIX timestamp with milliseconds."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return period_start(value)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _period(value: str | None) -> tuple[date, date] | None:
    m = _PARTIAL_DATE.match(value or "")
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if d:
            first = last = date(y, mo, d)
        elif mo:
            first, last = date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        else:
            first, last = date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return first, last


def period_start(value: str | None) -> str | None:
    """"2007" -> 2007-01-01T00:00:00.000Z; None when the value is not a (partial) ISO date."""
    p = _period(value)
    return p[0].strftime("%Y-%m-%dT00:00:00.000Z") if p else None


def period_end(value: str | None) -> str | None:
    """"2007" -> 2007-12-31T23:59:59.999Z."""
    p = _period(value)
    return p[1].strftime("%Y-%m-%dT23:59:59.999Z") if p else None


def _without_empty(obj: dict) -> dict:
    """STIX forbids empty lists and strings; drop them (and Nones), and declare the extension if used."""
    obj = {k: v for k, v in obj.items() if v is not None and v != [] and v != ""}
    if any(k.startswith("x_") for k in obj):
        obj["extensions"] = USES_EXTENSION
    return obj


def wikidata_reference(qid: str) -> dict:
    return {"source_name": "wikidata", "external_id": qid, "url": f"https://www.wikidata.org/wiki/{qid}"}


def entity_object(entity: dict) -> dict:
    stype = stix_type(entity)
    created = timestamp(entity.get("created_at")) or PRODUCER["created"]
    aliases = [a["alias"] for a in entity.get("aliases") or ()]
    obj = {
        "type": stype, "spec_version": "2.1", "id": entity_ref(entity),
        "created": created, "modified": created, "created_by_ref": PRODUCER_ID,
        "name": entity["name"],
        "description": entity.get("description") or None,
    }
    if stype == "identity":
        obj["identity_class"] = "individual" if entity["type"] == "PERSON" else "organization"
        obj["x_opencti_aliases"] = aliases
    elif stype == "threat-actor":
        roles = set(entity.get("roles") or ())
        obj["aliases"] = aliases
        obj["resource_level"] = ("individual" if entity["type"] == "PERSON"
                                 else "government" if "state-body" in roles else "organization")
        first, last = period_start(entity.get("first_time")), period_start(entity.get("last_time"))
        if first and last and last >= first:
            obj["first_seen"], obj["last_seen"] = first, last
    else:  # location
        place = place_of(entity["name"], aliases)
        if place is not None:
            obj["country"] = place.country.upper() if place.country else None
            obj["region"] = place.region
            if place.kind == "city":
                obj["city"] = entity["name"]
            obj["x_opencti_location_type"] = {"country": "Country", "city": "City", "region": "Region"}[place.kind]
        else:
            obj["region"] = "unknown"  # STIX needs a region, country or coordinates; the store has none
        obj["x_opencti_aliases"] = aliases
    obj["external_references"] = [wikidata_reference(entity["qid"])] if entity.get("qid") else None
    obj["x_proxygraph_id"] = entity["id"]
    obj["x_proxygraph_type"] = entity["type"]
    obj["x_proxygraph_roles"] = list(entity.get("roles") or ())
    # where each alias came from (kb, import, aka, text), for review
    obj["x_proxygraph_aliases"] = [{"alias": a["alias"], "source": a["source"]} for a in entity.get("aliases") or ()]
    return _without_empty(obj)


class StixExporter(Exporter):
    name = "stix"
    extension = "json"
    description = "STIX 2.1 bundle (identities, threat actors, locations, reports, relationships)"

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        self._doc: dict | None = None
        self._doc_refs: set[str] = set()
        self._started = False

    # -- what is fed in ---------------------------------------------------------
    def records(self) -> Iterator[Record]:
        for e in iter_entities(self.store, self.selection, attribution=True):
            yield Record("entity", e)
        for c in iter_claims(self.store, self.selection, roles=True):
            yield Record("claim", c)

    # -- writing ------------------------------------------------------------------
    def _begin(self) -> None:
        c = self.store.conn
        n_docs, last, n_claims = c.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(ingested_at) FROM documents),"
            " (SELECT COUNT(*) FROM claims)").fetchone()
        bundle_id = "bundle--" + stix_uuid("bundle", f"{n_docs}|{last}|{n_claims}|{self.selection.describe()}")
        self.fh.write('{"type": "bundle", "id": "%s", "objects": [\n' % bundle_id)
        self._started = True
        self._emit(PRODUCER, first=True)
        self._emit(EXTENSION)

    def _emit(self, obj: dict, first: bool = False) -> None:
        if not first:
            self.fh.write(",\n")
        self.fh.write(json.dumps(obj, ensure_ascii=False, sort_keys=False))
        self.counts[obj["type"]] += 1

    def write(self, record: Record) -> None:
        if not self._started:
            self._begin()
        if record.kind == "entity":
            self._emit(entity_object(record.data))
        elif record.kind == "claim":
            c = record.data
            if self._doc is not None and self._doc["id"] != c["document"]["id"]:
                self._flush_report()
            self._doc = c["document"]
            obj = self._denial(c) if c["negated"] else self._relationship(c)
            self._emit(obj)
            self._doc_refs.update((obj["id"], entity_ref(c["subject"]), entity_ref(c["object"])))
            if c["attributed_to"]:
                self._doc_refs.add(entity_ref(c["attributed_to"]))

    def finalize(self) -> None:
        if not self._started:
            self._begin()
        if self._doc is not None:
            self._flush_report()
        self.fh.write("\n]}\n")
        self.fh.flush()

    # -- objects ------------------------------------------------------------------
    def _report_ref(self, doc: dict) -> str:
        return "report--" + stix_uuid("document", doc["id"])

    def _claim_common(self, c: dict) -> dict:
        created = timestamp(c["document"].get("ingested_at")) or PRODUCER["created"]
        doc = c["document"]
        ref = {"source_name": doc.get("publisher") or "proxygraph document", "external_id": doc["id"],
               "description": f"evidence at characters {c['start']}-{c['end']} of document {doc['id']}"}
        if doc.get("url"):
            ref["url"] = doc["url"]
        att = c.get("attributed_to")
        return {
            "spec_version": "2.1", "created": created, "modified": created, "created_by_ref": PRODUCER_ID,
            "external_references": [ref],
            "x_proxygraph_claim_id": c["id"],
            "x_proxygraph_predicate": c["predicate"],
            "x_proxygraph_family": c["family"],
            "x_proxygraph_hedged": c["hedged"],
            "x_proxygraph_negated": c["negated"],
            "x_proxygraph_attributed_to_ref": entity_ref(att) if att else None,
            "x_proxygraph_time": c["time"],
            "x_proxygraph_quantity": c["quantity"],
            "x_proxygraph_evidence": c["evidence"],
            "x_proxygraph_evidence_start": c["start"],
            "x_proxygraph_evidence_end": c["end"],
            "x_proxygraph_document_ref": self._report_ref(doc),
            "x_proxygraph_document_date": doc.get("date"),
            "x_proxygraph_rule": c["rule"],
            "x_proxygraph_sources": c["n_docs"],
        }

    def _relationship(self, c: dict) -> dict:
        obj = {
            "type": "relationship", "id": "relationship--" + stix_uuid("claim", c["id"]),
            "relationship_type": RELATIONSHIP_TYPES.get(c["predicate"], "related-to"),
            "source_ref": entity_ref(c["subject"]),
            "target_ref": entity_ref(c["object"]),
            "description": c["evidence"],
            "confidence": max(0, min(100, round((c["confidence"] or 0) * 100))),
        }
        start = period_start(c["time_start"])
        if start:
            obj["start_time"] = start
            stop = period_end(c["time_end"]) if c["time_end"] else None
            if stop and stop > start:
                obj["stop_time"] = stop
        obj.update(self._claim_common(c))
        return _without_empty(obj)

    def _denial(self, c: dict) -> dict:
        """A denied claim asserts no relationship; it is kept as a note on both entities."""
        obj = {
            "type": "note", "id": "note--" + stix_uuid("claim", c["id"]),
            "abstract": f"Denied: {c['subject']['name']} {c['predicate']} {c['object']['name']}",
            "content": c["evidence"],
            "object_refs": [entity_ref(c["subject"]), entity_ref(c["object"]), self._report_ref(c["document"])],
            "confidence": max(0, min(100, round((c["confidence"] or 0) * 100))),
        }
        obj.update(self._claim_common(c))
        return _without_empty(obj)

    def _flush_report(self) -> None:
        doc = self._doc
        created = timestamp(doc.get("ingested_at")) or PRODUCER["created"]
        ref = {"source_name": doc.get("publisher") or "proxygraph document", "external_id": doc["id"]}
        if doc.get("url"):
            ref["url"] = doc["url"]
        obj = {
            "type": "report", "spec_version": "2.1", "id": self._report_ref(doc),
            "created": created, "modified": created, "created_by_ref": PRODUCER_ID,
            "name": doc.get("title") or doc["id"],
            "published": period_start(doc.get("date")) or created,
            "report_types": ["threat-report"],
            "object_refs": sorted(self._doc_refs),
            "external_references": [ref],
            "x_proxygraph_document_id": doc["id"],
            "x_proxygraph_document_date": doc.get("date"),
        }
        self._emit(_without_empty(obj))
        self._doc, self._doc_refs = None, set()
