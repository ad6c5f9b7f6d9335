"""What the feed renderer needs to know, as plain frozen values.

The renderer takes these instead of database rows or rule occurrences so that it stays a pure
function (same values, same bytes) and can be tested without a database. The services layer
maps its rows onto them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Literal

Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
Language = Literal["nl", "en"]

_STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
_LANGUAGES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One occurrence as it appears in a feed.

    Attributes:
        uid: Stable identity (see `calendar_app.ical.uids`); clients match updates on it.
        summary: Title, plain text.
        description: Plain text (no HTML); the renderer appends `url`.
        url: Public page of the occurrence, or "" for none.
        start: A `date` for all-day events, an aware `datetime` for timed ones.
        end: The LAST day (inclusive) for all-day events; the renderer writes the exclusive
            DTEND that RFC 5545 wants. An aware `datetime` for timed events.
        all_day: Whether `start`/`end` are dates.
        categories: Themes shown as CATEGORIES.
        status: CONFIRMED, TENTATIVE or CANCELLED.
        sequence: Raised on every edit so clients replace their copy.
        last_modified: Aware UTC time of the last edit.
        created: Aware UTC time of creation, if known.
        location: Free text, or None.
        transparent: True for observances (they must not block anyone's free/busy),
            False for activities people attend.
    """

    uid: str
    summary: str
    description: str
    url: str
    start: date | datetime
    end: date | datetime
    all_day: bool
    categories: tuple[str, ...]
    status: Status
    sequence: int
    last_modified: datetime
    created: datetime | None = None
    location: str | None = None
    transparent: bool = False

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("FeedEvent.uid must not be empty")
        if self.status not in _STATUSES:
            raise ValueError(f"FeedEvent.status must be one of {_STATUSES}, not {self.status!r}")
        if self.sequence < 0:
            raise ValueError("FeedEvent.sequence must not be negative")
        if self.all_day:
            _check_dates(self.start, self.end)
        else:
            _check_aware_times(self.start, self.end)
        for name in ("last_modified", "created"):
            value = getattr(self, name)
            if value is not None and not _is_aware(value):
                raise ValueError(f"FeedEvent.{name} must be an aware datetime")


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """Calendar-level facts of one feed or download.

    Attributes:
        name: Calendar name shown by clients (X-WR-CALNAME, NAME).
        description: One line about the feed (X-WR-CALDESC, DESCRIPTION).
        timezone: IANA zone in which timed events are written (with a matching VTIMEZONE).
        refresh: Polling hint for clients (REFRESH-INTERVAL, X-PUBLISHED-TTL).
        include_calname: False for single-event downloads: with X-WR-CALNAME present, Outlook
            creates a new calendar for every "add to my calendar" click.
        lang: Language of the texts the renderer adds ("Geannuleerd: ", truncation notice).
        url: Home page of the calendar, named in the truncation notice; "" for none.
        max_events: Cap on VEVENTs in one feed; None for no cap.
    """

    name: str
    description: str
    timezone: str = "Europe/Amsterdam"
    refresh: timedelta = timedelta(hours=12)
    include_calname: bool = True
    lang: Language = "nl"
    url: str = ""
    max_events: int | None = None

    def __post_init__(self) -> None:
        if self.lang not in _LANGUAGES:
            raise ValueError(f"FeedMeta.lang must be one of {_LANGUAGES}, not {self.lang!r}")
        if self.refresh <= timedelta(0):
            raise ValueError("FeedMeta.refresh must be positive")
        if self.max_events is not None and self.max_events < 2:
            raise ValueError("FeedMeta.max_events must be at least 2 (room for the notice)")


@dataclass(frozen=True, slots=True)
class Omitted:
    """What a capped feed left out, chosen before rendering; the notice says so.

    Attributes:
        earlier: Events before the first one kept (the older past).
        later: Events after the last upcoming one kept (the farther future).
        first_kept: The first day the feed holds.
        resume: The first day of the `later` events left out, if any.
    """

    earlier: int
    later: int
    first_kept: date
    resume: date | None = None


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _check_dates(start: date | datetime, end: date | datetime) -> None:
    if isinstance(start, datetime) or isinstance(end, datetime):
        raise ValueError("an all-day FeedEvent takes dates, not datetimes")
    if end < start:
        raise ValueError(f"FeedEvent ends ({end}) before it starts ({start})")


def _check_aware_times(start: date | datetime, end: date | datetime) -> None:
    if not (isinstance(start, datetime) and isinstance(end, datetime)):
        raise ValueError("a timed FeedEvent takes datetimes, not dates")
    if not (_is_aware(start) and _is_aware(end)):
        raise ValueError("a timed FeedEvent takes aware datetimes (with a time zone)")
    if end < start:
        raise ValueError(f"FeedEvent ends ({end}) before it starts ({start})")
