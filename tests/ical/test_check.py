"""The feed checker catches each pitfall it names."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest

from calendar_app.ical.build import render_feed
from calendar_app.ical.check import check_feed
from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import FeedMeta

STAMP = datetime(2026, 11, 23, tzinfo=UTC)
AMSTERDAM = __import__("zoneinfo").ZoneInfo("Europe/Amsterdam")


def feed() -> bytes:
    events = [
        FeedEvent(uid="a@x", summary="Pesach", description="Acht dagen " * 20, url="",
                  start=date(2030, 4, 18), end=date(2030, 4, 25), all_day=True, categories=(),
                  status="CONFIRMED", sequence=0, last_modified=STAMP, transparent=True),
        FeedEvent(uid="b@x", summary="Workshop", description="", url="",
                  start=datetime(2030, 3, 30, 10, tzinfo=AMSTERDAM),
                  end=datetime(2030, 3, 30, 12, tzinfo=AMSTERDAM), all_day=False,
                  categories=(), status="CONFIRMED", sequence=0, last_modified=STAMP),
    ]
    return render_feed(FeedMeta(name="Test", description="Test"), events, stamp=STAMP)


def failed(body: bytes) -> set[str]:
    return {result.name for result in check_feed(body) if not result.ok}


def test_our_feed_passes_every_check() -> None:
    assert failed(feed()) == set()


@pytest.mark.parametrize(("damage", "check"), [
    (lambda b: b.replace(b"\r\n", b"\n"), "CRLF line endings"),
    (lambda b: b.replace(b"UID:b@x", b"UID:a@x"), "unique UIDs"),
    (lambda b: b.replace(b"DTEND;VALUE=DATE:20300426", b"DTEND;VALUE=DATE:20300418"),
     "all-day ends exclusive"),
    (lambda b: b.replace(b"SUMMARY:Pesach", b"SUMMARY:Pesach" + b"x" * 80), "line folding"),
    (lambda b: b.replace(b"SUMMARY:Workshop", b"RRULE:FREQ=WEEKLY\r\nSUMMARY:Workshop"),
     "occurrences written out"),
    (lambda b: b.replace(b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", b"RDATE:20300331T020000"),
     "time zones"),
    (lambda b: b.replace(b"BYMONTH=3;BYDAY=-1SU", b"BYMONTH=3;BYDAY=1SU"), "time zones"),
    (lambda b: b.replace(b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100",
                         b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0000"), "time zones"),
    (lambda b: b.replace(b"METHOD:PUBLISH\r\n", b""), "calendar properties"),
])
def test_each_pitfall_is_caught(damage, check: str) -> None:  # type: ignore[no-untyped-def]
    body = feed()
    damaged = damage(body)
    assert damaged != body, "the damage must change the feed"
    assert check in failed(damaged)


def test_an_unparseable_feed_fails_the_first_check() -> None:
    results = check_feed(b"this is not a calendar")
    assert [(r.name, r.ok) for r in results] == [("parses", False)]
