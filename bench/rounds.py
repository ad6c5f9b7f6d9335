"""Interleaved rounds: the app and its baseline measured A, B, B, A, A, B ... so a change
in machine load (this machine is shared) lands on both sides, not on one.

Every figure is printed as min / median / max over the rounds, never as one sample.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

#: At least 3; `BENCH_ROUNDS=5 make bench` for a steadier median.
ROUNDS = max(3, int(os.environ.get("BENCH_ROUNDS", "3")))


def interleaved(sides: dict[str, Callable[[], T]], rounds: int = ROUNDS) -> dict[str, list[T]]:
    """Run every side once per round; the order alternates from round to round."""
    names = list(sides)
    results: dict[str, list[T]] = {name: [] for name in names}
    for number in range(rounds):
        for name in (names if number % 2 == 0 else list(reversed(names))):
            results[name].append(sides[name]())
    return results


def spread(values: Sequence[float], fmt: str = "{:.2f}") -> str:
    """'min / median / max' of `values`."""
    return " / ".join(fmt.format(value) for value in
                      (min(values), statistics.median(values), max(values)))


def ratios(ours: Sequence[float], floor: Sequence[float]) -> list[float]:
    """Per-round ratios (same round, so the same load on both sides)."""
    return [a / b for a, b in zip(ours, floor, strict=True)]


def verdict(median: float, goal: float, *, at_least: bool = True) -> str:
    met = median >= goal if at_least else median < goal
    return "OK" if met else "BELOW GOAL" if at_least else "ABOVE GOAL"
