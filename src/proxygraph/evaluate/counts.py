"""Counts and the scores derived from them."""
from __future__ import annotations

from dataclasses import dataclass


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass
class Counts:
    """tp, fp and fn, micro-summable.

    ``tp_system`` is set where the system side of a hit is counted apart
    (entities: several system entities may find one gold entity); precision
    then uses it, recall uses ``tp``.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_system: int | None = None

    def __add__(self, other: Counts) -> Counts:
        tps = None if self.tp_system is None and other.tp_system is None else (self.tp_system or 0) + (other.tp_system or 0)
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, tps)

    @property
    def precision(self) -> float:
        hits = self.tp if self.tp_system is None else self.tp_system
        return _ratio(hits, hits + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    def as_dict(self) -> dict:
        d = {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
             "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if self.tp_system is not None:
            d["tp_system"] = self.tp_system
        return d


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict:
        acc = self.accuracy
        return {"accuracy": None if acc is None else round(acc, 4), "correct": self.correct, "total": self.total}
