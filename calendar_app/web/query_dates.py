"""Dates in the query string of a GET filter form (the list, the planning check, the
admin outbox and audit trail).

A browser with a date picker sends 2026-05-04; a person typing where there is none
writes 4-5-2026. Both are understood; anything else is refused with a message in
words a B1 reader follows, never the ISO form, shown beside the field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime

from flask import request
from flask_babel import gettext as _

#: How a person may type a day: day-month-year, with dashes, slashes or dots.
TYPED = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class BadInput(ValueError):
    """A query-string value the page cannot use; the message is shown on the page,
    in the error summary and beside `field` (the query argument it concerns)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def parse_day(value: str) -> date | None:
    """A date as the date picker sends it or as a person types it; None when neither."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    for layout in TYPED:
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


def query_day(name: str) -> date | None:
    """The date in query argument `name`, None when it is empty; BadInput when it is
    no date."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    parsed = parse_day(value)
    if parsed is None:
        raise BadInput(_("“%(value)s” is not a date. Choose a date with the date picker, "
                         "or type it as day-month-year, for example 4-5-2026.", value=value),
                       name)
    return parsed


def query_days(*names: str, read: Callable[[str], date | None] = query_day
               ) -> tuple[dict[str, date | None], dict[str, str]]:
    """The dates of a filter form, and the message of each refused one by its name
    (a refused date filters nothing), so the page marks every bad field. `read` reads
    one argument (`query_day`, or a page's own check on top of it)."""
    days: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for name in names:
        try:
            days[name] = read(name)
        except BadInput as error:
            days[name] = None
            errors[name] = str(error)
    return days, errors
