"""SQL conditions on activities that feeds and pages share: themes, start order, upcoming.

Filtering, ordering and limiting happen in the database, so a page or a feed loads the
rows it shows and no more, whatever the number of activities.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy import String
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_

from calendar_app.models import Activity
from calendar_app.models.activities import PUBLIC_STATUSES


def is_public() -> ColumnElement[bool]:
    """Published or cancelled, written so no planner drives a query by the status index.

    Nearly every activity is public, so that index narrows nothing; SQLite keeps no
    statistics and would pick it anyway (a scan of the whole table) over the date
    indexes. Wrapped in COALESCE, the condition is checked on the rows the date
    indexes find.
    """
    return func.coalesce(Activity.status, "").in_(PUBLIC_STATUSES)


def has_any_theme(themes: Iterable[str]) -> ColumnElement[bool]:
    """The activity carries one of `themes`.

    `themes` is a JSON list of keys on every engine; a key appears in its text as
    `"key"`, so a LIKE on the text is exact for keys (theme keys are slugs) and works
    the same on SQLite and PostgreSQL.
    """
    text = cast(Activity.themes, String)
    clauses = [text.like(f'%"{_escaped(theme)}"%', escape="\\") for theme in themes]
    return or_(*clauses) if clauses else false()


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def start_order() -> ColumnElement[Any]:
    """The start of an activity as one sortable value: its first day, or its start time."""
    return case((Activity.all_day.is_(True), Activity.start_date), else_=Activity.start_at)


def ends_on_or_after(day: date, zone: ZoneInfo) -> ColumnElement[bool]:
    """The activity is still on at `day` (local): it ends on that day or later."""
    midnight = datetime.combine(day, time.min, zone)
    return or_(and_(Activity.all_day.is_(True), Activity.end_date >= day),
               and_(Activity.all_day.is_(False), Activity.end_at >= midnight))
