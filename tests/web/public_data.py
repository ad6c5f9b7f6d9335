"""Real data for the public-page tests: the real events.yaml plus a workgroup's activities.

Test modules import `public_data_fixture` (not a conftest, so other web tests stay
unaffected) and ask for `public_data`. Every
status is present, so a test can check that only published and cancelled activities
reach the public.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calendar_app.catalogue import load_file
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import ProgrammeItem
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.catalogue_sync import sync_catalogue

EVENTS = Path(__file__).resolve().parents[2] / "events.yaml"
ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
#: A fixed day for month/year/list tests: Dodenherdenking 2026.
DAY = date(2026, 5, 4)


@dataclass(frozen=True)
class PublicData:
    """Public ids of the activities made by `public_data`, by what the test expects."""

    published: str
    cancelled: str
    proposed: str
    declined: str
    synergy: str
    soon: str


def today() -> date:
    return datetime.now(ZONE).date()


@pytest.fixture(name="public_data")
def public_data_fixture(database: Database) -> PublicData:
    """Catalogue loaded, workgroup "pride-netwerk" with activities in every status."""
    with database.session(write=True) as session:
        sync_catalogue(session, load_file(EVENTS), now=NOW)
        group = create_workgroup(session, slug="pride-netwerk", name="Pride Netwerk", now=NOW)
        other = create_workgroup(session, slug="kleurrijk", name="Kleurrijk Netwerk", now=NOW)
        idahot = session.query(Observance).filter_by(key="idahot").one()

        def add(title: str, status: str, start: date, **extra: object) -> str:
            activity = Activity(
                public_id=str(uuid.uuid4()), workgroup_id=extra.pop("workgroup_id", group.id),
                title=title, status=status, all_day=True, start_date=start, end_date=start,
                themes=["lhbtiq"], created_at=NOW, updated_at=NOW, **extra)
            session.add(activity)
            session.flush()
            return activity.public_id

        data = PublicData(
            published=add("Regenboogontbijt", "published", DAY, phase="bewustwording",
                          observance_id=idahot.id, location="Stadhuis, Amstel 1",
                          accessibility={"wheelchair": True, "other": "Prikkelarme hoek"}),
            cancelled=add("Afgelaste borrel", "cancelled", DAY, phase="borging"),
            proposed=add("Geheim voorstel", "proposed", DAY),
            declined=add("Afgewezen plan", "declined", DAY),
            synergy=_synergy_day(session, other.id),
            soon=add("Binnenkort-lunch", "published", today() + timedelta(days=7),
                     workgroup_id=other.id, phase="toerusting"),
        )
        session.commit()
    return data


def _synergy_day(session, other_id: int) -> str:  # type: ignore[no-untyped-def]
    start = datetime(2026, 5, 12, 9, 0, tzinfo=ZONE)
    activity = Activity(
        public_id=str(uuid.uuid4()), workgroup_id=other_id, kind="synergy-day",
        title="Synergiedag Inclusie", status="published", all_day=False,
        start_at=start, end_at=start + timedelta(hours=8), online_url="https://example.org/live",
        themes=["racisme"], created_at=NOW, updated_at=NOW, description="**Welkom** allemaal")
    activity.programme = [
        ProgrammeItem(title="Opening", start_at=start, end_at=start + timedelta(hours=1),
                      room="Zaal 1", host="Wethouder"),
        ProgrammeItem(title="Workshop allyship", start_at=start + timedelta(hours=2),
                      end_at=start + timedelta(hours=3), online_url="https://example.org/w",
                      host="Kleurrijk"),
    ]
    session.add(activity)
    session.flush()
    return activity.public_id
