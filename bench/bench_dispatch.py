"""Benchmark: dispatch 10,000 reminders to a local aiosmtpd sink, beside raw smtplib.

The reminders go to 500 workgroups of 20 members, each about its workgroup's own
activity (until 4 December one workgroup of 10,000, which let preparing compose once
per slice of 3,333 messages).

Run with `.venv/bin/python -m bench.bench_dispatch [N]`. The sink runs in a process of
its own, so it does not share this process's GIL with the code under test.

- prepare: composing the planned messages (templates, .ics, MIME), as the plan job
  does ahead of the due time; printed for the full picture.
- dispatch: claim (commit), send-time check, Date, SMTP, commit as sent, one row at a
  time, on SQLite in a temporary folder.
- baseline: plain `smtplib.sendmail` of the very bytes dispatch sends (the prepared
  messages, dated beforehand), over one reused connection: nothing but SMTP inside
  the timed loop. Goal: dispatch at least 50% of the baseline's rate, and (issue 17)
  prepare + dispatch together too.
- The three run in interleaved rounds, one slice of the messages each (bench/rounds.py).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import smtplib
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import rounds
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
#: Members per workgroup (bench_planning has 20 too).
GROUP_SIZE = 20
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
    """`members` people in workgroups of `GROUP_SIZE`, each workgroup with an activity
    of its own: a reminder's e-mails are alike only within a workgroup, so preparing
    composes once per twenty messages, as in the city, not once per slice."""
    with database.transaction() as session:
        for number in range(members // GROUP_SIZE):
            group = Workgroup(slug=f"bench-{number}", name=f"Werkgroep {number}",
                              description="", created_at=CREATED)
            session.add(group)
            session.flush()
            session.add(ReminderRule(workgroup_id=group.id, lead_days=[2], send_time="09:00",
                                     covers="activities", themes=[], created_at=CREATED))
            users = [User(email=f"m{number}-{i}@example.org", name=f"Lid {i}", lang="nl",
                          password_hash="", is_admin=False, is_active=True, created_at=CREATED)
                     for i in range(GROUP_SIZE)]
            session.add_all(users)
            session.flush()
            session.add_all(Membership(user_id=u.id, workgroup_id=group.id, role="member",
                                       reminders_opt_out=False, created_at=CREATED)
                            for u in users)
            day = datetime(2030, 7, 15).date()
            session.add(Activity(public_id=str(uuid.uuid4()), workgroup_id=group.id,
                                 title=f"Keti Koti-ontbijt {number}",
                                 description="Samen ontbijten.", all_day=True, start_date=day,
                                 end_date=day, status="published", themes=[],
                                 accessibility={}, created_at=CREATED, updated_at=CREATED))


def prebuilt(database: Database, count: int) -> list[tuple[str, bytes]]:
    """(recipient, wire bytes) of the next `count` prepared, unsent messages, dated."""
    with database.session() as session:
        rows = session.execute(
            select(OutboxMessage.recipient_email, PreparedMessage.data)
            .join(PreparedMessage, PreparedMessage.outbox_id == OutboxMessage.id)
            .where(OutboxMessage.state == "pending")
            .order_by(OutboxMessage.id).limit(count)).all()
    return [(recipient, dated(data, NOW)) for recipient, data in rows]


def raw_smtplib(settings: Settings, messages: list[tuple[str, bytes]]) -> float:
    sender = parseaddr(settings.mail_from)[1]
    started = time.perf_counter()
    with smtplib.SMTP(settings.mail_host, settings.mail_port, timeout=30) as smtp:
        for recipient, data in messages:
            smtp.sendmail(sender, [recipient], data)
    return time.perf_counter() - started


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run_rounds(database: Database, settings: Settings, messages: int) -> dict[str, list[float]]:
    """Seconds per side per round: prepare, dispatch and plain smtplib, one slice each.

    Every round prepares its slice of the planned messages, then sends that slice
    through dispatch and the same bytes through plain smtplib, the order of those two
    alternating from round to round.
    """
    chunk = messages // rounds.ROUNDS
    seconds: dict[str, list[float]] = {"prepare": [], "dispatch": [], "smtplib": []}
    backend = SmtpBackend(settings)
    for number in range(rounds.ROUNDS):
        seconds["prepare"].append(
            timed(lambda: prepare_pending(database, settings, limit=chunk)))
        for name, value in one_round(database, settings, backend, chunk,
                                     dispatch_first=number % 2 == 0).items():
            seconds[name].append(value)
    return seconds


def one_round(database: Database, settings: Settings, backend: SmtpBackend, chunk: int, *,
              dispatch_first: bool) -> dict[str, float]:
    """Dispatch `chunk` prepared rows and smtplib-send the same bytes, in the given order."""
    prepared = prebuilt(database, chunk)
    assert len(prepared) == chunk, (len(prepared), chunk)
    reports: list[Any] = []
    sides = {
        "dispatch": lambda: reports.append(dispatch_due(
            database, settings, backend, lambda: NOW + timedelta(seconds=1),
            owner="bench", limit=chunk)),
        "smtplib": lambda: raw_smtplib(settings, prepared)}
    order = list(sides) if dispatch_first else list(reversed(sides))
    seconds = {name: timed(sides[name]) for name in order}
    assert reports[0].sent == chunk, reports[0]
    return seconds


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
        seconds = run_rounds(database, settings, messages)
    finally:
        stop.set()
        sink.join(timeout=10)
        database.dispose()
    chunk = messages // rounds.ROUNDS
    rate = {name: [chunk / value for value in values] for name, values in seconds.items()}
    ratio = rounds.ratios(rate["dispatch"], rate["smtplib"])
    whole = [chunk / (p + d) for p, d in zip(seconds["prepare"], seconds["dispatch"],
                                              strict=True)]
    whole_ratio = rounds.ratios(whole, rate["smtplib"])
    print(f"{rounds.ROUNDS} interleaved rounds of {chunk} reminders each "
          "(min / median / max)")
    print(f"prepare (compose ahead, as the plan job does): "
          f"{rounds.spread(rate['prepare'], '{:,.0f}')} messages/s")
    print(f"dispatch (claim + check + SMTP + commit, SQLite): "
          f"{rounds.spread(rate['dispatch'], '{:,.0f}')} messages/s")
    print(f"plain smtplib.sendmail, the same prepared bytes, one connection: "
          f"{rounds.spread(rate['smtplib'], '{:,.0f}')} messages/s")
    print(f"dispatch / smtplib: {rounds.spread(ratio, '{:.0%}')} (goal: median >= "
          f"{GOAL:.0%}) {rounds.verdict(statistics.median(ratio), GOAL)}")
    print(f"prepare + dispatch / smtplib: {rounds.spread(whole_ratio, '{:.0%}')} (goal, "
          f"compose included: median >= {GOAL:.0%}) "
          f"{rounds.verdict(statistics.median(whole_ratio), GOAL)}")
    print(f"sink received {counter.value} messages (baseline and dispatch)")
    return statistics.median(ratio)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else MESSAGES)
