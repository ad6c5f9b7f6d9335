"""Bounded public pages: a page of the list, a month's days, a year's months.

Whatever the number of activities, a page loads and renders a bounded number of rows:
the database filters (themes included), counts and orders; only the keys needed to
place rows (id and start) are read for the range, and full rows only for the items
shown. Observances come from the catalogue's rules (a few dozen a year), in Python.

Items go in start order: on a day the observances, then all-day activities, then
timed ones by their start (compared in UTC, as the database orders them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import Workgroup
from calendar_app.models.activities import PUBLIC_STATUSES
from calendar_app.services import calendar_view
from calendar_app.services.activity_sql import has_any_theme
from calendar_app.services.activity_sql import start_order
from calendar_app.services.calendar_view import CalendarItem
from calendar_app.services.calendar_view import Filters

#: (start, rank, tie-break): observances before activities that start the same day.
SortKey = tuple[datetime, int, Any]


@dataclass(frozen=True)
class Page:
    """One page of a filtered range: its items, its number and how many there are."""

    items: list[CalendarItem]
    number: int
    pages: int
    total: int


def page_between(session: Session, first: date, last: date, *, zone: ZoneInfo,
                 filters: Filters | None = None, number: int = 1, size: int = 50) -> Page:
    """Page `number` (from 1) of everything the list shows for `first`..`last`."""
    filters = filters or Filters()
    observances = ([] if filters.activities_only or filters.kind == "activity" else
                   calendar_view.observance_items(session, first, last, filters))
    condition = activity_condition(first, last, zone, filters)
    if filters.kind == "observance":
        condition = false()
    total = len(observances) + _count(session, condition)
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    offset = (number - 1) * size
    keys = session.execute(_keys(condition).limit(offset + size)).all()
    merged = sorted([*((_observance_key(item), item) for item in observances),
                     *((_row_key(row), row.id) for row in keys)], key=lambda pair: pair[0])
    window = [entry for _key, entry in merged[offset:offset + size]]
    loaded = activity_items(session, [e for e in window if isinstance(e, int)], zone)
    items = [entry if isinstance(entry, CalendarItem) else loaded[entry] for entry in window]
    return Page(items, number, pages, total)


def activity_condition(first: date, last: date, zone: ZoneInfo,
                       filters: Filters) -> ColumnElement[bool]:
    """Public activities overlapping `first`..`last` that pass `filters`, as SQL."""
    clauses = [Activity.status.in_(PUBLIC_STATUSES), calendar_view.overlaps(first, last, zone)]
    if filters.workgroup:
        clauses.append(Activity.workgroup_id.in_(
            select(Workgroup.id).where(Workgroup.slug == filters.workgroup)))
    if filters.phase:
        clauses.append(Activity.phase == filters.phase)
    if filters.theme:
        clauses.append(has_any_theme([filters.theme]))
    return and_(*clauses)


def _count(session: Session, condition: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(Activity).where(condition)) or 0)


def _keys(condition: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """What places a row: id and start, in start order."""
    return (select(Activity.id, Activity.all_day, Activity.start_date, Activity.start_at)
            .where(condition).order_by(start_order(), Activity.id))


def _row_key(row: Any) -> SortKey:
    start = (datetime.combine(row.start_date, time.min) if row.all_day
             else row.start_at.astimezone(UTC).replace(tzinfo=None))
    return (start, 1, row.id)


def _observance_key(item: CalendarItem) -> SortKey:
    return (datetime.combine(item.start, time.min), 0, item.key)


def activity_items(session: Session, ids: Sequence[int],
                   zone: ZoneInfo) -> dict[int, CalendarItem]:
    """The full calendar rows of the activities `ids` (a page's worth), by id."""
    if not ids:
        return {}
    rows = session.execute(calendar_view.public_activities().where(Activity.id.in_(ids)))
    return {row[0].id: calendar_view.activity_item(row, zone) for row in rows}


@dataclass(frozen=True)
class MonthSummary:
    """A month of the year page: how many items start in it, and the first few."""

    first: date
    count: int
    items: list[CalendarItem]


def year_months(session: Session, year: int, *, zone: ZoneInfo,
                shown: int = 5) -> list[MonthSummary]:
    """Per month of `year`: the count of items starting in it and the first `shown`.

    An item that began the year before counts in January, as the year page lists it.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    observances = calendar_view.observance_items(session, first, last, Filters())
    public = activity_condition(first, last, zone, Filters())
    starts = [date(year, month, 1) for month in range(1, 13)] + [date(year + 1, 1, 1)]
    months = [_starts_before(starts[1], zone)] + [
        and_(_starts_before(starts[m + 1], zone), ~_starts_before(starts[m], zone))
        for m in range(1, 12)]
    counts = session.execute(select(*(func.coalesce(func.sum(_one_if(month)), 0)
                                      for month in months)).where(public)).one()
    summaries = []
    for index, month in enumerate(months):
        in_month = [item for item in observances
                    if max(item.start, first).month == index + 1]
        keys = session.execute(_keys(and_(public, month)).limit(shown)).all()
        merged = sorted([*((_observance_key(item), item) for item in in_month),
                         *((_row_key(row), row.id) for row in keys)],
                        key=lambda pair: pair[0])[:shown]
        loaded = activity_items(session, [e for _k, e in merged if isinstance(e, int)], zone)
        items = [e if isinstance(e, CalendarItem) else loaded[e] for _k, e in merged]
        summaries.append(MonthSummary(starts[index], int(counts[index]) + len(in_month), items))
    return summaries


def _starts_before(day: date, zone: ZoneInfo) -> ColumnElement[bool]:
    """The activity's first local day is before `day`."""
    midnight = datetime.combine(day, time.min, zone)
    return or_(and_(Activity.all_day.is_(True), Activity.start_date < day),
               and_(Activity.all_day.is_(False), Activity.start_at < midnight))


def _one_if(condition: ColumnElement[bool]) -> Any:
    return case((condition, 1), else_=0)


@dataclass(frozen=True)
class MonthDays:
    """A month grid's items: per day the first few, and how many there are in all."""

    days: dict[date, list[CalendarItem]]
    counts: dict[date, int]
    long_items: list[CalendarItem]


def month_days(session: Session, first: date, last: date, *, zone: ZoneInfo,
               shown: int, long_days: int) -> MonthDays:
    """Items per day of `first`..`last`, at most `shown` per day; long ones apart."""
    observances = calendar_view.observance_items(session, first, last, Filters())
    columns = (Activity.id, Activity.all_day, Activity.start_date, Activity.end_date,
               Activity.start_at, Activity.end_at)
    rows = session.execute(select(*columns).where(
        activity_condition(first, last, zone, Filters())).order_by(start_order(), Activity.id))
    entries: list[tuple[SortKey, date, date, Any]] = [
        (_observance_key(item), item.start, item.end, item) for item in observances]
    for row in rows:
        start, end = _local_days(row, zone)
        entries.append((_row_key(row), start, end, row.id))
    entries.sort(key=lambda entry: entry[0])
    days: dict[date, list[Any]] = {}
    counts: dict[date, int] = {}
    long_entries = []
    for _key, start, end, entry in entries:
        if (end - start).days + 1 > long_days:
            long_entries.append(entry)
            continue
        day = max(start, first)
        while day <= min(end, last):
            counts[day] = counts.get(day, 0) + 1
            if counts[day] <= shown:
                days.setdefault(day, []).append(entry)
            day += timedelta(days=1)
    wanted = {e for e in [*long_entries, *(e for es in days.values() for e in es)]
              if isinstance(e, int)}
    loaded = activity_items(session, sorted(wanted), zone)

    def items(found: list[Any]) -> list[CalendarItem]:
        return [e if isinstance(e, CalendarItem) else loaded[e] for e in found]

    return MonthDays({day: items(found) for day, found in days.items()}, counts,
                     items(long_entries))


def _local_days(row: Any, zone: ZoneInfo) -> tuple[date, date]:
    if row.all_day:
        return row.start_date, row.end_date
    start = row.start_at.astimezone(zone).date()
    return start, max(start, row.end_at.astimezone(zone).date())
