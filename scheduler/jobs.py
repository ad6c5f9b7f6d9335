"""The scheduler's jobs: plain functions that open a session and call services.

Each takes the current time from an injected clock, so tests can run a job "as if
it were" any moment; all state lives in the database, never in APScheduler.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime

from calendar_app.db import Database
from calendar_app.services.heartbeat import record_beat

Clock = Callable[[], datetime]

HEARTBEAT = "scheduler"


def beat(database: Database, clock: Clock) -> None:
    """Record that the scheduler is alive (shown as "last active N minutes ago")."""
    with database.transaction() as session:
        record_beat(session, HEARTBEAT, now=clock(),
                    detail=f"{socket.gethostname()} pid {os.getpid()}")
