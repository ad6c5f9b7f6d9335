"""The administrator's side of the outbox: the filtered listing, one row's detail and
history, and putting a failed row back in the queue.

The delivery protocol itself (enqueue, claim, send, record) is in
`calendar_app.services.outbox`; nothing here runs on the sending path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import defer

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import Observance
from calendar_app.models import OutboxEvent
from calendar_app.models import OutboxMessage
from calendar_app.models import ReminderRule
from calendar_app.models import Workgroup
from calendar_app.models.reminders import STATES
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.outbox import TIMELY_KINDS
from calendar_app.services.outbox import drop_prepared
from calendar_app.services.outbox import enqueue
from calendar_app.services.outbox import note
from calendar_app.services.outbox import prepared_bytes
from calendar_app.services.reminder_missed import fan_out
from calendar_app.services.reminder_missed import is_slim

#: States an administrator may send back to pending from the outbox page.
RETRYABLE = ("failed", "skipped")
PAGE_SIZE = 50


def retry_row(session: Session, row_id: int, *, now: datetime, actor_name: str = "",
              settings: Settings | None = None) -> list[OutboxMessage]:
    """Put a failed or skipped row back to pending, as if it were new; return the rows
    now pending (the row itself, or a missed row's mails).

    Attempts restart at zero and the prepared bytes are dropped, so the message is
    composed afresh (with today's settings and templates) before it is sent. A
    reminder or digest gets `now` as its due time, or the next planning pass would
    skip it again as beyond the grace window. A workgroup's missed reminders of a day
    (`reminder_missed`) are one row without content: trying it again queues one mail
    per member still subscribed, composed now with `settings`, and the row itself is
    closed (cancelled, with how many mails it became), so it can be tried only once.

    Raises:
        NotFound: no row with that id.
        ServiceError: the row is not failed or skipped (a pending or sent row must
            not be sent twice), or none of a missed row's reminders still stands.
    """
    row = session.get(OutboxMessage, row_id)
    if row is None:
        raise NotFound(f"no outbox row {row_id}")
    if row.state not in RETRYABLE:
        raise ServiceError(f"outbox row {row_id} is {row.state}; only failed or skipped "
                           "rows can be retried", field="state")
    if is_slim(row.payload):  # never queued without its content
        return _retry_missed(session, row, now=now, actor_name=actor_name, settings=settings)
    row.state = "pending"
    row.attempts = 0
    row.next_attempt_at = now
    row.lease_until = None
    row.claimed_by = None
    drop_prepared(session, row.id)
    row.last_error = ""
    if row.kind in TIMELY_KINDS:
        row.due_at = max(row.due_at, now)
    note(session, row.id, "pending",
         f"put back in the queue by {actor_name}" if actor_name else "put back in the queue",
         now=now)
    session.flush()
    return [row]


@dataclass(frozen=True)
class OutboxFilter:
    """What the outbox page narrows to; every field optional."""

    state: str | None = None
    kind: str | None = None
    workgroup_id: int | None = None
    #: Part of the recipient's address.
    recipient: str = ""
    #: Due on or after / on or before these local days.
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class OutboxPage:
    """One page of the outbox listing, newest due time first."""

    rows: list[OutboxMessage]
    total: int
    page: int
    pages: int


def _conditions(wanted: OutboxFilter, zone: ZoneInfo) -> list[Any]:
    where: list[Any] = []
    if wanted.state is not None:
        if wanted.state not in STATES:
            raise ServiceError(f"unknown state {wanted.state!r}", field="state")
        where.append(OutboxMessage.state == wanted.state)
    if wanted.kind:
        where.append(OutboxMessage.kind == wanted.kind)
    if wanted.workgroup_id is not None:
        rules = select(ReminderRule.id).where(ReminderRule.workgroup_id == wanted.workgroup_id)
        members = select(Membership.user_id).where(
            Membership.workgroup_id == wanted.workgroup_id)
        where.append(or_(OutboxMessage.rule_id.in_(rules),
                         OutboxMessage.rule_id.is_(None)
                         & OutboxMessage.recipient_id.in_(members)))
    if wanted.recipient.strip():
        where.append(OutboxMessage.recipient_email.like(
            f"%{wanted.recipient.strip().lower()}%"))
    if wanted.first is not None:
        where.append(OutboxMessage.due_at >= datetime.combine(wanted.first, time(), zone))
    if wanted.last is not None:
        where.append(OutboxMessage.due_at < datetime.combine(
            wanted.last + timedelta(days=1), time(), zone))
    return where


def list_rows(session: Session, wanted: OutboxFilter = OutboxFilter(), *,
              zone: ZoneInfo | None = None, page: int = 1,
              per_page: int = PAGE_SIZE) -> OutboxPage:
    """Rows for the administrator's outbox page, narrowed by `wanted`.

    The payload is deferred so a page never loads it.
    """
    where = _conditions(wanted, zone or ZoneInfo("Europe/Amsterdam"))
    total = int(session.scalar(select(func.count()).select_from(OutboxMessage).where(*where))
                or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.scalars(
        select(OutboxMessage).where(*where)
        .options(defer(OutboxMessage.payload))
        .order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return OutboxPage(rows=list(rows), total=total, page=page, pages=pages)


def kinds(session: Session) -> list[str]:
    """The kinds of message the outbox holds, for the filter."""
    return sorted(session.scalars(select(OutboxMessage.kind).distinct()))


@dataclass(frozen=True)
class Step:
    """One line of a row's history."""

    at: datetime
    state: str
    #: What the mail server or the planner said (technical, as it was recorded).
    detail: str
    #: The moment a planned row is due, shown in the page's own format.
    due: datetime | None = None
    #: The attempt that got a row sent.
    attempt: int | None = None


@dataclass(frozen=True)
class OutboxDetail:
    row: OutboxMessage
    history: list[Step]
    workgroup: str | None
    observance: str | None
    activity: Activity | None
    #: The message as composed ahead, if it still is (dropped once sent).
    prepared: bytes | None


def detail(session: Session, row_id: int) -> OutboxDetail:
    """Everything the detail page shows of one row (NotFound if there is none)."""
    row = session.get(OutboxMessage, row_id)
    if row is None:
        raise NotFound(f"no outbox row {row_id}")
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.outbox_id == row_id)
                             .order_by(OutboxEvent.at, OutboxEvent.id))
    history = [Step(row.created_at, "planned", "", due=row.due_at)]
    history += [Step(event.at, event.state, event.detail) for event in events]
    if row.sent_at is not None:
        history.append(Step(row.sent_at, "sent", "", attempt=row.attempts))
    elif row.state in ("skipped", "cancelled", "failed") and not any(
            step.state == row.state for step in history[1:]):
        # Rows from before the history was kept, or planned straight as skipped.
        history.append(Step(row.created_at, row.state, row.last_error))
    history.sort(key=lambda step: step.at)
    return OutboxDetail(
        row=row, history=history, workgroup=_workgroup_name(session, row),
        observance=session.scalar(select(Observance.name_nl).where(
            Observance.key == row.observance_key)) if row.observance_key else None,
        activity=session.get(Activity, row.activity_id) if row.activity_id else None,
        prepared=prepared_bytes(session, row.id))


def _retry_missed(session: Session, row: OutboxMessage, *, now: datetime, actor_name: str,
                  settings: Settings | None) -> list[OutboxMessage]:
    """`retry_row` of a row of missed reminders: a mail per member, the row closed."""
    mails = fan_out(session, settings, row, now) if settings is not None else []
    if not mails:
        raise ServiceError(f"outbox row {row.id}: none of its reminders can be composed "
                           "any more", field="state")
    queued = [enqueue(session, kind="reminder", now=now, due_at=now, rule_id=row.rule_id,
                      **values) for values in mails]
    who = f" by {actor_name}" if actor_name else ""
    row.state = "cancelled"
    row.last_error = f"tried again{who}: queued as {len(mails)} mail(s), one per member"
    note(session, row.id, "cancelled", row.last_error, now=now)
    session.flush()
    return queued


def _workgroup_name(session: Session, row: OutboxMessage) -> str | None:
    if row.rule_id is not None:
        return session.scalar(select(Workgroup.name).join(
            ReminderRule, ReminderRule.workgroup_id == Workgroup.id)
            .where(ReminderRule.id == row.rule_id))
    named = (row.payload or {}).get("workgroup") or (row.payload or {}).get(
        "context", {}).get("workgroup")
    return str(named) if named else None
