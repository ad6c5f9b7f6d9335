"""Signs of life of background processes, for the "last active" notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from calendar_app.models import Heartbeat


def record_beat(session: Session, name: str, *, now: datetime, detail: str = "") -> None:
    beat = session.get(Heartbeat, name)
    if beat is None:
        session.add(Heartbeat(name=name, beat_at=now, detail=detail))
    else:
        beat.beat_at = now
        beat.detail = detail
    session.flush()


def last_beat(session: Session, name: str) -> datetime | None:
    beat = session.get(Heartbeat, name)
    return beat.beat_at if beat else None
