"""The growth benchmark's city: N published activities of 100 workgroups over 3 years.

Through the product's migrations, `sync_catalogue` and `services.bulk.publish_many`
(the same checks and model code as the activity form). The mix follows
docs research (performance-2026-12.md): half timed and half all-day, 1 in 74 lasting
several days (1 in 37 of the all-day ones), 1 in 5 linked to an observance, each with
one of 8 themes, from a year back to two years ahead.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
WORKGROUPS = 100
THEMES = ("lhbtiq", "religie", "racisme", "gender", "beperking", "neurodiversiteit",
          "leeftijd", "werk")
ZONE = ZoneInfo("Europe/Amsterdam")


def seed_city(url: str, activities: int, *, today: date | None = None) -> None:
    """Migrate `url` and fill it with the catalogue, 100 workgroups and the activities."""
    from calendar_app import migrations
    from calendar_app.catalogue import load_file
    from calendar_app.db import Database
    from calendar_app.models import Observance
    from calendar_app.models import Workgroup
    from calendar_app.services.bulk import publish_many
    from calendar_app.services.catalogue_sync import sync_catalogue

    migrations.upgrade(url)
    database = Database.from_url(url)
    now = datetime.now(UTC)
    today = today or now.astimezone(ZONE).date()
    with database.transaction() as session:
        sync_catalogue(session, load_file(ROOT / "events.yaml"), now=now)
        groups = [Workgroup(slug=f"wg{i:03d}", name=f"Werkgroep {i:03d}", description="",
                            created_at=now) for i in range(WORKGROUPS)]
        session.add_all(groups)
        session.flush()
        group_ids = [group.id for group in groups]
        observance_ids = list(session.scalars(select(Observance.id)))
        publish_many(session, _inputs(activities, today, group_ids, observance_ids), now=now)
    database.dispose()


def _inputs(count: int, today: date, group_ids: list[int],
            observance_ids: list[int]) -> Iterator[object]:
    from calendar_app.services.activities import ActivityInput

    rng = random.Random(17)
    first = today - timedelta(days=365)
    span = 365 * 3
    for i in range(count):
        day = first + timedelta(days=rng.randrange(span))
        timed = i % 2 == 0
        start = datetime(day.year, day.month, day.day, 9 + i % 10, 0, tzinfo=ZONE)
        last = day + timedelta(days=2 if i % 37 == 0 else 0)
        yield ActivityInput(
            workgroup_id=group_ids[i % len(group_ids)],
            title=f"Activiteit {i}: samen werken aan inclusie",
            kind="workshop",
            description="Een open gesprek over inclusie op de werkvloer. " * 3,
            all_day=not timed, start_date=None if timed else day,
            end_date=None if timed else last, start_at=start if timed else None,
            end_at=start + timedelta(hours=2) if timed else None, location="Stadhuis",
            observance_id=observance_ids[i % len(observance_ids)] if i % 5 == 0 else None,
            themes=[THEMES[i % len(THEMES)]])
