"""The monthly "still to be announced" notice: once per month per administrator,
through the outbox, only while the list is not empty."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.services.browser_dates import announced_observances
from calendar_app.services.browser_dates import save_dates
from scheduler import jobs
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import people

DECEMBER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _notices(database: Database) -> list[tuple[str, str]]:
    with database.session() as session:
        return [(row.dedupe_key, row.recipient_email) for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "unannounced")
            .order_by(OutboxMessage.id))]


def test_administrators_get_the_notice_once_a_month(database: Database,
                                                    db_settings: Settings) -> None:
    people(database)
    catalogue(database)
    for moment in (DECEMBER, DECEMBER.replace(day=2), DECEMBER.replace(day=31, hour=22)):
        jobs.notify_unannounced(database, db_settings, lambda moment=moment: moment)
    assert [key.rsplit(":", 1)[0] for key, _email in _notices(database)] == [
        "unannounced:2026-12"]
    assert [email for _key, email in _notices(database)] == ["admin@example.org"]
    jobs.notify_unannounced(database, db_settings,
                            lambda: datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    assert len(_notices(database)) == 2


def test_no_notice_when_every_observance_has_a_date(database: Database,
                                                    db_settings: Settings) -> None:
    people(database)
    catalogue(database)
    with database.transaction() as session:
        admin = session.scalars(select(User).where(User.is_admin.is_(True))).one()
        for row in announced_observances(session):
            save_dates(session, key=row.key, year=2027, start=date(2027, 6, 1),
                       end=date(2027, 6, 1), source_url="https://example.org/dates",
                       checked=date(2026, 12, 1), actor=admin, now=DECEMBER)
    assert jobs.notify_unannounced(database, db_settings, lambda: DECEMBER) == 0
    assert _notices(database) == []
