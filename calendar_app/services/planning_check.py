"""The inclusive planning check: which observances overlap a date range, and what to mind.

Shared by the public `/check` page and the activity form, so a team planning a lunch
in Ramadan or a party on Dodenherdenking sees the same advice in both places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from calendar_app.catalogue import Translated
from calendar_app.catalogue import between
from calendar_app.services.catalogue_sync import active_specs

#: The longest range one check covers; longer asks are refused rather than slow.
MAX_DAYS = 366


class RangeError(ValueError):
    """The asked range is unusable: `code` says why ("order" or "too-long")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Overlap:
    """One occurrence of an observance that overlaps the checked range.

    Attributes:
        considerations: the catalogue's planning advice, or None when it gives none.
    """

    key: str
    name: Translated
    start: date
    end: date
    evening_before: bool
    themes: tuple[str, ...]
    considerations: Translated | None


def check_range(first: date, last: date, *, max_days: int = MAX_DAYS) -> None:
    """Raise RangeError when `first`..`last` is reversed or longer than `max_days`."""
    if last < first:
        raise RangeError("order")
    if (last - first).days + 1 > max_days:
        raise RangeError("too-long")


def overlapping(session: Session, first: date, last: date) -> list[Overlap]:
    """Observance occurrences overlapping `first`..`last` (inclusive), in date order.

    Those with planning considerations and those without are both returned, so a
    caller can say "nothing to mind" honestly. Raises RangeError for a bad range.
    """
    check_range(first, last)
    specs = {spec.key: spec for spec in active_specs(session)}
    rows = []
    for occurrence in between(specs, first, last):
        if occurrence.start is None or occurrence.end is None:
            continue
        spec = specs[occurrence.key]
        rows.append(Overlap(
            key=spec.key, name=spec.name, start=occurrence.start, end=occurrence.end,
            evening_before=occurrence.evening_before, themes=spec.themes,
            considerations=spec.considerations))
    return sorted(rows, key=lambda row: (row.start, row.key))
