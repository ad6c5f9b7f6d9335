"""Benchmark: dispatch 10,000 reminders to a local aiosmtpd sink, beside raw smtplib.

Run with `.venv/bin/python -m bench.bench_dispatch [N]`. The sink runs in a process of
its own, so it does not share this process's GIL with the code under test.

- prepare: composing the planned messages (templates, .ics, MIME), as the plan job
  does ahead of the due time; printed for the full picture.
- dispatch: claim (commit), send-time check, Date, SMTP, commit as sent, one row at a
  time, on SQLite in a temporary folder.
- baseline: plain `smtplib.sendmail` of the very bytes dispatch sends (the prepared
  messages, dated beforehand), over one reused connection: nothing but SMTP inside
  the timed loop. Goal: dispatch at least 50% of the baseline's rate.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import smtplib
import socket
import sys
import tempfile
import time
import uuid
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import select

from calendar_app import migrations
from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import PreparedMessage
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.reminders import plan_reminders
from notifier import SmtpBackend
from notifier import dated
from scheduler.dispatch import dispatch_due
from scheduler.prepare import prepare_pending

MESSAGES = 10_000
GOAL = 0.5
NOW = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)
CREATED = datetime(2029, 1, 1, tzinfo=UTC)


class Sink:
    """Counts messages; accepts everything."""

    def __init__(self, counter: Any) -> None:
        self.counter = counter

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def run_sink(port: int, counter: Any, stop: Any) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(counter), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the SMTP sink did not start")


def seed(database: Database, members: int) -> None:
    with database.transaction() as session:
        group = Workgroup(slug="bench", name="Bench", description="", created_at=CREATED)
        session.add(group)
        session.flush()
        session.add(ReminderRule(workgroup_id=group.id, lead_days=[2], send_time="09:00",
                                 covers="activities", themes=[], created_at=CREATED))
        users = [User(email=f"m{i}@example.org", name=f"Lid {i}", lang="nl", password_hash="",
                      is_admin=False, is_active=True, created_at=CREATED)
                 for i in range(members)]
        session.add_all(users)
        session.flush()
        session.add_all(Membership(user_id=u.id, workgroup_id=group.id, role="member",
                                   reminders_opt_out=False, created_at=CREATED) for u in users)
        day = datetime(2030, 7, 15).date()
        session.add(Activity(public_id=str(uuid.uuid4()), workgroup_id=group.id,
                             title="Keti Koti-ontbijt", description="Samen ontbijten.",
                             all_day=True, start_date=day, end_date=day, status="published",
                             themes=[], accessibility={}, created_at=CREATED,
                             updated_at=CREATED))


def prebuilt(database: Database, settings: Settings) -> list[tuple[str, bytes]]:
    """(recipient, wire bytes) of every prepared message, with its Date already added."""
    with database.session() as session:
        rows = session.execute(
            select(OutboxMessage.recipient_email, PreparedMessage.data)
            .join(PreparedMessage, PreparedMessage.outbox_id == OutboxMessage.id)
            .order_by(OutboxMessage.id)).all()
    return [(recipient, dated(data, NOW)) for recipient, data in rows]


def raw_smtplib(settings: Settings, messages: list[tuple[str, bytes]]) -> float:
    sender = parseaddr(settings.mail_from)[1]
    started = time.perf_counter()
    with smtplib.SMTP(settings.mail_host, settings.mail_port, timeout=30) as smtp:
        for recipient, data in messages:
            smtp.sendmail(sender, [recipient], data)
    return time.perf_counter() - started


def main(messages: int = MESSAGES) -> float:
    folder = Path(tempfile.mkdtemp(prefix="bench-dispatch-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    migrations.upgrade(url)
    database = Database.from_url(url)
    port = free_port()
    context = multiprocessing.get_context("spawn")
    counter, stop = context.Value("i", 0), context.Event()
    sink = context.Process(target=run_sink, args=(port, counter, stop), daemon=True)
    sink.start()
    _wait_for_port(port)
    try:
        settings = dataclasses.replace(
            Settings.from_env({}, instance_path=folder).ensure_instance(), database_url=url,
            mail_backend="smtp", mail_host="127.0.0.1", mail_port=port)
        seed(database, messages)
        with database.transaction() as session:
            plan_reminders(session, settings, now=NOW)
        started = time.perf_counter()
        prepare_pending(database, settings)
        prepare_seconds = time.perf_counter() - started
        prepared = prebuilt(database, settings)
        assert len(prepared) == messages
        raw_seconds = raw_smtplib(settings, prepared)
        started = time.perf_counter()
        report = dispatch_due(database, settings, SmtpBackend(settings),
                              lambda: NOW + timedelta(seconds=1), owner="bench")
        ours_seconds = time.perf_counter() - started
    finally:
        stop.set()
        sink.join(timeout=10)
        database.dispose()
    assert report.sent == messages, report
    raw_rate, ours_rate = messages / raw_seconds, messages / ours_seconds
    ratio = ours_rate / raw_rate
    whole_rate = messages / (prepare_seconds + ours_seconds)
    print(f"prepare {messages} reminders (compose ahead, as the plan job does): "
          f"{messages / prepare_seconds:,.0f} messages/s")
    print(f"dispatch {messages} reminders: {ours_rate:,.0f} messages/s "
          f"(claim + check + SMTP + commit, SQLite)")
    print(f"plain smtplib.sendmail, the same prepared bytes, one connection: "
          f"{raw_rate:,.0f} messages/s")
    print(f"ratio: {ratio:.0%} (goal >= {GOAL:.0%}) {'OK' if ratio >= GOAL else 'BELOW GOAL'}; "
          f"prepare + dispatch together: {whole_rate:,.0f} messages/s, "
          f"{whole_rate / raw_rate:.0%} of the baseline")
    print(f"sink received {counter.value} messages (baseline and dispatch)")
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else MESSAGES)
