"""Days off: the Dutch public holidays on which the City's staff are free, as the CAO counts them.

The CAO Gemeenten (article 6.6 since the cao 2023) names eight paid days off: Nieuwjaarsdag,
Tweede Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Tweede Pinksterdag and both
Christmas days. Bevrijdingsdag is one of them every year from 2024; before that the local
employer decided, and the usual Dutch practice (the Stichting van de Arbeid's advice of 1959,
was a day off in lustrum years only (1960, 1965, ... 2020).
Sources: https://www.gemeente.nu/blog/bevrijdingsdag-een-betaalde-vrije-dag/ (cao 2023,
art. 6.6, from 2024) and https://www.nu.nl/economie/6131444/waarom-5-mei-niet-elk-jaar-een-vrije-dag-is.html
(lustrum years, 1959).

The dates come from python-holidays' NL calendar; Goede Vrijdag, which it also lists, is no
day off in the CAO and is left out. An observance in events.yaml says in `day_off` which of
its years hold such a day (`DayOffPeriod`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from holidays.countries.netherlands import Netherlands

#: The first year the CAO Gemeenten makes Bevrijdingsdag a day off every year.
LIBERATION_DAY_EVERY_YEAR_FROM = 2024
#: Bevrijdingsdag before that: a day off in lustrum years (years ending in 0 or 5).
LUSTRUM = 5
CAO_SOURCE = "https://www.gemeente.nu/blog/bevrijdingsdag-een-betaalde-vrije-dag/"

# python-holidays' English name -> (Dutch, English) as shown here; None = not a CAO day off.
_CAO_NAMES: dict[str, tuple[str, str] | None] = {
    "New Year's Day": ("Nieuwjaarsdag", "New Year's Day"),
    "Good Friday": None,
    "Easter Sunday": None,  # a Sunday: not among the CAO's eight days off
    "Easter Monday": ("Tweede Paasdag", "Easter Monday"),
    "King's Day": ("Koningsdag", "King's Day"),
    "Queen's Day": ("Koninginnedag", "Queen's Day"),
    "Liberation Day": ("Bevrijdingsdag", "Liberation Day"),
    "Ascension Day": ("Hemelvaartsdag", "Ascension Day"),
    "Pentecost": None,  # a Sunday, likewise
    "Pentecost Monday": ("Tweede Pinksterdag", "Whit Monday"),
    "Whit Monday": ("Tweede Pinksterdag", "Whit Monday"),
    "Christmas Day": ("Eerste Kerstdag", "Christmas Day"),
    "Second Day of Christmas": ("Tweede Kerstdag", "Boxing Day"),
}


@dataclass(frozen=True, slots=True)
class DayOff:
    """One public holiday that is a day off: its date and its name in Dutch and English."""

    day: date
    name_nl: str
    name_en: str


@dataclass(frozen=True, slots=True)
class DayOffPeriod:
    """Years with a CAO day off: `first`..`last` (None = open-ended), every `every` years.

    `every: 5` means lustrum years (the year divisible by 5), as Bevrijdingsdag was before 2024.
    """

    first: int | None = None
    last: int | None = None
    every: int = 1

    def applies(self, year: int) -> bool:
        if self.first is not None and year < self.first:
            return False
        if self.last is not None and year > self.last:
            return False
        return year % self.every == 0

    def params(self) -> dict[str, int]:
        out: dict[str, int] = {}
        if self.first is not None:
            out["from"] = self.first
        if self.last is not None:
            out["until"] = self.last
        if self.every != 1:
            out["every"] = self.every
        return out


def liberation_day_is_off(year: int) -> bool:
    """Whether 5 May is a day off in `year` under the CAO (see the module docstring)."""
    return year >= LIBERATION_DAY_EVERY_YEAR_FROM or (year >= 1960 and year % LUSTRUM == 0)


@functools.cache
def days_off_in_year(year: int) -> tuple[DayOff, ...]:
    """The CAO days off of `year` that python-holidays' NL calendar knows, in date order."""
    found: dict[date, DayOff] = {}
    calendar = Netherlands(years=year, language="en_US")  # type: ignore[no-untyped-call]
    for day, name in calendar.items():
        for part in str(name).split("; "):
            label = _CAO_NAMES.get(part)
            if label is not None:
                found[day] = DayOff(day, *label)
    liberation = date(year, 5, 5)
    if liberation_day_is_off(year):
        found[liberation] = DayOff(liberation, "Bevrijdingsdag", "Liberation Day")
    else:
        found.pop(liberation, None)
    return tuple(sorted(found.values(), key=lambda item: item.day))


def days_off_between(first: date, last: date) -> list[DayOff]:
    """The CAO days off from `first` to `last` inclusive."""
    return [
        item
        for year in range(first.year, last.year + 1)
        for item in days_off_in_year(year)
        if first <= item.day <= last
    ]
