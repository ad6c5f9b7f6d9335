"""The scheduler's jobs: plain functions that open a session and call services.

Each takes the current time from an injected clock, so tests can run a job "as if
it were" any moment; all state lives in the database, never in APScheduler. Every
job is idempotent, which is what makes `coalesce=True` and an unlimited misfire
grace safe: running late, or once instead of three times, loses nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.services.digest import plan_digests
from calendar_app.services.heartbeat import record_beat
from calendar_app.services.outbox import Lease
from calendar_app.services.registration_jobs import RegistrationPass
from calendar_app.services.registration_jobs import plan_registrations
from calendar_app.services.reminders import PlanReport
from calendar_app.services.reminders import plan_reminders
from calendar_app.services.unannounced import plan_notice
from notifier import Backend
from notifier import load_backend
from scheduler.dispatch import DispatchReport
from scheduler.dispatch import Outage
from scheduler.dispatch import dispatch_due
from scheduler.prepare import prepare_pending

Clock = Callable[[], datetime]

HEARTBEAT = "scheduler"

log = logging.getLogger("scheduler.jobs")


def owner_name() -> str:
    """Who holds a lease: host and process, so an administrator can tell dispatchers apart."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(database: Database, clock: Clock) -> None:
    """Record that the scheduler is alive (shown as "last active N minutes ago")."""
    with database.transaction() as session:
        record_beat(session, HEARTBEAT, now=clock(),
                    detail=f"{socket.gethostname()} pid {os.getpid()}")


def plan_due(database: Database, settings: Settings, clock: Clock) -> PlanReport:
    """Turn due reminders into outbox rows; cancel the ones that no longer apply."""
    with database.transaction() as session:
        report = plan_reminders(session, settings, now=clock())
    prepare_pending(database, settings, now=clock())
    if report.planned or report.skipped or report.cancelled or report.revived:
        log.info("plan: %d planned, %d skipped (beyond grace), %d cancelled, %d revived",
                 report.planned, report.skipped, report.cancelled, report.revived)
    return report


def registrations(database: Database, settings: Settings, clock: Clock) -> RegistrationPass:
    """Registrants' updates, cancellations, reminders, feedback invitations, retention."""
    with database.transaction() as session:
        report = plan_registrations(session, settings, now=clock())
    prepare_pending(database, settings, now=clock())
    if report.updated or report.cancelled or report.feedback or report.purged:
        log.info("registrations: %d updates, %d cancellations, %d feedback invitations, "
                 "%d registrations purged", report.updated, report.cancelled,
                 report.feedback, report.purged)
    return report


def send_digests(database: Database, settings: Settings, clock: Clock) -> int:
    """Plan this week's digest rows (dispatch sends them)."""
    with database.transaction() as session:
        planned = plan_digests(session, settings, now=clock())
    prepare_pending(database, settings, now=clock())
    return planned


def notify_unannounced(database: Database, settings: Settings, clock: Clock) -> int:
    """Once a month, mail administrators the observances still to be announced.

    Runs every few hours; the outbox key holds the month, so the notice is queued
    exactly once per month, and only while the list is not empty.
    """
    with database.transaction() as session:
        queued = plan_notice(session, settings, now=clock())
    if queued:
        log.info("unannounced: notice queued for %d administrator(s)", queued)
    return queued


def dispatch(database: Database, settings: Settings, clock: Clock,
             backend: Backend | None = None, *, limit: int | None = None,
             lease_seconds: float | None = None, outage: Outage | None = None) -> DispatchReport:
    """Send what is due over one backend connection.

    The scheduler passes the same `outage` to every run, so an unreachable mail
    server is probed with a growing delay instead of every 20 seconds.
    """
    owner = owner_name()
    lease = Lease(owner, timedelta(seconds=lease_seconds)) if lease_seconds else None
    report = dispatch_due(database, settings, backend or load_backend(settings), clock,
                          owner=owner, limit=limit, lease=lease, outage=outage)
    if report.sent or report.failed or report.retried or report.released:
        log.info("dispatch: %d sent, %d to retry, %d failed, %d cancelled, %d leases released",
                 report.sent, report.retried, report.failed, report.cancelled, report.released)
    return report


@dataclass
class PassReport:
    plan: PlanReport
    digests: int
    dispatch: DispatchReport
    registrations: RegistrationPass | None = None


def run_pass(database: Database, settings: Settings, clock: Clock,
             backend: Backend | None = None) -> PassReport:
    """One pass of everything, as `send-due` runs it (and the scheduler at start)."""
    plan = plan_due(database, settings, clock)
    digests = send_digests(database, settings, clock)
    registered = registrations(database, settings, clock)
    return PassReport(plan, digests, dispatch(database, settings, clock, backend), registered)
