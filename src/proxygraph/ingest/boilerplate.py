"""Drop site furniture (teasers, share lines, comment forms) before extraction."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "boilerplate.yaml"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in raw["line_patterns"])


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    return bool(s) and any(p.match(s) for p in _patterns())


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines; keep everything else byte for byte."""
    kept = [line for line in text.split("\n") if not is_boilerplate(line)]
    out = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", out).strip()
