"""The scorer on small hand-made gold and system output: exact numbers, no model."""
import pytest

from proxygraph.evaluate import SystemClaim, SystemDoc, SystemEntity, parse_gold, score
from proxygraph.evaluate.matching import match_entities, name_key


def gold_doc(entities, relations, doc="d1"):
    return parse_gold({"doc": doc, "text_file": f"{doc}.txt", "entities": entities, "relations": relations})


def ent(id, name, aliases=(), type="ORG", qid=None):
    return {"id": id, "name": name, "type": type, "aliases": list(aliases), "qid": qid}


def rel(s, p, o, **kw):
    return {"s": s, "p": p, "o": o, "hedged": False, "attributed_to": None, "time": None, "optional": False,
            "evidence": f"{s} {p} {o}", **kw}


def claim(s, p, o, **kw):
    return SystemClaim(s, p, o, evidence=kw.pop("evidence", f"{s} {p} {o}."), **kw)


@pytest.mark.parametrize("a, b", [
    ("Quds Force", "QUDS FORCE"),
    ("The Quds Force", "Quds Force"),
    ("Kata’ib Hizballah", "Kata'ib Hizballah"),
    ("Kataib Hizballah", "Kata'ib Hizballah"),
    ("Asa'ib Ahl al-Haq", "Asaib Ahl al Haq"),
    ("Qāsem Soleimānī", "Qasem Soleimani"),
    ("IRGC's", "IRGC"),
    ("Iran’s", "Iran"),
    ("  Abu   Mahdi\nal-Muhandis ", "Abu Mahdi al Muhandis"),
    ("PFLP–GC", "PFLP GC"),
])
def test_name_key_folds_what_the_schema_lists(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Theodore", "odore"),  # only the word "the" goes
    ("Party of the Free", "Party of Free"),  # only a leading "the"
    ("U.S. Treasury", "US Treasury"),  # dots are not in the schema's list
    ("Hamas", "Hama"),
])
def test_name_key_keeps_what_the_schema_does_not_list(a, b):
    assert name_key(a) != name_key(b)


HEZ = ent("hezbollah", "Hezbollah", ["Hezbollah", "Hizballah", "Lebanese Hizballah"])
KH = ent("kh", "Kata'ib Hezbollah", ["Kata'ib Hezbollah", "KH"])
BRIGADES = ent("brigades", "Hezbollah Brigades", ["Hezbollah Brigades", "KH"])


def test_match_by_canonical_name_or_surface_form_only():
    gold = gold_doc([HEZ, ent("irgc", "Islamic Revolutionary Guard Corps", ["IRGC"])], [])
    system = SystemDoc("d1", [
        SystemEntity("e1", "Hizbullah", "ORG", mentions=("Hizballah",)),  # by a surface form
        SystemEntity("e2", "Islamic Revolutionary Guard Corps", "ORG"),  # by its canonical name
        SystemEntity("e3", "Revolutionary Guards", "ORG", mentions=("the Guards",)),  # neither
    ])
    assert match_entities(gold, system) == {"e1": "hezbollah", "e2": "irgc"}


def test_tie_break_name_then_shared_aliases_then_gold_order():
    gold = gold_doc([HEZ, KH, BRIGADES], [])
    system = SystemDoc("d1", [
        # two shared forms with Hezbollah, one with Kata'ib Hezbollah, but that one is its canonical name
        SystemEntity("a", "Kata'ib Hezbollah", "ORG", mentions=("Hizballah", "Lebanese Hizballah")),
        # no name equal: the most shared forms wins
        SystemEntity("b", "Hizbollah", "ORG", mentions=("Hizballah", "Lebanese Hizballah", "KH")),
        # one shared form each with kh and brigades: the first listed wins
        SystemEntity("c", "K.H.", "ORG", mentions=("KH",)),
    ])
    assert match_entities(gold, system) == {"a": "kh", "b": "hezbollah", "c": "kh"}


IRAN = ent("iran", "Iran", ["Iran", "Islamic Republic"], type="GPE", qid="Q794")
HAMAS = ent("hamas", "Hamas", ["Hamas", "Harakat al-Muqawama al-Islamiya"])
ISRAEL = ent("israel", "Israel", ["Israel"], type="GPE", qid="Q801")
SYRIA = ent("syria", "Syria", ["Syria"], type="GPE", qid="Q858")

GOLD = gold_doc(
    [IRAN, {**HEZ, "qid": "Q41053"}, HAMAS, ISRAEL, SYRIA],
    [
        rel("iran", "supports", "hezbollah", time="2007", attributed_to="israel"),
        rel("iran", "funds", "hamas"),
        rel("hezbollah", "opposes", "israel"),
        rel("iran", "trains", "hezbollah", optional=True),
        rel("iran", "arms", "hamas", negated=True, hedged=True),
    ],
)
SYSTEM = SystemDoc("d1", [
    SystemEntity("iran", "Iran", "GPE", "Q794", ("Iran", "Iranian regime")),
    SystemEntity("iran-2", "Islamic Republic of Iran", "GPE", None, ("Islamic Republic",)),
    SystemEntity("hez", "Hezbollah", "ORG", "Q41053", ("Hizballah",)),
    SystemEntity("hamas", "Hamas", "ORG", None, ("Hamas",)),
    SystemEntity("israel", "Israel", "GPE", "Q999", ("Israel",)),
    SystemEntity("unknown", "Unknown Group", "ORG", None, ("Unknown Group",)),
    SystemEntity("treasury", "U.S. Department of the Treasury", "ORG"),  # only the publisher: no mention
], [
    claim("iran", "supports", "hez", time="2007", evidence="Iran supports Hezbollah."),
    claim("iran-2", "supports", "hez", hedged=True, attributed_to="israel", evidence="Israel says Iran backs it."),
    claim("iran", "supports", "hamas"),  # funds in gold: relaxed hit only
    claim("israel", "opposes", "hez", time="2010"),  # symmetric, reversed
    claim("iran", "trains", "hez"),  # optional: neither hit nor false positive
    claim("iran", "attacked", "israel"),  # not in gold
    claim("iran", "arms", "hamas", negated=True, attributed_to="unknown"),  # a denial the gold holds
    claim("iran", "funds", "hamas", negated=True),  # a denial the gold does not hold
    claim("hez", "supports", "unknown"),  # an entity the gold does not know
])


def test_strict_relaxed_optional_symmetric_and_once_per_document():
    s = score([(GOLD, SYSTEM)])
    assert s.strict.as_dict() == {"precision": 0.4, "recall": 0.6667, "f1": 0.5, "tp": 2, "fp": 3, "fn": 1}
    assert s.relaxed.as_dict() == {"precision": 0.6, "recall": 1.0, "f1": 0.75, "tp": 3, "fp": 2, "fn": 0}


def test_denials_are_their_own_pool():
    s = score([(GOLD, SYSTEM)])
    assert (s.negated.tp, s.negated.fp, s.negated.fn) == (1, 1, 0)
    # and they never count in the main scores
    without = SystemDoc("d1", SYSTEM.entities, [c for c in SYSTEM.claims if not c.negated])
    assert score([(GOLD, without)]).strict == s.strict


def test_per_predicate_hits_under_gold_predicate_false_positives_under_system_predicate():
    pp = score([(GOLD, SYSTEM)]).per_predicate
    assert {p: (c["strict"].tp, c["strict"].fp, c["strict"].fn) for p, c in pp.items()} == {
        "attacked": (0, 1, 0), "funds": (0, 0, 1), "opposes": (1, 0, 0), "supports": (1, 2, 0),
    }
    assert {p: (c["relaxed"].tp, c["relaxed"].fp, c["relaxed"].fn) for p, c in pp.items()} == {
        "attacked": (0, 1, 0), "funds": (1, 0, 0), "opposes": (1, 0, 0), "supports": (1, 1, 0),
    }


def test_attributes_over_strict_hits():
    a = score([(GOLD, SYSTEM)]).attributes
    # hits: supports (two claims, one plain), opposes, the arms denial (gold hedged, system not)
    assert (a["hedged"].correct, a["hedged"].total) == (2, 3)
    # time: 2007 found; opposes has 2010 for none; the denial has none for none
    assert (a["time"].correct, a["time"].total) == (2, 3)
    # attributed_to: Israel found through the fragment; the denial names an entity the gold does not
    assert (a["attributed_to"].correct, a["attributed_to"].total) == (2, 3)
    # polarity, over gold relations found at all: funds(Iran, Hamas) was only denied
    assert (a["negated"].correct, a["negated"].total) == (3, 4)


def test_entities_resolution_and_qids():
    s = score([(GOLD, SYSTEM)])
    # named system entities: 6 (the publisher-only one is not named), 5 match; gold: 4 of 5 found
    assert s.entities.as_dict() == {"precision": 0.8333, "recall": 0.8, "f1": 0.8163, "tp": 4, "fp": 1, "fn": 1,
                                    "tp_system": 5}
    assert s.matched == (5, 4)
    assert s.fragmentation == 1.25
    # Iran right, its fragment without QID, Hezbollah right, Israel wrong; Hamas has no gold QID
    assert (s.qid.correct, s.qid.total) == (2, 4)


def test_micro_average_and_fragmentation_across_documents():
    gold2 = gold_doc([IRAN, HAMAS], [rel("iran", "funds", "hamas"), rel("iran", "supports", "hamas")], doc="d2")
    sys2 = SystemDoc("d2", [
        SystemEntity("iran", "Iran", "GPE", "Q794", ("Iran",)),  # the same system entity as in d1
        SystemEntity("persia", "Persia", "GPE", None, ("Islamic Republic",)),  # a third fragment of Iran
        SystemEntity("hamas", "Hamas", "ORG", None, ("Hamas",)),
    ], [claim("iran", "funds", "hamas"), claim("persia", "funds", "hamas")])
    s = score([(GOLD, SYSTEM), (gold2, sys2)])
    assert (s.strict.tp, s.strict.fp, s.strict.fn) == (3, 3, 2)
    assert [(d.doc, d.strict.counts().tp) for d in s.docs] == [("d1", 2), ("d2", 1)]
    # iran, iran-2, persia -> iran; hez, hamas, israel: 6 system entities for 4 gold ones
    assert s.matched == (6, 4)
    assert s.fragmentation == 1.5


def test_relaxed_matching_is_one_to_one():
    gold = gold_doc([IRAN, HAMAS], [rel("iran", "supports", "hamas")])
    system = SystemDoc("d1", [SystemEntity("iran", "Iran", "GPE", mentions=("Iran",)),
                              SystemEntity("hamas", "Hamas", "ORG", mentions=("Hamas",))],
                       [claim("iran", "funds", "hamas"), claim("iran", "arms", "hamas")])
    s = score([(gold, system)])
    assert (s.strict.tp, s.strict.fp, s.strict.fn) == (0, 2, 1)
    assert (s.relaxed.tp, s.relaxed.fp, s.relaxed.fn) == (1, 1, 0)


def test_a_merged_entity_finds_one_gold_entity_only():
    gold = gold_doc([HEZ, KH], [rel("kh", "opposes", "hezbollah")])
    system = SystemDoc("d1", [SystemEntity("h", "Hezbollah", "ORG", mentions=("Hezbollah", "Kata'ib Hezbollah"))],
                       [claim("h", "opposes", "h")])
    s = score([(gold, system)])
    assert (s.strict.tp, s.strict.fp, s.strict.fn) == (0, 1, 1)
    assert s.entities.tp == 1 and s.entities.fn == 1


def test_empty_output_scores_zero_not_an_error():
    s = score([(GOLD, SystemDoc("d1"))])
    assert s.strict.as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 3}
    assert s.fragmentation is None and s.qid.accuracy is None


def test_dump_round_trip_scores_the_same():
    again = SystemDoc.from_dict(SYSTEM.as_dict())
    assert again == SYSTEM
    assert score([(GOLD, again)]).strict == score([(GOLD, SYSTEM)]).strict
