"""Prepare: compose pending outbox messages ahead of their due time.

Composing an e-mail with the standard library's `email` package costs milliseconds a
message, several times what handing finished bytes to an SMTP server costs. Doing it
when reminders are planned (up to a day ahead) keeps dispatch — the part that runs
at 09:00 for the whole city at once — to claim, send and commit. A row that reaches
dispatch unprepared (an invitation enqueued a moment ago) is composed there instead.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy import update

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from notifier import prepare
from scheduler.dispatch import message_for

log = logging.getLogger("scheduler.prepare")

BATCH = 200


def prepare_pending(database: Database, settings: Settings, *, limit: int | None = None) -> int:
    """Compose every pending row that has no prepared message yet; return how many.

    Works in batches of BATCH rows, each in its own transaction, so a large plan does
    not hold the SQLite write lock for long. The update is conditional on the row
    still being pending and unprepared, so a dispatcher racing ahead loses nothing.
    """
    done = 0
    while limit is None or done < limit:
        with database.session() as session:
            rows = session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.state == "pending", OutboxMessage.message.is_(None))
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(BATCH if limit is None else min(BATCH, limit - done))).all()
            prepared = {}
            for row in rows:
                try:
                    prepared[row.id] = prepare(message_for(row, settings), settings)
                except (ValueError, KeyError, TypeError) as exc:
                    # Left unprepared: dispatch composes it again and records the failure.
                    log.warning("outbox %s: cannot prepare the message: %s", row.id, exc)
        if not rows:
            break
        with database.transaction() as session:
            for row_id, data in prepared.items():
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, OutboxMessage.state == "pending",
                           OutboxMessage.message.is_(None))
                    .values(message=data))
        done += len(rows)
        if len(prepared) < len(rows) and not prepared:
            break
    return done
