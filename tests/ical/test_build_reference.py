"""The hand-written content lines read the same as icalendar's typed API would write them.

The renderer skips icalendar's object model for speed (see contentlines.py); this pins its
output to what `Event.new` produces for the same facts, property by property.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from icalendar import Event

from calendar_app.ical import FeedEvent
from calendar_app.ical import render_feed
from tests.ical.helpers import META
from tests.ical.helpers import STAMP
from tests.ical.helpers import activity
from tests.ical.helpers import events_of
from tests.ical.helpers import observance
from tests.ical.helpers import parse_icalendar

COMPARED = (
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "URL",
    "LOCATION",
    "STATUS",
    "SEQUENCE",
    "CREATED",
    "LAST-MODIFIED",
    "TRANSP",
)


def reference_event(event: FeedEvent) -> Event:
    """The same facts through icalendar's typed API (the slow path the renderer avoids)."""
    end = event.end + timedelta(days=1) if event.all_day else event.end
    return Event.new(
        uid=event.uid,
        stamp=STAMP,
        start=event.start,
        end=end,
        summary=event.summary,
        description=f"{event.description.strip()}\n\n{event.url}",
        url=event.url,
        location=event.location,
        status=event.status,  # type: ignore[arg-type]
        sequence=event.sequence,
        created=event.created,
        last_modified=event.last_modified,
        transparency="TRANSPARENT" if event.transparent else "OPAQUE",  # type: ignore[arg-type]
        categories=list(event.categories),
    )


@pytest.mark.parametrize(
    "event",
    [
        observance(),
        activity(summary="Iftar; samen, met \\ iedereen", location="Zaal 2, Stadhuis"),
        activity(summary="Lang " * 40, description="Één, twee; drie\nvier " * 10),
    ],
    ids=["observance", "escaping", "long"],
)
def test_feed_event_reads_like_icalendar_event_new(event: FeedEvent) -> None:
    ours = events_of(parse_icalendar(render_feed(META, [event], stamp=STAMP)))[0]
    wrapper = Calendar.new(prodid="-//test//test//NL", uid="test")
    wrapper.add_component(reference_event(event))
    theirs = events_of(parse_icalendar(wrapper.to_ical()))[0]

    for name in COMPARED:
        assert ours.decoded(name, None) == theirs.decoded(name, None), name
    assert [str(c) for c in ours.categories] == [str(c) for c in theirs.categories]
