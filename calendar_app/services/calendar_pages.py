"""Bounded public pages: a page of the list, a month's days, a year's months.

Whatever the number of activities, a page loads and renders a bounded number of rows:
the database filters (themes included), counts and orders; only the keys needed to
place rows (id, days and times) are read for the range, and full rows only for the
items shown. Observances come from the catalogue's rules (a few dozen a year).

Items go in start order: on a day the observances, then all-day activities, then
timed ones by their start.
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
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import Workgroup
from calendar_app.services import calendar_view
from calendar_app.services.activity_sql import has_any_theme
from calendar_app.services.activity_sql import is_public
from calendar_app.services.calendar_view import CalendarItem
from calendar_app.services.calendar_view import Filters

#: (start, rank, tie-break): observances before activities that start the same day.
SortKey = tuple[datetime, int, Any]
#: What places a row: its id and days (all-day) or times (timed); each set is held by
#: the composite index its part reads, the other pair is NULL.
DAY_KEYS = (Activity.id, Activity.start_date, Activity.end_date,
            null().label("start_at"), null().label("end_at"))
TIME_KEYS = (Activity.id, null().label("start_date"), null().label("end_date"),
             Activity.start_at, Activity.end_at)


class Span:
    """Public activities on a local day in `first`..`last`, as up to four index ranges.

    An activity is in the span when it starts in it, or started before and still runs
    on `first` ("carried"); all-day and timed ones keep their dates in different
    columns. Each part is one range on a composite index that also holds the status
    and the end (ix_activities_*_public), so counting and placing rows reads the
    index rather than the table, and a LIMIT stops early in index order.
    """

    def __init__(self, first: date, last: date, zone: ZoneInfo, *,
                 filters: Filters | None = None, carried: bool = True,
                 extra: Sequence[ColumnElement[bool]] = ()) -> None:
        first_at = datetime.combine(first, time.min, zone)
        after_at = datetime.combine(last + timedelta(days=1), time.min, zone)
        day, at = Activity.all_day.is_(True), Activity.all_day.is_(False)
        common = [is_public(), *extra, *_filter_clauses(filters or Filters())]
        self.parts: list[tuple[list[ColumnElement[bool]], Any, tuple[Any, ...]]] = [
            ([day, Activity.start_date >= first, Activity.start_date <= last, *common],
             Activity.start_date, DAY_KEYS),
            ([at, Activity.start_at >= first_at, Activity.start_at < after_at, *common],
             Activity.start_at, TIME_KEYS)]
        if carried:
            self.parts += [
                ([day, Activity.end_date >= first, Activity.start_date < first, *common],
                 Activity.start_date, DAY_KEYS),
                ([at, Activity.end_at >= first_at, Activity.start_at < first_at, *common],
                 Activity.start_at, TIME_KEYS)]

    def count(self, session: Session) -> int:
        return sum(int(session.scalar(select(func.count()).select_from(Activity)
                                      .where(*where)) or 0)
                   for where, _order, _columns in self.parts)

    def keys(self, session: Session, *, limit: int | None = None) -> list[Any]:
        """Key rows (DAY_KEYS, TIME_KEYS) in start order, at most `limit`."""
        rows: list[Any] = []
        for where, order, columns in self.parts:
            statement = select(*columns).where(*where).order_by(order, Activity.id)
            rows += session.execute(statement.limit(limit)).all()
        rows.sort(key=_row_key)
        return rows if limit is None else rows[:limit]


def _filter_clauses(filters: Filters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.workgroup:
        clauses.append(Activity.workgroup_id.in_(
            select(Workgroup.id).where(Workgroup.slug == filters.workgroup)))
    if filters.phase:
        clauses.append(Activity.phase == filters.phase)
    if filters.theme:
        clauses.append(has_any_theme([filters.theme]))
    return clauses


def _row_key(row: Any) -> SortKey:
    start = (datetime.combine(row.start_date, time.min) if row.start_at is None
             else row.start_at.astimezone(UTC).replace(tzinfo=None))
    return (start, 1, row.id)


def _observance_key(item: CalendarItem) -> SortKey:
    return (datetime.combine(item.start, time.min), 0, item.key)


def _merged(observances: list[CalendarItem], rows: list[Any]) -> list[Any]:
    """Observance items and activity ids, in start order."""
    pairs = [*((_observance_key(item), item) for item in observances),
             *((_row_key(row), row.id) for row in rows)]
    return [entry for _key, entry in sorted(pairs, key=lambda pair: pair[0])]


def _filled(session: Session, entries: list[Any], zone: ZoneInfo) -> list[CalendarItem]:
    """The entries with every activity id replaced by its full calendar row."""
    loaded = activity_items(session, [e for e in entries if isinstance(e, int)], zone)
    return [e if isinstance(e, CalendarItem) else loaded[e] for e in entries]


def activity_items(session: Session, ids: Sequence[int],
                   zone: ZoneInfo) -> dict[int, CalendarItem]:
    """The full calendar rows of the activities `ids` (a page's worth), by id."""
    if not ids:
        return {}
    rows = session.execute(calendar_view.public_activities().where(Activity.id.in_(ids)))
    return {row[0].id: calendar_view.activity_item(row, zone) for row in rows}


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
    span = Span(first, last, zone, filters=filters,
                extra=[false()] if filters.kind == "observance" else [])
    total = len(observances) + span.count(session)
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    offset = (number - 1) * size
    window = _merged(observances, span.keys(session, limit=offset + size))
    return Page(_filled(session, window[offset:offset + size], zone), number, pages, total)


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
    starts = [date(year, month, 1) for month in range(1, 13)] + [date(year + 1, 1, 1)]
    summaries = []
    for index in range(12):
        span = Span(starts[index], starts[index + 1] - timedelta(days=1), zone,
                    carried=index == 0)
        in_month = [item for item in observances
                    if max(item.start, first).month == index + 1]
        entries = _merged(in_month, span.keys(session, limit=shown))[:shown]
        summaries.append(MonthSummary(starts[index], span.count(session) + len(in_month),
                                      _filled(session, entries, zone)))
    return summaries


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
    entries: list[tuple[SortKey, date, date, Any]] = [
        (_observance_key(item), item.start, item.end, item) for item in observances]
    for row in Span(first, last, zone).keys(session):
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
    shown_ids = {e for found in [long_entries, *days.values()] for e in found
                 if isinstance(e, int)}
    loaded = activity_items(session, sorted(shown_ids), zone)

    def items(found: list[Any]) -> list[CalendarItem]:
        return [e if isinstance(e, CalendarItem) else loaded[e] for e in found]

    return MonthDays({day: items(found) for day, found in days.items()}, counts,
                     items(long_entries))


def _local_days(row: Any, zone: ZoneInfo) -> tuple[date, date]:
    if row.start_at is None:
        return row.start_date, row.end_date
    start = row.start_at.astimezone(zone).date()
    return start, max(start, row.end_at.astimezone(zone).date())
