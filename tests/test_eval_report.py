"""The eval report: the JSON other tools read and the table people read."""
from proxygraph.evaluate import Evaluation, SystemClaim, SystemDoc, SystemEntity, parse_gold, score
from proxygraph.evaluate.report import to_json, to_table

GOLD = parse_gold({
    "doc": "d1", "text_file": "d1.txt",
    "entities": [{"id": "iran", "name": "Iran", "type": "GPE", "aliases": ["Iran"], "qid": "Q794"},
                 {"id": "hamas", "name": "Hamas", "type": "ORG", "aliases": ["Hamas"], "qid": None},
                 {"id": "israel", "name": "Israel", "type": "GPE", "aliases": ["Israel"], "qid": None}],
    "relations": [
        {"s": "iran", "p": "funds", "o": "hamas", "evidence": "Iran pays Hamas."},
        {"s": "hamas", "p": "attacked", "o": "israel", "evidence": "Hamas attacked Israel."},
    ],
})
ENTITIES = [SystemEntity("iran", "Iran", "GPE", "Q794", ("Iran",)), SystemEntity("hamas", "Hamas", "ORG", None, ("Hamas",)),
            SystemEntity("israel", "Israel", "GPE", None, ("Israel",)), SystemEntity("x", "Mystery Cell", "ORG", None, ("Mystery Cell",))]
SYSTEM = SystemDoc("d1", ENTITIES, [
    SystemClaim("iran", "funds", "hamas", evidence="Iran pays Hamas.", rule="verb:pay"),
    SystemClaim("hamas", "opposes", "israel", evidence="Hamas fights Israel.", rule="verb:fight"),
    SystemClaim("x", "supports", "hamas", evidence="Mystery Cell helps Hamas.", rule="verb:help"),
])
BASELINE = SystemDoc("d1", ENTITIES, [SystemClaim("iran", "supports", "hamas", evidence="Iran pays Hamas.", rule="svo:pay")])


def evaluation():
    outputs = {"proxygraph": [SYSTEM], "svo": [BASELINE]}
    return Evaluation([GOLD], outputs, {n: score(list(zip([GOLD], docs))) for n, docs in outputs.items()})


def test_json_has_the_keys_other_tools_read_for_the_system_and_each_baseline():
    out = to_json(evaluation())
    for scores in (out, out["baselines"]["svo"]):
        assert {"strict", "relaxed", "per_predicate", "entities", "attributes", "resolution", "docs"} <= set(scores)
        assert set(scores["strict"]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
        assert set(scores["resolution"]) >= {"fragmentation", "qid_accuracy"}
    assert out["strict"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "fp": 2, "fn": 1}
    assert out["baselines"]["svo"]["relaxed"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "fp": 0, "fn": 1}
    assert out["docs"] == [{"doc": "d1", "gold": 2, "claims": 3, "strict": out["strict"], "relaxed": out["relaxed"],
                            "entities": out["entities"]}]
    assert out["rules"]["verb:pay"] == {"tp": 1, "fp": 0, "optional": 0}
    assert out["rules"]["verb:help"] == {"tp": 0, "fp": 1, "optional": 0}
    assert "misses" not in out


def test_verbose_json_says_why_with_the_sentence():
    out = to_json(evaluation(), verbose=True)
    assert out["misses"] == [{
        "doc": "d1", "subject": "Hamas", "predicate": "attacked", "object": "Israel", "negated": False,
        "reason": "system said: Hamas opposes Israel", "gold_evidence": ["Hamas attacked Israel."],
        "system_evidence": ["Hamas fights Israel."],
    }]
    by_object = {f["subject"]: f for f in out["false_positives"]}
    assert by_object["Mystery Cell"]["reason"] == "subject 'Mystery Cell' is no gold entity"
    assert by_object["Mystery Cell"]["evidence"] == ["Mystery Cell helps Hamas."]
    assert by_object["Hamas"]["reason"] == "gold has: Hamas attacked Israel"


def test_table_rows_for_each_system_and_document():
    text = to_table(evaluation(), verbose=True)
    lines = text.splitlines()
    assert lines[0] == "1 document(s), 2 gold relations (+0 optional), 3 gold entities"
    assert any(line.split()[:7] == ["proxygraph", "0.333", "0.500", "0.400", "1", "2", "1"] for line in lines)
    assert any(line.split()[:4] == ["svo", "0.000", "0.000", "0.000"] for line in lines)
    assert any(line.split()[:2] == ["d1", "2"] for line in lines)
    assert "      system used: \u201cMystery Cell helps Hamas.\u201d" in lines
