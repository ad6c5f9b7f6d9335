"""The month grid (`/maand/YYYY-MM`) and the year overview (`/jaar/YYYY`).

Dutch paths, because the site is Dutch first and the URLs are shared in Dutch mail;
the English version of a page is the same path with `?lang=en`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from babel.dates import get_day_names
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask_babel import get_locale
from werkzeug.wrappers import Response

from calendar_app.services import calendar_pages
from calendar_app.services.calendar_view import CalendarItem
from calendar_app.web.month_bars import week_lanes
from calendar_app.web.session import db_session

bp = Blueprint("calendar", __name__)

FIRST_YEAR = 1950
LAST_YEAR = 2100
#: Items longer than this run beside the grid instead of filling every cell.
LONG_DAYS = 7
#: A day cell shows this many items and links to the day's list for the rest.
DAY_SHOWN = 4
#: The year page shows per month the count and this many of its first items.
MONTH_SHOWN = 5
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Day:
    """One cell of the month grid; `items` is empty for days outside the month."""

    day: date
    in_month: bool
    items: tuple[CalendarItem, ...]
    #: Items on this day beyond those shown; the cell links to the day's list.
    more: int = 0


def _today() -> date:
    return datetime.now(current_app.extensions["calendar_settings"].zone).date()


@bp.get("/maand")
def this_month() -> Response:
    current = _today()
    return redirect(f"/maand/{current:%Y-%m}")


@bp.get("/maand/<month>")
def month(month: str) -> str:
    first = _parse_month(month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    zone = current_app.extensions["calendar_settings"].zone
    found = calendar_pages.month_days(db_session(), first, last, zone=zone,
                                      shown=DAY_SHOWN, long_days=LONG_DAYS)
    grid = [[Day(day, True, tuple(found.days.get(day, ())),
                 max(0, found.counts.get(day, 0) - DAY_SHOWN))
             if day.month == first.month else Day(day, False, ())
             for day in week] for week in weeks]
    lanes = [week_lanes(week, _multi_day(found), first, last) for week in weeks]
    return render_template(
        "month.html", first=first, grid=grid, lanes=lanes, long_items=found.long_items,
        today=_today(), weekdays=_weekday_names(), previous=_shift(first, -1),
        next=_shift(first, 1))


def _multi_day(found: calendar_pages.MonthDays) -> list[CalendarItem]:
    """The month's items of more than one day, each once: they are drawn as bars."""
    unique = {item.path: item for item in found.long_items}
    for items in found.days.values():
        unique.update((item.path, item) for item in items if item.days > 1)
    return list(unique.values())


def _parse_month(text: str) -> date:
    match = MONTH_PATTERN.match(text)
    if match is None:
        abort(404)
    year, month_number = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month_number <= 12):
        abort(404)
    return date(year, month_number, 1)


def _shift(first: date, months: int) -> date | None:
    """The first of the month `months` away, or None beyond the supported years."""
    index = first.year * 12 + first.month - 1 + months
    year, month_index = divmod(index, 12)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return date(year, month_index + 1, 1)


def _weekday_names() -> list[tuple[str, str]]:
    """(abbreviation, full name) Monday first, in the page's language."""
    locale = get_locale()
    short = get_day_names("abbreviated", locale=locale)
    wide = get_day_names("wide", locale=locale)
    return [(short[index], wide[index]) for index in range(7)]


@bp.get("/jaar")
def this_year() -> Response:
    return redirect(f"/jaar/{_today().year}")


@bp.get("/jaar/<int:year>")
def year(year: int) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    zone = current_app.extensions["calendar_settings"].zone
    months = calendar_pages.year_months(db_session(), year, zone=zone, shown=MONTH_SHOWN)
    quarters = [months[q:q + 3] for q in (0, 3, 6, 9)]
    return render_template(
        "year.html", year=year, quarters=quarters,
        previous=year - 1 if year > FIRST_YEAR else None,
        next=year + 1 if year < LAST_YEAR else None)
