"""Two scheduler processes on one PostgreSQL database send each reminder exactly once."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from tests.scheduler.processes import due_now_team
from tests.scheduler.processes import scheduler_env
from tests.scheduler.processes import sent_count
from tests.scheduler.processes import start_scheduler
from tests.scheduler.processes import wait_for
from tests.smtp_server import SmtpTestServer

MESSAGES = 2000


@pytest.mark.slow
def test_two_schedulers_on_postgresql_send_2000_reminders_without_duplicates(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        tmp_path: Path, record_count: Callable[[str], None]) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is the PostgreSQL path; SQLite has one writer")
    team = due_now_team(database, mail_settings, MESSAGES)
    env = scheduler_env(mail_settings, database.engine.url.render_as_string(False))
    log = tmp_path / "schedulers.log"
    processes = [start_scheduler(env, lease=60, log=log) for _ in range(2)]
    try:
        assert wait_for(lambda: sent_count(database) == MESSAGES, timeout=240), log.read_text()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    counts = Counter(smtp_server.recipients())
    with database.session() as session:
        owners = Counter(session.scalars(select(OutboxMessage.claimed_by)))
    duplicates = sum(n - 1 for n in counts.values())
    record_count(f"2 schedulers on PostgreSQL: {len(smtp_server.messages)} delivered for "
                 f"{MESSAGES} reminders, {duplicates} duplicate(s); split "
                 f"{sorted(owners.values())}")
    assert len(owners) == 2, owners  # both processes claimed (and sent) rows
    assert min(owners.values()) > 0
    assert counts == Counter(team.emails)
    assert len(smtp_server.messages) == MESSAGES
