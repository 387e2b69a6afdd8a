"""Extraction on short texts written for the tests: each asserts the claims themselves."""
from conftest import triples


def test_role_before_a_name_leads(read):
    claims, _ = read("IRGC-QF commander Qasem Soleimani met militia leaders in Baghdad.")
    assert ("Qassem Soleimani", "leads", "Quds Force") in triples(claims)


def test_indefinite_role_is_membership(read):
    claims, _ = read("Hamed Abdollahi, a senior IRGC-QF official, coordinated the operation.")
    assert ("Hamed Abdollahi", "member_of", "Quds Force") in triples(claims)
    assert ("Hamed Abdollahi", "leads", "Quds Force") not in triples(claims)


def test_branch_apposition_is_part_of(read):
    claims, _ = read("The Quds Force, the elite branch of the Islamic Revolutionary Guard Corps, runs external operations.")
    assert ("Quds Force", "part_of", "Islamic Revolutionary Guard Corps") in triples(claims)


def test_designation_today_takes_the_document_date(read):
    claims, _ = read("The U.S. Department of the Treasury today designated Kata'ib Hizballah.", date="2009-07-02")
    (c,) = [c for s, p, o, c in claims if p == "designated"]
    assert (c.time_start, c.time_end) == ("2009-07-02", None)
    assert ("U.S. Department of the Treasury", "designated", "Kata'ib Hezbollah") in triples(claims)


def test_passive_funding_and_received_training(read):
    claims, _ = read("Kata'ib Hizballah was funded by the IRGC-Qods Force and received weapons training "
                     "and support from Lebanese Hizballah.")
    t = triples(claims)
    assert ("Quds Force", "funds", "Kata'ib Hezbollah") in t
    assert ("Hezbollah", "trains", "Kata'ib Hezbollah") in t
    assert ("Hezbollah", "supports", "Kata'ib Hezbollah") in t


def test_backed_compound(read):
    claims, _ = read("The Iranian-backed militia Kataib Hezbollah claimed credit for the attack.")
    assert ("Iran", "supports", "Kata'ib Hezbollah") in triples(claims)


def test_hedged_and_quantity(read):
    claims, _ = read("Asa'ib Ahl al-Haq and Kata'ib al-Imam Ali fight in Syria. "
                     "The former reportedly receives some $2 million a month from Iran.")
    (c,) = [c for s, p, o, c in claims if p == "funds"]
    assert c.hedged and not c.negated
    assert c.quantity == "some $2 million a month"
    assert ("Iran", "funds", "Asa'ib Ahl al-Haq") in triples(claims)


def test_denial_is_negated(read):
    claims, _ = read("Iran has repeatedly denied arming the Houthis.")
    (c,) = [c for s, p, o, c in claims if (s, p, o) == ("Iran", "arms", "Ansar Allah")]
    assert c.negated


def test_not_is_negated(read):
    claims, _ = read("Syria did not fund Hamas in 2012.")
    (c,) = [c for s, p, o, c in claims if (s, p, o) == ("Syria", "funds", "Hamas")]
    assert c.negated and c.time_start == "2012"


def test_named_speaker_is_the_source(read):
    claims, _ = read("Treasury Secretary Steven Mnuchin said that the IRGC-QF had funded Hamas.")
    (c,) = [c for s, p, o, c in claims if (s, p, o) == ("Quds Force", "funds", "Hamas")]
    speaker = {e.key: e.name for e in _.entities}[c.attributed_to]
    assert speaker == "Steven Mnuchin"


def test_according_to(read):
    claims, result = read("According to the Pentagon, Kata'ib Hizballah attacked U.S. forces in Syria.")
    (c,) = [c for s, p, o, c in claims if p == "attacked"]
    assert {e.key: e.name for e in result.entities}[c.attributed_to] == "U.S. Department of Defense"


def test_plot_is_a_hedged_attack(read):
    claims, _ = read("The Quds Force has been accused of a plot to assassinate Adel Al-Jubeir in 2011.")
    (c,) = [c for s, p, o, c in claims if o == "Adel al-Jubeir"]
    assert (c.predicate, c.hedged, c.time_start) == ("attacked", True, "2011")
    assert c.attributed_to is None  # the accused is not the accuser


def test_pronoun_points_back(read):
    claims, _ = read("The Quds Force is responsible for external operations. Major General Qassem Soleimani is its leader.")
    assert ("Qassem Soleimani", "leads", "Quds Force") in triples(claims)


def test_date_range(read):
    claims, _ = read("Between March 2007 and June 2008, Kata'ib Hizballah attacked U.S. forces in Baghdad.")
    (c,) = [c for s, p, o, c in claims if p == "attacked"]
    assert (c.time_start, c.time_end) == ("2007-03", "2008-06")
    assert ("Kata'ib Hezbollah", "attacked", "United States") in triples(claims)


def test_two_names_in_a_sentence_are_not_a_relation(read):
    claims, _ = read("Hezbollah and Hamas were both mentioned in the annual report on Lebanon.")
    assert claims == []


def test_evidence_is_verbatim_with_offsets(read):
    text = "Background.\n\nThe IRGC-QF provides lethal support to Kata'ib Hizballah."
    claims, result = read(text)
    (c,) = [c for s, p, o, c in claims if p == "supports"]
    assert result.doc.text[c.start:c.end] == c.evidence == "The IRGC-QF provides lethal support to Kata'ib Hizballah."


def test_typo_and_transliteration_resolve_to_known_actors(read):
    claims, result = read("The Quds Forceis alleged to have commanded Hezbollah. In 2020, Qasim Soleiman was killed.")
    names = {e.name for e in result.entities}
    assert {"Quds Force", "Qassem Soleimani", "Hezbollah"} <= names
    (c,) = [c for s, p, o, c in claims if p == "commands"]
    assert (c.hedged, triples([(s, p, o, c) for s, p, o, c in claims if p == "commands"])) == (
        True, {("Quds Force", "commands", "Hezbollah")})


def test_aka_block_gives_aliases_not_actors(read):
    _, result = read("Abdul Reza Shahlai is an IRGC-QF official.\n\nIndividual: Abdul Reza Shahlai AKA: Hajji Yusif "
                     "AKA: Abdol Reza Shala'i DOB: Circa 1957")
    (shahlai,) = [e for e in result.entities if e.name == "Abdul Reza Shahlai"]
    assert {"Hajji Yusif", "Abdol Reza Shala'i"} <= set(shahlai.aliases)
    assert not any(e.name == "Hajji Yusif" for e in result.entities)


def test_acronym_defined_in_text_joins_its_entity(read):
    claims, result = read("The Popular Resistance Brigade (PRB) is a new militia. Iran funds the PRB.")
    (prb,) = [e for e in result.entities if e.name == "Popular Resistance Brigade"]
    assert "PRB" in prb.aliases and "PRB" in prb.surface_forms()
    assert ("Iran", "funds", "Popular Resistance Brigade") in triples(claims)


def test_surname_joins_the_full_name(read):
    _, result = read("Hamed Abdollahi is a senior official. Abdollahi oversees other officials.")
    (e,) = [e for e in result.entities if e.type == "PERSON"]
    assert e.name == "Hamed Abdollahi" and "Abdollahi" in e.surface_forms()


def test_government_resolves_to_its_state(read):
    _, result = read("The Government of Iran supports Hezbollah, and the Iranian regime arms it.")
    assert [e.name for e in result.entities if e.type == "GPE"] == ["Iran"]


import pytest  # noqa: E402

# Sentences written for these tests (none is taken from an evaluation text); each
# with the claims it must yield as (subject, predicate, object, hedged, negated).
CASES = [
    ("Hezbollah, which is funded and armed by Iran, fired rockets at northern Israel.",
     {("Iran", "funds", "Hezbollah", False, False), ("Iran", "arms", "Hezbollah", False, False),
      ("Hezbollah", "attacked", "Israel", False, False)}),
    ("Iran has long armed and funded Hezbollah, according to Western intelligence officials.",
     {("Iran", "arms", "Hezbollah", False, False), ("Iran", "funds", "Hezbollah", False, False)}),
    ("A U.S. drone strike killed Qassem Soleimani near Baghdad airport in January 2020.",
     {("United States", "killed", "Qassem Soleimani", False, False)}),
    ("Esmail Qaani replaced Soleimani as commander of the Quds Force.",
     {("Esmail Qaani", "succeeded", "Qassem Soleimani", False, False), ("Esmail Qaani", "leads", "Quds Force", False, False)}),
    ("The Saudi-led coalition launched airstrikes on Houthi positions in Sanaa.",
     {("Saudi-led coalition", "attacked", "Ansar Allah", False, False)}),
    ("Hezbollah was founded in 1982 with the help of Iran's Revolutionary Guards.",
     {("Islamic Revolutionary Guard Corps", "founded", "Hezbollah", False, False)}),
    ("Israel accused Hezbollah of firing rockets at the Golan Heights.",
     {("Hezbollah", "attacked", "Golan Heights", True, False)}),
    ("Kataib Hezbollah denied involvement in the attack on the U.S. base.",
     {("Kata'ib Hezbollah", "attacked", "United States", False, True)}),
    ("Badr Organization leader Hadi al-Amiri is close to Iran.",
     {("Hadi al-Amiri", "leads", "Badr Organization", False, False), ("Hadi al-Amiri", "allied_with", "Iran", False, False)}),
    ("The Popular Mobilization Forces, a state-sanctioned umbrella of mostly Shiite militias, includes Kataib Hezbollah.",
     {("Kata'ib Hezbollah", "part_of", "Popular Mobilization Forces", False, False)}),
    ("The Fatemiyoun Division fought in Syria under IRGC command.",
     {("Fatemiyoun Division", "operates_in", "Syria", False, False),
      ("Islamic Revolutionary Guard Corps", "commands", "Fatemiyoun Division", False, False)}),
    ("Hezbollah's secretary-general, Naim Qassem, said on Sunday that the group would not disarm.",
     {("Naim Qassem", "leads", "Hezbollah", False, False)}),
    ("Hamas political bureau chief Ismail Haniyeh was assassinated in Tehran.",
     {("Ismail Haniyeh", "member_of", "Hamas", False, False)}),
    ("Hezbollah fighters have fought alongside Syrian government forces since 2013.",
     {("Hezbollah", "allied_with", "Syria", False, False)}),
    ("Nujaba's leader Akram al-Kaabi said the group would keep attacking U.S. troops.",
     {("Akram al-Kaabi", "leads", "Harakat al-Nujaba", False, False),
      ("Harakat al-Nujaba", "opposes", "United States", False, False)}),
    ("Hezbollah is widely believed to have been behind the 1994 bombing of a Jewish center in Argentina.",
     {("Hezbollah", "attacked", "Argentina", True, False)}),
    ("This action also targets U.S.-designated KH Secretary General Ahmad al-Hamidawi.",
     {("United States", "designated", "Ahmad al-Hamidawi", False, False),
      ("Ahmad al-Hamidawi", "leads", "Kata'ib Hezbollah", False, False)}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sentences(read, text, expected):
    claims, _ = read(text, date="2024-03-01")
    got = {(s, p, o, c.hedged, c.negated) for s, p, o, c in claims}
    assert got == expected


def test_sources_named_by_their_body(read):
    claims, result = read("The Israeli military said Hezbollah had fired more than 100 rockets into northern Israel.")
    names = {e.key: e.name for e in result.entities}
    (c,) = [c for s, p, o, c in claims]
    assert names[c.attributed_to] == "Israel Defense Forces"
