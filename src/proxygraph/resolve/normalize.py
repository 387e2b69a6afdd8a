"""Name normalisation: the keys under which spellings of one name meet.

``norm`` folds case, diacritics, apostrophes, hyphens, dots, a leading "the"
and a possessive 's. ``skeleton`` goes further for transliterated Arabic and
Persian names: it drops inner vowels and doubled letters and the article "al",
so Qassem / Qasem / Qasim / Ghasem and Soleimani / Suleimani / Soleymani meet.
"""
from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`'\u00b4]")
_DASHES = re.compile(r"[\u2010-\u2015\-_/]")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"(\w)[\u2019']s\b")
_ARTICLES = {"al", "el", "ul", "the"}
_VOWELS = set("aeiouy")


# bounded well below the number of distinct n-grams a large corpus offers, so an
# ingest's memory stays flat (bench/scale.py measures it)
CACHE_SIZE = 2**15


@lru_cache(maxsize=CACHE_SIZE)
def norm(text: str) -> str:
    """Fold a surface form to the key that spelling variants share."""
    s = _POSSESSIVE.sub(r"\1", text.strip())
    s = unidecode(s).lower()
    s = _APOSTROPHES.sub("", s)
    s = s.replace(".", "")
    s = _DASHES.sub(" ", s)
    s = _NON_WORD.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    s = _LEADING_THE.sub("", s)
    return s


def _token_skeleton(tok: str) -> str:
    tok = tok.replace("gh", "q").replace("ph", "f").replace("ck", "k")
    out = [tok[0]]
    for ch in tok[1:]:
        if ch in _VOWELS or ch == "h" and out[-1] in "sktcdz":
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=CACHE_SIZE)
def skeleton(text: str) -> str:
    """A transliteration-tolerant key; only trusted for keys of 5+ letters."""
    toks = [t for t in norm(text).split() if t not in _ARTICLES]
    return " ".join(_token_skeleton(t) for t in toks if t)


def skeleton_is_specific(key: str) -> bool:
    return len(key.replace(" ", "")) >= 5


def slug(text: str) -> str:
    return norm(text).replace(" ", "-") or "entity"


def acronym(text: str) -> str:
    """Initials of the capitalised words: 'Kata'ib Hizballah' -> 'KH'."""
    words = [w for w in re.split(r"[\s\-]+", text) if w and w[0].isupper()]
    return "".join(w[0] for w in words)
