"""Builders and assertion helpers for the feed renderer tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event

from calendar_app.ical import FeedEvent
from calendar_app.ical import FeedMeta

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2030, 1, 15, 8, 30, tzinfo=UTC)
EDITED_AT = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
CREATED_AT = datetime(2029, 12, 1, 9, 0, tzinfo=UTC)
META = FeedMeta(name="Diversiteitskalender", description="Dagen en activiteiten")


def observance(uid: str = "obs-idahot-2030-0@diversiteitskalender", **changes: Any) -> FeedEvent:
    """An all-day, transparent observance on 17 May 2030 (IDAHOT), adjustable by keyword."""
    event = FeedEvent(
        uid=uid,
        summary="IDAHOT",
        description="Internationale dag tegen homofobie en transfobie.",
        url="https://kalender.example/dagen/idahot/2030",
        start=date(2030, 5, 17),
        end=date(2030, 5, 17),
        all_day=True,
        categories=("LHBTIQ+",),
        status="CONFIRMED",
        sequence=0,
        last_modified=EDITED_AT,
        created=CREATED_AT,
        transparent=True,
    )
    return replace(event, **changes)


def activity(uid: str = "act-2b0c-example@diversiteitskalender", **changes: Any) -> FeedEvent:
    """A timed, opaque workgroup activity, 2030-03-30 10:00-12:00 Amsterdam time."""
    event = FeedEvent(
        uid=uid,
        summary="Lunchlezing Keti Koti",
        description="Een lezing over de afschaffing van de slavernij.",
        url="https://kalender.example/activiteiten/2b0c",
        start=datetime(2030, 3, 30, 10, 0, tzinfo=AMSTERDAM),
        end=datetime(2030, 3, 30, 12, 0, tzinfo=AMSTERDAM),
        all_day=False,
        categories=("Geschiedenis", "Cultuur"),
        status="CONFIRMED",
        sequence=3,
        last_modified=EDITED_AT,
        created=CREATED_AT,
        location="Stadhuis, Amstel 1",
        transparent=False,
    )
    return replace(event, **changes)


def parse_icalendar(data: bytes) -> Calendar:
    """Parse with icalendar and fail on any property it could not read."""
    calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    for component in calendar.walk():
        assert component.errors == [], f"{component.name}: {component.errors}"
    return calendar


def events_of(calendar: Calendar) -> list[Event]:
    events = calendar.walk("VEVENT")
    assert all(isinstance(event, Event) for event in events)
    return events  # type: ignore[return-value]


def content_lines(data: bytes) -> list[str]:
    """Unfolded content lines (RFC 5545 §3.1), for byte-level assertions."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def js_event(parsed: dict[str, Any], uid: str) -> dict[str, Any]:
    matches = [event for event in parsed["events"] if event["uid"] == uid]
    assert len(matches) == 1, f"expected one VEVENT with UID {uid}, found {len(matches)}"
    return matches[0]
