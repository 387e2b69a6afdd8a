"""Loading gold files: every mistake is named with its file and place."""
import json

import pytest

from proxygraph.errors import ConfigError
from proxygraph.evaluate import load_gold

GOOD = {
    "doc": "x1", "text_file": "../texts/x1.txt",
    "entities": [{"id": "iran", "name": "Iran", "type": "GPE", "aliases": ["Iran"], "qid": "Q794"},
                 {"id": "hamas", "name": "Hamas", "type": "ORG", "aliases": [], "qid": None}],
    "relations": [{"s": "iran", "p": "funds", "o": "hamas", "hedged": False, "attributed_to": None, "time": "2007",
                   "optional": False, "evidence": "Iran funds Hamas"}],
    "facts": [],
}


def write(folder, name, data):
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_loads_a_folder_in_order_and_resolves_the_text_path(tmp_path):
    write(tmp_path, "b.json", {**GOOD, "doc": "b"})
    write(tmp_path, "a.json", {**GOOD, "doc": "a"})
    docs = load_gold([tmp_path])
    assert [d.doc for d in docs] == ["a", "b"]
    assert docs[0].text_path == tmp_path / "../texts/x1.txt"
    assert docs[0].relations[0].time == "2007" and docs[0].relations[0].negated is False
    assert docs[0].entities[0].aliases == ("Iran",)


@pytest.mark.parametrize("change, message", [
    (lambda g: g.pop("text_file"), "text_file: missing"),
    (lambda g: g["entities"][0].update(type="COUNTRY"), "entities[0]: type 'COUNTRY'"),
    (lambda g: g["entities"][1].update(id="iran"), "duplicate id(s) ['iran']"),
    (lambda g: g["entities"][0].update(qid="794"), "entities[0]: qid '794'"),
    (lambda g: g["relations"][0].update(p="sponsors"), "relations[0]: predicate 'sponsors'"),
    (lambda g: g["relations"][0].update(o="hezbollah"), "relations[0]: 'o' is 'hezbollah'"),
    (lambda g: g["relations"][0].update(attributed_to="cia"), "relations[0]: 'attributed_to' is 'cia'"),
    (lambda g: g["relations"][0].update(optional="yes"), "relations[0]: 'optional' must be true or false"),
])
def test_a_bad_gold_file_is_named_with_what_is_wrong(tmp_path, change, message):
    gold = json.loads(json.dumps(GOOD))
    change(gold)
    path = write(tmp_path, "bad.json", gold)
    with pytest.raises(ConfigError) as exc:
        load_gold([path])
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_not_json_missing_empty_and_duplicate_names(tmp_path):
    path = write(tmp_path, "broken.json", "{ not json")
    with pytest.raises(ConfigError, match="broken.json: not a valid JSON gold file"):
        load_gold([path])
    with pytest.raises(ConfigError, match="no such gold file or folder"):
        load_gold([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no gold files"):
        load_gold([tmp_path / "empty"])
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    write(a, "one.json", GOOD), write(b, "two.json", GOOD)
    with pytest.raises(ConfigError, match="'x1' is also used by"):
        load_gold([a, b])
