"""CSV and JSON Lines: one row per claim, denials included (``negated``).

Each row names both entities (ids, names, types, QIDs), the predicate and
its family, every claim attribute, the evidence sentence with its character
offsets, and the document's id, title, url, date and publisher.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from .base import Exporter, Record
from .selection import iter_claims

CSV_FIELDS = [
    "claim_id", "subject_id", "subject_name", "subject_type", "subject_qid",
    "predicate", "family", "object_id", "object_name", "object_type", "object_qid",
    "hedged", "negated", "attributed_to_id", "attributed_to_name", "time_start", "time_end", "quantity",
    "confidence", "sources", "rule", "evidence", "evidence_start", "evidence_end",
    "doc_id", "doc_title", "doc_url", "doc_date", "doc_publisher",
]


def csv_row(c: dict) -> dict:
    att = c["attributed_to"] or {}
    doc = c["document"]
    return {
        "claim_id": c["id"],
        "subject_id": c["subject"]["id"], "subject_name": c["subject"]["name"],
        "subject_type": c["subject"]["type"], "subject_qid": c["subject"]["qid"] or "",
        "predicate": c["predicate"], "family": c["family"],
        "object_id": c["object"]["id"], "object_name": c["object"]["name"],
        "object_type": c["object"]["type"], "object_qid": c["object"]["qid"] or "",
        "hedged": str(c["hedged"]).lower(), "negated": str(c["negated"]).lower(),
        "attributed_to_id": att.get("id", ""), "attributed_to_name": att.get("name", ""),
        "time_start": c["time_start"] or "", "time_end": c["time_end"] or "", "quantity": c["quantity"] or "",
        "confidence": c["confidence"], "sources": c["n_docs"], "rule": c["rule"],
        "evidence": c["evidence"], "evidence_start": c["start"], "evidence_end": c["end"],
        "doc_id": doc["id"], "doc_title": doc["title"] or "", "doc_url": doc["url"] or "",
        "doc_date": doc["date"] or "", "doc_publisher": doc["publisher"] or "",
    }


class _ClaimRows(Exporter):
    def records(self) -> Iterator[Record]:
        for c in iter_claims(self.store, self.selection):
            yield Record("claim", c)


class CsvExporter(_ClaimRows):
    name = "csv"
    extension = "csv"
    description = "CSV, one row per claim"

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        self._writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, record: Record) -> None:
        self._writer.writerow(csv_row(record.data))
        self.counts["claim"] += 1

    def finalize(self) -> None:
        self.fh.flush()


class JsonlExporter(_ClaimRows):
    name = "jsonl"
    extension = "jsonl"
    description = "JSON Lines, one claim per line (the shape of 'proxygraph claims --format json')"

    def write(self, record: Record) -> None:
        c = dict(record.data)
        c["document"] = {k: v for k, v in c["document"].items() if k != "ingested_at"}
        self.fh.write(json.dumps(c, ensure_ascii=False) + "\n")
        self.counts["claim"] += 1

    def finalize(self) -> None:
        self.fh.flush()
