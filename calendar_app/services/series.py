"""Recurring activities: a series of activities made from one rule, edited together.

A workgroup's fortnightly meeting or monthly lunch session is one rule (dateutil's
rrule, RFC 5545 section 3.3.10): weekly, every two weeks, or monthly on the n-th weekday
of the first date, until a date, with single dates skipped or moved. Each date becomes
an activity of its own (own public id, feed UID, registration and evaluation), so a
cancelled session or a changed room concerns that one only; `Activity.series_id` ties
them together for "this and all that follow".
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY
from dateutil.rrule import WEEKLY
from dateutil.rrule import rrule
from dateutil.rrule import weekday
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivitySeries
from calendar_app.models import User
from calendar_app.models.series import FREQUENCIES
from calendar_app.services import activities as workflow
from calendar_app.services.copies import DateRefused
from calendar_app.services.copies import check_day
from calendar_app.services.copies import copy_coorganisers
from calendar_app.services.copies import copy_registration
from calendar_app.services.copies import input_of
from calendar_app.services.copies import moved_to
from calendar_app.services.copies import start_day

#: The most dates one series makes (two years of weekly meetings, and some).
MAX_OCCURRENCES = 120
#: Statuses "this and all that follow" changes; declined and cancelled ones stay as they are.
EDITABLE = ("proposed", "published")


@dataclass(frozen=True)
class Recurrence:
    """How often, until when, and the exceptions: skipped dates, moved dates (old -> new)."""

    frequency: str
    until: date
    skip: Sequence[date] = ()
    moves: Mapping[date, date] = field(default_factory=dict)


def rule_dates(first: date, frequency: str, until: date) -> list[date]:
    """The rule's dates from `first` (included) to `until` (included).

    Monthly repeats the weekday of `first` in the same week of the month (the second
    Tuesday, ...); a fifth weekday counts as the last one, so no month is skipped.
    """
    if frequency not in FREQUENCIES:
        raise DateRefused(f"unknown frequency {frequency!r}", field="frequency",
                          code="frequency")
    check_day(until, field="until")
    if until < first:
        raise DateRefused("the end of the series lies before its first date", field="until",
                          code="order")
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(until, datetime.min.time())
    if frequency == "monthly":
        nth = (first.day - 1) // 7 + 1
        days = rrule(MONTHLY, dtstart=start, until=end,
                     byweekday=weekday(first.weekday(), -1 if nth == 5 else nth))
    else:
        days = rrule(WEEKLY, dtstart=start, until=end,
                     interval=2 if frequency == "fortnightly" else 1)
    dates = [moment.date() for moment in islice(days, MAX_OCCURRENCES + 1)]
    if len(dates) > MAX_OCCURRENCES:
        raise DateRefused(f"a series has at most {MAX_OCCURRENCES} dates", field="until",
                          code="too-many")
    return dates


def series_dates(first: date, recurrence: Recurrence) -> list[date]:
    """The dates of the series' activities: the rule's, minus skipped, with moves.

    The first date is the activity the series grows from: it cannot be skipped or moved
    here (edit the activity itself). A skipped or moved date must be one of the rule's.
    """
    dates = rule_dates(first, recurrence.frequency, recurrence.until)
    known = set(dates)
    for day in [*recurrence.skip, *recurrence.moves]:
        where = "skip" if day in recurrence.skip else "moves"
        if day not in known:
            raise DateRefused(f"{day.isoformat()} is not a date of this series", field=where,
                              code="not-in-series", day=day)
        if day == first:
            raise DateRefused("the first date is the activity itself; edit it instead",
                              field=where, code="first", day=day)
    result = []
    for day in dates:
        if day in recurrence.skip:
            continue
        result.append(check_day(recurrence.moves.get(day, day), field="moves"))
    if len(set(result)) != len(result):
        raise DateRefused("two dates of the series fall on the same day", field="moves",
                          code="same-day")
    if len(result) < 2:
        raise DateRefused("a series needs at least two dates", field="until", code="too-few")
    return sorted(result)


def may_repeat(user: User | None, activity: Activity) -> bool:
    """Whoever may edit a single activity and propose in its workgroup may repeat it."""
    return (activity.series_id is None and activity.status in EDITABLE
            and workflow.may_edit(user, activity)
            and workflow.may_propose(user, activity.workgroup_id))


def create_series(session: Session, *, actor: User, activity: Activity,
                  recurrence: Recurrence, zone: ZoneInfo, now: datetime) -> list[Activity]:
    """Make `activity` the first of a series and add an activity for every other date.

    The new ones are proposals by `actor`; when the first is published and `actor`
    may publish, they are published too (a coordinator repeating a published meeting
    should not have to publish each date again). Returns the series in date order.
    """
    if not may_repeat(actor, activity):
        raise workflow.PermissionDenied("you cannot repeat this activity")
    first = start_day(activity, zone)
    dates = series_dates(first, recurrence)
    series = ActivitySeries(
        frequency=recurrence.frequency, first_date=first, until_date=recurrence.until,
        skipped=sorted(day.isoformat() for day in recurrence.skip),
        moved={old.isoformat(): new.isoformat() for old, new in sorted(recurrence.moves.items())},
        created_by_id=actor.id, created_at=now)
    session.add(series)
    session.flush()
    activity.series_id = series.id
    workflow.record_change(session, activity, actor, "edited",
                           {"series_id": [None, series.id]}, now)
    publish = activity.status == "published" and workflow.may_moderate(
        actor, activity.workgroup_id)
    made = [activity]
    source = input_of(activity)
    for day in dates[1:]:
        occurrence = workflow.propose(session, actor=actor, data=moved_to(source, day, zone),
                                      now=now, notify=False)
        occurrence.series_id = series.id
        copy_coorganisers(session, activity, occurrence)
        copy_registration(session, actor=actor, source=activity, target=occurrence,
                          zone=zone, now=now)
        if publish:
            workflow.publish(session, actor=actor, activity=occurrence, now=now)
        made.append(occurrence)
    session.flush()
    return sorted(made, key=lambda row: start_day(row, zone))


def occurrences(session: Session, series_id: int, zone: ZoneInfo) -> list[Activity]:
    """Every activity of the series, in date order (declined and cancelled ones too)."""
    rows = session.scalars(select(Activity).where(Activity.series_id == series_id)
                           .order_by(Activity.id))
    return sorted(rows, key=lambda row: (start_day(row, zone), row.id))


def following(session: Session, activity: Activity, zone: ZoneInfo) -> list[Activity]:
    """`activity` and the editable occurrences of its series that start on or after it."""
    if activity.series_id is None:
        return [activity]
    first = start_day(activity, zone)
    return [row for row in occurrences(session, activity.series_id, zone)
            if row.id == activity.id
            or (row.status in EDITABLE and start_day(row, zone) >= first)]


def update_following(session: Session, *, actor: User, activity: Activity,
                     data: workflow.ActivityInput, zone: ZoneInfo,
                     now: datetime) -> list[Activity]:
    """Apply an edit of `activity` to it and to every later occurrence of its series.

    Each later occurrence keeps its own date, moved by as many days as this one was
    moved, and takes the new times, fields and programme; earlier occurrences are not
    touched. Permission is checked for all of them before anything changes.
    """
    rows = following(session, activity, zone)
    if not all(workflow.may_edit(actor, row) for row in rows):
        raise workflow.PermissionDenied("you cannot edit every following activity")
    shift = timedelta(days=(start_day(data, zone) - start_day(activity, zone)).days)
    targets = [(row, start_day(row, zone) + shift) for row in rows]
    for _row, day in targets:
        check_day(day, field="start_date")
    for row, day in targets:
        workflow.update(session, actor=actor, activity=row, data=moved_to(data, day, zone),
                        now=now)
    return rows
