"""One small rule type per `kind` in events.yaml.

A rule knows its parameters and answers one question: which spans (or which gap) fall
in a Gregorian year. Rules are built from mappings the catalogue has already validated,
and `params()` gives the canonical mapping back, so the database can store a rule and
the web can rebuild it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any
from typing import ClassVar
from typing import Literal
from typing import Protocol

from dateutil.easter import EASTER_ORTHODOX
from dateutil.easter import EASTER_WESTERN
from dateutil.easter import easter

from calendar_app.rules import astronomy
from calendar_app.rules import lunisolar
from calendar_app.rules.occurrence import Gap
from calendar_app.rules.occurrence import Span
from calendar_app.rules.occurrence import Status

WHOLE_MONTH = "whole-month"
Days = int | Literal["whole-month"]
YearResult = list[Span | Gap]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EASTER_CALENDARS: dict[str, Literal[1, 2, 3]] = {
    "western": EASTER_WESTERN, "orthodox": EASTER_ORTHODOX}
HINDU_FESTIVALS = ("divali", "holi")
BUDDHIST_FESTIVALS = ("vesak",)
CHINESE_FESTIVALS = ("new-year",)


class Rule(Protocol):
    """The interface every kind implements."""

    kind: ClassVar[str]
    status: ClassVar[Status]

    def spans(self, year: int, days: Days) -> YearResult:
        """Spans starting in `year`, or a single Gap saying why there is no date."""
        ...

    def params(self) -> dict[str, Any]:
        """The canonical, JSON-serialisable mapping of the rule, `kind` included."""
        ...


def _sized(starts: list[date], days: Days) -> YearResult:
    length = days if isinstance(days, int) else 1
    return [Span(start, start + timedelta(days=length - 1)) for start in starts]


def _in_year(year: int, candidates: list[date]) -> list[date]:
    return sorted(day for day in candidates if day.year == year)


@dataclass(frozen=True)
class Fixed:
    """The same day every year; `on_sunday` moves it when it falls on a Sunday (Koningsdag)."""

    kind: ClassVar[str] = "fixed"
    status: ClassVar[Status] = Status.COMPUTED
    month: int
    day: int
    on_sunday: int = 0

    def spans(self, year: int, days: Days) -> YearResult:
        start = date(year, self.month, self.day)
        if self.on_sunday and start.weekday() == 6:
            start += timedelta(days=self.on_sunday)
        return _sized([start], days)

    def params(self) -> dict[str, Any]:
        extra = {"on_sunday": self.on_sunday} if self.on_sunday else {}
        return {"kind": self.kind, "month": self.month, "day": self.day, **extra}


@dataclass(frozen=True)
class FixedRange:
    """A fixed stretch such as a themed month; an end before the start runs into next year."""

    kind: ClassVar[str] = "fixed-range"
    status: ClassVar[Status] = Status.COMPUTED
    start: tuple[int, int]
    end: tuple[int, int]

    def spans(self, year: int, days: Days) -> YearResult:
        start = date(year, *self.start)
        end = date(year, *self.end)
        if end < start:
            end = date(year + 1, *self.end)
        return [Span(start, end)]

    def params(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": {"month": self.start[0], "day": self.start[1]},
            "end": {"month": self.end[0], "day": self.end[1]},
        }


@dataclass(frozen=True)
class NthWeekday:
    """The n-th (or, with n = -1, the last) weekday of a month, e.g. Paarse Vrijdag."""

    kind: ClassVar[str] = "nth-weekday"
    status: ClassVar[Status] = Status.COMPUTED
    month: int
    weekday: str
    n: int

    def spans(self, year: int, days: Days) -> YearResult:
        wanted = WEEKDAYS.index(self.weekday)
        month_days = calendar.monthrange(year, self.month)[1]
        matches = [
            date(year, self.month, d)
            for d in range(1, month_days + 1)
            if date(year, self.month, d).weekday() == wanted
        ]
        if self.n > len(matches):
            note = f"{calendar.month_name[self.month]} {year} has no {self.n}th {self.weekday}"
            return [Gap(Status.OUT_OF_RANGE, note)]
        return _sized([matches[self.n - 1 if self.n > 0 else -1]], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "month": self.month, "weekday": self.weekday, "n": self.n}


@dataclass(frozen=True)
class Easter:
    """Days from Western or Orthodox Easter Sunday (dateutil.easter, valid 1583–4099).

    The catalogue limits `offset` to ±70 days, which keeps the day inside Easter's year.
    """

    kind: ClassVar[str] = "easter"
    status: ClassVar[Status] = Status.COMPUTED
    calendar: str
    offset: int = 0

    def spans(self, year: int, days: Days) -> YearResult:
        sunday = easter(year, EASTER_CALENDARS[self.calendar])
        return _sized([sunday + timedelta(days=self.offset)], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "calendar": self.calendar, "offset": self.offset}


@dataclass(frozen=True)
class Hebrew:
    """A Hebrew calendar date; `start` is its first full day (pyluach, arithmetic)."""

    kind: ClassVar[str] = "hebrew"
    status: ClassVar[Status] = Status.COMPUTED
    month: str
    day: int

    def spans(self, year: int, days: Days) -> YearResult:
        candidates = [
            lunisolar.hebrew_date(hebrew_year, self.month, self.day)
            for hebrew_year in lunisolar.hebrew_years_touching(year)
        ]
        return _sized(_in_year(year, candidates), days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "month": self.month, "day": self.day}


@dataclass(frozen=True)
class Islamic:
    """An Umm al-Qura date (hijridate); may occur twice in one Gregorian year."""

    kind: ClassVar[str] = "islamic"
    status: ClassVar[Status] = Status.COMPUTED
    month: int
    day: int

    def spans(self, year: int, days: Days) -> YearResult:
        found: YearResult = []
        beyond_table = False
        for hijri_year in lunisolar.islamic_years_touching(year):
            if not lunisolar.in_hijridate_range(hijri_year):
                beyond_table = beyond_table or self._may_fall_in(hijri_year, year)
                continue
            first, last = lunisolar.islamic_month(hijri_year, self.month)
            start = first + timedelta(days=self.day - 1)
            if start.year == year:
                length = 0 if isinstance(days, str) else days - 1
                found.append(
                    Span(start, last if days == WHOLE_MONTH else start + timedelta(length))
                )
        if beyond_table:
            found.append(Gap(Status.OUT_OF_RANGE, lunisolar.HIJRIDATE_NOTE))
        return found

    def _may_fall_in(self, hijri_year: int, year: int) -> bool:
        estimate = lunisolar.tabular_islamic_estimate(hijri_year, self.month, self.day)
        return (
            date(year, 1, 1) - timedelta(days=3)
            <= estimate
            <= date(year, 12, 31) + timedelta(days=3)
        )

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "month": self.month, "day": self.day}


@dataclass(frozen=True)
class Hindu:
    """Divali or Holi-Phagwa as kept in Suriname, only where a source lists the date.

    A listed date that does not sit on its moon phase is withheld (out of range, with why).
    """

    kind: ClassVar[str] = "hindu"
    status: ClassVar[Status] = Status.COMPUTED
    festival: str

    def spans(self, year: int, days: Days) -> YearResult:
        day = lunisolar.suriname_festival(self.festival, year)
        if day is None:
            return [Gap(Status.OUT_OF_RANGE, lunisolar.suriname_festival_note(self.festival))]
        doubt = lunisolar.suriname_festival_doubt(self.festival, year)
        if doubt is not None:
            return [Gap(Status.OUT_OF_RANGE, doubt)]
        return _sized([day], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "festival": self.festival}


@dataclass(frozen=True)
class Buddhist:
    """Vesak: the (first) May full moon, dated in Europe/Amsterdam (ephem)."""

    kind: ClassVar[str] = "buddhist"
    status: ClassVar[Status] = Status.COMPUTED
    festival: str

    def spans(self, year: int, days: Days) -> YearResult:
        return _sized([astronomy.first_may_full_moon(year)], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "festival": self.festival}


@dataclass(frozen=True)
class Chinese:
    """Chinese (lunar) New Year from python-holidays' lunisolar table."""

    kind: ClassVar[str] = "chinese"
    status: ClassVar[Status] = Status.COMPUTED
    festival: str

    def spans(self, year: int, days: Days) -> YearResult:
        day = lunisolar.chinese_new_year(year)
        if day is None:
            return [Gap(Status.OUT_OF_RANGE, lunisolar.CHINESE_NOTE)]
        return _sized([day], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "festival": self.festival}


@dataclass(frozen=True)
class Persian:
    """A date of the Iranian solar calendar; 1 Farvardin is Nowruz."""

    kind: ClassVar[str] = "persian"
    status: ClassVar[Status] = Status.COMPUTED
    month: int
    day: int

    def spans(self, year: int, days: Days) -> YearResult:
        candidates = [lunisolar.persian_date(y, self.month, self.day) for y in (year - 1, year)]
        return _sized(_in_year(year, candidates), days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "month": self.month, "day": self.day}


@dataclass(frozen=True)
class MarchEquinox:
    """The day of the March equinox in Europe/Amsterdam (ephem)."""

    kind: ClassVar[str] = "march-equinox"
    status: ClassVar[Status] = Status.COMPUTED

    def spans(self, year: int, days: Days) -> YearResult:
        return _sized([astronomy.march_equinox(year)], days)

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind}


@dataclass(frozen=True)
class AnnouncedDate:
    """One organiser-published stretch of days and where it was published."""

    start: date
    end: date
    source: str


@dataclass(frozen=True)
class Announced:
    """Organiser-set dates; other years are "not yet announced", never guessed."""

    kind: ClassVar[str] = "announced"
    status: ClassVar[Status] = Status.ANNOUNCED
    dates: tuple[AnnouncedDate, ...]

    def spans(self, year: int, days: Days) -> YearResult:
        found = sorted(Span(d.start, d.end) for d in self.dates if d.start.year == year)
        return list(found) or [Gap(Status.NOT_ANNOUNCED)]

    def params(self) -> dict[str, Any]:
        dates = [
            {"start": d.start.isoformat(), "end": d.end.isoformat(), "source": d.source}
            for d in self.dates
        ]
        return {"kind": self.kind, "dates": dates}


def _month_day(mapping: Mapping[str, Any]) -> tuple[int, int]:
    return int(mapping["month"]), int(mapping["day"])


def build_rule(params: Mapping[str, Any]) -> Rule:
    """Build the rule object for a validated `rule:` mapping (dates may be str or date)."""
    kind = params["kind"]
    if kind == "fixed":
        return Fixed(params["month"], params["day"], params.get("on_sunday", 0))
    if kind == "fixed-range":
        return FixedRange(_month_day(params["start"]), _month_day(params["end"]))
    if kind == "nth-weekday":
        return NthWeekday(params["month"], params["weekday"], params["n"])
    if kind == "easter":
        return Easter(params["calendar"], params.get("offset", 0))
    if kind == "hebrew":
        return Hebrew(params["month"], params["day"])
    if kind == "islamic":
        return Islamic(params["month"], params["day"])
    if kind == "persian":
        return Persian(params["month"], params["day"])
    if kind == "march-equinox":
        return MarchEquinox()
    if kind == "announced":
        return Announced(tuple(_announced_date(d) for d in params["dates"]))
    festival_kinds: dict[str, type[Hindu | Buddhist | Chinese]] = {
        "hindu": Hindu,
        "buddhist": Buddhist,
        "chinese": Chinese,
    }
    if kind in festival_kinds:
        return festival_kinds[kind](params["festival"])
    raise ValueError(f"unknown rule kind {kind!r}")


def _announced_date(item: Mapping[str, Any]) -> AnnouncedDate:
    def as_date(value: date | str) -> date:
        return value if isinstance(value, date) else date.fromisoformat(value)

    return AnnouncedDate(as_date(item["start"]), as_date(item["end"]), str(item["source"]))


KINDS: tuple[str, ...] = (
    "fixed",
    "fixed-range",
    "nth-weekday",
    "easter",
    "hebrew",
    "islamic",
    "hindu",
    "buddhist",
    "chinese",
    "persian",
    "march-equinox",
    "announced",
)
