"""Publishing many activities at once: the form's checks, published, one data version bump."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.activities import ActivityInput
from calendar_app.services.bulk import publish_many
from calendar_app.services.errors import ServiceError
from calendar_app.services.site import data_version

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def day_input(workgroup_id: int, number: int) -> ActivityInput:
    return ActivityInput(workgroup_id=workgroup_id, title=f"Dag {number}", all_day=True,
                         start_date=date(2026, 4, 1), end_date=date(2026, 4, 1))


def test_every_item_is_published_and_the_version_moves_once(session: Session) -> None:
    zuid = create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
    before = data_version(session)[0]

    count = publish_many(session, (day_input(zuid.id, n) for n in range(2500)), now=NOW)

    statuses = session.execute(select(Activity.status, func.count()).group_by(Activity.status))
    assert count == 2500
    assert dict(statuses.all()) == {"published": 2500}
    assert data_version(session)[0] == before + 1


def test_an_item_the_form_would_refuse_stops_the_import(session: Session) -> None:
    zuid = create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
    items = [day_input(zuid.id, 1), ActivityInput(workgroup_id=zuid.id, title=" ")]

    with pytest.raises(ServiceError, match="title"):
        publish_many(session, items, now=NOW)
