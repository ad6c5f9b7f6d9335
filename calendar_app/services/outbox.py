"""The outbox: every email the product sends is first a row here.

Web requests never talk to a mail server: they enqueue a row (invitation, password
reset) and the scheduler's dispatch job delivers it. The unique `dedupe_key` makes
enqueueing idempotent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import OutboxMessage


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
