"""The scheduler stopped over a due time: back within the grace window it sends, else skips."""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from scheduler.jobs import run_pass
from scheduler.main import build_scheduler
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team
from tests.smtp_server import SmtpTestServer

DUE = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)  # 09:00 in Amsterdam, two days ahead


def setup_team(database: Database, settings: Settings) -> None:
    team = make_team(database, members=2)
    make_activity(database, team, date(2030, 7, 15))
    run_pass(database, settings, lambda: DUE - timedelta(hours=12))  # planned, then stopped


def test_restart_within_grace_sends_the_missed_reminder(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    setup_team(database, mail_settings)
    assert smtp_server.messages == []
    run_pass(database, mail_settings, lambda: DUE + timedelta(days=1, hours=23))
    with database.session() as session:
        reminders = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "reminder")))
    assert [row.state for row in reminders] == ["sent", "sent"]
    assert sorted(smtp_server.recipients()).count(reminders[0].recipient_email) >= 1
    subjects = [str(m.email["Subject"]) for m in smtp_server.messages]
    assert sum("Keti Koti-ontbijt" in subject for subject in subjects) == 2


def test_restart_beyond_grace_marks_it_skipped_with_a_reason(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    setup_team(database, mail_settings)
    report = run_pass(database, mail_settings, lambda: DUE + timedelta(days=2, hours=1))
    assert report.dispatch.skipped == 2
    assert not any("Keti Koti" in str(m.email["Subject"]) for m in smtp_server.messages)
    with database.session() as session:
        rows = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "reminder")))
    assert Counter(row.state for row in rows) == Counter(skipped=2)
    assert all("grace window" in row.last_error for row in rows)


def test_the_clock_is_configured_never_to_drop_a_late_run(
        database: Database, mail_settings: Settings) -> None:
    scheduler = build_scheduler(mail_settings, database, clock=lambda: DUE)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"beat", "plan", "registrations", "digest", "unannounced", "dispatch"}
    assert scheduler._job_defaults == {
        "coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    assert all(job.next_run_time == DUE for job in jobs.values())  # all run at start
    assert type(scheduler._jobstores["default"]).__name__ == "MemoryJobStore"
