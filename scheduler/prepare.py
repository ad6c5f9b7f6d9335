"""Prepare: compose pending outbox messages ahead of their due time.

Composing an e-mail with the standard library's `email` package costs milliseconds a
message, several times what handing finished bytes to an SMTP server costs. Doing it
when reminders are planned (up to a day ahead) keeps dispatch — the part that runs
at 09:00 for the whole city at once — to claim, send and commit. A row that reaches
dispatch unprepared (an invitation enqueued a moment ago) is composed there instead.
Messages alike but for their recipient (a reminder to a workgroup's members) are
composed once and addressed per recipient (`notifier.addressing.Preparer`).
"""

from __future__ import annotations

import logging
from datetime import UTC
from datetime import datetime

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.services import outbox
from calendar_app.services import unsubscribe
from calendar_app.services.reminder_content import ReminderContent
from notifier import outbox_row
from notifier.addressing import Preparer

log = logging.getLogger("scheduler.prepare")

BATCH = 200

#: What composing reads of a row: plain columns, no ORM object per row.
_COLUMNS = (OutboxMessage.id, OutboxMessage.dedupe_key, OutboxMessage.recipient_email,
            OutboxMessage.recipient_id, OutboxMessage.lang, OutboxMessage.kind,
            OutboxMessage.payload)


def prepare_pending(database: Database, settings: Settings, *, limit: int | None = None,
                    now: datetime | None = None) -> int:
    """Compose every pending row that has no prepared message yet; return how many.

    First drops the bytes of rows that are done (sent, failed ...), so dispatch never
    spends a statement on that.

    A reminder's content, and the calendar file of one about a single event, are
    made now (`ReminderContent`, stamped `now`). Composes outside any write
    transaction, then stores a batch of BATCH messages at once, so a large plan does
    not hold the SQLite write lock for long. Only rows still pending and unprepared
    are stored, so a dispatcher racing ahead loses nothing.
    """
    with database.transaction() as session:
        outbox.prune_prepared(session)
    done, now = 0, now or datetime.now(UTC)
    preparer = Preparer(settings)
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        with database.session() as session:
            ids = session.scalars(outbox.unprepared(size)).all()
            rows = session.execute(select(*_COLUMNS).where(OutboxMessage.id.in_(ids))).all()
            prepared = {}
            content = ReminderContent(session, settings, now)
            for row in rows:
                try:
                    message = outbox_row.message_for(
                        row, unsubscribe_url=unsubscribe.url_for_row(settings, row),
                        calendar=content.calendar(row), items=content.items(row))
                    prepared[row.id] = preparer.prepare(message)
                except (ValueError, KeyError, TypeError) as exc:
                    # Left unprepared: dispatch composes it again and records the failure.
                    log.warning("outbox %s: cannot prepare the message: %s", row.id, exc)
        if not ids:
            break
        with database.transaction() as session:
            still_open = set(session.scalars(outbox.unprepared(len(ids) + BATCH)
                                             .where(OutboxMessage.id.in_(list(prepared)))))
            outbox.store_prepared_many(session, {row_id: prepared[row_id]
                                                 for row_id in still_open})
        done += len(ids)
        if not prepared:
            break
    return done
