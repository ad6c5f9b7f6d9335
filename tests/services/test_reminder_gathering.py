"""Reminders a week or more ahead are gathered onto the workgroup's weekday.

A member of a workgroup with the default lead times would otherwise get a mail on
some 75 days a year (tests/scheduler/test_reminder_year.py prints the counts).
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import ReminderRule
from calendar_app.services.reminder_rules import GATHER_FROM_DAYS
from calendar_app.services.reminder_rules import gathered_day
from calendar_app.services.reminders import plan_reminders
from tests.scheduler.conftest import composed_items
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(start=DAYS, lead=st.integers(GATHER_FROM_DAYS, 365), weekday=st.integers(0, 6))
def test_a_long_lead_goes_out_on_the_weekday_in_the_six_days_before_its_own_day(
        start: date, lead: int, weekday: int) -> None:
    own = start - timedelta(days=lead)
    day = gathered_day(start, lead, weekday)
    assert day.weekday() == weekday
    assert own - timedelta(days=6) <= day <= own


@given(start=DAYS, lead=st.integers(1, GATHER_FROM_DAYS - 1),
       weekday=st.one_of(st.none(), st.integers(0, 6)))
def test_a_short_lead_goes_out_on_its_own_day(start: date, lead: int,
                                              weekday: int | None) -> None:
    assert gathered_day(start, lead, weekday) == start - timedelta(days=lead)


@given(start=DAYS, lead=st.integers(1, 365))
def test_without_a_weekday_every_reminder_goes_out_on_its_own_day(start: date,
                                                                  lead: int) -> None:
    assert gathered_day(start, lead, None) == start - timedelta(days=lead)


def _plan(database: Database, settings: Settings, now: datetime) -> list[OutboxMessage]:
    with database.transaction() as session:
        plan_reminders(session, settings, now=now)
    with database.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _on_mondays(database: Database, rule_id: int) -> None:
    with database.transaction() as session:
        session.get_one(ReminderRule, rule_id).send_weekday = 0


def test_two_activities_in_one_week_come_in_one_monday_mail(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(14,))
    _on_mondays(database, team.rule_id)
    make_activity(database, team, date(2030, 7, 17), title="Woensdag")   # own day Wed 3 Jul
    make_activity(database, team, date(2030, 7, 19), title="Vrijdag")    # own day Fri 5 Jul
    [row] = _plan(database, db_settings, datetime(2030, 7, 1, 6, 0, tzinfo=UTC))
    assert row.due_at.astimezone(AMSTERDAM) == datetime(2030, 7, 1, 9, 0, tzinfo=AMSTERDAM)
    items = composed_items(database, db_settings, row)
    assert [(item["title"], item["days_ahead"]) for item in items] == [
        ("Woensdag", 16), ("Vrijdag", 18)]


def test_a_gathered_day_before_the_activity_existed_falls_back_to_its_own_day(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(14,))
    _on_mondays(database, team.rule_id)
    activity_id = make_activity(database, team, date(2030, 7, 19))  # own day Fri 5 Jul
    with database.transaction() as session:  # published on Wednesday 3 July
        session.get_one(Activity, activity_id).created_at = datetime(2030, 7, 3, tzinfo=UTC)
    [row] = _plan(database, db_settings, datetime(2030, 7, 5, 6, 0, tzinfo=UTC))
    assert row.due_at.astimezone(AMSTERDAM) == datetime(2030, 7, 5, 9, 0, tzinfo=AMSTERDAM)
    assert composed_items(database, db_settings, row)[0]["days_ahead"] == 14
