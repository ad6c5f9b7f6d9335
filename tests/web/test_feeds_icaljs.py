"""Every feed variant over HTTP, read by ical.js (the parser inside Thunderbird).

icalendar writes our feeds; a second, independent reader catches what a writer and its
own parser agree on wrongly. Each variant is checked for its calendar name, its number
of events, all-day ends as ical.js reads them (exclusive: the day after the last day),
timed events in their own VTIMEZONE, and UIDs unique.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from calendar_app.db import Database
from calendar_app.services.feeds import issue_feed_token
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.now(AMSTERDAM).date()
WEEK_START = TODAY + timedelta(days=12)
EVENING = datetime.combine(TODAY + timedelta(days=20), datetime.min.time(),
                           tzinfo=AMSTERDAM).replace(hour=19, minute=30)
NAME = "Diversiteitskalender"


@pytest.fixture
def seeded(database: Database) -> Iterator[dict[str, str]]:
    """The catalogue; Zuid with a three-day, a timed and a proposed activity; an idle group."""
    with database.transaction() as session:
        load_catalogue(session)
        zuid = make_workgroup(session)
        make_workgroup(session, slug="leeg", name="Werkgroep zonder activiteiten")
        week = make_activity(session, zuid, title="Themaweek", themes=["racisme"],
                             start_date=WEEK_START, end_date=WEEK_START + timedelta(days=2))
        make_activity(session, zuid, title="Avondgesprek", start_at=EVENING,
                      end_at=EVENING + timedelta(hours=2))
        make_activity(session, zuid, title="Voorstel", status="proposed", on=WEEK_START)
        ids = {"week": week.public_id, "token": issue_feed_token(session, zuid)}
    yield ids


def read(client: FlaskClient, icaljs, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    parsed: dict[str, Any] = icaljs(response.data)
    assert parsed["name"] == "vcalendar"
    return parsed


def calendar_name(parsed: dict[str, Any]) -> str | None:
    found = parsed["properties"].get("x-wr-calname")
    return found[0]["values"][0] if found else None


def titles(parsed: dict[str, Any]) -> list[str]:
    return sorted(event["summary"] for event in parsed["events"])


def activity_titles(parsed: dict[str, Any]) -> list[str]:
    return sorted(event["summary"] for event in parsed["events"]
                  if event["uid"].startswith("act-"))


def assert_reads_right(parsed: dict[str, Any]) -> None:
    """What every variant must hold as ical.js reads it."""
    events = parsed["events"]
    assert len({event["uid"] for event in events}) == len(events)
    for event in events:
        start, end = event["start"], event["end"]
        assert not event["rrule"], event["uid"]
        if start["isDate"]:
            assert end["isDate"] and end["value"] > start["value"], event["uid"]
        else:
            assert start["zone"] == end["zone"] == "Europe/Amsterdam", event["uid"]
    zones = [zone["tzid"] for zone in parsed["timezones"]]
    timed = any(not event["start"]["isDate"] for event in events)
    assert zones == (["Europe/Amsterdam"] if timed else [])


def observance_count(client: FlaskClient, icaljs) -> int:  # type: ignore[no-untyped-def]
    return len(read(client, icaljs, "/feeds/themadagen.ics")["events"])


#: url -> (calendar name, activity titles it holds, holds observances)
PUBLIC_VARIANTS = {
    "/feed.ics": (NAME, ["Avondgesprek", "Themaweek"], True),
    "/feed.ics?lang=en": (NAME, ["Avondgesprek", "Themaweek"], True),
    "/feed.ics?theme=racisme": (f"{NAME} – Racisme en discriminatie", ["Themaweek"], True),
    "/feed.ics?type=observance": (f"{NAME} – themadagen", [], True),
    "/feed.ics?type=activity": (f"{NAME} – activiteiten", ["Avondgesprek", "Themaweek"], False),
    "/feed.ics?workgroup=zuid": (f"{NAME} – Stadsdeel Zuid", ["Avondgesprek", "Themaweek"],
                                 True),
    "/feeds/themadagen.ics": (f"{NAME} – themadagen", [], True),
    "/feeds/activiteiten.ics": (f"{NAME} – activiteiten", ["Avondgesprek", "Themaweek"], False),
    "/feeds/thema/racisme.ics": (f"{NAME} – Racisme en discriminatie", ["Themaweek"], True),
    "/feeds/werkgroep/zuid.ics": (f"{NAME} – Stadsdeel Zuid", ["Avondgesprek", "Themaweek"],
                                  True),
}


@pytest.mark.parametrize("url", list(PUBLIC_VARIANTS))
def test_each_public_feed_parses_in_icaljs_with_its_name_and_events(
        client: FlaskClient, seeded, icaljs, url: str) -> None:  # type: ignore[no-untyped-def]
    name, expected_activities, with_observances = PUBLIC_VARIANTS[url]
    parsed = read(client, icaljs, url)
    assert_reads_right(parsed)
    assert calendar_name(parsed) == name
    observances = [event for event in parsed["events"] if event["uid"].startswith("obs-")]
    assert activity_titles(parsed) == expected_activities
    if "theme=" in url or "/thema/" in url:
        assert 0 < len(observances) < observance_count(client, icaljs)
    else:
        assert len(observances) == (observance_count(client, icaljs) if with_observances else 0)


def test_the_english_feed_is_the_dutch_feed_in_english(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    dutch = read(client, icaljs, "/feed.ics")["events"]
    english = read(client, icaljs, "/feed.ics?lang=en")["events"]
    assert [event["uid"] for event in english] == [event["uid"] for event in dutch]
    assert "Purple Friday" in {event["summary"] for event in english}


def test_icaljs_reads_a_multi_day_activity_and_observance_over_all_their_days(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    events = read(client, icaljs, "/feed.ics")["events"]
    [week] = [event for event in events if event["summary"] == "Themaweek"]
    assert (week["start"]["value"], week["end"]["value"]) == (
        WEEK_START.isoformat(), (WEEK_START + timedelta(days=3)).isoformat())
    pesach = [event for event in events if event["summary"] == "Pesach"]
    assert pesach
    for event in pesach:  # eight days, 15 to 22 Nisan
        first, after = (date.fromisoformat(event[end]["value"]) for end in ("start", "end"))
        assert after - first == timedelta(days=8)


def test_icaljs_reads_a_timed_activity_at_its_local_time(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    events = read(client, icaljs, "/feeds/activiteiten.ics")["events"]
    [evening] = [event for event in events if event["summary"] == "Avondgesprek"]
    utc = EVENING.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert evening["start"]["tzid"] == "Europe/Amsterdam"
    assert evening["start"]["utc"] == utc


def test_the_internal_feed_parses_in_icaljs_with_its_proposals(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    parsed = read(client, icaljs, f"/feeds/intern/{seeded['token']}.ics")
    assert_reads_right(parsed)
    assert calendar_name(parsed) == f"{NAME} – Stadsdeel Zuid (intern)"
    assert activity_titles(parsed) == ["Avondgesprek", "Themaweek", "Voorstel"]
    assert len(parsed["events"]) == 3 + observance_count(client, icaljs)
    statuses = {event["summary"]: event["status"] for event in parsed["events"]}
    assert statuses["Voorstel"] == "TENTATIVE"


def test_an_empty_filtered_feed_parses_in_icaljs_and_says_what_it_is(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    parsed = read(client, icaljs, "/feed.ics?workgroup=leeg&type=activity")
    assert parsed["events"] == []
    assert parsed["timezones"] == []
    assert calendar_name(parsed) == f"{NAME} – Werkgroep zonder activiteiten – activiteiten"
    assert parsed["properties"]["x-wr-caldesc"][0]["values"][0]


def test_a_capped_feed_parses_in_icaljs_and_ends_with_a_notice(
        app, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    app.extensions["calendar_settings"] = replace(app.extensions["calendar_settings"],
                                                  feed_max_events=12)
    parsed = read(app.test_client(), icaljs, "/feed.ics")
    assert_reads_right(parsed)
    assert len(parsed["events"]) == 12
    assert parsed["events"][-1]["summary"] == "Deze feed is ingekort"
    assert parsed["events"][-1]["transp"] == "TRANSPARENT"


def test_an_activity_download_parses_in_icaljs_as_one_event_without_a_calendar_name(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    parsed = read(client, icaljs, f"/activities/{seeded['week']}.ics")
    assert_reads_right(parsed)
    assert calendar_name(parsed) is None
    assert titles(parsed) == ["Themaweek"]
    assert parsed["events"][0]["end"]["value"] == (WEEK_START + timedelta(days=3)).isoformat()


def test_an_observance_download_parses_in_icaljs_as_one_all_day_event(
        client: FlaskClient, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    parsed = read(client, icaljs, "/observances/ramadan/2030-2.ics")
    assert_reads_right(parsed)
    assert calendar_name(parsed) is None
    [event] = parsed["events"]
    assert event["uid"] == "obs-ramadan-2030-2@diversiteitskalender"
    assert event["start"] == {**event["start"], "isDate": True, "value": "2030-12-26"}
