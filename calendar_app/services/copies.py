"""Copying an activity to another date, and moving an activity's input along the calendar.

A copy is a new proposal of the same workgroup by the person copying, with every field
of the original; its dates move to the chosen day and keep their wall-clock times in
Amsterdam (a 12:00 lunch stays at 12:00 across a clock change), and so do the sessions
of its programme. Series (services/series.py) make their occurrences the same way.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivityCoorganiser
from calendar_app.models import User
from calendar_app.services import activities as workflow
from calendar_app.services import registrations
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import coorganiser_ids

FIRST_YEAR, LAST_YEAR = 1950, 2100


class DateRefused(ServiceError):
    """A date of a copy or series that cannot be used; `code` says why, for the wording
    of the page (the message is the English one, for the CLI and logs)."""

    def __init__(self, message: str, *, field: str, code: str,
                 day: date | None = None) -> None:
        super().__init__(message, field=field)
        self.code, self.day = code, day


def check_day(day: date, *, field: str) -> date:
    """Refuse a day outside the years the calendar plans (1950-2100)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateRefused(f"choose a date from {FIRST_YEAR} to {LAST_YEAR}", field=field,
                          code="years", day=day)
    return day


def start_day(activity: Activity | workflow.ActivityInput, zone: ZoneInfo) -> date:
    """The local day an activity (or an activity's input) starts on."""
    if activity.all_day:
        assert activity.start_date is not None
        return activity.start_date
    assert activity.start_at is not None
    return activity.start_at.astimezone(zone).date()


def input_of(activity: Activity) -> workflow.ActivityInput:
    """The stored activity as the workflow's input: what "the same fields" means.

    Every field of `ActivityInput` is read from the activity of the same name, so a
    field another capability adds to both is copied too.
    """
    values = {spec.name: copy.deepcopy(getattr(activity, spec.name))
              for spec in fields(workflow.ActivityInput) if spec.name != "programme"}
    programme = [workflow.SessionInput(
        title=item.title, start_at=item.start_at, end_at=item.end_at, room=item.room,
        online_url=item.online_url, host=item.host) for item in activity.programme]
    return workflow.ActivityInput(**values, programme=programme)


def _shift(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """`moment` `days` later at the same wall-clock time in `zone`, in UTC."""
    local = moment.astimezone(zone)
    moved = datetime.combine(local.date() + timedelta(days=days), local.time(), tzinfo=zone)
    return moved.astimezone(UTC)


def moved_to(data: workflow.ActivityInput, day: date,
             zone: ZoneInfo) -> workflow.ActivityInput:
    """`data` starting on local `day`: end and programme move by the same days."""
    days = (day - start_day(data, zone)).days
    programme = [replace(item, start_at=_shift(item.start_at, days, zone),
                         end_at=_shift(item.end_at, days, zone)) for item in data.programme]
    if data.all_day:
        assert data.start_date is not None and data.end_date is not None
        return replace(data, start_date=data.start_date + timedelta(days=days),
                       end_date=data.end_date + timedelta(days=days), programme=programme)
    assert data.start_at is not None and data.end_at is not None
    return replace(data, start_at=_shift(data.start_at, days, zone),
                   end_at=_shift(data.end_at, days, zone), programme=programme)


def may_copy(user: User | None, activity: Activity) -> bool:
    """Whoever may propose in the owning workgroup may copy its activities."""
    return workflow.may_propose(user, activity.workgroup_id)


def copy_activity(session: Session, *, actor: User, activity: Activity, day: date,
                  zone: ZoneInfo, now: datetime) -> Activity:
    """A new proposal like `activity`, starting on `day`; its co-organisers come along."""
    check_day(day, field="start_date")
    if not may_copy(actor, activity):
        raise workflow.PermissionDenied("only members of the workgroup can copy its activities")
    data = moved_to(input_of(activity), day, zone)
    duplicate = workflow.propose(session, actor=actor, data=data, now=now)
    copy_coorganisers(session, activity, duplicate)
    copy_registration(session, actor=actor, source=activity, target=duplicate, zone=zone,
                      now=now)
    return duplicate


def copy_coorganisers(session: Session, source: Activity, target: Activity) -> None:
    """Give `target` the co-organisers of `source` (a copy or a series occurrence)."""
    target.coorganisers = [ActivityCoorganiser(activity_id=target.id, workgroup_id=wid)
                           for wid in coorganiser_ids(source)]
    session.flush()


def copy_registration(session: Session, *, actor: User, source: Activity, target: Activity,
                      zone: ZoneInfo, now: datetime) -> None:
    """Give `target` the sign-up settings of `source`, its deadline moved along.

    Only the settings: the sign-ups themselves stay with the original (each activity
    has a registration of its own).
    """
    row = registrations.settings_of(session, source)
    if row is None:
        return
    days = (start_day(target, zone) - start_day(source, zone)).days
    registrations.configure(session, actor=actor, activity=target, now=now,
                            options=registrations.Options(
                                enabled=row.enabled, capacity=row.capacity,
                                deadline_at=_shift(row.deadline_at, days, zone)
                                if row.deadline_at else None,
                                waitlist=row.waitlist, ask_dietary=row.ask_dietary,
                                ask_needs=row.ask_needs,
                                reminder_lead_days=row.reminder_lead_days))
