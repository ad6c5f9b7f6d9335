"""What the date engine hands out: one dated (or explicitly undated) occurrence per row.

An observance yields at least one `Occurrence` per Gregorian year, so every consumer
(feed, CLI, web) can show "not yet announced" or "outside the range of ..." instead of
silently dropping a year.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Status(enum.StrEnum):
    """How an occurrence's dates came about (or why there are none)."""

    COMPUTED = "computed"
    ANNOUNCED = "announced"
    NOT_ANNOUNCED = "not-announced"
    OUT_OF_RANGE = "out-of-range"
    #: The year is before the observance was first held (`since` in events.yaml).
    NOT_OBSERVED = "not-observed"
    #: A past year for which the catalogue holds no organiser-published date.
    NOT_RECORDED = "not-recorded"


def unannounced_status(year: int, *, today: date) -> Status:
    """What a year without an organiser date is: past years "not-recorded", others "not-announced".

    The one place that decides it, for events.yaml and for dates entered in the browser: a
    year before the current one cannot still be announced, so saying "not yet announced"
    there would be false (Pride 2019). The current year stays "not-announced".
    """
    return Status.NOT_RECORDED if year < today.year else Status.NOT_ANNOUNCED


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A dated stretch of whole days, `end` inclusive, as a rule computes it."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class Gap:
    """A year for which a rule gives no date, with the reason shown to people."""

    status: Status
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of an observance in one Gregorian year.

    Attributes:
        key: the observance key from events.yaml.
        year: the Gregorian year the occurrence belongs to (the year of `start`).
        start: first (full) day in Europe/Amsterdam, or None when there is no date.
        end: last day, inclusive, or None when there is no date.
        status: computed, announced, not-announced, not-recorded, not-observed or
            out-of-range.
        evening_before: the observance begins at sundown the evening before `start`.
        note: why there is no date (e.g. "outside the range of hijridate ..."), else None.
        index: 1-based number of the occurrence within `year`; Ramadan 2030 has 1 and 2.
            Feed UIDs use it, so it must stay stable for a given year.
    """

    key: str
    year: int
    start: date | None
    end: date | None
    status: Status
    evening_before: bool = False
    note: str | None = None
    index: int = 1

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"{self.key} {self.year}: end {self.end} before start {self.start}")

    @property
    def is_dated(self) -> bool:
        """True when the occurrence has dates (computed or announced)."""
        return self.start is not None
