"""A year of reminders for one member, through the CLI, the outbox and a real SMTP server.

`workgroups create zuid --name X` (nothing else set up: the defaults) and a member, then
`send-due` for a year: every Monday 09:00 Amsterdam (the issue's weekly steps), and
every day at 09:00 (the scheduler's real cadence: what falls due on a day goes out
that day). What a member must find: every observance announced ahead at least once,
at most 60 mails a year, never two mails on one day from the workgroup, and nothing at
all after choosing "nothing". The counts per member are printed in the "reliability
counts" section.

The defaults gather reminders a week or more ahead onto Mondays
(`reminder_rules.gathered_day`): without that, the daily cadence gave some 75 mail
days a year. The grace window is the default one (REMINDER_GRACE_DAYS unset).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from calendar_app.catalogue import between
from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.services.catalogue_sync import active_specs
from tests.scheduler.test_send_due import env_for
from tests.smtp_server import SmtpTestServer
from tests.test_markdown_text import MARKUP

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MODES = {"individual@example.org": "individual", "digest@example.org": "digest",
         "nothing@example.org": "none"}
MAX_MAILS = 60


def _cli(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _steps(cadence: str) -> list[datetime]:
    """A year of `send-due` moments at 09:00 Amsterdam from the first Monday two days
    after now: each Monday (53), or each day (366)."""
    first = datetime.now(UTC).astimezone(AMSTERDAM).date() + timedelta(days=2)
    first += timedelta(days=(7 - first.weekday()) % 7)
    days = [first + timedelta(weeks=n) for n in range(53)] if cadence == "weekly" \
        else [first + timedelta(days=n) for n in range(366)]
    return [datetime.combine(day, time(9, 0), tzinfo=AMSTERDAM) for day in days]


def _text(email: EmailMessage) -> str:
    part = email.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


@pytest.mark.slow
@pytest.mark.parametrize("cadence", ["weekly", "daily"])
def test_a_year_of_defaults_for_one_member(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        record_count: Callable[[str], None], cadence: str) -> None:
    env = {**env_for(mail_settings), "BASE_URL": mail_settings.base_url}
    _cli(env, "load-events")
    said = _cli(env, "workgroups", "create", "zuid", "--name", "Werkgroep Zuid")
    assert "major observances 42, 14; other observances 14; own activities 7, 1" in said
    assert "a week or more ahead together on Mondays" in said
    for email in MODES:
        _cli(env, "users", "create", email, "--name", email.split("@")[0], "--workgroup",
             "zuid", "--password", "correct horse battery staple")
    with database.transaction() as session:  # each one's choice on the workgroup page
        for membership, email in session.execute(
                select(Membership, User.email).join(User, User.id == Membership.user_id)):
            membership.reminder_mode = MODES[email]
    steps = _steps(cadence)
    for step in steps:
        _cli(env, "send-due", "--now", step.isoformat())

    mails: Counter[str] = Counter(rcpt for m in smtp_server.messages for rcpt in m.rcpt_tos)
    per_day = Counter((rcpt, parsedate_to_datetime(str(m.email["Date"])).astimezone(
        AMSTERDAM).date()) for m in smtp_server.messages for rcpt in m.rcpt_tos)
    record_count(f"{cadence} send-due, mails a year per member with the defaults: " + ", ".join(
        f"{MODES[email]} {mails[email]}" for email in MODES))
    assert 0 < mails["individual@example.org"] <= MAX_MAILS
    assert mails["nothing@example.org"] == 0
    assert max(per_day.values()) == 1  # never two on one day from the workgroup
    for received in smtp_server.messages:
        assert not any(mark in _text(received.email) for mark in MARKUP)

    # Every observance in the year (from its first two weeks on) was announced ahead.
    first, last = steps[0].date() + timedelta(days=14), steps[-1].date()
    with database.session() as session:
        occurrences = [(o.key, o.start) for o in between(active_specs(session), first, last)
                       if o.start is not None and first <= o.start <= last]
        announced = {(state["observance_key"], state["start_date"])
                     for row in session.scalars(select(OutboxMessage).where(
                         OutboxMessage.kind == "reminder", OutboxMessage.state == "sent",
                         OutboxMessage.recipient_email == "individual@example.org"))
                     for state in row.payload["due"]
                     if row.sent_at is not None and row.sent_at.astimezone(AMSTERDAM).date()
                     < date.fromisoformat(state["start_date"])}
    missing = sorted({(key, start.isoformat()) for key, start in occurrences}
                     - {(key, start) for key, start in announced})
    record_count(f"{cadence}: observances in the year: {len(occurrences)}, announced ahead: "
                 f"{len(occurrences) - len(missing)}")
    assert occurrences and not missing
