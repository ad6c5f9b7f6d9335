"""The outbox claim protocol: one owner per row, leases that expire, retries that end."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.services import outbox

NOW = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)
LEASE = outbox.Lease(owner="a", duration=timedelta(minutes=2))


def add(database: Database, key: str, *, due: datetime = NOW, kind: str = "test") -> int:
    with database.transaction() as session:
        return outbox.enqueue(session, dedupe_key=key, kind=kind, recipient_email="x@example.org",
                              lang="nl", payload={}, now=due, due_at=due).id


def claim(database: Database, now: datetime = NOW, lease: outbox.Lease = LEASE) -> int | None:
    with database.transaction() as session:
        row = outbox.claim_next(session, now=now, lease=lease)
        return row.id if row else None


def test_a_row_is_claimed_once(database: Database) -> None:
    row_id = add(database, "k1")
    assert claim(database) == row_id
    assert claim(database, lease=outbox.Lease("b", LEASE.duration)) is None
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
    assert (row.state, row.claimed_by, row.attempts) == ("sending", "a", 1)


def test_rows_not_yet_due_are_not_claimed(database: Database) -> None:
    add(database, "later", due=NOW + timedelta(minutes=1))
    assert claim(database) is None


def test_expired_lease_returns_the_row_to_pending(database: Database) -> None:
    row_id = add(database, "k1")
    claim(database)
    with database.transaction() as session:
        assert outbox.release_expired(session, now=NOW + timedelta(minutes=1)) == 0
        assert outbox.release_expired(session, now=NOW + timedelta(minutes=3)) == 1
    assert claim(database, now=NOW + timedelta(minutes=3)) == row_id


def test_transient_failures_end_as_failed_after_max_attempts(database: Database) -> None:
    row_id = add(database, "k1")
    now = NOW
    for _ in range(3):
        with database.transaction() as session:
            row = outbox.claim_next(session, now=now, lease=LEASE)
            assert row is not None and row.id == row_id
            outbox.mark_retry(session, row, reason="451 4.3.0 try later", now=now,
                              max_attempts=3)
        now += timedelta(hours=2)
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
    assert row.state == "failed"
    assert row.last_error == "gave up after 3 attempts: 451 4.3.0 try later"


def test_overdue_reminders_are_skipped_but_invitations_are_not(database: Database) -> None:
    add(database, "reminder", kind="reminder", due=NOW - timedelta(days=3))
    add(database, "invitation", kind="invitation", due=NOW - timedelta(days=3))
    with database.transaction() as session:
        assert outbox.skip_overdue(session, now=NOW, grace=timedelta(days=2)) == 1
        assert outbox.counts(session) == {"pending": 1, "skipped": 1}
