"""Which activities a feed holds when there are more than it may: chosen in SQL.

A subscriber's calendar needs what is still to come; the recent past is a courtesy. So
a feed over its cap (FEED_MAX_EVENTS) keeps the upcoming events first, in start order,
then as much of the recent past as fits, newest first, and says in a notice what it
left out. The database counts, orders and limits, so a feed maps and renders at most
its cap of rows, however many activities the city has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import not_
from sqlalchemy.orm import Session

from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import Omitted
from calendar_app.models import Activity
from calendar_app.services.activity_sql import ends_on_or_after
from calendar_app.services.activity_sql import start_order


@dataclass(frozen=True)
class Selection:
    """The activity rows and observance events to publish, and what was left out."""

    rows: Sequence[Row[Any]]
    observances: list[FeedEvent]
    omitted: Omitted | None = None


def select_for_feed(session: Session, statement: Select[Any], observances: list[FeedEvent],
                    *, cap: int | None, today: date, zone: ZoneInfo) -> Selection:
    """Every row of `statement` and every observance, or under `cap` the ones that matter.

    `statement` selects the activity columns a feed needs, filtered to the feed.
    """
    upcoming = ends_on_or_after(today, zone)
    total = _count(session, statement)
    if cap is None or total + len(observances) <= cap:
        return Selection(session.execute(statement).all(), observances)
    budget = cap - 1  # one place for the notice
    ahead = [event for event in observances if _last_day(event, zone) >= today]
    behind = [event for event in observances if _last_day(event, zone) < today]
    coming_rows = session.execute(
        statement.where(upcoming).order_by(None)
        .order_by(start_order(), Activity.id).limit(budget + 1)).all()
    coming = sorted([*_keyed(coming_rows, zone), *_keyed_events(ahead, zone)],
                    key=lambda pair: pair[0])
    kept_coming, resume = coming[:budget], coming[budget] if len(coming) > budget else None
    room = budget - len(kept_coming)
    kept_past: list[tuple[datetime, Any]] = []
    if room:
        past_rows = session.execute(
            statement.where(not_(upcoming)).order_by(None)
            .order_by(start_order().desc(), Activity.id.desc()).limit(room)).all()
        kept_past = sorted([*_keyed(past_rows, zone), *_keyed_events(behind, zone)],
                           key=lambda pair: pair[0], reverse=True)[:room]
    coming_total = _count(session, statement.where(upcoming)) + len(ahead)
    past_total = total + len(observances) - coming_total
    kept = [item for _key, item in [*kept_past, *kept_coming]]
    first = min((key for key, _item in [*kept_past, *kept_coming]),
                default=datetime.combine(today, time.min, zone))
    omitted = Omitted(
        earlier=past_total - len(kept_past), later=coming_total - len(kept_coming),
        first_kept=first.astimezone(zone).date(),
        resume=resume[0].astimezone(zone).date() if resume is not None else None)
    return Selection([item for item in kept if not isinstance(item, FeedEvent)],
                     [item for item in kept if isinstance(item, FeedEvent)], omitted)


def _count(session: Session, statement: Select[Any]) -> int:
    counted = statement.with_only_columns(func.count(), maintain_column_froms=True)
    return int(session.scalar(counted.order_by(None)) or 0)


def _keyed(rows: Sequence[Row[Any]], zone: ZoneInfo) -> list[tuple[datetime, Any]]:
    """(start instant, row): all-day activities start at local midnight."""
    return [(_midnight(row.start_date, zone) if row.all_day else row.start_at, row)
            for row in rows]


def _keyed_events(events: list[FeedEvent], zone: ZoneInfo) -> list[tuple[datetime, Any]]:
    return [(event.start.astimezone(UTC) if isinstance(event.start, datetime)
             else _midnight(event.start, zone), event) for event in events]


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, zone).astimezone(UTC)


def _last_day(event: FeedEvent, zone: ZoneInfo) -> date:
    end = event.end
    return end.astimezone(zone).date() if isinstance(end, datetime) else end
