"""Measuring extraction against gold files (schema.md).

``score`` is a pure function of gold and system output and needs no model.
"""
from .gold import GoldDoc, GoldEntity, GoldRelation, load_gold, parse_gold
from .output import SystemClaim, SystemDoc, SystemEntity
from .scorer import Scores, score

__all__ = [
    "GoldDoc", "GoldEntity", "GoldRelation", "Scores", "SystemClaim", "SystemDoc", "SystemEntity", "load_gold",
    "parse_gold", "score",
]
