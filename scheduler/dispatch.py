"""Dispatch: claim one outbox row, send it, record the outcome; repeat.

The loop keeps to the outbox protocol described in `calendar_app.services.outbox`:
claim and commit, send, commit right after the server's reply, one row at a
time, over ONE backend connection per batch (research B1-B4). The
duplicate window — a crash between the server's 250 and our commit — is documented
there and bounded to one message per crash.

Only the message's own transient failures (a 4xx reply to MAIL, RCPT or DATA, a
reply lost after DATA) count an attempt. When the server cannot be reached at all
(refused, timed out, gone before the transaction: `UnreachableError`) the pass stops
at the first row, which is given back with its attempt uncounted, and an `Outage`
holds further passes off with a growing delay: an outage of hours costs one probe
every few minutes and no attempts. Reminders still end: past the grace window, or
once their event has begun, a row is skipped with the reason and the last error.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.services import outbox
from calendar_app.services import unsubscribe
from calendar_app.services.reminder_content import ReminderContent
from calendar_app.services.send_check import SendCheck
from notifier import Backend
from notifier import Message
from notifier import PermanentError
from notifier import TransientError
from notifier import UnreachableError
from notifier import dated
from notifier import message_id
from notifier import outbox_row
from notifier import prepare

log = logging.getLogger("scheduler.dispatch")

Clock = Callable[[], datetime]
#: A row being sent: as claimed (`outbox.Claimed`), or mapped once it had to change.
Row = OutboxMessage | outbox.Claimed

#: First and longest wait between probes of an unreachable mail server.
OUTAGE_BASE = timedelta(seconds=30)
OUTAGE_CAP = timedelta(minutes=5)


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    released: int = 0
    skipped: int = 0
    #: The mail server could not be reached: why (the pass stopped at once).
    unreachable: str | None = None
    #: The pass did not try: an outage is being waited out.
    deferred: bool = False


@dataclass
class Outage:
    """When to try an unreachable mail server again; one per dispatching process.

    In memory on purpose: it is not delivery state (that is all in the outbox), and
    a restarted process simply probes at once. The wait doubles from OUTAGE_BASE to
    OUTAGE_CAP with "equal jitter", so dispatchers sharing a relay drift apart, and
    the cap bounds how late mail goes out once the server is back.
    """

    since: datetime | None = None
    probes: int = 0
    retry_at: datetime | None = None

    def holds_off(self, now: datetime) -> bool:
        return self.retry_at is not None and now < self.retry_at

    def failed(self, now: datetime, rng: random.Random | None = None) -> None:
        self.since = self.since or now
        self.probes += 1
        ceiling = min(OUTAGE_CAP, OUTAGE_BASE * 2 ** min(self.probes - 1, 16))
        self.retry_at = now + ceiling / 2 + ceiling / 2 * (rng or random).random()

    def ended(self) -> None:
        self.since, self.probes, self.retry_at = None, 0, None


def message_for(row: OutboxMessage | outbox.Claimed, settings: Settings,
                content: ReminderContent) -> Message:
    """The notifier's view of an outbox row, with its unsubscribe link and, for a
    reminder, what it says and its calendar, from `content` (see `reminder_content`)."""
    return outbox_row.message_for(
        row, unsubscribe_url=unsubscribe.url_for_row(settings, row),
        calendar=content.calendar(row), items=content.items(row))


def dispatch_due(database: Database, settings: Settings, backend: Backend, clock: Clock, *,
                 owner: str, limit: int | None = None, lease: outbox.Lease | None = None,
                 rng: random.Random | None = None,
                 outage: Outage | None = None) -> DispatchReport:
    """Send every due row (up to `limit`), one at a time, over one backend batch.

    With an `outage` (the scheduler keeps one across passes) an unreachable server
    is probed again only when its wait is over; without one, every pass probes.
    """
    report = DispatchReport()
    now = clock()
    with database.transaction() as session:
        report.released = outbox.release_expired(session, now=now)
        report.skipped = outbox.skip_overdue(
            session, now=now, grace=timedelta(days=settings.reminder_grace_days))
    if outage is not None and outage.holds_off(now):
        report.deferred = True
        return report
    lease = lease or outbox.lease_for(settings, owner)
    with database.session(write=True) as session:
        check = SendCheck(session, settings)
        claimed = _claim(session, check, settings, clock, lease, report)
        if claimed is None:
            return report
        with backend:
            while claimed is not None:
                row, data = claimed
                outcome = _send(session, backend, row, data, settings, clock, report, rng)
                accepted = row if outcome is _SENT else None
                if outcome is _STOP or (limit is not None and report.sent + report.failed
                                        + report.retried >= limit):
                    if accepted is not None:
                        with session.begin():
                            outbox.mark_sent(session, accepted, now=clock())
                    break
                claimed = _claim(session, check, settings, clock, lease, report,
                                 accepted=accepted)
    if outage is not None:
        if report.unreachable is not None:
            outage.failed(now, rng)
        else:
            outage.ended()
    return report


def _claim(session: Session, check: SendCheck, settings: Settings, clock: Clock,
           lease: outbox.Lease, report: DispatchReport, *,
           accepted: Row | None = None) -> tuple[Row, bytes] | None:
    """Claim the next row that should still go out, with its message bytes; commit the claim.

    `accepted`, the row the server has just accepted, is marked sent in the same
    transaction, so one commit records it and claims the next: the commit still
    comes right after the server's reply, before anything else is sent. The bytes are
    the row's prepared message (see `scheduler.prepare`), or, for a row nobody
    prepared yet, composed here.
    """
    accepted_id = accepted.id if accepted is not None else None
    while True:
        try:
            with session.begin():
                now = clock()
                if accepted is not None:
                    outbox.mark_sent(session, accepted, now=now)
                session.expunge_all()  # one row at a time: nothing of the last one is kept
                picked = _pick(session, check, settings, now, lease, report)
        except Exception:
            # The claim failed, and took the record of the accepted message with it:
            # record it on its own, or its lease would expire and it would go out twice.
            if accepted_id is not None:
                with session.begin():
                    outbox.mark_sent(session, session.get_one(OutboxMessage, accepted_id),
                                     now=clock())
            raise
        accepted, accepted_id = None, None
        if picked is not _AGAIN:
            return picked  # type: ignore[return-value]


#: `_pick` found a row that must not go out (now marked so): claim another.
_AGAIN = object()


def _pick(session: Session, check: SendCheck, settings: Settings, now: datetime,
          lease: outbox.Lease, report: DispatchReport) -> object:
    """Claim one row and decide on it: (row, bytes) to send, None when none is due, or _AGAIN."""
    claimed = outbox.claim(session, now=now, lease=lease)
    if claimed is None:
        return None
    row: Row = claimed
    data = claimed.prepared
    reason = check.reason_not_to_send(row)
    if reason is not None:
        outbox.mark_cancelled(session, outbox.loaded(session, row), reason=reason, now=now)
        report.cancelled += 1
        return _AGAIN
    late = check.reason_too_late(row, now=now)
    if late is not None:
        outbox.mark_skipped(session, outbox.loaded(session, row), reason=late, now=now)
        report.skipped += 1
        return _AGAIN
    fresh = check.refreshed_payload(row, now=now)
    if fresh is not None:  # the activity changed since the message was composed
        row = outbox.loaded(session, row)
        row.payload = fresh
        outbox.drop_prepared(session, row.id)
        data = None
    if data is None:
        try:
            data = prepare(message_for(row, settings, ReminderContent(session, settings, now)),
                           settings)
        except (ValueError, KeyError, TypeError) as exc:
            outbox.mark_failed(session, outbox.loaded(session, row),
                               reason=f"cannot compose the message: {exc}", now=now)
            report.failed += 1
            return _AGAIN
    return row, data


#: What `_send` tells the loop: accepted (to be marked sent), go on, or stop the batch.
_SENT, _NEXT, _STOP = object(), object(), object()


def _send(session: Session, backend: Backend, row: Row, data: bytes,
          settings: Settings, clock: Clock, report: DispatchReport,
          rng: random.Random | None) -> object:
    """Send one claimed row; commit a failure at once, leave a success to the caller."""
    try:
        backend.send_bytes(dated(data, clock()), recipients=[row.recipient_email],
                           message_id=message_id(row.dedupe_key, settings))
    except UnreachableError as exc:
        with session.begin():
            outbox.release_claim(session, outbox.loaded(session, row),
                                 reason=f"mail server unreachable: {exc}", now=clock())
        report.unreachable = str(exc)
        log.warning("mail server unreachable, dispatch paused (%s)", exc)
        return _STOP
    except TransientError as exc:
        with session.begin():
            retried = outbox.loaded(session, row)
            outbox.mark_retry(session, retried, reason=str(exc), now=clock(),
                              max_attempts=settings.mail_max_attempts, rng=rng)
        if retried.state == "failed":
            report.failed += 1
        else:
            report.retried += 1
        log.warning("outbox %s: temporary failure (%s)", row.id, exc)
        return _STOP if exc.code in (None, 421) else _NEXT
    except PermanentError as exc:
        with session.begin():
            outbox.mark_failed(session, outbox.loaded(session, row), reason=str(exc),
                               now=clock())
        report.failed += 1
        log.warning("outbox %s: permanent failure (%s)", row.id, exc)
        return _NEXT
    report.sent += 1
    return _SENT
