"""The reminder scheduler: a process and a clock.

APScheduler only decides *when* the jobs run. It keeps its jobs in memory (a job
store cannot be shared between processes), coalesces missed runs, never runs a job
twice at once, and has no misfire grace limit: its default of one second silently
drops a run that starts late. What is due, sent or failed lives in the outbox.
"""

from __future__ import annotations

import logging
import signal
import sys
from datetime import UTC
from datetime import datetime
from types import FrameType

from apscheduler.events import EVENT_JOB_ERROR
from apscheduler.events import JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from calendar_app.config import Settings
from calendar_app.db import Database
from scheduler import jobs

log = logging.getLogger("scheduler")

HEARTBEAT_SECONDS = 60


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_scheduler(settings: Settings, database: Database,
                    clock: jobs.Clock = utc_now) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=settings.zone,
    )
    scheduler.add_job(jobs.beat, "interval", seconds=HEARTBEAT_SECONDS, id="beat",
                      args=(database, clock), next_run_time=clock())
    scheduler.add_listener(_log_job_error, EVENT_JOB_ERROR)
    return scheduler


def _log_job_error(event: JobExecutionEvent) -> None:
    log.error("job %s failed: %r", event.job_id, event.exception,
              exc_info=(type(event.exception), event.exception, event.exception.__traceback__))


def run_scheduler(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    database = Database.from_url(settings.sqlalchemy_url)
    scheduler = build_scheduler(settings, database)

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


def main() -> None:
    from calendar_app.config import ConfigError

    try:
        settings = Settings.from_env().ensure_instance()
    except ConfigError as exc:
        print(f"Error: configuration: {exc}", file=sys.stderr)
        sys.exit(1)
    run_scheduler(settings)
