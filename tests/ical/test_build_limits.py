"""render_feed at the edges: the size cap, a 3,000-event feed and single-event downloads."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from bench.bench_ical import sample_events
from calendar_app.config import Settings
from calendar_app.ical import FeedEvent
from calendar_app.ical import FeedMeta
from calendar_app.ical import observance_uid
from calendar_app.ical import render_feed
from calendar_app.ical import render_single
from calendar_app.models import Activity
from calendar_app.services import feeds
from calendar_app.web.feeds import links
from tests.factories import CREATED
from tests.factories import load_catalogue
from tests.factories import make_workgroup
from tests.ical.conftest import ParseJs
from tests.ical.helpers import META
from tests.ical.helpers import STAMP
from tests.ical.helpers import activity
from tests.ical.helpers import content_lines
from tests.ical.helpers import events_of
from tests.ical.helpers import observance
from tests.ical.helpers import parse_icalendar


def daily_observances(count: int) -> list[FeedEvent]:
    """`count` one-day observances on consecutive days from 1 January 2030."""
    first = date(2030, 1, 1)
    return [
        observance(
            observance_uid("dag", 2030 + i // 365, i % 365 + 1),
            start=first + timedelta(days=i),
            end=first + timedelta(days=i),
        )
        for i in range(count)
    ]


def test_over_the_cap_keeps_the_earliest_and_adds_a_notice() -> None:
    meta = replace(META, max_events=5, url="https://kalender.example/")
    events = daily_observances(8)

    parsed = events_of(parse_icalendar(render_feed(meta, reversed(events), stamp=STAMP)))

    assert [event.uid for event in parsed[:4]] == [event.uid for event in events[:4]]
    notice = parsed[4]
    assert len(parsed) == 5
    assert notice["SUMMARY"] == "Deze feed is ingekort"
    assert str(notice["DESCRIPTION"]).startswith("Deze feed is ingekort tot 4 items.")
    assert str(notice["DESCRIPTION"]).endswith("https://kalender.example/")
    assert notice.start == events[4].start  # where the feed stops
    assert notice["TRANSP"] == "TRANSPARENT"


def test_truncation_notice_speaks_english_in_an_english_feed() -> None:
    meta = replace(META, max_events=2, lang="en")

    parsed = events_of(parse_icalendar(render_feed(meta, daily_observances(3), stamp=STAMP)))

    assert parsed[-1]["SUMMARY"] == "This feed was truncated"


def test_at_the_cap_nothing_is_cut() -> None:
    meta = replace(META, max_events=3)

    parsed = events_of(parse_icalendar(render_feed(meta, daily_observances(3), stamp=STAMP)))

    assert [event["SUMMARY"] for event in parsed] == ["IDAHOT"] * 3


def test_three_thousand_events_have_unique_uids_and_parse_in_both(icaljs: ParseJs) -> None:
    events = sample_events(3000)  # the benchmark's mix: observances and timed activities

    data = render_feed(META, events, stamp=STAMP)

    seen = icaljs(data)["events"]
    assert len(seen) == 3000
    assert len({event["uid"] for event in seen}) == 3000
    assert {event["uid"] for event in seen} == {event.uid for event in events}
    assert len(events_of(parse_icalendar(data))) == 3000
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    autumn = [e for e in seen if e["start"]["value"] == "2030-11-02T19:30:00"]
    summer = [e for e in seen if e["start"]["value"] == "2031-07-02T19:30:00"]
    assert [e["start"]["utc"] for e in autumn + summer] == [
        "2030-11-02T18:30:00Z",
        "2031-07-02T17:30:00Z",
    ]


def test_three_thousand_occurrences_derived_by_the_app_have_unique_uids(
        session: Session, settings: Settings, icaljs: ParseJs) -> None:
    """UIDs as the app derives them: observances of events.yaml over fifty years (two
    Ramadan starts in 2030 included) and activities with the public ids the service
    gives, all read from the database through services/feeds.py."""
    load_catalogue(session)
    zuid = make_workgroup(session)
    today = date(2026, 6, 1)
    session.add_all(Activity(
        public_id=str(uuid.uuid4()), workgroup_id=zuid.id, kind="activity",
        title=f"Activiteit {i}", description="", all_day=True,
        start_date=today + timedelta(days=i - 600), end_date=today + timedelta(days=i - 600),
        location="", online_url="", themes=[], accessibility={}, status="published",
        sequence=0, created_at=CREATED, updated_at=CREATED) for i in range(1200))
    session.flush()
    wide = replace(settings, feed_past_months=300, feed_future_months=300, feed_max_events=9999)
    at = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    link = links(wide)
    events = feeds.feed_events(session, feeds.FeedQuery(), settings=wide, today=today, now=at,
                               links=link)
    data = render_feed(feeds.feed_meta(session, feeds.FeedQuery(), settings=wide, links=link),
                       events, stamp=STAMP)

    seen = icaljs(data)["events"]
    assert len(events) > 3000
    assert len(seen) == len(events)
    assert len({event["uid"] for event in seen}) == len(events)
    assert "obs-ramadan-2030-2@diversiteitskalender" in {event["uid"] for event in seen}


def test_single_download_is_one_event_without_calendar_name(icaljs: ParseJs) -> None:
    data = render_single(META, activity(), stamp=STAMP)

    lines = content_lines(data)
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in lines}
    assert not names & {"X-WR-CALNAME", "NAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"}
    assert "METHOD:PUBLISH" in lines
    parsed = icaljs(data)
    assert [event["uid"] for event in parsed["events"]] == [activity().uid]
    assert [tz["tzid"] for tz in parsed["timezones"]] == ["Europe/Amsterdam"]


def test_single_download_of_an_observance_needs_no_vtimezone(icaljs: ParseJs) -> None:
    data = render_single(META, observance(), stamp=STAMP)

    parsed = icaljs(data)
    assert parsed["timezones"] == []
    assert parsed["events"][0]["start"]["isDate"] is True


@pytest.mark.parametrize("max_events", [0, 1])
def test_cap_below_two_is_refused(max_events: int) -> None:
    with pytest.raises(ValueError, match="max_events"):
        FeedMeta(name="x", description="y", max_events=max_events)


@pytest.mark.parametrize("cap", [None, 5])
def test_restamping_gives_the_bytes_of_a_render_with_the_new_stamp(cap: int | None) -> None:
    from calendar_app.ical.build import restamp
    from calendar_app.ical.model import Omitted

    meta = replace(META, max_events=cap, url="https://kalender.example/")
    events = daily_observances(4)
    omitted = Omitted(earlier=3, later=2, first_kept=events[0].start,  # type: ignore[arg-type]
                      resume=events[-1].start)  # type: ignore[arg-type]
    later = STAMP + timedelta(days=400, seconds=7)

    once = render_feed(meta, events, stamp=STAMP, omitted=omitted)

    assert restamp(once, STAMP, later) == render_feed(meta, events, stamp=later,
                                                      omitted=omitted)
    assert restamp(once, STAMP, later) != once
