"""The shared data version that feeds and pages cache on."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.models import DataVersion

SECOND = timedelta(seconds=1)


def bump_data_version(session: Session, *, now: datetime) -> None:
    """Record that feed data changed, so cached feed bodies are rebuilt.

    `changed_at` serves as Last-Modified, which HTTP writes in whole seconds. So it is
    kept in whole seconds, after `now`'s second and at least one second after the
    previous change: two changes within one second still get different Last-Modified
    values, and a client that sends only If-Modified-Since never gets a 304 for data
    that changed. It never moves backwards, even when the clocks of two processes differ.
    """
    after_now = now.replace(microsecond=0) + SECOND
    current = session.get(DataVersion, 1)
    if current is None:
        session.add(DataVersion(id=1, version=1, changed_at=after_now))
        session.flush()
        return
    previous = current.changed_at.replace(microsecond=0)
    session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1,
                changed_at=max(previous + SECOND, after_now)))


def data_version(session: Session) -> tuple[int, datetime | None]:
    row = session.execute(select(DataVersion.version, DataVersion.changed_at)).first()
    return (row[0], row[1]) if row else (0, None)
