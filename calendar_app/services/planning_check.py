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
from calendar_app.rules.days_off import DayOff
from calendar_app.rules.days_off import days_off_between
from calendar_app.rules.school_holidays import SchoolHoliday
from calendar_app.rules.school_holidays import is_sourced
from calendar_app.rules.school_holidays import school_holidays_between
from calendar_app.services.catalogue_sync import active_specs

__all__ = [
    "MAX_DAYS",
    "DayOff",
    "Overlap",
    "PlanningCheck",
    "RangeError",
    "SchoolHoliday",
    "check_range",
    "overlapping",
    "planning_check",
]

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
            key=spec.key, name=spec.name_in(occurrence.year), start=occurrence.start,
            end=occurrence.end,
            evening_before=occurrence.evening_before, themes=spec.themes,
            considerations=spec.considerations))
    return sorted(rows, key=lambda row: (row.start, row.key))


@dataclass(frozen=True)
class PlanningCheck:
    """Everything the check says about a range: observances, days off, school holidays.

    Attributes:
        overlaps: observance occurrences overlapping the range (see `overlapping`).
        days_off: Dutch public holidays in the range that are days off under the CAO
            Gemeenten ("officiële feestdag / vrije dag").
        school_holidays: school holidays of region Noord (Amsterdam) overlapping the range,
            for the years the data file can source; shown as a note.
    """

    first: date
    last: date
    overlaps: list[Overlap]
    days_off: list[DayOff]
    school_holidays: list[SchoolHoliday]
    #: False when the range reaches a school year the data file does not hold.
    school_sourced: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.overlaps or self.days_off or self.school_holidays)


def planning_check(session: Session, first: date, last: date) -> PlanningCheck:
    """The whole check for `first`..`last` (inclusive). Raises RangeError for a bad range.

    A plain function so every page that plans a date (the /check page, the activity form,
    the review page) shows the same working year.
    """
    return PlanningCheck(
        first=first,
        last=last,
        overlaps=overlapping(session, first, last),
        days_off=days_off_between(first, last),
        school_holidays=school_holidays_between(first, last),
        school_sourced=is_sourced(first, last),
    )
