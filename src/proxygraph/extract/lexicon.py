"""The trigger and role lexicons, loaded once from data files."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..model import PREDICATES

LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict:
    """A lexicon file of data/lexicons, parsed once per process (callers only read it)."""
    path = LEXICONS / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot load the lexicon ({exc})") from exc


@dataclass(frozen=True)
class VerbRule:
    predicate: object  # str, or {TYPE|authority|default: predicate}
    preps: tuple[str, ...] | None
    prep_predicates: tuple = ()  # (("alongside", "allied_with"),): "fought alongside X" is an alliance
    reverse: bool = False  # "the PMF includes KH": KH part_of the PMF

    def resolve(self, subj_type: str, authority: bool) -> str:
        p = self.predicate
        if isinstance(p, str):
            return p
        if authority and "authority" in p:
            return p["authority"]
        return p.get(subj_type, p["default"])


@dataclass(frozen=True)
class RolePattern:
    name: str
    predicate: str
    regex: re.Pattern
    organ_only: bool = False


class Lexicon:
    def __init__(self):
        t = load_lexicon("triggers.yaml")
        self.verbs = {
            k: VerbRule(v["predicate"], tuple(v["preps"]) if "preps" in v else None,
                        tuple((v.get("prep_predicates") or {}).items()), bool(v.get("reverse")))
            for k, v in t["verbs"].items()
        }
        for rule in self.verbs.values():
            preds = [rule.predicate] if isinstance(rule.predicate, str) else list(rule.predicate.values())
            bad = [p for p in preds if p not in PREDICATES]
            if bad:
                raise ConfigError(f"{LEXICONS / 'triggers.yaml'}: unknown predicate(s) {bad}")
        self.light_verbs = frozenset(t["light_verbs"])
        self.reverse_verbs = frozenset(t["reverse_verbs"])
        self.agency_verbs = frozenset(t["agency_verbs"])
        self.attack_light_verbs = frozenset(t["attack_light_verbs"])
        self.name_verbs = frozenset(t["name_verbs"])
        self.sanction_light_verbs = frozenset(t["sanction_light_verbs"])
        self.relation_verbs = frozenset(t["relation_verbs"])
        self.relation_nouns = dict(t["relation_nouns"])
        self.noun_class = {w: cls for cls, words in t["nouns"].items() for w in words}
        self.attack_nouns = frozenset(t["attack_nouns"])
        self.designation_nouns = frozenset(t["designation_nouns"])
        self.designation_terms = tuple(t["designation_terms"])
        self.owned_nouns = frozenset(t["owned_nouns"])
        self.group_nouns = frozenset(t["group_nouns"])
        self.owner_participles = frozenset(t["owner_participles"])
        self.compounds = t["compounds"]
        self.hedge_words = frozenset(t["hedges"]["words"]) - frozenset(t["hedges"]["speech_only_third_party"])
        self.plot_words = frozenset(t["hedges"]["plots"])
        self.negations = frozenset(t["negations"])
        self.threat_verbs = frozenset(t["threat_verbs"])
        self.adjectives = t["adjectives"]
        self.helper_nouns = frozenset(t["helper_nouns"])
        self.command_nouns = frozenset(t["command_nouns"])
        self.object_control_verbs = frozenset(t["object_control_verbs"])
        self.involvement_nouns = frozenset(t["involvement_nouns"])
        self.future_modals = frozenset(t["future_modals"])
        self.location_preps = frozenset(t["location_preps"])
        self.speech_verbs = frozenset(t["speech_verbs"])

        r = load_lexicon("roles.yaml")
        self.role_leads = tuple(r["leads"])
        self.role_members = tuple(r["member_of"])
        self.role_founders = tuple(r["founded"])
        self.units = tuple(r["units"])
        self.advisors = tuple(r["advisors"])
        self.demote = frozenset(r["demote"])
        self.leader_modifiers = frozenset(r["leader_modifiers"])
        self.role_of = {w: "leads" for w in self.role_leads}
        self.role_of.update({w: "member_of" for w in self.role_members})
        self.role_of.update({w: "founded" for w in self.role_founders})
        titles = load_lexicon("titles.yaml")["titles"]
        slots = {
            "ROLE": _alt(self.role_of),
            "UNIT": _alt(self.units),
            "ADVISOR": _alt(self.advisors),
            "MOD": _alt(r["modifiers"]),
            "TITLE": _alt(t.lower() for t in titles),
            "P": r"(?P<p>\[\d+:PERSON\])",
            "Q": r"(?P<q>\[\d+:PERSON\])",
            "O": r"(?P<o>\[\d+:(?:ORG|GPE)\])",
            "S": r"(?P<s>\[\d+:ORG\])",
            "X": r"\[\d+:(?:ORG|GPE|PERSON)\]",
        }
        self.role_patterns = []
        for p in r["patterns"]:
            src = p["pattern"]
            k = 0
            while "{ROLE}" in src:
                src = src.replace("{ROLE}", f"(?P<role{k}>{slots['ROLE']})", 1)
                k += 1
            for name, alt in slots.items():
                src = src.replace("{" + name + "}", alt if name in ("P", "Q", "O", "S", "X") else f"(?:{alt})")
            try:
                regex = re.compile(src)
            except re.error as exc:
                raise ConfigError(f"{LEXICONS / 'roles.yaml'}: pattern {p['name']!r} is not a valid expression: {exc}") from exc
            self.role_patterns.append(RolePattern(p["name"], p["predicate"], regex, bool(p.get("organ_only"))))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
