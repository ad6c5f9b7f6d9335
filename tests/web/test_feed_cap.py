"""A feed over FEED_MAX_EVENTS keeps what subscribers need: what is coming, then the recent past.

Correctness only; the timings are measured in `make bench` (bench/growth.py).
"""

from __future__ import annotations

import re
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

ZONE = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.now(ZONE).date()
NOTICE = "This feed was truncated"
#: Days from today of the seeded activities: the next 30 days, later ones, past ones.
SOON = range(0, 30)
LATER = range(31, 331, 3)
PAST = range(-300, 0, 3)


@pytest.fixture
def seeded(database: Database) -> None:
    """230 activities, half timed; the last ten of the later ones about religion."""
    with database.transaction() as session:
        load_catalogue(session)
        zuid = make_workgroup(session)
        for index, days in enumerate([*SOON, *LATER, *PAST]):
            day = TODAY + timedelta(days=days)
            themes = ["religie"] if days in LATER[-10:] else []
            if index % 2:
                start = datetime(day.year, day.month, day.day, 19, 0, tzinfo=ZONE)
                make_activity(session, zuid, title=f"Dag {days:+d}", themes=themes,
                              start_at=start, end_at=start + timedelta(hours=2))
            else:
                make_activity(session, zuid, title=f"Dag {days:+d}", themes=themes, on=day)


@pytest.fixture
def client_with(db_settings: Settings, seeded) -> Iterator:  # type: ignore[no-untyped-def]
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


def events(client: FlaskClient, url: str) -> list:  # type: ignore[type-arg]
    response = client.get(url)
    assert response.status_code == 200
    return list(Calendar.from_ical(response.data).walk("VEVENT"))


def summaries(client: FlaskClient, url: str) -> list[str]:
    return [str(event["SUMMARY"]) for event in events(client, url)]


def notice_of(client: FlaskClient, url: str) -> str:
    [notice] = [str(event["DESCRIPTION"]) for event in events(client, url)
                if str(event["SUMMARY"]) == NOTICE]
    return notice


def test_a_capped_feed_holds_every_activity_of_the_next_30_days(client_with) -> None:  # type: ignore[no-untyped-def]
    served = summaries(client_with(FEED_MAX_EVENTS="80"), "/feed.ics?lang=en")

    assert len(served) == 80
    assert {f"Dag {days:+d}" for days in SOON} <= set(served)
    assert NOTICE in served


def test_a_capped_feed_keeps_no_past_while_the_future_fills_it(client_with) -> None:  # type: ignore[no-untyped-def]
    served = summaries(client_with(FEED_MAX_EVENTS="80"), "/feed.ics?lang=en&type=activity")

    assert not {f"Dag {days:+d}" for days in PAST} & set(served)
    assert served[:30] == [f"Dag {days:+d}" for days in SOON]


def test_room_left_after_the_future_goes_to_the_most_recent_past(client_with) -> None:  # type: ignore[no-untyped-def]
    coming = len(SOON) + len(LATER)
    served = summaries(client_with(FEED_MAX_EVENTS=str(coming + 21)),
                       "/feed.ics?lang=en&type=activity")

    assert [title for title in served if title not in (NOTICE,)][:20] == [
        f"Dag {days:+d}" for days in PAST[-20:]]
    assert len(served) == coming + 21


def test_the_notice_counts_what_was_left_out_on_each_side(client_with) -> None:  # type: ignore[no-untyped-def]
    coming = len(SOON) + len(LATER)
    notice = notice_of(client_with(FEED_MAX_EVENTS=str(coming + 21)),
                       "/feed.ics?lang=en&type=activity")

    assert f"truncated to {coming + 20} items" in notice
    assert f"{len(PAST) - 20} earlier items (before " in notice
    assert "later items" not in notice


def test_kept_and_left_out_add_up_to_the_whole_feed(client_with) -> None:  # type: ignore[no-untyped-def]
    whole = len(summaries(client_with(), "/feed.ics?lang=en"))
    notice = notice_of(client_with(FEED_MAX_EVENTS="80"), "/feed.ics?lang=en")

    counts = [int(number) for number in re.findall(r"(\d+) (?:later|earlier) items", notice)]
    assert 79 + sum(counts) == whole
    assert re.search(r"\d+ later items \(from \d+ \w+ \d{4}\)", notice)


def test_a_theme_is_filtered_before_the_cap(client_with) -> None:  # type: ignore[no-untyped-def]
    served = summaries(client_with(FEED_MAX_EVENTS="5"),
                       "/feeds/thema/religie.ics?lang=en&type=activity")

    assert served[:4] == [f"Dag {days:+d}" for days in LATER[-10:-6]]
    assert served[4] == NOTICE


def test_the_dutch_notice_says_the_same_in_dutch(client_with) -> None:  # type: ignore[no-untyped-def]
    served = events(client_with(FEED_MAX_EVENTS="80"), "/feed.ics")

    [notice] = [event for event in served if str(event["SUMMARY"]) == "Deze feed is ingekort"]
    assert "latere items (vanaf " in str(notice["DESCRIPTION"])
    assert notice["TRANSP"] == "TRANSPARENT"
