"""Benchmark: planning reminders for 100 workgroups x 20 members (2,000 people).

One rule per group (covers all, 14 and 2 days ahead, 09:00), 12 activities per group
in the year, plus the catalogue. Prints, on SQLite (or on the PostgreSQL server of
`DATABASE_URL`, in a database of its own, as `python -m bench growth` does):
- a pass with nothing new (the same `now` again): goal < 50 ms;
- a year of weekly passes (plan_reminders + commit, `now` stepping a week): goal < 5 s.
Each figure is min / median / max over BENCH_PLANNING_ROUNDS rounds (default 1: there
is no baseline to interleave with, and one round is minutes on a loaded machine).
Run with `python -m bench planning`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from bench import rounds
from bench.growth import database_for
from bench.seeding import ROOT

GROUPS = 100
MEMBERS = 20
PER_GROUP = 12
YEAR = 2031
IDLE_GOAL = 0.05
YEAR_GOAL = 5.0
CREATED = datetime(YEAR - 1, 6, 1, tzinfo=UTC)
ROUNDS = max(1, int(os.environ.get("BENCH_PLANNING_ROUNDS", "1")))


def seed(url: str) -> None:
    from calendar_app import migrations
    from calendar_app.catalogue import load_file
    from calendar_app.db import Database
    from calendar_app.models import Membership
    from calendar_app.models import ReminderRule
    from calendar_app.models import User
    from calendar_app.models import Workgroup
    from calendar_app.services.activities import ActivityInput
    from calendar_app.services.bulk import publish_many
    from calendar_app.services.catalogue_sync import sync_catalogue

    migrations.upgrade(url)
    database = Database.from_url(url)
    with database.transaction() as session:
        sync_catalogue(session, load_file(ROOT / "events.yaml"), now=CREATED)
        groups = [Workgroup(slug=f"wg{i:03d}", name=f"Werkgroep {i:03d}", description="",
                            created_at=CREATED) for i in range(GROUPS)]
        session.add_all(groups)
        session.flush()
        for number, group in enumerate(groups):
            session.add(ReminderRule(workgroup_id=group.id, lead_days=[14, 2],
                                     send_time="09:00", covers="all", themes=[],
                                     created_at=CREATED))
            users = [User(email=f"m{number}-{i}@example.org", name=f"Lid {i}", lang="nl",
                          password_hash="", is_admin=False, is_active=True,
                          created_at=CREATED) for i in range(MEMBERS)]
            session.add_all(users)
            session.flush()
            session.add_all(Membership(user_id=user.id, workgroup_id=group.id, role="member",
                                       reminders_opt_out=False, created_at=CREATED)
                            for user in users)
        publish_many(session, (
            ActivityInput(workgroup_id=group.id, title=f"Activiteit {g}-{m}", all_day=True,
                          start_date=date(YEAR, m + 1, 5 + g % 20),
                          end_date=date(YEAR, m + 1, 5 + g % 20))
            for g, group in enumerate(groups) for m in range(PER_GROUP)), now=CREATED)
    database.dispose()


def weekly_year(url: str, settings: object) -> tuple[float, float, float, int]:
    """(seconds for 53 weekly passes, this process's CPU seconds of them, seconds of a
    repeat pass with nothing new, rows). The CPU time shows how much of the wall time
    a loaded machine added (it leaves out PostgreSQL's own work)."""
    from sqlalchemy import func
    from sqlalchemy import select

    from calendar_app.db import Database
    from calendar_app.models import OutboxMessage
    from calendar_app.services.reminders import plan_reminders
    from scheduler.main import SQLITE_CACHE_MIB

    database = Database.from_url(url, sqlite_cache_mib=SQLITE_CACHE_MIB)  # as the scheduler
    now = datetime(YEAR, 1, 1, 7, 0, tzinfo=UTC)
    started, cpu = time.perf_counter(), time.process_time()
    for week in range(53):
        with database.transaction() as session:
            plan_reminders(session, settings, now=now)  # type: ignore[arg-type]
        now += timedelta(days=7)
        if week % 13 == 12:
            print(f"  ... {week + 1} weekly passes: {time.perf_counter() - started:.1f} s",
                  flush=True)
    year, cpu = time.perf_counter() - started, time.process_time() - cpu
    idle = []
    for _ in range(3):
        started = time.perf_counter()
        with database.transaction() as session:
            plan_reminders(session, settings, now=now - timedelta(days=7))  # type: ignore[arg-type]
        idle.append(time.perf_counter() - started)
    with database.session() as session:
        count = int(session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)
    database.dispose()
    return year, cpu, min(idle), count


def main() -> None:
    from calendar_app.config import Settings

    years, cpus, idles = [], [], []
    count = 0
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as folder, \
                database_for(GROUPS * MEMBERS, Path(folder)) as url:
            seed(url)
            settings = Settings.from_env({}, instance_path=Path(folder), database_url=url)
            year, cpu, idle, count = weekly_year(url, settings)
            years.append(year)
            cpus.append(cpu)
            idles.append(idle)
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgresql") \
        else "SQLite"
    print(f"planning on {engine}: {GROUPS} workgroups x {MEMBERS} members, {ROUNDS} round(s), "
          f"{count:,} outbox rows for the year")
    print(f"  pass with nothing new: {rounds.spread([i * 1000 for i in idles], '{:.0f}')} ms "
          f"(goal < {IDLE_GOAL * 1000:.0f} ms) "
          f"{rounds.verdict(statistics.median(idles), IDLE_GOAL, at_least=False)}")
    print(f"  a year of weekly passes: {rounds.spread(years, '{:.1f}')} s "
          f"(CPU of this process {rounds.spread(cpus, '{:.1f}')} s; goal < {YEAR_GOAL:.0f} s) "
          f"{rounds.verdict(statistics.median(years), YEAR_GOAL, at_least=False)}")


if __name__ == "__main__":
    main()
