"""Gold files: one annotated document each (schema.md, "Gold files").

Only the scorer reads these. Loading checks the shape of every file and
names the file and the place in it that is wrong, so a broken annotation
is fixed in one look.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..model import ENTITY_TYPES, PREDICATES


@dataclass(frozen=True)
class GoldEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None


@dataclass(frozen=True)
class GoldRelation:
    s: str
    p: str
    o: str
    hedged: bool = False
    negated: bool = False
    attributed_to: str | None = None
    time: str | None = None
    optional: bool = False
    evidence: str = ""


@dataclass
class GoldDoc:
    doc: str
    text_path: Path  # resolved against the gold file's folder
    entities: list[GoldEntity]
    relations: list[GoldRelation]
    path: Path | None = None  # the gold file itself
    facts: list[dict] = field(default_factory=list)

    def entity(self, gold_id: str) -> GoldEntity:
        return next(e for e in self.entities if e.id == gold_id)


def gold_files(paths) -> list[Path]:
    """The gold files under the given folders and files, in sorted order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.glob("*.json") if f.is_file())
            if not found:
                raise ConfigError(f"{p}: no gold files (*.json) in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise ConfigError(f"{p}: no such gold file or folder")
    return files


def load_gold(paths) -> list[GoldDoc]:
    """Every gold document under ``paths`` (folders of *.json, or files)."""
    docs = [load_gold_file(f) for f in gold_files(paths)]
    seen: dict[str, Path] = {}
    for d in docs:
        if d.doc in seen:
            raise ConfigError(f"{d.path}: document name {d.doc!r} is also used by {seen[d.doc]}; give each gold file its own 'doc'")
        seen[d.doc] = d.path
    return docs


def load_gold_file(path: str | Path) -> GoldDoc:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the gold file ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid JSON gold file ({exc})") from exc
    return parse_gold(raw, path)


def parse_gold(raw, path: str | Path = "<gold>") -> GoldDoc:
    """A GoldDoc from the parsed JSON of a gold file, checked against schema.md."""
    path = Path(path)

    def bad(where: str, what: str) -> ConfigError:
        return ConfigError(f"{path}: {where}: {what} (see schema.md, 'Gold files')")

    if not isinstance(raw, dict):
        raise bad("top level", "must be a JSON object")
    for key, kind in (("doc", str), ("text_file", str), ("entities", list), ("relations", list)):
        if not isinstance(raw.get(key), kind):
            raise bad(key, f"missing or not a {kind.__name__}")
    entities = [_entity(e, i, bad) for i, e in enumerate(raw["entities"])]
    ids = [e.id for e in entities]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise bad("entities", f"duplicate id(s) {dup}")
    known = set(ids)
    relations = [_relation(r, i, bad, known) for i, r in enumerate(raw["relations"])]
    facts = raw.get("facts") or []
    if not isinstance(facts, list):
        raise bad("facts", "must be a list")
    return GoldDoc(raw["doc"], (path.parent / raw["text_file"]), entities, relations, path, facts)


def _entity(e, i: int, bad) -> GoldEntity:
    where = f"entities[{i}]"
    if not isinstance(e, dict):
        raise bad(where, "must be an object")
    for key in ("id", "name", "type"):
        if not isinstance(e.get(key), str) or not e[key].strip():
            raise bad(where, f"'{key}' missing or empty")
    if e["type"] not in ENTITY_TYPES:
        raise bad(where, f"type {e['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    aliases = e.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise bad(where, "'aliases' must be a list of strings")
    qid = e.get("qid")
    if qid is not None and not (isinstance(qid, str) and qid[:1] == "Q" and qid[1:].isdigit()):
        raise bad(where, f"qid {qid!r} is not a Wikidata id like 'Q1207914' (or null)")
    return GoldEntity(e["id"], e["name"], e["type"], tuple(aliases), qid)


def _relation(r, i: int, bad, known: set[str]) -> GoldRelation:
    where = f"relations[{i}]"
    if not isinstance(r, dict):
        raise bad(where, "must be an object")
    if r.get("p") not in PREDICATES:
        raise bad(where, f"predicate {r.get('p')!r} is not one of the {len(PREDICATES)} predicates")
    for key in ("s", "o", "attributed_to"):
        v = r.get(key)
        if (v is not None or key != "attributed_to") and v not in known:
            raise bad(where, f"'{key}' is {v!r}, which is not an entity id of this file")
    for key in ("hedged", "negated", "optional"):
        if not isinstance(r.get(key, False), bool):
            raise bad(where, f"'{key}' must be true or false")
    time = r.get("time")
    if time is not None and not isinstance(time, str):
        raise bad(where, "'time' must be an ISO date string like '2007' or '2003/2011', or null")
    return GoldRelation(
        r["s"], r["p"], r["o"], hedged=r.get("hedged", False), negated=r.get("negated", False),
        attributed_to=r.get("attributed_to"), time=time, optional=r.get("optional", False),
        evidence=r.get("evidence") or "",
    )
