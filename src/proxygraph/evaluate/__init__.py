"""Measuring extraction against gold files (schema.md), with baselines beside it.

    >>> from proxygraph.evaluate import evaluate, load_gold
    >>> ev = evaluate(load_gold(["../shared/gold/dev"]), baselines=["svo"])
    >>> ev.scores["proxygraph"].strict.f1

``score`` is a pure function of gold and system output and needs no model.
"""
from .gold import GoldDoc, GoldEntity, GoldRelation, load_gold, parse_gold
from .output import SystemClaim, SystemDoc, SystemEntity
from .run import SYSTEM, Evaluation, evaluate, write_dump
from .scorer import Scores, score

BASELINE_NAMES = ("cooccurrence", "svo")

__all__ = [
    "BASELINE_NAMES", "Evaluation", "GoldDoc", "GoldEntity", "GoldRelation", "SYSTEM", "Scores", "SystemClaim",
    "SystemDoc", "SystemEntity", "evaluate", "load_gold", "parse_gold", "score", "write_dump",
]
