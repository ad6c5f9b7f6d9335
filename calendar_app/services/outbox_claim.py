"""Claiming outbox rows for sending, and recording them sent: dispatch's per-message path.

The protocol is described in `calendar_app.services.outbox`: a row is claimed with a
lease and the claim committed before any SMTP traffic, and marked sent in the commit
right after the server's reply. This module holds those two steps, which run once for
every e-mail the city gets: the claim's statement is built once and run on the
driver (`calendar_app.prebuilt`), and a claimed row is plain values (`Claimed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import Update
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from calendar_app.config import Settings
from calendar_app.models import OutboxMessage
from calendar_app.models import PreparedMessage
from calendar_app.prebuilt import Prebuilt


@dataclass(frozen=True)
class Lease:
    """Who claims rows and for how long."""

    owner: str
    duration: timedelta


def lease_for(settings: Settings, owner: str) -> Lease:
    """A lease comfortably longer than one SMTP exchange (connect + send, each timed out)."""
    return Lease(owner=owner[:100], duration=timedelta(seconds=max(60, 4 * settings.mail_timeout)))


#: What dispatch reads of a claimed row (`Claimed`): no timestamps, which it never reads.
_CLAIMED = (OutboxMessage.id, OutboxMessage.dedupe_key, OutboxMessage.kind,
            OutboxMessage.recipient_id, OutboxMessage.recipient_email, OutboxMessage.lang,
            OutboxMessage.payload, OutboxMessage.last_error, OutboxMessage.attempts,
            OutboxMessage.activity_id, OutboxMessage.observance_key, OutboxMessage.lead_days)


def _claim_statement(skip_locked: bool) -> Update:
    """UPDATE ... RETURNING of the most overdue pending row, built once.

    Dispatch claims once per message sent; building and caching-key a fresh statement
    each time cost more than running it, so the statement takes bind parameters.
    """
    candidate = (
        select(OutboxMessage.id)
        .where(OutboxMessage.state == "pending",
               OutboxMessage.next_attempt_at <= bindparam("now"))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1))
    if skip_locked:
        candidate = candidate.with_for_update(skip_locked=True)
    return (
        update(OutboxMessage)
        .where(OutboxMessage.id == candidate.scalar_subquery(),
               OutboxMessage.state == "pending")
        .values(state="sending", lease_until=bindparam("lease_until"),
                claimed_by=bindparam("owner"), attempts=OutboxMessage.attempts + 1)
        .returning(*_CLAIMED, select(PreparedMessage.data)
                   .where(PreparedMessage.outbox_id == OutboxMessage.id)
                   .scalar_subquery().label("prepared")))


_CLAIM = {False: Prebuilt(_claim_statement(False)), True: Prebuilt(_claim_statement(True))}
_MARK_SENT = Prebuilt(
    update(OutboxMessage).where(OutboxMessage.id == bindparam("row_id"))
    .values(state="sent", sent_at=bindparam("sent_at"), lease_until=None, last_error=""))


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row just claimed, as the claim's RETURNING gave it: plain values, read only.

    Dispatch claims once per message. Building an ORM object for each (twenty
    instrumented attributes, attached to the session and looked at by every flush)
    was a sixth of a message's time, and a message that goes out never changes but
    for being marked sent (`mark_sent`, a prebuilt statement). Where a row must change
    otherwise (cancelled, skipped, retried, composed afresh), `loaded` gives the
    mapped row.
    """

    id: int
    dedupe_key: str
    kind: str
    recipient_id: int | None
    recipient_email: str
    lang: str
    payload: dict[str, Any]
    last_error: str
    #: Counted at claim time (see `claim_next`).
    attempts: int
    #: What a one-reminder row from before the batches is about (`send_check`).
    activity_id: int | None
    observance_key: str | None
    lead_days: int | None
    #: The message composed ahead (`scheduler.prepare`), if any.
    prepared: bytes | None


def claim(session: Session, *, now: datetime, lease: Lease) -> Claimed | None:
    """`claim_next` as plain values with the row's prepared bytes, in one statement.

    Dispatch runs this once per message: the row and its bytes come back from the
    UPDATE's RETURNING, saving two SELECTs and an ORM object a message. The statement
    goes to the driver as compiled once (`calendar_app.prebuilt`).
    """
    found = _CLAIM[session.get_bind().dialect.name == "postgresql"].run(session, {
        "now": now, "lease_until": now + lease.duration, "owner": lease.owner}).fetchone()
    if found is None:
        return None
    (row_id, key, kind, recipient_id, email, lang, payload, last_error, attempts,
     activity_id, observance_key, lead_days, prepared) = found
    if isinstance(payload, str):  # SQLite hands JSON back as text
        payload = orjson.loads(payload)
    return Claimed(row_id, key, kind, recipient_id, email, lang, payload or {}, last_error,
                   attempts, activity_id, observance_key, lead_days,
                   bytes(prepared) if prepared is not None else None)


def claim_next(session: Session, *, now: datetime, lease: Lease) -> OutboxMessage | None:
    """Claim the most overdue pending row for `lease.owner`, or return None.

    The session must be a writing session (`Database.session(write=True)`); the caller
    commits immediately, before sending. Counts the attempt at claim time, so a row
    whose sending crashes the process still uses up attempts and cannot loop forever.
    On PostgreSQL the candidate row is locked with SKIP LOCKED, so concurrent
    dispatchers pass each other by; SQLite's writing session holds the write lock.
    """
    claimed = claim(session, now=now, lease=lease)
    return None if claimed is None else loaded(session, claimed)


def loaded(session: Session, row: OutboxMessage | Claimed) -> OutboxMessage:
    """The mapped row of a claimed one, read afresh (a mapped row as it is)."""
    if isinstance(row, OutboxMessage):
        return row
    return session.get_one(OutboxMessage, row.id, populate_existing=True)


def mark_sent(session: Session, row: OutboxMessage | Claimed, *, now: datetime) -> None:
    """The server accepted the message: record it (the caller commits at once)."""
    # A prebuilt statement, no ORM flush: this runs for every message the city receives.
    _MARK_SENT.run(session, {"row_id": row.id, "sent_at": now})
    if not isinstance(row, OutboxMessage):
        return
    set_committed_value(row, "state", "sent")
    set_committed_value(row, "sent_at", now)
