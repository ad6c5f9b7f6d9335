"""School holidays of region Noord (Amsterdam), as data with a source per row.

Read from `data/school_holidays_noord.json`; only the school years that file can source are
known (see its `about`), and other years simply have no note. The planning check shows them
as a note: colleagues with children at school are often on leave then.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources


@dataclass(frozen=True, slots=True)
class SchoolHoliday:
    """One school holiday of region Noord, `end` inclusive, with the page it comes from."""

    name_nl: str
    name_en: str
    start: date
    end: date
    source: str


@functools.cache
def school_holidays() -> tuple[SchoolHoliday, ...]:
    """Every school holiday in the data file, in date order."""
    text = resources.files("calendar_app.rules").joinpath(
        "data/school_holidays_noord.json").read_text(encoding="utf-8")
    rows = json.loads(text)["holidays"]
    return tuple(sorted(
        (SchoolHoliday(row["name_nl"], row["name_en"], date.fromisoformat(row["start"]),
                       date.fromisoformat(row["end"]), row["source"]) for row in rows),
        key=lambda item: item.start))


def school_holidays_between(first: date, last: date) -> list[SchoolHoliday]:
    """The school holidays that overlap `first`..`last` (both inclusive)."""
    return [item for item in school_holidays() if item.start <= last and item.end >= first]


def school_year(day: date) -> int:
    """The school year a day is in, by the year it starts in (1 August)."""
    return day.year if day.month >= 8 else day.year - 1


@functools.cache
def sourced_school_years() -> frozenset[int]:
    """The school years the data file holds (the others are not known here)."""
    return frozenset(school_year(item.start) for item in school_holidays())


def is_sourced(first: date, last: date) -> bool:
    """Whether every school year `first`..`last` touches is in the data file, so that
    "no school holiday" is a fact and not a gap the page must point out."""
    return all(year in sourced_school_years()
               for year in range(school_year(first), school_year(last) + 1))
