"""FollowTheMoney: one JSON entity per line, loadable by ``followthemoney`` / Aleph / nomenklatura.

Entities become Person, Organization or PublicBody (states and state
bodies), or Address (places that are not countries). Claims become
interval entities: ``leads``, ``member_of`` and ``part_of`` a Membership
with a role and dates, ``designated`` a Sanction with its authority, date
and programme, everything else an UnknownLink whose role is the predicate.
Denied claims are left out; hedged ones carry ``status: alleged``. The
choices are documented in docs/export.md.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import lru_cache

from ..errors import missing_extra
from .base import Exporter, Record
from .places import place_of
from .selection import iter_claims, iter_entities

_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_PROGRAMS = re.compile(r"\b(E\.\s?O\.|Executive Order)\s?(\d{5})\b")

MEMBERSHIP_ROLES = {"leads": "leader", "member_of": "member", "part_of": "part of"}
LINK_ROLES = {
    "commands": "commands", "supports": "supports", "funds": "funds", "arms": "arms", "trains": "trains",
    "founded": "founded", "allied_with": "allied with", "opposes": "opposes", "attacked": "attacked",
    "killed": "killed", "operates_in": "operates in", "succeeded": "succeeded",
}


def _model():
    try:
        from followthemoney import model
    except ImportError as exc:  # pragma: no cover - the export extra is missing
        raise missing_extra("followthemoney", "export") from exc
    return model


def ftm_id(kind: str, key: str) -> str:
    """A readable, valid and collision-free FtM id: pg-<entity id>, pg-claim-<claim id>."""
    raw = f"pg-{key}" if kind == "entity" else f"pg-{kind}-{key}"
    if _FTM_ID.match(raw) and len(raw) <= 180:
        return raw
    safe = re.sub(r"[^0-9a-zA-Z.\-]+", "-", raw).strip("-.")[:120]
    return f"{safe}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def ftm_schema(entity: dict) -> str:
    roles = set(entity.get("roles") or ())
    etype = entity["type"]
    if etype == "PERSON":
        return "Person"
    if etype == "ORG":
        return "PublicBody" if roles & {"authority", "state-body"} else "Organization"
    place = place_of(entity["name"])
    if etype == "GPE" and (place is None or place.kind == "country"):
        return "PublicBody"  # a state as a political actor ("the Iranian regime" is Iran)
    return "Address"


@lru_cache(maxsize=1)
def _role_nouns() -> dict[str, list[str]]:
    """Role nouns from the extractor's lexicon (leads / member_of), longest first."""
    import yaml

    from ..resolve.knowledge_base import DATA

    try:
        raw = yaml.safe_load((DATA / "lexicons" / "roles.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        raw = {}
    return {p: sorted({str(w) for w in raw.get(p) or ()}, key=len, reverse=True) for p in ("leads", "member_of")}


class FtmExporter(Exporter):
    name = "ftm"
    extension = "ftm.json"
    description = "FollowTheMoney entities, one JSON object per line"

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        self.model = _model()

    def records(self) -> Iterator[Record]:
        for e in iter_entities(self.store, self.selection, negated=False):
            yield Record("entity", e)
        for c in iter_claims(self.store, self.selection, negated=False, roles=True):
            yield Record("claim", c)

    def _emit(self, proxy) -> None:
        self.fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        self.counts[proxy.schema.name] += 1

    def write(self, record: Record) -> None:
        if record.kind == "entity":
            self._emit(self._entity(record.data))
        else:
            self._emit(self._claim(record.data))

    def finalize(self) -> None:
        self.fh.flush()

    # -- entities -------------------------------------------------------------------
    def _entity(self, e: dict):
        schema = ftm_schema(e)
        proxy = self.model.make_entity(schema)
        proxy.id = ftm_id("entity", e["id"])
        aliases = [a["alias"] for a in e["aliases"]]
        proxy.add("name", e["name"])
        proxy.add("alias", aliases)
        if e.get("qid"):
            proxy.add("wikidataId", e["qid"])
        if e.get("description"):
            proxy.add("description", e["description"])
        if "designated" in e["roles"]:
            proxy.add("topics", "sanction")
        place = place_of(e["name"]) if e["type"] in ("GPE", "LOC") else None
        if schema == "Address":
            proxy.add("full", e["name"])
            if place is not None and place.kind == "city":
                proxy.add("city", e["name"])
        if place is not None and place.country:
            proxy.add("country", place.country)
            if schema == "PublicBody":
                proxy.add("jurisdiction", place.country)
                proxy.add("topics", "gov.national")
        for other in e.get("operates_in") or ():
            # where it operates, as FtM's "associated countries"
            p = place_of(other)
            if p is not None and p.country and schema != "Address":
                proxy.add("country", p.country)
        return proxy

    # -- claims ---------------------------------------------------------------------
    def _claim(self, c: dict):
        pred = c["predicate"]
        s_schema, o_schema = ftm_schema(c["subject"]), ftm_schema(c["object"])
        s_id, o_id = ftm_id("entity", c["subject"]["id"]), ftm_id("entity", c["object"]["id"])
        legal = {"Person", "Organization", "PublicBody"}
        if pred in MEMBERSHIP_ROLES and s_schema in legal and o_schema in {"Organization", "PublicBody"}:
            proxy = self.model.make_entity("Membership")
            proxy.add("member", s_id)
            proxy.add("organization", o_id)
            proxy.add("role", self._role_title(c) or MEMBERSHIP_ROLES[pred])
        elif pred == "designated":
            proxy = self.model.make_entity("Sanction")
            proxy.add("entity", o_id)
            proxy.add("authority", c["subject"]["name"])
            proxy.add("program", sorted({f"E.O. {m[2]}" for m in _PROGRAMS.finditer(c["evidence"])}))
            if c["time_start"]:
                proxy.add("listingDate", c["time_start"])
        else:
            proxy = self.model.make_entity("UnknownLink")
            proxy.add("subject", s_id)
            proxy.add("object", o_id)
            proxy.add("role", LINK_ROLES.get(pred) or MEMBERSHIP_ROLES.get(pred) or pred)
        proxy.id = ftm_id("claim", c["id"])
        proxy.add("startDate", c["time_start"])
        proxy.add("endDate", c["time_end"])
        proxy.add("summary", c["evidence"])
        desc = [f"proxygraph claim: {c['subject']['name']} {pred} {c['object']['name']}"]
        if c["quantity"]:
            desc.append(f"quantity: {c['quantity']}")
        if c["attributed_to"]:
            desc.append(f"according to: {c['attributed_to']['name']}")
        proxy.add("description", "; ".join(desc))
        if c["hedged"]:
            proxy.add("status", "alleged")
        doc = c["document"]
        proxy.add("sourceUrl", doc["url"])
        proxy.add("publisher", doc["publisher"])
        proxy.add("date", doc["date"])
        proxy.add("recordId", c["id"])
        return proxy

    def _role_title(self, c: dict) -> str | None:
        """The role noun written between the person and the organisation ("IRGC-QF Commander Qasem Soleimani")."""
        if c["predicate"] not in ("leads", "member_of"):
            return None
        rows = self.store.conn.execute(
            "SELECT entity_id, start, end FROM mentions WHERE doc_id = ? AND start >= ? AND end <= ?"
            " AND entity_id IN (?, ?) AND coref = 0",
            (c["document"]["id"], c["start"], c["end"], c["subject"]["id"], c["object"]["id"])).fetchall()
        subj = [(s, e) for eid, s, e in rows if eid == c["subject"]["id"]]
        obj = [(s, e) for eid, s, e in rows if eid == c["object"]["id"]]
        best = None
        for ss, se in subj:
            for os_, oe in obj:
                lo, hi = (se, os_) if se <= os_ else (oe, ss) if oe <= ss else (None, None)
                if lo is None or hi - lo > 60:
                    continue
                if best is None or hi - lo < best[1] - best[0]:
                    best = (lo, hi)
        if best is None:
            return None
        gap = c["evidence"][best[0] - c["start"]:best[1] - c["start"]].lower()
        for noun in _role_nouns()[c["predicate"]]:
            if re.search(rf"(?<![\w-]){re.escape(noun)}(?![\w-])", gap):
                return noun
        return None
