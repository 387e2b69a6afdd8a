"""`proxygraph eval`: the command over the evaluate package."""
import json

import pytest
from click.testing import CliRunner

from proxygraph.cli.main import group
from proxygraph.errors import ConfigError
from proxygraph.evaluate import SystemDoc, load_gold, score
from proxygraph.ingest import make_document

BODY = ("The U.S. Department of the Treasury today designated Kata'ib Hizballah. "
        "Iran provides weapons to Kata'ib Hizballah, according to Israel.\n")
TEXT = ("---\ntitle: Treasury designates a militia\ndate: 2009-07-02\n"
        "publisher: U.S. Department of the Treasury (press release)\n---\n" + BODY)
GOLD = {
    "doc": "t1", "text_file": "../texts/t1.txt",
    "entities": [
        {"id": "treasury", "name": "U.S. Department of the Treasury", "type": "ORG", "aliases": [], "qid": None},
        {"id": "kh", "name": "Kata'ib Hezbollah", "type": "ORG", "aliases": ["Kata'ib Hizballah"], "qid": None},
        {"id": "iran", "name": "Iran", "type": "GPE", "aliases": ["Iran"], "qid": "Q794"},
        {"id": "israel", "name": "Israel", "type": "GPE", "aliases": ["Israel"], "qid": "Q801"},
    ],
    "relations": [
        {"s": "treasury", "p": "designated", "o": "kh", "time": "2009-07-02", "evidence": "Treasury today designated"},
        {"s": "iran", "p": "arms", "o": "kh", "attributed_to": "israel", "evidence": "Iran provides weapons"},
        {"s": "iran", "p": "supports", "o": "kh", "optional": True, "evidence": "Iran provides weapons"},
    ],
}


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return tmp_path / "gold"


def test_help_names_every_option():
    result = CliRunner().invoke(group, ["eval", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--baseline", "--verbose", "--dump", "--kb"):
        assert option in result.output


def test_a_missing_gold_folder_is_a_config_error_before_any_model_loads(tmp_path):
    result = CliRunner().invoke(group, ["eval", str(tmp_path / "nowhere")])
    assert isinstance(result.exception, ConfigError)
    assert "nowhere: no such gold file or folder" in str(result.exception)


def test_a_missing_text_file_names_the_gold_file(gold_dir):
    (gold_dir.parent / "texts" / "t1.txt").unlink()
    result = CliRunner().invoke(group, ["eval", str(gold_dir)])
    assert isinstance(result.exception, ConfigError)
    assert str(gold_dir / "t1.json") in str(result.exception) and "t1.txt" in str(result.exception)


@pytest.mark.slow
def test_json_with_baselines_and_a_dump_any_scorer_can_recompute(gold_dir, tmp_path):
    dump = tmp_path / "dump"
    result = CliRunner().invoke(group, ["eval", str(gold_dir), "--format", "json", "--baseline", "all", "--dump", str(dump)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out["baselines"]) == {"cooccurrence", "svo"}
    for scores in (out, *out["baselines"].values()):
        assert {"strict", "relaxed", "per_predicate", "entities", "attributes", "resolution", "docs"} <= set(scores)
    assert [d["doc"] for d in out["docs"]] == ["t1"]

    dumped = json.loads((dump / "t1.json").read_text(encoding="utf-8"))
    # the text was read as ingest reads it: front matter off, the body stored under its own id
    assert dumped["document_id"] == make_document(BODY).id
    ids = {e["id"] for e in dumped["entities"]}
    assert all({c["subject"], c["object"]} <= ids for c in dumped["claims"])
    assert all(set(e) >= {"id", "name", "type", "qid", "mentions"} for e in dumped["entities"])
    assert all(set(c) >= {"subject", "predicate", "object", "hedged", "negated", "attributed_to", "time", "evidence",
                          "start", "end"} for c in dumped["claims"])
    again = score([(load_gold([gold_dir])[0], SystemDoc.from_dict(dumped))])
    assert again.strict.as_dict() == out["strict"]
    assert again.relaxed.as_dict() == out["relaxed"]


@pytest.mark.slow
def test_verbose_table_lists_misses_and_false_positives(gold_dir):
    result = CliRunner().invoke(group, ["eval", str(gold_dir), "--verbose", "--baseline", "svo"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "1 document(s), 2 gold relations (+1 optional), 4 gold entities"
    assert any(line.startswith("svo ") for line in lines)
    assert any(line.startswith("misses (") for line in lines) and any(line.startswith("false positives (") for line in lines)
