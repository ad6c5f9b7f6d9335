"""SIGKILL a real scheduler process 20 times in the middle of a 500-message dispatch.

Every reminder must arrive; a duplicate is allowed only for the one message a killed
process may have handed to the server before committing it as sent (the documented
window), so at most one per kill.
"""

from __future__ import annotations

import os
import random
import signal
import time
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

MESSAGES = 500
KILLS = 20
LEASE_SECONDS = 1.0
#: Set to repeat a run: the seed picks the kill points and the delays.
SEED_VARIABLE = "CRASH_TEST_SEED"


@pytest.mark.slow
def test_sigkill_20_times_every_reminder_arrives_duplicates_at_most_one_per_kill(
        database: Database, mail_settings: Settings, smtp_server: SmtpTestServer,
        tmp_path: Path, record_count: Callable[[str], None]) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("run on the embedded default (SQLite); PostgreSQL claims are covered by "
                    "the two-dispatcher test")
    team = due_now_team(database, mail_settings, MESSAGES)
    env = scheduler_env(mail_settings, database.engine.url.render_as_string(False))
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(10**6))
    record_count(f"seed {seed} (repeat with {SEED_VARIABLE}={seed})")
    rng = random.Random(seed)
    targets = sorted(rng.sample(range(5, MESSAGES - 5), KILLS))
    log = tmp_path / "scheduler.log"
    kills, sent_by_killed = 0, []
    for target in targets:
        before = len(smtp_server.messages)
        process = start_scheduler(env, lease=LEASE_SECONDS, log=log)
        reached = wait_for(lambda target=target: len(smtp_server.messages) >= target,
                           timeout=60, poll=0.002)
        time.sleep(rng.uniform(0, 0.01))  # land anywhere: claim, SMTP, commit
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        sent_by_killed.append(len(smtp_server.messages) - before)
        assert reached, f"no progress to {target} messages; see {log}"
    final = start_scheduler(env, lease=LEASE_SECONDS, log=log)
    try:
        assert wait_for(lambda: sent_count(database) == MESSAGES, timeout=120), log.read_text()
    finally:
        final.send_signal(signal.SIGTERM)
        final.wait(timeout=30)
    counts = Counter(smtp_server.recipients())
    duplicates = sum(n - 1 for n in counts.values())
    by_id = Counter(str(m.email["Message-ID"]) for m in smtp_server.messages)
    record_count(f"messages each killed process had handed to the server: {sent_by_killed}")
    record_count(f"SIGKILL x{kills} during {MESSAGES} reminders: {len(smtp_server.messages)} "
                 f"delivered, {len(counts)} distinct recipients, {duplicates} duplicate(s), "
                 f"{MESSAGES - len(counts)} missing")
    assert set(counts) == set(team.emails)
    assert duplicates <= kills
    assert sum(n - 1 for n in by_id.values()) == duplicates  # a duplicate has the same id
    with database.session() as session:
        assert set(session.scalars(select(OutboxMessage.state))) == {"sent"}
