"""An outbox row's history for its detail page: planned, each retry with the server's
reply, and sent; written only on the rare transitions, never for a plain send."""

from __future__ import annotations

import random
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import OutboxEvent
from calendar_app.services import outbox
from calendar_app.services import outbox_admin

NOW = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)
LEASE = outbox.Lease("test", timedelta(minutes=2))


def _add(database: Database, key: str) -> int:
    with database.transaction() as session:
        return outbox.enqueue(session, dedupe_key=key, kind="test", recipient_email="a@b.nl",
                              lang="nl", payload={}, now=NOW).id


def _claim_and(database: Database, now: datetime, then: str) -> None:
    with database.session(write=True) as session, session.begin():
        row = outbox.claim_next(session, now=now, lease=LEASE)
        assert row is not None
        if then == "retry":
            outbox.mark_retry(session, row, reason="451 4.3.0 try again later", now=now,
                              max_attempts=5, rng=random.Random(1))
            row.next_attempt_at = now  # due again at once, for the test
        else:
            outbox.mark_sent(session, row, now=now)


def test_a_retried_then_sent_row_tells_its_whole_story(database: Database) -> None:
    row_id = _add(database, "history")
    _claim_and(database, NOW, "retry")
    _claim_and(database, NOW + timedelta(minutes=5), "sent")
    with database.session() as session:
        history = [(step.state, step.detail)
                   for step in outbox_admin.detail(session, row_id).history]
    assert [state for state, _detail in history] == ["planned", "pending", "sent"]
    assert "451 4.3.0 try again later" in history[1][1]


def test_a_plain_send_writes_no_history_rows(database: Database) -> None:
    _add(database, "plain")
    _claim_and(database, NOW, "sent")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 0
