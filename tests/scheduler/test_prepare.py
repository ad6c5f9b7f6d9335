"""Messages are composed when planned; dispatch adds the Date and sends the bytes."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from email.utils import format_datetime
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.services.outbox import enqueue
from calendar_app.services.outbox import prepared_bytes
from calendar_app.services.reminder_content import ReminderContent
from notifier import prepare
from notifier.addressing import unbounded
from scheduler.dispatch import message_for
from scheduler.jobs import dispatch
from scheduler.jobs import plan_due
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team
from tests.smtp_server import SmtpTestServer

EVENT_DAY = date(2030, 7, 15)
DUE = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)


def prepared(database: Database) -> list[bytes | None]:
    with database.session() as session:
        ids = session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))
        return [prepared_bytes(session, row_id) for row_id in ids]


def test_planning_prepares_each_message_without_a_date(
        database: Database, mail_settings: Settings) -> None:
    team = make_team(database, members=3)
    make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=20))
    messages = prepared(database)
    assert len(messages) == 3
    for data in messages:
        assert data is not None and b"Subject:" in data
        assert b"\r\nDate:" not in data.partition(b"\r\n\r\n")[0]


def test_dispatch_dates_the_message_when_it_is_sent_and_drops_the_bytes(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=2)
    make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=20))
    sent_at = DUE + timedelta(minutes=3)
    report = dispatch(database, mail_settings, lambda: sent_at)
    assert report.sent == 2
    for received in smtp_server.messages:
        assert parsedate_to_datetime(received.email["Date"]) == sent_at
        assert received.email.get_all("Date") == [format_datetime(sent_at)]
    plan_due(database, mail_settings, lambda: sent_at)  # the next plan prunes the bytes
    assert prepared(database) == [None, None]


def test_a_message_nobody_prepared_is_composed_at_dispatch(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    with database.transaction() as session:
        enqueue(session, dedupe_key="invitation:1", kind="invitation",
                recipient_email="new@example.org", lang="en",
                payload={"to_name": "New", "workgroup": "Werkgroep Oost",
                         "invite_url": "https://kalender.example/invitation/x"}, now=DUE)
    assert prepared(database) == [None]
    report = dispatch(database, mail_settings, lambda: DUE)
    assert report.sent == 1
    assert smtp_server.recipients() == ["new@example.org"]


def test_a_workgroup_composed_once_gets_what_each_member_would_get_composed_alone(
        database: Database, mail_settings: Settings) -> None:
    team = make_team(database, members=6, lang="nl")
    with database.transaction() as session:
        names = ["Anaïs", "Zoë de Wit", "Lid 2", "", "O'Brien", "Łukasz"]
        for user_id, name, lang in zip(team.user_ids, names, ["nl", "en"] * 3, strict=True):
            user = session.get(User, user_id)
            assert user is not None
            user.name, user.lang = name, lang
    make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=20))
    with database.session() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert len(rows) == 6
        content = ReminderContent(session, mail_settings, DUE - timedelta(hours=20))
        for row in rows:
            alone = prepare(message_for(row, mail_settings, content), mail_settings)
            made = prepared_bytes(session, row.id)
            assert made is not None
            assert unbounded(made) == unbounded(alone)
