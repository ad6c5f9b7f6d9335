"""Planning reminders: due times, idempotence, catch-up and reminders that follow their event."""

from __future__ import annotations

import dataclasses
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.services.reminder_content import ReminderContent
from calendar_app.services.reminders import plan_reminders
from calendar_app.services.reminders import send_at
from tests.scheduler.conftest import composed_items
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def plan(database: Database, settings: Settings, now: datetime):  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        return plan_reminders(session, settings, now=now)


def rows(database: Database) -> list[OutboxMessage]:
    with database.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(("day", "utc_hour"), [
    (date(2030, 3, 30), 8),   # Saturday before the spring change: CET, UTC+1
    (date(2030, 3, 31), 7),   # the change itself: 02:00 -> 03:00, CEST from then on
    (date(2030, 10, 27), 8),  # autumn change: 03:00 -> 02:00, CET again
    (date(2030, 10, 26), 7),  # the day before: still CEST
])
def test_send_time_is_local_nine_on_clock_change_days(day: date, utc_hour: int) -> None:
    instant = send_at(day, "09:00", AMSTERDAM)
    assert instant.tzinfo is UTC
    assert instant.hour == utc_hour
    assert instant.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") == f"{day} 09:00"


@pytest.mark.parametrize("due_day", [date(2030, 3, 31), date(2030, 10, 27)])
def test_reminders_due_on_clock_change_days_are_planned_for_nine_local(
        database: Database, db_settings: Settings, due_day: date) -> None:
    team = make_team(database, members=1, lead_days=(2,))
    make_activity(database, team, due_day + timedelta(days=2))
    plan(database, db_settings, send_at(due_day, "08:59", AMSTERDAM))
    [row] = rows(database)
    assert row.due_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") == f"{due_day} 09:00"


def test_planning_twice_adds_nothing(database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=3, lead_days=(14, 2))
    make_activity(database, team, date(2030, 7, 15))
    now = datetime(2030, 7, 13, 6, 0, tzinfo=UTC)
    first = plan(database, db_settings, now)
    second = plan(database, db_settings, now + timedelta(minutes=5))
    assert (first.planned, first.skipped) == (3, 3)  # the 14-day ones were missed
    assert (second.planned, second.skipped) == (0, 0)
    keys = [row.dedupe_key for row in rows(database)]
    assert len(keys) == len(set(keys)) == 4  # a mail per member, one row of the missed


def test_reminder_due_before_the_activity_existed_is_not_recorded(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(14, 2))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    with database.transaction() as session:
        session.get_one(Activity, activity_id).created_at = datetime(2030, 7, 10, tzinfo=UTC)
    report = plan(database, db_settings, datetime(2030, 7, 13, 6, 0, tzinfo=UTC))
    assert (report.planned, report.skipped) == (1, 0)
    assert [row.lead_days for row in rows(database)] == [2]


def test_missed_reminder_within_grace_is_pending(database: Database,
                                                 db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(2,))
    make_activity(database, team, date(2030, 7, 15))
    due = send_at(date(2030, 7, 13), "09:00", AMSTERDAM)
    plan(database, db_settings, due + timedelta(days=1, hours=20))  # down for 44 hours
    [row] = rows(database)
    assert (row.state, row.due_at) == ("pending", due)


def test_missed_reminder_beyond_grace_is_skipped_with_reason(database: Database,
                                                             db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(2,))
    make_activity(database, team, date(2030, 7, 15))
    due = send_at(date(2030, 7, 13), "09:00", AMSTERDAM)
    report = plan(database, db_settings, due + timedelta(days=3))
    [row] = rows(database)
    assert report.skipped == 1
    assert row.state == "skipped"
    assert "grace window of 2 day(s)" in row.last_error


def test_cancelled_activity_drops_pending_reminders(database: Database,
                                                    db_settings: Settings) -> None:
    team = make_team(database, members=2, lead_days=(2,))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    now = datetime(2030, 7, 12, 12, 0, tzinfo=UTC)
    plan(database, db_settings, now)
    with database.transaction() as session:
        session.get_one(Activity, activity_id).status = "cancelled"
    report = plan(database, db_settings, now + timedelta(minutes=5))
    assert report.cancelled == 2
    assert {(row.state, row.last_error) for row in rows(database)} == {
        ("cancelled", "no longer due: the activity is cancelled")}


def test_moved_activity_is_replanned_for_its_new_date(database: Database,
                                                      db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(2,))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    now = datetime(2030, 7, 12, 12, 0, tzinfo=UTC)
    plan(database, db_settings, now)
    with database.transaction() as session:
        activity = session.get_one(Activity, activity_id)
        activity.start_date = activity.end_date = date(2030, 7, 14)
    plan(database, db_settings, now + timedelta(minutes=5))
    old, new = rows(database)
    assert (old.state, old.last_error) == (
        "cancelled", "no longer due: the activity moved to another date")
    assert new.state == "pending"
    assert new.due_at == send_at(date(2030, 7, 12), "09:00", AMSTERDAM)


def test_activity_moved_back_revives_its_reminder(database: Database,
                                                  db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(2,))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    now = datetime(2030, 7, 13, 8, 0, tzinfo=UTC)  # both due times within reach
    plan(database, db_settings, now)
    for day in (date(2030, 7, 16), date(2030, 7, 15)):
        with database.transaction() as session:
            activity = session.get_one(Activity, activity_id)
            activity.start_date = activity.end_date = day
        plan(database, db_settings, now)
    states = {row.payload["start_date"]: row.state for row in rows(database)}
    assert states == {"2030-07-15": "pending", "2030-07-16": "cancelled"}


def test_opted_out_member_gets_no_reminder(database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=2, lead_days=(2,))
    make_activity(database, team, date(2030, 7, 15))
    with database.transaction() as session:
        membership = session.scalars(select(Membership).where(
            Membership.user_id == team.user_ids[0])).one()
        membership.reminders_opt_out = True
    plan(database, db_settings, datetime(2030, 7, 12, 12, 0, tzinfo=UTC))
    assert [row.recipient_id for row in rows(database)] == [team.user_ids[1]]


def test_observance_reminders_follow_the_rule_themes(database: Database,
                                                     db_settings: Settings) -> None:
    from calendar_app.catalogue import load_file
    from calendar_app.services.catalogue_sync import sync_catalogue
    from tests.conftest import ROOT

    with database.transaction() as session:
        sync_catalogue(session, load_file(ROOT / "tests/data/events_small.yaml"),
                       now=datetime(2029, 1, 1, tzinfo=UTC))
    make_team(database, members=1, lead_days=(7,), covers="observances")
    # Koningsdag 2030 is Saturday 27 April; a week before is 20 April.
    plan(database, db_settings, send_at(date(2030, 4, 20), "09:00", AMSTERDAM))
    items = [state["key"] for row in rows(database) for state in row.payload["due"]]
    assert any(key.startswith("obs:koningsdag:2030-04-27:") for key in items)
    row = next(r for r in rows(database) if r.observance_key == "koningsdag")
    assert composed_items(database, db_settings, row)[0]["title"] == "Koningsdag"
    assert "ics" not in row.payload  # made when the mail is composed
    assert "items" not in row.payload["context"]  # so is what it says
    with database.session() as session:
        calendar = ReminderContent(session, db_settings, row.due_at).calendar(row)
    assert calendar is not None and "SUMMARY:Koningsdag" in calendar


def test_each_recipient_has_a_row_of_their_own(database: Database,
                                               db_settings: Settings) -> None:
    team = make_team(database, members=4, lead_days=(2,))
    make_activity(database, team, date(2030, 7, 15))
    plan(database, db_settings, datetime(2030, 7, 12, 12, 0, tzinfo=UTC))
    assert sorted(row.recipient_email for row in rows(database)) == sorted(team.emails)


def test_english_member_gets_english_context(database: Database,
                                             db_settings: Settings) -> None:
    team = make_team(database, members=1, lead_days=(2,), lang="en")
    make_activity(database, team, date(2030, 7, 15))
    plan(database, dataclasses.replace(db_settings), datetime(2030, 7, 12, 12, tzinfo=UTC))
    [row] = rows(database)
    assert row.lang == "en"
