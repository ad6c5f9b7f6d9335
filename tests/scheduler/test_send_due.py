"""`diversity-calendar send-due --now`: one pass of plan and dispatch as if it were then."""

from __future__ import annotations

import dataclasses
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team
from tests.smtp_server import SmtpTestServer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: Before the 2026 clock changes (the shared fixtures' teams date from 2029).
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def env_for(settings: Settings) -> dict[str, str]:
    return {
        "INSTANCE_PATH": str(settings.instance_path), "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": settings.database_url, "MAIL_BACKEND": "smtp",
        "MAIL_HOST": settings.mail_host, "MAIL_PORT": str(settings.mail_port),
    }


def test_send_due_at_a_given_moment_sends_what_is_due_then(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer) -> None:
    team = make_team(database, members=2)
    make_activity(database, team, date(2030, 7, 15))
    runner = CliRunner()
    early = runner.invoke(main, ["send-due", "--now", "2030-07-13T08:59+02:00"],
                          env=env_for(mail_settings))
    assert early.exit_code == 0, early.output
    assert smtp_server.messages == []
    due = runner.invoke(main, ["send-due", "--now", "2030-07-13T09:00"],
                        env=env_for(mail_settings))
    assert due.exit_code == 0, due.output
    assert "Sent 2" in due.output
    assert sorted(smtp_server.recipients()) == sorted(team.emails)


def test_send_due_rejects_a_bad_moment(mail_settings: Settings) -> None:
    result = CliRunner().invoke(main, ["send-due", "--now", "tomorrow"],
                                env=env_for(dataclasses.replace(mail_settings)))
    assert result.exit_code == 1
    assert "not an ISO date-time" in result.output


@pytest.mark.parametrize("due_day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_send_due_on_clock_change_days_sends_at_nine_local_not_a_minute_before(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        due_day: date) -> None:
    team = make_team(database, members=1, created=LONG_AGO)
    make_activity(database, team, due_day + timedelta(days=2), created=LONG_AGO)
    runner = CliRunner()
    early = runner.invoke(main, ["send-due", "--now", f"{due_day}T08:59"],
                          env=env_for(mail_settings))
    assert early.exit_code == 0, early.output
    assert smtp_server.messages == []
    due = runner.invoke(main, ["send-due", "--now", f"{due_day}T09:00"],
                        env=env_for(mail_settings))
    assert due.exit_code == 0, due.output
    [received] = smtp_server.messages
    assert received.rcpt_tos == team.emails
    sent_at = parsedate_to_datetime(str(received.email["Date"])).astimezone(AMSTERDAM)
    assert sent_at.strftime("%Y-%m-%d %H:%M") == f"{due_day} 09:00"
