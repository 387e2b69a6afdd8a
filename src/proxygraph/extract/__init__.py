from functools import lru_cache

from .nlp import load_model, available_models, MODEL_PACKAGES
from .pipeline import Extractor


def get_extractor(kb=None, model: str | None = None) -> Extractor:
    """A shared Extractor for this process (the model loads once)."""
    if kb is None:
        return _default_extractor(model)
    return Extractor(kb=kb, nlp=load_model(model))


@lru_cache(maxsize=2)
def _default_extractor(model):
    return Extractor(model=model)


__all__ = ["Extractor", "get_extractor", "load_model", "available_models", "MODEL_PACKAGES"]
