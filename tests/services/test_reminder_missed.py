"""Missed reminders: a slim skipped row (items and titles), composed only on a retry."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy import update

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.services.errors import ServiceError
from calendar_app.services.outbox_admin import retry_row
from calendar_app.services.reminders import plan_reminders
from calendar_app.services.reminders import send_at
from notifier import compose
from notifier.outbox_row import message_for
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DUE = send_at(date(2030, 7, 13), "09:00", AMSTERDAM)
LATE = DUE + timedelta(days=3)


def missed_row(database: Database, settings: Settings) -> tuple[int, int]:
    """(row id, activity id) of a reminder planned three days after it fell due."""
    team = make_team(database, members=1, lead_days=(2,))
    activity_id = make_activity(database, team, date(2030, 7, 15))
    with database.transaction() as session:
        plan_reminders(session, settings, now=LATE)
        row = session.scalars(select(OutboxMessage)).one()
        return row.id, activity_id


def test_a_missed_reminder_keeps_its_items_and_titles_not_their_content(
        database: Database, db_settings: Settings) -> None:
    row_id, activity_id = missed_row(database, db_settings)
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
    assert row.state == "skipped"
    assert row.payload["titles"] == ["Keti Koti-ontbijt"]
    [state] = row.payload["due"]
    assert (state["activity_id"], state["start_date"], state["lead"]) == (
        activity_id, "2030-07-15", 2)
    assert "context" not in row.payload and "ics" not in row.payload


def test_retrying_a_missed_reminder_composes_its_mail(database: Database,
                                                      db_settings: Settings) -> None:
    row_id, _activity_id = missed_row(database, db_settings)
    with database.transaction() as session:
        row = retry_row(session, row_id, now=LATE, settings=db_settings)
        assert row.state == "pending"
        items = row.payload["context"]["items"]
        assert (items[0]["title"], items[0]["days_ahead"], len(items)) == (
            "Keti Koti-ontbijt", 2, 1)
        assert "SUMMARY:Keti Koti-ontbijt" in row.payload["ics"]
        email = compose(message_for(row, unsubscribe_url=None), db_settings, now=LATE)
    assert "Keti Koti-ontbijt" in str(email["Subject"])


def test_a_missed_reminder_whose_activity_is_gone_is_not_queued(
        database: Database, db_settings: Settings) -> None:
    row_id, activity_id = missed_row(database, db_settings)
    with database.transaction() as session:
        session.execute(update(Activity).where(Activity.id == activity_id).values(
            status="cancelled"))
    with database.transaction() as session, pytest.raises(ServiceError):
        retry_row(session, row_id, now=LATE, settings=db_settings)
    with database.session() as session:
        assert session.get_one(OutboxMessage, row_id).state == "skipped"
