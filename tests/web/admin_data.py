"""Builders for the administration tests: an upcoming activity of workgroup zuid with a
reminder rule, and "which reminders would planning make for this person now".

Imported by the service, web and browser tests of issue 15 (not a conftest).
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.reminders import plan_reminders
from tests.factories import make_activity

ZONE = ZoneInfo("Europe/Amsterdam")
LEAD_DAYS = 2


def upcoming_activity(database: Database, *, today: date | None = None) -> date:
    """A published activity of zuid ten days ahead, and a rule reminding 2 days before.

    Returns the activity's date. Rule and activity are dated a year back, so any
    member who joined before the reminder falls due gets it.
    """
    today = today or datetime.now(ZONE).date()
    day = today + timedelta(days=10)
    long_ago = datetime.now(UTC) - timedelta(days=365)
    with database.transaction() as session:
        workgroup = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        make_activity(session, workgroup, title="Keti Koti-ontbijt", on=day,
                      created_at=long_ago, updated_at=long_ago)
        # The workgroup's rule (every workgroup starts with the defaults) becomes this one.
        for rule in session.scalars(select(ReminderRule).where(
                ReminderRule.workgroup_id == workgroup.id)):
            session.delete(rule)
        session.add(ReminderRule(workgroup_id=workgroup.id, lead_days=[LEAD_DAYS],
                                 send_time="09:00", covers="activities", themes=[],
                                 created_at=long_ago))
    return day


def plan_moment(day: date) -> datetime:
    """An hour before the reminder for an activity on `day` falls due."""
    due = datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZONE) - timedelta(days=LEAD_DAYS)
    return due.astimezone(UTC) - timedelta(hours=1)


def pending_reminders(database: Database, settings: Settings, email: str,
                      day: date) -> int:
    """Plan as if it were just before the reminder for `day`; pending reminders to `email`."""
    with database.transaction() as session:
        plan_reminders(session, settings, now=plan_moment(day))
        user_id = session.scalar(select(User.id).where(User.email == email))
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient_id == user_id, OutboxMessage.kind == "reminder",
            OutboxMessage.state == "pending"))
        return len(list(rows))
