"""Publishing many activities at once: an import, or the growth benchmark's city.

Each activity goes through the same checks and field mapping as one entered in the
form (services/activities.py), but rows are written in batches and the data version
is bumped once, not once per row, so 50,000 activities load in seconds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.services import activities
from calendar_app.services.site import bump_data_version

BATCH = 2000


def publish_many(session: Session, items: Iterable[activities.ActivityInput], *,
                 now: datetime) -> int:
    """Check and publish every item as a new activity; return how many."""
    count = 0
    batch: list[Activity] = []
    for data in items:
        activities.check(session, data)
        activity = Activity(public_id=str(uuid.uuid4()), status="published", sequence=1,
                            created_at=now, updated_at=now)
        activities.apply(activity, data)
        batch.append(activity)
        if len(batch) == BATCH:
            count += _write(session, batch)
    count += _write(session, batch)
    bump_data_version(session, now=now)
    return count


def _write(session: Session, batch: list[Activity]) -> int:
    session.add_all(batch)
    session.flush()
    for activity in batch:  # else the identity map would hold every row of the import
        session.expunge(activity)
    written = len(batch)
    batch.clear()
    return written
