"""The outbox: every email the product sends is first a row here.

Web requests never talk to a mail server: they enqueue a row (invitation, password
reset) and the scheduler's dispatch job delivers it. The unique `dedupe_key` makes
enqueueing idempotent.

Delivery is at-least-once with one narrow, documented duplicate window:

1. `claim_next` (in `outbox_claim`, with `mark_sent`) moves ONE due row from `pending`
   to `sending` with a lease (`lease_until`) and the caller commits — before any SMTP
   traffic. On PostgreSQL the row is picked with `FOR UPDATE SKIP LOCKED`, so
   concurrent dispatchers never pick the same row and never wait for each other; on
   SQLite the writing session has
   already taken the database write lock (`BEGIN IMMEDIATE`), and the UPDATE is
   conditional on `state = 'pending'` anyway. (SQLAlchemy's `with_for_update()` is
   silently ignored on SQLite, so it is not relied upon there.)
2. The message is handed to the SMTP server.
3. `mark_sent` is committed right after the server's 250 (in dispatch, in the same
   commit as the claim of the next row, so one commit a message does both).

**The remaining window:** a crash (SIGKILL, power loss, lost database connection)
after the server accepted the message in step 2 and before the commit in step 3
leaves the row in `sending`. When its lease expires `release_expired` returns it to
`pending` and it is sent again: at most one duplicate per crash, per dispatcher. The
duplicate carries the same Message-ID (derived from the dedupe key), so it is
recognisable. Closing the window would need the SMTP server to take part in our
transaction, which SMTP cannot do.

A lease that expires while its dispatcher is still alive (a send slower than the
lease) could cause the same duplicate, so the lease is set well above the SMTP
timeout (see `lease_for`).
"""

from __future__ import annotations

import random
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.models import OutboxEvent
from calendar_app.models import OutboxMessage
from calendar_app.models import PreparedMessage
from calendar_app.services.outbox_claim import Claimed as Claimed
from calendar_app.services.outbox_claim import Lease as Lease
from calendar_app.services.outbox_claim import claim as claim
from calendar_app.services.outbox_claim import claim_next as claim_next
from calendar_app.services.outbox_claim import lease_for as lease_for
from calendar_app.services.outbox_claim import loaded as loaded
from calendar_app.services.outbox_claim import mark_sent as mark_sent

#: Kinds that lose their point when late: beyond the grace window they are skipped.
TIMELY_KINDS = ("reminder", "digest")

#: States after which a row is never sent again (retry_row puts one back explicitly).
DONE_STATES = ("sent", "failed", "skipped", "cancelled")

BACKOFF_BASE = timedelta(seconds=60)
BACKOFF_CAP = timedelta(hours=1)


def enqueue(session: Session, *, dedupe_key: str, kind: str, recipient_email: str,
            lang: str, payload: dict[str, Any], now: datetime, due_at: datetime | None = None,
            recipient_id: int | None = None, observance_key: str | None = None,
            activity_id: int | None = None, rule_id: int | None = None,
            lead_days: int | None = None) -> OutboxMessage:
    """Add a message to the outbox unless one with the same key exists; return the row."""
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
    if existing is not None:
        return existing
    row = OutboxMessage(
        dedupe_key=dedupe_key, kind=kind, recipient_id=recipient_id,
        recipient_email=recipient_email, lang=lang, observance_key=observance_key,
        activity_id=activity_id, rule_id=rule_id, lead_days=lead_days, payload=payload,
        due_at=due_at or now, state="pending", attempts=0, next_attempt_at=due_at or now,
        last_error="", created_at=now)
    session.add(row)
    session.flush()
    return row


_PREPARED = select(PreparedMessage.data).where(PreparedMessage.outbox_id == bindparam("row_id"))


def prepared_bytes(session: Session, row_id: int) -> bytes | None:
    """The row's message composed ahead (see `scheduler.prepare`), if any."""
    return session.connection().execute(_PREPARED, {"row_id": row_id}).scalar()


def store_prepared(session: Session, row_id: int, data: bytes) -> None:
    session.add(PreparedMessage(outbox_id=row_id, data=data))


def store_prepared_many(session: Session, prepared: dict[int, bytes]) -> None:
    """`store_prepared` for a batch, in one statement (no ORM objects to flush)."""
    if prepared:
        session.execute(insert(PreparedMessage), [
            {"outbox_id": row_id, "data": data} for row_id, data in prepared.items()])


def drop_prepared(session: Session, row_id: int) -> None:
    session.execute(delete(PreparedMessage).where(PreparedMessage.outbox_id == row_id))


def prune_prepared(session: Session) -> int:
    """Drop the prepared bytes of rows that are done; run off the sending path."""
    done = select(OutboxMessage.id).where(OutboxMessage.state.in_(DONE_STATES))
    result = session.execute(delete(PreparedMessage)
                             .where(PreparedMessage.outbox_id.in_(done))
                             .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def unprepared(limit: int) -> Select[int]:
    """Pending rows with no prepared message, most urgent first."""
    return (select(OutboxMessage.id)
            .where(OutboxMessage.state == "pending",
                   ~select(PreparedMessage.outbox_id)
                   .where(PreparedMessage.outbox_id == OutboxMessage.id).exists())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit))


def note(session: Session, row_id: int, state: str, detail: str, *,
         now: datetime | None = None) -> None:
    """Keep a state change in the row's history (`OutboxEvent`), for the detail page.

    Only the rare transitions are noted (a retry, a failure, a skip, a cancellation,
    a release, an administrator's retry); planning and sending are on the row, so the
    path every message takes writes nothing more.
    """
    session.add(OutboxEvent(outbox_id=row_id, state=state, detail=detail[:2000],
                            at=now or datetime.now(UTC)))


def mark_failed(session: Session, row: OutboxMessage, *, reason: str,
                now: datetime | None = None) -> None:
    """Permanent failure: keep the server's reply for the administrator; never retried."""
    _settle(session, row, "failed", reason, now)


def mark_skipped(session: Session, row: OutboxMessage, *, reason: str,
                 now: datetime | None = None) -> None:
    """Too late to be of use (the event has begun): kept, with why, never sent."""
    _settle(session, row, "skipped", reason, now)


def release_claim(session: Session, row: OutboxMessage, *, reason: str,
                  now: datetime | None = None) -> None:
    """Give a claimed row back untried: the mail server could not be reached.

    The attempt counted at claim time is returned, because nothing about the message
    was tried; an outage of hours must not use up a reminder's attempts (its grace
    window still ends it, with a reason). `next_attempt_at` stays, so the row is
    first in line when the server is back.
    """
    row.attempts = max(0, row.attempts - 1)
    _settle(session, row, "pending", reason, now)


def _settle(session: Session, row: OutboxMessage, state: str, reason: str,
            now: datetime | None) -> None:
    """Put a row in `state` with why, out of any lease, and note it in its history."""
    row.state = state
    row.lease_until = None
    row.last_error = reason[:2000]
    note(session, row.id, state, reason, now=now)
    session.flush()


def mark_cancelled(session: Session, row: OutboxMessage, *, reason: str,
                   now: datetime | None = None) -> None:
    """The message no longer applies (event moved or cancelled, recipient opted out)."""
    _settle(session, row, "cancelled", reason, now)


def mark_retry(session: Session, row: OutboxMessage, *, reason: str, now: datetime,
               max_attempts: int, rng: random.Random | None = None) -> None:
    """Transient failure: back to pending with exponential backoff, or failed when spent.

    Backoff is "equal jitter" (half fixed, half random) so a retry is never scheduled
    for the same instant (research B2: AWS Architecture Blog on backoff and jitter).
    """
    if row.attempts >= max_attempts:
        mark_failed(session, row, reason=f"gave up after {row.attempts} attempts: {reason}",
                    now=now)
        return
    row.state = "pending"
    row.lease_until = None
    row.last_error = reason[:2000]
    row.next_attempt_at = now + backoff(row.attempts, rng=rng)
    note(session, row.id, "pending", f"attempt {row.attempts} to retry: {reason}", now=now)
    session.flush()


def backoff(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """Delay before attempt `attempts + 1`: base * 2**(attempts-1), capped, half jittered."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, attempts - 1)))
    fraction: float = (rng or random).random()
    return timedelta(seconds=ceiling.total_seconds() * (1 + fraction) / 2)


def release_expired(session: Session, *, now: datetime) -> int:
    """Return rows whose dispatcher died (lease over) to pending; the number released."""
    reason = "lease expired: the dispatcher stopped while sending"
    _note_many(session, (OutboxMessage.state == "sending", OutboxMessage.lease_until < now),
               state="pending", detail=reason, now=now)
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == "sending", OutboxMessage.lease_until < now)
        .values(state="pending", lease_until=None, next_attempt_at=now,
                last_error=reason)
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _note_many(session: Session, where: tuple[Any, ...], *, state: str, detail: str,
               now: datetime) -> None:
    """`note` for every row matching `where`, in one INSERT ... SELECT (before the UPDATE)."""
    session.execute(insert(OutboxEvent).from_select(
        ["outbox_id", "state", "detail", "at"],
        select(OutboxMessage.id, literal(state), literal(detail[:2000]),
               literal(now, OutboxEvent.at.type)).where(*where)))


def skip_overdue(session: Session, *, now: datetime, grace: timedelta) -> int:
    """Mark reminders and digests that fell due longer than `grace` ago as skipped.

    A reminder three weeks late is worse than none; but it is never forgotten
    silently: the row stays, with its reason, for the outbox page.
    """
    reason = (f"not sent within the grace window of {grace.days} day(s) after it fell "
              "due (scheduler down or mail failing)")
    overdue = (OutboxMessage.state == "pending", OutboxMessage.kind.in_(TIMELY_KINDS),
               OutboxMessage.due_at < now - grace)
    _note_many(session, overdue, state="skipped", detail=reason, now=now)
    result = session.execute(
        update(OutboxMessage)
        .where(*overdue)
        .values(state="skipped", last_error=case(
            (OutboxMessage.last_error == "", literal(reason)),
            else_=literal(f"{reason}; last error: ") + OutboxMessage.last_error))
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def retry(session: Session, row: OutboxMessage, *, now: datetime) -> None:
    """An administrator asks to try a failed or skipped row again (attempts restart)."""
    if row.state not in ("failed", "skipped", "cancelled"):
        return
    row.state = "pending"
    row.attempts = 0
    row.next_attempt_at = now
    row.due_at = max(row.due_at, now) if row.kind in TIMELY_KINDS else row.due_at
    row.last_error = ""
    session.flush()


def counts(session: Session) -> dict[str, int]:
    """Rows per state, for the outbox page and the tests."""
    rows = session.execute(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
    return {state: int(number) for state, number in rows}
