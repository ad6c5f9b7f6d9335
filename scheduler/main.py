"""The reminder scheduler: a process and a clock.

APScheduler only decides *when* the jobs run. It keeps its jobs in memory (a job
store cannot be shared between processes), coalesces missed runs, never runs a job
twice at once, and has no misfire grace limit: its default of one second silently
drops a run that starts late. What is due, sent or failed lives in the outbox, so
any number of scheduler processes may share one PostgreSQL database: planning is
idempotent by a unique key and every row is claimed by one dispatcher (see
`calendar_app.services.outbox` for the claim protocol and the one remaining
duplicate window: a crash between the SMTP server's acceptance and our commit
resends that one message, with the same Message-ID, once its lease expires).

On start every job runs at once, which is the catch-up: reminders that fell due
while the process was down are sent if within REMINDER_GRACE_DAYS, else recorded
as skipped.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from types import FrameType

from apscheduler.events import EVENT_JOB_ERROR
from apscheduler.events import EVENT_JOB_MISSED
from apscheduler.events import JobEvent
from apscheduler.events import JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from calendar_app.config import Settings
from calendar_app.db import Database
from scheduler import jobs
from scheduler.dispatch import Outage

log = logging.getLogger("scheduler")

#: SQLite page cache of the scheduler's connections, in MiB (SQLite's default is 2).
#: A planning pass inserts a day's row for every member and reads the rows around;
#: with 2,000 members and a year of rows (and, until the keys put the day first, new
#: keys all over the outbox's unique index), a 2 MiB cache read most pages back from
#: disk on every insert (a year of weekly passes: 9.4 s instead of 5.4 s, one run each
#: on 3 December). The memory is taken only as pages are read (the web workers keep
#: the default).
SQLITE_CACHE_MIB = 64


@dataclass(frozen=True)
class Timing:
    """How often each job runs, in seconds."""

    beat: float = 60
    plan: float = 300
    digest: float = 900
    dispatch: float = 20
    #: The monthly "still to be announced" notice is keyed by month; checking often is free.
    unannounced: float = 6 * 3600
    #: Lease on a claimed row; None: derived from MAIL_TIMEOUT (tests shorten it).
    lease: float | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_scheduler(settings: Settings, database: Database, clock: jobs.Clock = utc_now,
                    timing: Timing = Timing()) -> BlockingScheduler:
    # One worker per job, so a long dispatch batch never delays the heartbeat.
    scheduler = BlockingScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=settings.zone,
    )
    start = clock()
    scheduler.add_job(jobs.beat, "interval", seconds=timing.beat, id="beat",
                      args=(database, clock), next_run_time=start)
    scheduler.add_job(jobs.plan_due, "interval", seconds=timing.plan, id="plan",
                      args=(database, settings, clock), next_run_time=start)
    scheduler.add_job(jobs.registrations, "interval", seconds=timing.plan, id="registrations",
                      args=(database, settings, clock), next_run_time=start)
    scheduler.add_job(jobs.send_digests, "interval", seconds=timing.digest, id="digest",
                      args=(database, settings, clock), next_run_time=start)
    scheduler.add_job(jobs.notify_unannounced, "interval", seconds=timing.unannounced,
                      id="unannounced", args=(database, settings, clock), next_run_time=start)
    scheduler.add_job(jobs.dispatch, "interval", seconds=timing.dispatch, id="dispatch",
                      args=(database, settings, clock),
                      kwargs={"lease_seconds": timing.lease, "outage": Outage()},
                      next_run_time=start)
    scheduler.add_listener(_log_job_error, EVENT_JOB_ERROR)
    scheduler.add_listener(_log_job_missed, EVENT_JOB_MISSED)
    return scheduler


def _log_job_error(event: JobExecutionEvent) -> None:
    log.error("job %s failed: %r", event.job_id, event.exception,
              exc_info=(type(event.exception), event.exception, event.exception.__traceback__))


def _log_job_missed(event: JobEvent) -> None:
    log.warning("job %s missed its run time; the next run catches up", event.job_id)


def run_scheduler(settings: Settings, timing: Timing = Timing()) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # APScheduler logs every run of every job at INFO: with dispatch every 20 s that
    # buries what matters. Job errors (logged at ERROR) still come through.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    database = Database.from_url(settings.sqlalchemy_url, sqlite_cache_mib=SQLITE_CACHE_MIB)
    scheduler = build_scheduler(settings, database, timing=timing)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: stopping", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    log.info("reminder scheduler running (jobs: %s)",
             ", ".join(job.id for job in scheduler.get_jobs()))
    try:
        scheduler.start()
    except KeyboardInterrupt:
        pass
    finally:
        database.dispose()


def parse_timing(argv: Sequence[str]) -> Timing:
    """`python -m scheduler [--dispatch-seconds S] ...`: job intervals (tests use short ones)."""
    parser = argparse.ArgumentParser(prog="python -m scheduler")
    defaults = Timing()
    for name in ("beat", "plan", "digest", "dispatch"):
        parser.add_argument(f"--{name}-seconds", type=float, default=getattr(defaults, name))
    parser.add_argument("--lease-seconds", type=float, default=None)
    args = parser.parse_args(argv)
    return Timing(beat=args.beat_seconds, plan=args.plan_seconds,
                  digest=args.digest_seconds, dispatch=args.dispatch_seconds,
                  lease=args.lease_seconds)


def main(argv: Sequence[str] | None = None) -> None:
    from calendar_app.config import ConfigError

    timing = parse_timing(sys.argv[1:] if argv is None else argv)
    try:
        settings = Settings.from_env().ensure_instance()
    except ConfigError as exc:
        print(f"Error: configuration: {exc}", file=sys.stderr)
        sys.exit(1)
    run_scheduler(settings, timing)
