"""CSV and JSON Lines exports of the demo store, and the export command line."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from proxygraph.cli.main import group
from proxygraph.export import export
from proxygraph.export.tabular import CSV_FIELDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def soleimani_leads(demo_store):
    """One stored claim that 'Soleimani leads the Quds Force', with its document."""
    return dict(demo_store.conn.execute(
        "SELECT c.*, d.url AS doc_url, d.date AS doc_date, d.title AS doc_title FROM claims c"
        " JOIN documents d ON d.id = c.doc_id WHERE c.subject_id = 'qassem-soleimani' AND c.predicate = 'leads'"
        " AND c.object_id = 'quds-force' ORDER BY c.id LIMIT 1").fetchone())


def test_csv_has_one_row_per_claim_with_names_attributes_and_document(demo_store, soleimani_leads):
    buf = io.StringIO()
    export(demo_store, "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == CSV_FIELDS
    assert len(rows) == demo_store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    row = next(r for r in rows if r["claim_id"] == soleimani_leads["id"])
    assert (row["subject_name"], row["predicate"], row["object_name"]) == ("Qassem Soleimani", "leads", "Quds Force")
    assert row["object_qid"] == "Q1207914" and row["family"] == "control"
    assert row["evidence"] == soleimani_leads["evidence"]
    assert row["hedged"] == str(bool(soleimani_leads["hedged"])).lower()
    assert (row["doc_url"], row["doc_date"]) == (soleimani_leads["doc_url"], soleimani_leads["doc_date"])
    assert int(row["evidence_start"]) == soleimani_leads["start"]


def test_jsonl_matches_the_query_api_shape(demo_store, soleimani_leads):
    buf = io.StringIO()
    export(demo_store, "jsonl", buf, predicate="leads")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert lines and {c["predicate"] for c in lines} == {"leads"}
    c = next(c for c in lines if c["id"] == soleimani_leads["id"])
    assert c["subject"]["id"] == "qassem-soleimani" and c["object"]["qid"] == "Q1207914"
    assert c["evidence"] == soleimani_leads["evidence"]
    assert c["document"]["url"] == soleimani_leads["doc_url"]
    assert {"hedged", "negated", "attributed_to", "time", "quantity", "confidence", "n_docs"} <= c.keys()


def test_cli_writes_a_file_and_reports_counts(demo_db, tmp_path):
    out = tmp_path / "claims.csv"
    res = CliRunner().invoke(group, ["export", "-f", "csv", "--db", str(demo_db), "-o", str(out),
                                     "--entity", "Qods Force", "--family", "designated", "--min-sources", "2"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["predicate"] == "designated" and "quds-force" in (r["subject_id"], r["object_id"])
                        and int(r["sources"]) >= 2 for r in rows)
    assert any(r["subject_id"] == "us-treasury" for r in rows)


def test_cli_to_stdout(demo_db):
    res = CliRunner().invoke(group, ["export", "-f", "jsonl", "--db", str(demo_db), "-p", "killed"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert all(c["predicate"] == "killed" for c in lines)


@pytest.mark.parametrize("args,message", [
    (["--family", "nonsense"], "unknown predicate family"),
    (["--entity", "Nobody Whatsoever Atall"], "no entity matches"),
    (["--year-from", "2020", "--year-to", "2010"], "year range"),
])
def test_cli_bad_filters_are_clear_errors(demo_db, args, message):
    res = CliRunner().invoke(group, ["export", "-f", "csv", "--db", str(demo_db), *args])
    assert res.exit_code != 0
    assert message in str(res.exception)
