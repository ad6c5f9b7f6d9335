"""Start real scheduler processes (`python -m scheduler`) for the crash and concurrency tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from tests.scheduler.conftest import Team
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

ROOT = Path(__file__).resolve().parents[2]


def due_now_team(database: Database, settings: Settings, members: int) -> Team:
    """A team whose reminders (lead 1 day, sent at 00:00 local) are due right now, for real.

    Team and activity exist from well before today (the real clock): a reminder due
    before its rule or activity existed is never sent, and the shared fixtures date from
    2029.
    """
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    team = make_team(database, members=members, lead_days=(1,), send_time="00:00",
                     created=long_ago)
    today = datetime.now(UTC).astimezone(settings.zone).date()
    make_activity(database, team, today + timedelta(days=1), created=long_ago)
    return team


def scheduler_env(settings: Settings, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url, "INSTANCE_PATH": str(settings.instance_path),
        "SECRET_KEY": settings.secret_key, "BASE_URL": settings.base_url,
        "MAIL_BACKEND": "smtp", "MAIL_HOST": settings.mail_host,
        "MAIL_PORT": str(settings.mail_port), "MAIL_TIMEOUT": "5",
        "MAIL_FROM": settings.mail_from, "PYTHONPATH": str(ROOT),
    })
    return env


def start_scheduler(env: dict[str, str], *, lease: float, log: Path) -> subprocess.Popen[bytes]:
    """A scheduler with quick ticks: dispatch every 0.2 s, a short lease for quick recovery."""
    with log.open("ab") as stream:
        return subprocess.Popen(
            [sys.executable, "-m", "scheduler", "--dispatch-seconds", "0.2",
             "--plan-seconds", "5", "--lease-seconds", str(lease)],
            cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT)


def sent_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).where(OutboxMessage.state == "sent"))
                   or 0)


def wait_for(condition: Callable[[], bool], *, timeout: float, poll: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return condition()


def today_local(settings: Settings) -> date:
    return datetime.now(UTC).astimezone(settings.zone).date()
