"""The audit trail in the page's language: action words, field labels and values.

The trail stores what happened by key (`published`, `role-changed`) and its details by
column name with raw values (`actual_cost: [None, "1234.56"]`), so it reads the same
whatever language the reader chose. This module says them for the page: "gepubliceerd",
"werkelijke kosten: — → € 1.234,56", and never shows a Python `None` or `True`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from calendar_app.exports import text as export_text
from calendar_app.web.activities import change_label
from calendar_app.web.history import field_label
from calendar_app.web.i18n import clock_time
from calendar_app.web.i18n import current_language
from calendar_app.web.i18n import long_day

EMPTY = "—"
_AMOUNTS = frozenset({"actual_cost", "budget_estimate", "budget"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
_NUMBER = re.compile(r"-?\d+(\.\d+)?$")


def action_label(action: str) -> str:
    """The trail's action key as a word in the page's language."""
    labels = {
        "evaluated": _("evaluated"), "created": _("created"), "made-admin": _("made administrator"),
        "unmade-admin": _("no longer administrator"), "deactivated": _("deactivated"),
        "reactivated": _("reactivated"), "invited": _("invited"),
        "invited-again": _("invited again"), "role-changed": _("role changed"),
        "removed": _("removed"), "added": _("added"), "corrected": _("corrected"),
    }
    return labels.get(action) or change_label(action)


def detail_label(key: str) -> str:
    """A detail's key as the label people know, lower-cased as `history.field_label`."""
    labels = {
        "messages stopped": _("messages stopped"), "role": _("role"),
        "admin": _("administrator"), "workgroup": _("workgroup"), "dates": _("dates"),
        "source": _("source"), "checked": _("checked on"), "reason": _("reason"),
    }
    return labels.get(key) or field_label(key)


def detail_value(key: str, value: object) -> str:
    """One stored value as the page shows it; a change [old, new] as "old → new"."""
    if isinstance(value, list | tuple) and len(value) == 2 and key != "themes":
        return f"{_one(key, value[0])} → {_one(key, value[1])}"
    return _one(key, value)


def details_text(details: Mapping[str, object]) -> str:
    """"bezoekers: — → 23; werkelijke kosten: — → € 1.234,56"."""
    return "; ".join(f"{detail_label(key)}: {detail_value(key, value)}"
                     for key, value in details.items())


def _one(key: str, value: object) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "role" and value in ("member", "coordinator"):
        return _("member") if value == "member" else _("coordinator")
    if isinstance(value, list | tuple):
        return ", ".join(_one(key, item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{name}: {_one(name, item)}" for name, item in value.items())
    if key.endswith("_id"):
        return str(value)  # a reference, not a quantity: no thousands separator
    if isinstance(value, int | float | Decimal) or (
            isinstance(value, str) and _NUMBER.match(value)):
        return _number(key, str(value))
    if isinstance(value, str) and _DAY.match(value):
        return _day(value)
    if isinstance(value, str) and _MOMENT.match(value):
        return _moment(value)
    return str(value)


def _number(key: str, text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if key in _AMOUNTS:
        return export_text.money(number, current_language())
    return str(format_decimal(number))


def _day(text: str) -> str:
    try:
        return long_day(date.fromisoformat(text))
    except ValueError:
        return text


def _moment(text: str) -> str:
    """A stored moment (UTC) as "17 mei 2027, 09:30" in the calendar's zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    zone = current_app.extensions["calendar_settings"].zone
    local = moment.astimezone(zone) if moment.tzinfo else moment
    return f"{long_day(local.date())}, {clock_time(local)}"
