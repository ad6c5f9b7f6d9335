"""FeedEvent and FeedMeta refuse values the renderer would turn into a broken feed."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest

from calendar_app.ical import FeedMeta
from tests.ical.helpers import AMSTERDAM
from tests.ical.helpers import activity
from tests.ical.helpers import observance


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"uid": ""}, "uid"),
        ({"status": "DONE"}, "status"),
        ({"sequence": -1}, "sequence"),
        ({"end": date(2030, 5, 16)}, "before it starts"),
        ({"start": datetime(2030, 5, 17, 9, 0, tzinfo=AMSTERDAM)}, "dates, not datetimes"),
        ({"last_modified": datetime(2030, 1, 1)}, "last_modified"),
        ({"created": datetime(2030, 1, 1)}, "created"),
    ],
)
def test_bad_observance_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        observance(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime(2030, 3, 30, 10, 0)}, "aware"),
        ({"end": date(2030, 3, 30)}, "datetimes, not dates"),
        ({"end": datetime(2030, 3, 30, 9, 0, tzinfo=AMSTERDAM)}, "before it starts"),
    ],
)
def test_bad_activity_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        activity(**changes)


def test_one_day_observance_may_end_on_its_start_day() -> None:
    assert observance(end=date(2030, 5, 17)).end == date(2030, 5, 17)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"lang": "de"}, "lang"), ({"refresh": timedelta(0)}, "refresh")],
)
def test_bad_meta_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeedMeta(name="x", description="y", **changes)
