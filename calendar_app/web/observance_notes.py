"""The rules' notes on a year without a date, in the page's language.

The rules (calendar_app/rules) explain a withheld or uncomputable year in one English
sentence, which `export dates` and the logs use as is. The domain knows nothing of Flask,
so the observance page reads the known sentences back here and says them in its own
language; a note this module does not know keeps its English and its `lang="en"`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from calendar_app.rules import lunisolar
from calendar_app.web.i18n import current_language
from calendar_app.web.i18n import long_day

_LISTED = r"the Surinamese table's date for (?P<year>\d{4}) \((?P<listed>\d{1,2} [A-Z][a-z]+)\)"
_WRONG_MONTH = re.compile(
    _LISTED + r" is in the wrong lunar month: the (?P<phase>full|new) moon of (?P<month>\w+)"
    r" is (?P<expected>\d{1,2} [A-Z][a-z]+) \(Paramaribo time\), so the table is "
    r"(?P<months>\d+) months? (?P<way>late|early); not shown until confirmed$")
_WRONG_PHASE = re.compile(
    _LISTED + r" is not the (?P<phase>full|new)-moon day or the day (?P<side>after|before) "
    r"\((?:full|new) moon of (?P<month>\w+) (?P<expected>\d{1,2} [A-Z][a-z]+), "
    r"Paramaribo time\); not shown until confirmed$")
_SURINAME_RANGE = re.compile(
    r"outside the range of the Surinamese dates in python-holidays "
    r"\(timeanddate\.com, (?P<first>\d{4})–(?P<last>\d{4})\)$")


@dataclass(frozen=True)
class NoteText:
    """A note as the page shows it; `lang` is set only where it stays in English."""

    text: str
    lang: str | None


def note_text(note: str) -> NoteText:
    """`note` in the page's language, or as it is (marked English) when unknown."""
    for read in (_wrong_month, _wrong_phase, _fixed):
        found = read(note)
        if found is not None:
            return NoteText(found, None)
    return NoteText(note, None if current_language() == "en" else "en")


def _day(day_month: str, year: str) -> str:
    """"28 March" of `year` (the rules write %d %B in English) as "28 maart 2029"."""
    day: date = datetime.strptime(f"{day_month} {year}", "%d %B %Y").date()
    return long_day(day)


def _moon(phase: str) -> str:
    return _("full moon") if phase == "full" else _("new moon")


def _values(match: re.Match[str]) -> dict[str, str]:
    """The listed and expected days, the moon and the lunar month of a Surinamese note."""
    return {"listed": _day(match["listed"], match["year"]), "moon": _moon(match["phase"]),
            "month": match["month"], "expected": _day(match["expected"], match["year"])}


def _wrong_month(note: str) -> str | None:
    match = _WRONG_MONTH.match(note)
    if match is None:
        return None
    values = _values(match)
    count = int(match["months"])
    if match["way"] == "late":
        return ngettext(
            "The Surinamese table gives %(listed)s. That is the wrong lunar month: the "
            "%(moon)s of %(month)s is on %(expected)s (Paramaribo time), so the table is "
            "%(num)d month late. The date is shown once it is confirmed.",
            "The Surinamese table gives %(listed)s. That is the wrong lunar month: the "
            "%(moon)s of %(month)s is on %(expected)s (Paramaribo time), so the table is "
            "%(num)d months late. The date is shown once it is confirmed.", count, **values)
    return ngettext(
        "The Surinamese table gives %(listed)s. That is the wrong lunar month: the "
        "%(moon)s of %(month)s is on %(expected)s (Paramaribo time), so the table is "
        "%(num)d month early. The date is shown once it is confirmed.",
        "The Surinamese table gives %(listed)s. That is the wrong lunar month: the "
        "%(moon)s of %(month)s is on %(expected)s (Paramaribo time), so the table is "
        "%(num)d months early. The date is shown once it is confirmed.", count, **values)


def _wrong_phase(note: str) -> str | None:
    match = _WRONG_PHASE.match(note)
    if match is None:
        return None
    values = _values(match)
    if match["side"] == "after":
        return _("The Surinamese table gives %(listed)s. That is not the day of the %(moon)s "
                 "or the day after: the %(moon)s of %(month)s is on %(expected)s (Paramaribo "
                 "time). The date is shown once it is confirmed.", **values)
    return _("The Surinamese table gives %(listed)s. That is not the day of the %(moon)s "
             "or the day before: the %(moon)s of %(month)s is on %(expected)s (Paramaribo "
             "time). The date is shown once it is confirmed.", **values)


#: The notes that are one fixed sentence in the rules.
_FIXED: dict[str, Callable[[], str]] = {
    lunisolar.CHINESE_NOTE: lambda: _(
        "outside the range of the Chinese lunisolar table in python-holidays (1901–2100)"),
    lunisolar.HIJRIDATE_NOTE: lambda: _(
        "outside the range of hijridate (Umm al-Qura 1343–1500 AH)"),
}


def _fixed(note: str) -> str | None:
    if note in _FIXED:
        return _FIXED[note]()
    match = _SURINAME_RANGE.match(note)
    if match is None:
        return None
    return _("outside the range of the Surinamese dates in python-holidays "
             "(timeanddate.com, %(first)s–%(last)s)", first=match["first"], last=match["last"])
