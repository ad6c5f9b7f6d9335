"""Small builders for test data; each flushes and returns the row."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from calendar_app.catalogue import load_file
from calendar_app.models import Activity
from calendar_app.models import Workgroup
from calendar_app.services.catalogue_sync import sync_catalogue
from calendar_app.services.site import bump_data_version

ROOT = Path(__file__).resolve().parent.parent
CREATED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def load_catalogue(session: Session, now: datetime = CREATED) -> None:
    sync_catalogue(session, load_file(ROOT / "events.yaml"), now=now)


def make_workgroup(session: Session, slug: str = "zuid", name: str = "Stadsdeel Zuid") -> Workgroup:
    workgroup = Workgroup(slug=slug, name=name, description="", created_at=CREATED)
    session.add(workgroup)
    session.flush()
    return workgroup


def make_activity(session: Session, workgroup: Workgroup, *, title: str = "Lunchlezing",
                  status: str = "published", on: date | None = None,
                  start_at: datetime | None = None, end_at: datetime | None = None,
                  **fields: Any) -> Activity:
    """An all-day activity `on` a date, or a timed one from `start_at` to `end_at`."""
    timed = start_at is not None
    values: dict[str, Any] = dict(
        public_id=str(uuid.uuid4()), workgroup_id=workgroup.id, kind="activity", title=title,
        description="", all_day=not timed, start_date=None if timed else (on or date(2026, 7, 1)),
        end_date=None if timed else (on or date(2026, 7, 1)), start_at=start_at, end_at=end_at,
        location="", online_url="", themes=[], accessibility={}, status=status, sequence=0,
        created_at=CREATED, updated_at=CREATED)
    values.update(fields)
    activity = Activity(**values)
    session.add(activity)
    session.flush()
    bump_data_version(session, now=values["updated_at"])
    return activity
