"""The feed window and cap follow FEED_PAST_MONTHS, FEED_FUTURE_MONTHS and FEED_MAX_EVENTS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar

from calendar_app.config import Settings
from calendar_app.db import Database
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()


@pytest.fixture
def seeded(database: Database) -> None:
    """Activities 45 and 20 days back and ahead: inside 12/24 months, only some inside one."""
    with database.transaction() as session:
        load_catalogue(session)
        zuid = make_workgroup(session)
        for days in (-45, -20, 20, 45):
            make_activity(session, zuid, title=f"Dag {days:+d}", on=TODAY + timedelta(days=days))


@pytest.fixture
def client_with(db_settings: Settings, seeded) -> Iterator:  # type: ignore[no-untyped-def]
    """A client of an app whose settings come from the given environment variables."""
    from calendar_app.web import create_app

    apps = []

    def make(**environ: str) -> FlaskClient:
        settings = Settings.from_env(
            environ, instance_path=db_settings.instance_path,
            database_url=db_settings.database_url, events_file=db_settings.events_file)
        apps.append(create_app(settings))
        return apps[-1].test_client()

    yield make
    for app in apps:
        app.extensions["database"].dispose()


def titles(client: FlaskClient, url: str = "/feed.ics?type=activity") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.data).walk("VEVENT")]


def test_by_default_the_window_holds_both_sides(client_with) -> None:  # type: ignore[no-untyped-def]
    assert titles(client_with()) == ["Dag -45", "Dag -20", "Dag +20", "Dag +45"]


def test_feed_past_months_moves_the_start_of_the_window(client_with) -> None:  # type: ignore[no-untyped-def]
    assert titles(client_with(FEED_PAST_MONTHS="1")) == ["Dag -20", "Dag +20", "Dag +45"]


def test_feed_future_months_moves_the_end_of_the_window(client_with) -> None:  # type: ignore[no-untyped-def]
    assert titles(client_with(FEED_FUTURE_MONTHS="1")) == ["Dag -45", "Dag -20", "Dag +20"]


def test_the_window_also_bounds_the_observances(client_with) -> None:  # type: ignore[no-untyped-def]
    narrow = client_with(FEED_PAST_MONTHS="1", FEED_FUTURE_MONTHS="1").get("/feeds/themadagen.ics")
    wide = client_with().get("/feeds/themadagen.ics")
    starts = [event.decoded("DTSTART") for event in Calendar.from_ical(narrow.data).walk("VEVENT")]
    assert all(TODAY - timedelta(days=62) <= start <= TODAY + timedelta(days=31)
               for start in starts)
    assert len(starts) < len(Calendar.from_ical(wide.data).walk("VEVENT"))


def test_feed_max_events_caps_the_feed_with_a_notice(client_with) -> None:  # type: ignore[no-untyped-def]
    capped = titles(client_with(FEED_MAX_EVENTS="10"), "/feed.ics")
    assert len(capped) == 10
    assert capped[-1] == "Deze feed is ingekort"
    assert len(titles(client_with(), "/feed.ics")) > 10
