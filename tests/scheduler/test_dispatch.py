"""Dispatch against a real SMTP server (aiosmtpd on loopback): what arrives, and how often."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.services import outbox
from notifier import SmtpBackend
from notifier import message_id
from scheduler.dispatch import Outage
from scheduler.dispatch import dispatch_due
from scheduler.jobs import plan_due
from scheduler.jobs import run_pass
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team
from tests.scheduler.conftest import make_timed_activity
from tests.smtp_server import SmtpTestServer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EVENT_DAY = date(2030, 7, 15)
#: Two days before EVENT_DAY, 09:00 in Amsterdam (CEST) is 07:00 UTC.
DUE = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)


def arrived(server: SmtpTestServer) -> Counter[str]:
    return Counter(server.recipients())


def states(database: Database) -> Counter[str]:
    with database.session() as session:
        return Counter(session.scalars(select(OutboxMessage.state)))


def test_each_reminder_arrives_once_over_one_connection(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=20)
    make_activity(database, team, EVENT_DAY)
    report = run_pass(database, mail_settings, lambda: DUE)
    assert report.dispatch.sent == 20
    assert arrived(smtp_server) == Counter(team.emails)
    assert smtp_server.sessions == 1
    assert all(len(m.rcpt_tos) == 1 for m in smtp_server.messages)


def test_email_has_text_html_ics_and_headers(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT_DAY)
    run_pass(database, mail_settings, lambda: DUE)
    [received] = smtp_server.messages
    email = received.email
    for header in ("Message-ID", "Date", "Auto-Submitted", "List-Unsubscribe",
                   "List-Unsubscribe-Post", "From", "To", "Subject"):
        assert email[header], header
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email["To"].addresses[0].addr_spec == team.emails[0]
    assert email["Cc"] is None and email["Bcc"] is None
    body_types = [part.get_content_type() for part in email.walk()]
    assert "text/plain" in body_types and "text/html" in body_types
    [attachment] = list(email.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == EVENT_DAY
    assert str(event["SUMMARY"]) == "Keti Koti-ontbijt"


def test_message_id_derives_from_the_dedupe_key(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT_DAY)
    run_pass(database, mail_settings, lambda: DUE)
    with database.session() as session:
        key = session.scalars(select(OutboxMessage.dedupe_key)).one()
    assert smtp_server.messages[0].email["Message-ID"] == message_id(key, mail_settings)


def test_451_for_30_percent_all_arrive_after_retries(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        record_count: Callable[[str], None]) -> None:
    team = make_team(database, members=200)
    make_activity(database, team, EVENT_DAY)
    smtp_server.fail_fraction = 0.3
    settings = dataclasses.replace(mail_settings, mail_max_attempts=12)
    now, passes = DUE, 0
    while states(database).get("sent", 0) < 200 and passes < 40:
        run_pass(database, settings, lambda now=now: now)
        now, passes = now + timedelta(hours=1), passes + 1  # past any backoff (cap 1 h)
    record_count(f"451 x30%: {smtp_server.failures_injected} temporary failures, "
                 f"{len(smtp_server.messages)} accepted in {passes} passes")
    assert smtp_server.failures_injected > 30
    assert arrived(smtp_server) == Counter(team.emails)
    assert states(database) == Counter(sent=200)


def test_550_for_one_address_fails_that_row_only(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=10)
    make_activity(database, team, EVENT_DAY)
    smtp_server.reject = {team.emails[3]}
    run_pass(database, mail_settings, lambda: DUE)
    run_pass(database, mail_settings, lambda: DUE + timedelta(hours=2))  # nothing to retry
    with database.session() as session:
        failed = session.scalars(select(OutboxMessage).where(
            OutboxMessage.state == "failed")).one()
    assert failed.recipient_email == team.emails[3]
    assert failed.last_error.startswith("550 5.1.1")
    assert failed.attempts == 1
    assert arrived(smtp_server) == Counter(team.emails[:3] + team.emails[4:])
    assert states(database) == Counter(sent=9, failed=1)


def test_smtp_down_for_a_while_then_up_all_arrive(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=30)
    make_activity(database, team, EVENT_DAY)
    now = DUE
    smtp_server.stop()
    for _ in range(5):  # five passes, an hour apart, against a dead server
        report = run_pass(database, mail_settings, lambda now=now: now)
        assert report.dispatch.sent == 0
        now += timedelta(hours=1)
    assert states(database)["pending"] == 30
    smtp_server.start()
    for _ in range(3):
        run_pass(database, mail_settings, lambda now=now: now)
        now += timedelta(hours=1)
    assert arrived(smtp_server) == Counter(team.emails)
    assert states(database) == Counter(sent=30)


def test_cancelled_after_planning_is_not_sent(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=2)
    activity_id = make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=2))
    with database.transaction() as session:
        session.get_one(Activity, activity_id).status = "cancelled"
    report = dispatch_due(database, mail_settings, SmtpBackend(mail_settings), lambda: DUE,
                          owner="test")  # no plan in between: the send-time check catches it
    assert (report.sent, report.cancelled) == (0, 2)
    assert smtp_server.messages == []


def test_expired_lease_returns_the_row_and_it_is_sent(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE)
    lease = outbox.lease_for(mail_settings, "crashed")
    with database.transaction() as session:  # a dispatcher claims it and dies
        assert outbox.claim_next(session, now=DUE, lease=lease) is not None
    backend = SmtpBackend(mail_settings)
    early = dispatch_due(database, mail_settings, backend, lambda: DUE + timedelta(seconds=5),
                         owner="b")
    later = dispatch_due(database, mail_settings, backend,
                         lambda: DUE + lease.duration + timedelta(seconds=1), owner="b")
    assert (early.sent, later.released, later.sent) == (0, 1, 1)
    assert arrived(smtp_server) == Counter(team.emails)


def test_web_enqueued_invitation_is_dispatched(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    with database.transaction() as session:
        outbox.enqueue(session, dedupe_key="invitation:42", kind="invitation",
                       recipient_email="new@example.org", lang="en", now=DUE,
                       payload={"workgroup": "Zuid", "invite_url": "https://k.example/i/abc"})
    run_pass(database, mail_settings, lambda: DUE)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("new@example.org",)
    assert "https://k.example/i/abc" in received.email.get_body(("plain",)).get_content()
    assert received.email["List-Unsubscribe"] is None


def test_backoff_grows_and_is_capped() -> None:
    rng = random.Random(1)
    delays = [outbox.backoff(attempt, rng=rng) for attempt in range(1, 10)]
    assert timedelta(seconds=30) <= delays[0] <= timedelta(seconds=60)
    assert timedelta(seconds=240) <= delays[3] <= timedelta(seconds=480)
    assert all(delay <= outbox.BACKOFF_CAP for delay in delays)
    assert delays[-1] >= outbox.BACKOFF_CAP / 2


def test_smtp_refusing_connections_for_4_hours_at_the_real_cadence_all_arrive_once(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        record_count: Callable[[str], None]) -> None:
    """Issue 6 audit: an outage of hours used to use up every row's attempts."""
    team = make_team(database, members=30)
    make_activity(database, team, EVENT_DAY)
    settings = dataclasses.replace(mail_settings, mail_max_attempts=8)
    plan_due(database, settings, lambda: DUE - timedelta(hours=1))
    backend, outage, rng = SmtpBackend(settings), Outage(), random.Random(6)
    now, probes = DUE, 0
    smtp_server.stop()
    while now < DUE + timedelta(hours=4):
        report = dispatch_due(database, settings, backend, lambda now=now: now,
                              owner="cadence", outage=outage, rng=rng)
        assert report.sent == report.failed == report.retried == 0
        probes += report.unreachable is not None
        now += timedelta(seconds=20)  # Timing.dispatch
    with database.session() as session:
        pending = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {(row.state, row.attempts) for row in pending} == {("pending", 0)}
    assert pending[0].last_error.startswith("mail server unreachable: ConnectionRefused")
    smtp_server.start()
    up_at = now
    while states(database).get("sent", 0) < 30 and now < up_at + timedelta(minutes=15):
        dispatch_due(database, settings, backend, lambda now=now: now, owner="cadence",
                     outage=outage, rng=rng)
        now += timedelta(seconds=20)
    record_count(f"SMTP refusing connections for 4 h, dispatch every 20 s: {probes} probes "
                 f"in 720 passes; all 30 sent {now - up_at} after the server came back")
    assert probes <= 4 * 60 / 2.5 + 5  # backed off: waits of 2.5 to 5 min once capped
    assert arrived(smtp_server) == Counter(team.emails)
    assert states(database) == Counter(sent=30)
    with database.session() as session:
        assert set(session.scalars(select(OutboxMessage.attempts))) == {1}


def test_a_reminder_mail_could_not_carry_before_its_event_is_skipped_with_the_reason(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=2)
    make_activity(database, team, EVENT_DAY)
    settings = dataclasses.replace(mail_settings, reminder_grace_days=5)  # > the lead time
    now = DUE
    smtp_server.stop()
    while now < DUE + timedelta(days=3):  # to the morning after the event
        run_pass(database, settings, lambda now=now: now)
        now += timedelta(hours=1)
    smtp_server.start()
    run_pass(database, settings, lambda now=now: now)
    with database.session() as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "reminder")).all()
    assert {row.state for row in rows} == {"skipped"}
    assert all(row.last_error.startswith("too late: the event began on 2030-07-15")
               for row in rows)
    assert any("; last error: mail server unreachable: ConnectionRefusedError" in row.last_error
               for row in rows)
    reminder_ids = {message_id(row.dedupe_key, settings) for row in rows}
    assert not reminder_ids & {str(m.email["Message-ID"]) for m in smtp_server.messages}


def test_a_reminder_follows_its_activity_to_another_time_the_same_day(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    """Issue 6 audit: the prepared message still said 10:00 and the old title."""
    team = make_team(database, members=1)
    start = datetime(2030, 7, 15, 10, 0, tzinfo=AMSTERDAM)
    activity_id = make_timed_activity(database, team, start, title="Lezing",
                                      location="Stadhuis")
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=5))  # composed ahead
    with database.transaction() as session:
        activity = session.get_one(Activity, activity_id)
        activity.start_at, activity.end_at = start.replace(hour=16), start.replace(hour=17)
        activity.title, activity.location = "Lezing (nieuwe tijd)", "Bibliotheek"
        activity.sequence += 1
        activity.updated_at = DUE - timedelta(hours=2)
    report = dispatch_due(database, mail_settings, SmtpBackend(mail_settings), lambda: DUE,
                          owner="test")  # no plan in between: the send-time check catches it
    assert report.sent == 1
    [received] = smtp_server.messages
    assert "Lezing (nieuwe tijd)" in str(received.email["Subject"])
    text = received.email.get_body(("plain",)).get_content()
    assert "16:00" in text and "Waar: Bibliotheek" in text and "10:00" not in text
    [attachment] = list(received.email.iter_attachments())
    [event] = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert event.decoded("DTSTART") == start.replace(hour=16)
    assert str(event["SUMMARY"]) == "Lezing (nieuwe tijd)"
    assert str(event["LOCATION"]) == "Bibliotheek"


def test_an_unchanged_activity_is_sent_as_composed_ahead(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=1)
    make_timed_activity(database, team, datetime(2030, 7, 15, 10, 0, tzinfo=AMSTERDAM))
    plan_due(database, mail_settings, lambda: DUE - timedelta(hours=5))
    with database.session() as session:
        [row] = session.scalars(select(OutboxMessage)).all()
        prepared = outbox.prepared_bytes(session, row.id)
    assert prepared is not None
    dispatch_due(database, mail_settings, SmtpBackend(mail_settings), lambda: DUE, owner="t")
    [received] = smtp_server.messages
    assert received.raw.endswith(prepared.split(b"\r\n\r\n", 1)[1].rstrip(b"\r\n") + b"\r\n")


def test_a_failing_claim_after_an_accepted_message_still_records_it_as_sent(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The accepted message's "sent" shares a commit with the next claim; if that claim
    fails, the message must not stay "sending" (its lease would expire: a duplicate)."""
    from calendar_app.services.send_check import SendCheck

    team = make_team(database, members=3)
    make_activity(database, team, EVENT_DAY)
    plan_due(database, mail_settings, lambda: DUE)
    checked = 0
    original = SendCheck.reason_not_to_send

    def fails_on_the_second_row(self: SendCheck, row: OutboxMessage) -> str | None:
        nonlocal checked
        checked += 1
        if checked == 2:
            raise RuntimeError("database went away")
        return original(self, row)

    monkeypatch.setattr(SendCheck, "reason_not_to_send", fails_on_the_second_row)
    with pytest.raises(RuntimeError):
        dispatch_due(database, mail_settings, SmtpBackend(mail_settings), lambda: DUE,
                     owner="test")
    assert len(smtp_server.messages) == 1
    assert states(database) == Counter(sent=1, pending=2)
