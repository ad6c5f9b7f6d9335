"""Adapters over the calendar libraries: Hebrew, Umm al-Qura, Surinamese Hindu, Chinese, Iranian.

Each function answers one question for one year and is cached, because a catalogue
expansion asks the same (year, month) many times. When a library's table ends, the
function returns None and the caller reports "outside the range of <source>": the engine
never falls back to a guess (python-holidays' generic Diwali table is ~30 days off in
2025 and 2028, so it is deliberately not used).
"""

from __future__ import annotations

import functools
from datetime import date
from datetime import timedelta

from convertdate import islamic as _tabular_islamic
from convertdate import persian as _convertdate_persian
from hijridate import Gregorian as _HijriGregorian
from hijridate import Hijri
from holidays.calendars.chinese import _ChineseLunisolar
from holidays.calendars.custom import _CustomCalendar
from holidays.calendars.persian import _Persian
from holidays.countries.suriname import SurinameHinduHolidays
from pyluach.dates import HebrewDate
from pyluach.hebrewcal import Year as HebrewYear

from calendar_app.rules import astronomy

HEBREW_MONTHS: dict[str, int] = {
    "nisan": 1,
    "iyar": 2,
    "sivan": 3,
    "tammuz": 4,
    "av": 5,
    "elul": 6,
    "tishrei": 7,
    "cheshvan": 8,
    "kislev": 9,
    "tevet": 10,
    "shevat": 11,
    "adar": 12,
    "adar-ii": 13,
}

HIJRI_FIRST_YEAR = 1343
HIJRI_LAST_YEAR = 1500
HIJRIDATE_NOTE = "outside the range of hijridate (Umm al-Qura 1343–1500 AH)"


def _suriname_table(name: str) -> dict[int, tuple[int, int]]:
    """The Suriname class's OWN override table.

    python-holidays' custom-calendar metaclass renames `DIWALI_DATES` on the subclass to
    `DIWALI_DATES_CUSTOM_CALENDAR`, so plain attribute access would silently return the
    inherited generic (approximate) table. Read the renamed one and fail loudly if absent.
    """
    attribute = f"{name}_{_CustomCalendar.CUSTOM_ATTR_POSTFIX}"
    table: dict[int, tuple[int, int]] = vars(SurinameHinduHolidays)[attribute]
    return table


_SURINAME_TABLES: dict[str, dict[int, tuple[int, int]]] = {
    "divali": _suriname_table("DIWALI_DATES"),
    "holi": _suriname_table("HOLI_DATES"),
}

# Where each Surinamese day sits against its moon, in Paramaribo time, as every year of the
# table but one shows: Holi-Phagwa is the full-moon day or the day after (the morning after
# Holika Dahan), Divali the new-moon day or the day before (Lakshmi puja on the night of
# amavasya). Festival day minus moon day must be one of the offsets.
_SURINAME_MOON: dict[str, tuple[str, tuple[int, ...]]] = {
    "divali": ("new", (0, -1)),
    "holi": ("full", (0, 1)),
}

_CHINESE = _ChineseLunisolar()
_PERSIAN = _Persian()


def hebrew_date(hebrew_year: int, month: str, day: int) -> date:
    """Gregorian date of the daytime of `day` `month` in `hebrew_year` (the first full day).

    `adar` is Adar in a common year and Adar I in a leap year; `adar-ii` is Adar II in a
    leap year and plain Adar in a common year, which is where Purim-like dates belong.
    A day beyond the month's length (30 Cheshvan in a short year) rolls into the next month.
    """
    number = HEBREW_MONTHS[month]
    if number == 13 and not HebrewYear(hebrew_year).leap:
        number = 12
    return _hebrew_month_start(hebrew_year, number) + timedelta(days=day - 1)


@functools.cache
def _hebrew_month_start(hebrew_year: int, month: int) -> date:
    """pyluach (arithmetic, any year); convertdate.hebrew warns from inside its own to_jd."""
    start: date = HebrewDate(hebrew_year, month, 1).to_pydate()
    return start


def hebrew_years_touching(year: int) -> tuple[int, int]:
    """The two Hebrew years that share days with Gregorian `year` (AM = AD + 3760/3761)."""
    return year + 3760, year + 3761


def islamic_years_touching(year: int) -> range:
    """Hijri years that can have a day in Gregorian `year` (a generous window of 3 or 4)."""
    approx = int((year - 622) * 365.2425 / 354.367)
    return range(approx - 1, approx + 3)


def in_hijridate_range(hijri_year: int) -> bool:
    """True when hijridate's Umm al-Qura table covers `hijri_year`."""
    return HIJRI_FIRST_YEAR <= hijri_year <= HIJRI_LAST_YEAR


@functools.cache
def islamic_month(hijri_year: int, month: int) -> tuple[date, date]:
    """First and last Gregorian day of an Umm al-Qura month (hijridate; in range only)."""
    first = Hijri(hijri_year, month, 1)
    start = date(*first.to_gregorian().datetuple())
    return start, start + timedelta(days=first.month_length() - 1)


def tabular_islamic_estimate(hijri_year: int, month: int, day: int) -> date:
    """Arithmetic (tabular) estimate, ±2 days: used ONLY to decide which year is out of range."""
    return date(*_tabular_islamic.to_gregorian(hijri_year, month, day))


def hijri_year_of(day: date) -> int:
    """The Umm al-Qura year of a Gregorian day inside hijridate's range."""
    return int(_HijriGregorian(day.year, day.month, day.day).to_hijri().year)


def suriname_festival(festival: str, year: int) -> date | None:
    """Divali or Holi-Phagwa as kept in Suriname (python-holidays' SR dates, from timeanddate)."""
    month_day = _SURINAME_TABLES[festival].get(year)
    return date(year, *month_day) if month_day else None


_MONTH_MOON = {
    "holi": ("Phalguna", astronomy.phalguna_full_moon),
    "divali": ("Kartika", astronomy.kartika_new_moon),
}


@functools.cache
def suriname_festival_doubt(festival: str, year: int) -> str | None:
    """Why the table's date for `year` is withheld, or None when it sits on its moon.

    Two checks, because a table typed in by hand can be wrong in two ways. The date must be
    the right moon phase (Holi the full-moon day or the day after, Divali the new-moon day or
    the day before, in Paramaribo time) AND that moon must be the one of the right lunar month
    (the full moon of Phalguna, the new moon ending Ashvin): a phase check alone cannot see a
    date a whole month off. python-holidays gives Holi 2029 as 28 March: the day before a full
    moon, but a month late, since the full moon of Phalguna in 2029 is 28 February.
    """
    day = suriname_festival(festival, year)
    if day is None:
        return None
    phase, offsets = _SURINAME_MOON[festival]
    month, month_moon = _MONTH_MOON[festival]
    expected = month_moon(year, astronomy.PARAMARIBO)
    if (day - expected).days in offsets:
        return None
    relation = "the day after" if offsets[1] > 0 else "the day before"
    listed = f"the Surinamese table's date for {year} ({day.day} {day:%B})"
    months = round((day - expected).days / 29.53)
    if months:  # the wrong lunar month, whatever the phase
        way = "late" if months > 0 else "early"
        return (
            f"{listed} is in the wrong lunar month: the {phase} moon of {month} is "
            f"{expected.day} {expected:%B} (Paramaribo time), so the table is "
            f"{abs(months)} month{'s' if abs(months) != 1 else ''} {way}; not shown until "
            "confirmed"
        )
    return (
        f"{listed} is not the {phase}-moon day or {relation} ({phase} moon of {month} "
        f"{expected.day} {expected:%B}, Paramaribo time); not shown until confirmed"
    )


def suriname_festival_note(festival: str) -> str:
    """The out-of-range note naming the source and the years it covers."""
    years = _SURINAME_TABLES[festival]
    return (
        "outside the range of the Surinamese dates in python-holidays "
        f"(timeanddate.com, {min(years)}–{max(years)})"
    )


def chinese_new_year(year: int) -> date | None:
    """First day of the Chinese lunisolar year (python-holidays' table, 1901–2100)."""
    return _CHINESE.lunar_new_year_date(year)[0]


CHINESE_NOTE = "outside the range of python-holidays' Chinese lunisolar table (1901–2100)"


@functools.cache
def persian_new_year(year: int) -> date:
    """1 Farvardin (Nowruz) in Gregorian `year`.

    python-holidays' closed form (1901–2100) agrees with convertdate's astronomical rule
    (equinox before true noon in Tehran) over that whole range, and costs nothing;
    outside it convertdate's slower astronomical reckoning is used.
    """
    table_date = _PERSIAN.new_year_date(year)
    if table_date is not None:
        return table_date
    return date(*_convertdate_persian.to_gregorian(year - 621, 1, 1))


def persian_date(persian_year_start: int, month: int, day: int) -> date:
    """Day `day` of Iranian month `month` in the Persian year beginning in `persian_year_start`."""
    offset = 31 * (month - 1) if month <= 6 else 186 + 30 * (month - 7)
    return persian_new_year(persian_year_start) + timedelta(days=offset + day - 1)
