"""The actor knowledge base: real actors, their types, Wikidata QIDs and aliases.

The data lives in ``data/kb.yaml``; this module loads it and answers one
question: which known actor, if any, does this surface form name?
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from ..errors import ResolveError
from ..model import ENTITY_TYPES
from .normalize import norm, skeleton, skeleton_is_specific

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_KB = DATA / "kb.yaml"

# below these, a fuzzy key would join different names ("Hamas" / "Homs")
FUZZY_MIN_LEN = 8
FUZZY_CUTOFF = 90.0
SKELETON_CUTOFF = 72.0


@dataclass
class KBEntry:
    id: str
    name: str
    type: str
    qid: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    description: str = ""
    authority: bool = False  # designates and sanctions

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Match:
    entry: KBEntry
    how: str  # exact | skeleton | fuzzy | demonym
    score: float


class KnowledgeBase:
    def __init__(self, entries: list[KBEntry], source: str = "<memory>"):
        self.source = source
        self.entries: dict[str, KBEntry] = {}
        self._by_qid: dict[str, str] = {}
        self._exact: dict[str, list[str]] = {}
        self._skeleton: dict[str, list[str]] = {}
        self._demonym: dict[str, str] = {}
        self._forms: dict[str, set[str]] = {}
        self._fuzzy_keys: list[str] | None = None
        self._first_words: dict[str, int] | None = None
        for e in entries:
            self.add(e)

    def add(self, e: KBEntry) -> None:
        if e.type not in ENTITY_TYPES:
            raise ResolveError(f"{self.source}: entry '{e.id}' has type {e.type!r}; use one of {', '.join(ENTITY_TYPES)}")
        if e.id in self.entries:
            raise ResolveError(f"{self.source}: entry id '{e.id}' is used twice; ids must be unique")
        if e.qid:
            other = self._by_qid.get(e.qid)
            if other:
                raise ResolveError(f"{self.source}: '{e.id}' and '{other}' both carry {e.qid}; merge them into one entry")
            self._by_qid[e.qid] = e.id
        self.entries[e.id] = e
        for name in e.names:
            self._index(name, e.id)
        for d in e.demonyms:
            self._demonym[norm(d)] = e.id

    def add_alias(self, entry_id: str, alias: str) -> None:
        e = self.entries[entry_id]
        if alias not in e.aliases and alias != e.name:
            e.aliases.append(alias)
            self._index(alias, entry_id)

    def _index(self, name: str, entry_id: str) -> None:
        k = norm(name)
        if not k:
            return
        self._fuzzy_keys = self._first_words = None  # derived look-ups are rebuilt on next use
        ids = self._exact.setdefault(k, [])
        if entry_id not in ids:
            ids.append(entry_id)
        self._forms.setdefault(k, set()).add(name.replace(".", ""))
        sk = skeleton(name)
        if skeleton_is_specific(sk):
            ids = self._skeleton.setdefault(sk, [])
            if entry_id not in ids:
                ids.append(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries.values())

    def get(self, entry_id: str) -> KBEntry | None:
        return self.entries.get(entry_id)

    def by_qid(self, qid: str) -> KBEntry | None:
        i = self._by_qid.get(qid)
        return self.entries[i] if i else None

    def exact_keys(self) -> dict[str, list[str]]:
        return self._exact

    def first_words(self) -> dict[str, int]:
        """Each key's first word -> the most words a key starting with it has (for n-gram scans)."""
        if self._first_words is None:
            fw: dict[str, int] = {}
            for k in self._exact:
                words = k.split()
                fw[words[0]] = max(fw.get(words[0], 0), len(words))
            self._first_words = fw
        return self._first_words

    def case_ok(self, surface: str) -> bool:
        """Short keys ("US", "IS", "KH") only count when written as the KB writes them."""
        k = norm(surface)
        if len(k.replace(" ", "")) > 4:
            return True
        return surface.replace(".", "") in self._forms.get(k, ())

    def demonym(self, text: str) -> KBEntry | None:
        i = self._demonym.get(norm(text))
        return self.entries[i] if i else None

    def lookup(self, surface: str, type_hint: str | None = None, fuzzy: bool = True) -> Match | None:
        """The known actor a surface form names, or None.

        Exact keys first, then the transliteration skeleton, then a fuzzy
        match for long names (typos such as "Quds Forceis"). Ambiguous keys
        prefer the entry of the hinted type.
        """
        k = norm(surface)
        if not k:
            return None
        ids = self._exact.get(k)
        if ids:
            return Match(self._pick(ids, type_hint), "exact", 100.0)
        if not fuzzy:
            return None
        sk = skeleton(surface)
        ids = self._skeleton.get(sk) if skeleton_is_specific(sk) else None
        if ids:
            e = self._pick(ids, type_hint)
            score = max(fuzz.ratio(k, norm(n)) for n in e.names)
            if score >= SKELETON_CUTOFF:
                return Match(e, "skeleton", score)
        if len(k) >= FUZZY_MIN_LEN:
            keys = self._fuzzy_key_list()
            hit = process.extractOne(k, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit:
                ids = self._exact[hit[0]]
                return Match(self._pick(ids, type_hint), "fuzzy", hit[1])
        return None

    def _fuzzy_key_list(self) -> list[str]:
        if self._fuzzy_keys is None:
            self._fuzzy_keys = [k for k in self._exact if len(k) >= FUZZY_MIN_LEN - 2]
        return self._fuzzy_keys

    def _pick(self, ids: list[str], type_hint: str | None) -> KBEntry:
        if type_hint:
            for i in ids:
                if self.entries[i].type == type_hint:
                    return self.entries[i]
        return self.entries[ids[0]]


def _entries_from_yaml(path: Path) -> list[KBEntry]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResolveError(f"{path}: cannot read the knowledge base ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ResolveError(f"{path}: the knowledge base is not valid YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise ResolveError(f"{path}: the knowledge base must be a YAML list of entries")
    entries = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not {"id", "name", "type"} <= item.keys():
            raise ResolveError(f"{path}: entry {n} needs at least id, name and type")
        entries.append(
            KBEntry(
                id=str(item["id"]),
                name=str(item["name"]),
                type=str(item["type"]),
                qid=item.get("qid") or None,
                aliases=[str(a) for a in item.get("aliases") or []],
                demonyms=[str(a) for a in item.get("demonyms") or []],
                description=str(item.get("description") or ""),
                authority=bool(item.get("authority")),
            )
        )
    return entries


def load_knowledge_base(*paths: str | Path) -> KnowledgeBase:
    """Load the bundled knowledge base plus any extra YAML files given."""
    files = [DEFAULT_KB, *[Path(p) for p in paths]]
    entries: list[KBEntry] = []
    for f in files:
        entries.extend(_entries_from_yaml(Path(f)))
    return KnowledgeBase(entries, source=", ".join(str(f) for f in files))


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    return load_knowledge_base()
