"""Pure iCalendar rendering: feed events in, RFC 5545 bytes out (no database, no web)."""

from __future__ import annotations

from calendar_app.ical.build import render_feed
from calendar_app.ical.build import render_single
from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import FeedMeta
from calendar_app.ical.uids import activity_uid
from calendar_app.ical.uids import observance_uid

__all__ = [
    "FeedEvent",
    "FeedMeta",
    "activity_uid",
    "observance_uid",
    "render_feed",
    "render_single",
]
