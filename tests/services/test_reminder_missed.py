"""Missed reminders: one slim skipped row per workgroup and day (items, titles, which
members), composed only on a retry, as one mail per member still subscribed."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.services.errors import ServiceError
from calendar_app.services.outbox_admin import retry_row
from calendar_app.services.reminder_content import ReminderContent
from calendar_app.services.reminder_missed import missed_members
from calendar_app.services.reminder_rows import parse_key
from calendar_app.services.reminders import plan_reminders
from calendar_app.services.reminders import send_at
from notifier import compose
from notifier.outbox_row import message_for
from tests.scheduler.conftest import Team
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DUE = send_at(date(2030, 7, 13), "09:00", AMSTERDAM)
LATE = DUE + timedelta(days=3)


def plan(database: Database, settings: Settings, now: datetime) -> list[OutboxMessage]:
    with database.transaction() as session:
        plan_reminders(session, settings, now=now)
    with database.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def missed_row(database: Database, settings: Settings, members: int = 1
               ) -> tuple[int, int, Team]:
    """(row id, activity id, team) of a reminder planned three days after it fell due."""
    team = make_team(database, members=members, lead_days=(2,))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    [row] = plan(database, settings, LATE)
    return row.id, activity_id, team


def test_a_missed_reminder_keeps_its_items_and_titles_not_their_content(
        database: Database, db_settings: Settings) -> None:
    row_id, activity_id, team = missed_row(database, db_settings)
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
    assert row.state == "skipped"
    assert row.payload["titles"] == ["Keti Koti-ontbijt"]
    [state] = row.payload["due"]
    assert (state["activity_id"], state["start_date"], state["lead"]) == (
        activity_id, "2030-07-15", 2)
    assert "context" not in row.payload and "ics" not in row.payload
    assert missed_members(row.payload) == {team.user_ids[0]: {state["key"]}}


def test_a_workgroups_missed_day_is_one_row_naming_its_members_by_id_only(
        database: Database, db_settings: Settings) -> None:
    row_id, _activity_id, team = missed_row(database, db_settings, members=3)
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
    assert (row.state, row.recipient_id, row.recipient_email) == ("skipped", None, "")
    assert sorted(missed_members(row.payload)) == sorted(team.user_ids)
    assert row.payload["member_count"] == 3
    assert "to_name" not in row.payload
    assert not any(email in str(row.payload) for email in team.emails)


def test_planning_again_records_the_missed_day_once(database: Database,
                                                    db_settings: Settings) -> None:
    missed_row(database, db_settings, members=3)
    rows = plan(database, db_settings, LATE + timedelta(minutes=5))
    assert [row.state for row in rows] == ["skipped"]


def test_a_member_whose_mail_of_that_day_exists_is_not_counted_as_missing_it(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=2, lead_days=(14,))
    make_activity(database, team, date(2030, 7, 29))
    due = send_at(date(2030, 7, 15), "09:00", AMSTERDAM)
    first, second = plan(database, db_settings, due - timedelta(hours=1))  # planned in time
    with database.transaction() as session:
        # The first member's mail went out; the second member's was never planned.
        session.execute(update(OutboxMessage).where(OutboxMessage.id == first.id).values(
            state="sent", sent_at=due))
        session.execute(delete(OutboxMessage).where(OutboxMessage.id == second.id))
        # Ten days on (beyond the grace window, and older than the rows a pass reads).
        plan_reminders(session, db_settings, now=due + timedelta(days=10), incremental=False)
        [missed] = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("%:missed:%"))).all()
        assert sorted(missed_members(missed.payload)) == [second.recipient_id]


def test_retrying_a_missed_reminder_queues_a_composed_mail_per_member(
        database: Database, db_settings: Settings) -> None:
    row_id, _activity_id, team = missed_row(database, db_settings, members=2)
    with database.transaction() as session:
        queued = retry_row(session, row_id, now=LATE, settings=db_settings)
        assert sorted(row.recipient_id for row in queued) == sorted(team.user_ids)
        for row in queued:
            assert (row.state, row.due_at) == ("pending", LATE)
            content = ReminderContent(session, db_settings, LATE)
            items = content.items(row) or []
            assert (items[0]["title"], items[0]["days_ahead"], len(items)) == (
                "Keti Koti-ontbijt", 2, 1)
            calendar = content.calendar(row)
            assert calendar is not None and "SUMMARY:Keti Koti-ontbijt" in calendar
        email = compose(message_for(queued[0], unsubscribe_url=None, items=ReminderContent(
            session, db_settings, LATE).items(queued[0])), db_settings, now=LATE)
        assert "Keti Koti-ontbijt" in str(email["Subject"])
        closed = session.get_one(OutboxMessage, row_id)
        assert closed.state == "cancelled"
        assert "2 mail(s)" in closed.last_error


def test_planning_leaves_the_mails_of_a_late_retry_alone(database: Database,
                                                        db_settings: Settings) -> None:
    """Tried again 40 days after it fell due (beyond what a pass looks back on), a
    missed day's mails must not be cancelled by the next full pass as no longer due."""
    team = make_team(database, members=2, lead_days=(60,))
    make_activity(database, team, date(2030, 10, 1))
    [missed] = plan(database, db_settings, datetime(2030, 8, 10, 7, 0, tzinfo=AMSTERDAM))
    late = missed.due_at + timedelta(days=40)
    with database.transaction() as session:
        queued = [row.id for row in retry_row(session, missed.id, now=late,
                                              settings=db_settings)]
    with database.transaction() as session:
        plan_reminders(session, db_settings, now=late + timedelta(minutes=5),
                       incremental=False)
    with database.session() as session:
        assert [session.get_one(OutboxMessage, row_id).state for row_id in queued] == [
            "pending", "pending"]


def test_a_missed_row_can_be_tried_again_only_once(database: Database,
                                                   db_settings: Settings) -> None:
    row_id, _activity_id, _team = missed_row(database, db_settings)
    with database.transaction() as session:
        retry_row(session, row_id, now=LATE, settings=db_settings)
    with database.transaction() as session, pytest.raises(ServiceError):
        retry_row(session, row_id, now=LATE, settings=db_settings)


def test_a_member_who_left_gets_no_mail_on_a_retry(database: Database,
                                                   db_settings: Settings) -> None:
    row_id, _activity_id, team = missed_row(database, db_settings, members=2)
    with database.transaction() as session:
        session.execute(update(Membership).where(Membership.user_id == team.user_ids[0])
                        .values(reminder_mode="none"))
        queued = retry_row(session, row_id, now=LATE, settings=db_settings)
        assert [row.recipient_id for row in queued] == [team.user_ids[1]]


def test_a_missed_reminder_whose_activity_is_gone_is_not_queued(
        database: Database, db_settings: Settings) -> None:
    row_id, activity_id, _team = missed_row(database, db_settings)
    with database.transaction() as session:
        session.execute(update(Activity).where(Activity.id == activity_id).values(
            status="cancelled"))
    with database.transaction() as session, pytest.raises(ServiceError):
        retry_row(session, row_id, now=LATE, settings=db_settings)
    with database.session() as session:
        assert session.get_one(OutboxMessage, row_id).state == "skipped"


def test_a_skipped_row_of_before_december_2026_still_names_its_members() -> None:
    """Rows then listed the item keys per member; they are read as they are."""
    payload = {"due": [{"key": "obs:pride:2030-08-01:r1:d2"}],
               "members": [[7, ["obs:pride:2030-08-01:r1:d2"]], [9, []]]}
    assert missed_members(payload) == {7: {"obs:pride:2030-08-01:r1:d2"}, 9: set()}


def test_a_skipped_row_names_per_item_who_missed_it() -> None:
    payload = {"due": [{"key": "a"}, {"key": "b"}], "missed_by": [[7, 9], [9]]}
    assert missed_members(payload) == {7: {"a"}, 9: {"a", "b"}}


def test_a_row_key_with_the_member_first_is_still_read_as_that_member_s_day() -> None:
    """Written by a scheduler of before the day-first keys that ran on during the migration."""
    assert parse_key("reminder:w3:u17:2031-01-05", {}) == ((3, 17), date(2031, 1, 5))
    assert parse_key("reminder:2031-01-05:w3:u17", {}) == ((3, 17), date(2031, 1, 5))
    assert parse_key("reminder:2031-01-05:w3:u17:again:9", {}) is None
