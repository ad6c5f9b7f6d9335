"""The shared data version that feeds and pages cache on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.models import DataVersion


def bump_data_version(session: Session, *, now: datetime) -> None:
    """Record that published data changed, so cached feed bodies are rebuilt.

    `changed_at` never moves backwards, even when the clocks of two processes differ.
    """
    current = session.get(DataVersion, 1)
    if current is None:
        session.add(DataVersion(id=1, version=1, changed_at=now))
        session.flush()
        return
    session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1,
                changed_at=max(current.changed_at, now)))


def data_version(session: Session) -> tuple[int, datetime | None]:
    row = session.execute(select(DataVersion.version, DataVersion.changed_at)).first()
    return (row[0], row[1]) if row else (0, None)
