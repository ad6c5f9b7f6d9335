"""Render feeds and single-event downloads as iCalendar bytes.

Rendering is a pure function of its inputs: `stamp` is passed in (DTSTAMP), UIDs come from
the data and events are sorted by (start, uid), so the same input gives the same bytes and
the web layer can use a digest of them as a strong ETag. Every choice below answers an
Outlook or Google pitfall listed in docs research (anchors-features.md, section c).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from calendar_app.ical import contentlines as cl
from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import FeedMeta
from calendar_app.ical.model import Omitted
from calendar_app.ical.uids import notice_uid
from calendar_app.ical.vtimezone import vtimezone_lines

PRODID = "-//Gemeente Amsterdam//Diversiteitskalender//NL"

_CANCELLED_PREFIX = {"nl": "Geannuleerd: ", "en": "Cancelled: "}
_TRUNCATED_SUMMARY = {
    "nl": "Deze feed is ingekort",
    "en": "This feed was truncated",
}
_TRUNCATED_TEXT = {
    "nl": "Deze feed is ingekort tot {count} items. Alle activiteiten staan op de website.",
    "en": "This feed was truncated to {count} items. Every activity is on the website.",
}
_OMITTED_TEXT = {
    "nl": ("Deze feed is ingekort tot {count} items: eerst alles wat nog komt, dan het "
           "recente verleden.", "{count} latere items (vanaf {day}) staan er niet in.",
           "{count} eerdere items (vóór {day}) staan er niet in.",
           "Alle activiteiten staan op de website."),
    "en": ("This feed was truncated to {count} items: everything still to come first, then "
           "the recent past.", "{count} later items (from {day}) are left out.",
           "{count} earlier items (before {day}) are left out.",
           "Every activity is on the website."),
}
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def render_feed(meta: FeedMeta, events: Iterable[FeedEvent], *, stamp: datetime,
                omitted: Omitted | None = None) -> bytes:
    """Render a subscription feed (METHOD:PUBLISH with name, description and refresh hints).

    Args:
        meta: Calendar-level facts; `meta.max_events` caps the number of VEVENTs.
        events: The occurrences to publish, in any order.
        stamp: Aware time written as every DTSTAMP; pass a data-derived time (e.g. the
            newest `last_modified`) so unchanged data gives byte-identical output.
        omitted: What the caller already left out to stay under the cap (it chose which
            events matter); the notice says what. Without it, events over the cap are
            cut here, keeping the earliest.
    """
    _check_stamp(stamp)
    ordered = sort_events(events, meta.timezone)
    if omitted is not None and (omitted.earlier or omitted.later) and (
            meta.max_events is None or len(ordered) < meta.max_events):
        ordered = sort_events([*ordered, _omitted_notice(meta, omitted, len(ordered), stamp)],
                              meta.timezone)
    elif meta.max_events is not None and len(ordered) > meta.max_events:
        ordered = _truncate(meta, ordered, stamp)
    lines = _calendar_head(meta, single=False)
    lines += _body(meta, ordered, stamp)
    return cl.serialize(lines)


def restamp(body: bytes, old: datetime, new: datetime) -> bytes:
    """The bytes `render_feed(..., stamp=new)` gives, from those it gave with `old`.

    The stamp appears only as every DTSTAMP and as the truncation notice's
    LAST-MODIFIED, each a short unfolded line, so a caller that needs the content
    rendered before it knows the stamp (to digest it) renders once, not twice.
    """
    _check_stamp(old)
    _check_stamp(new)
    before, after = cl.utc_value(old).encode(), cl.utc_value(new).encode()
    body = body.replace(b"\r\nDTSTAMP:" + before + b"\r\n", b"\r\nDTSTAMP:" + after + b"\r\n")
    notice = b"\r\nUID:" + cl.text(cl.uri(notice_uid("truncated"))).encode() + b"\r\n"
    start = body.find(notice)
    if start < 0:
        return body
    end = body.index(b"\r\nEND:VEVENT\r\n", start)
    block = body[start:end].replace(b"\r\nLAST-MODIFIED:" + before + b"\r\n",
                                    b"\r\nLAST-MODIFIED:" + after + b"\r\n")
    return body[:start] + block + body[end:]


def render_single(meta: FeedMeta, event: FeedEvent, *, stamp: datetime) -> bytes:
    """Render one occurrence for an "add to my calendar" download.

    Without X-WR-CALNAME (Outlook would create a new calendar per click; [MS-OXCICAL]
    §2.1.3.1.1.17) and without refresh hints, which only make sense for subscriptions.
    """
    _check_stamp(stamp)
    single_meta = replace(meta, include_calname=False, max_events=None)
    lines = _calendar_head(single_meta, single=True)
    lines += _body(single_meta, [event], stamp)
    return cl.serialize(lines)


def sort_events(events: Iterable[FeedEvent], tzid: str) -> list[FeedEvent]:
    """Events by start instant, then UID; all-day events start at local midnight in `tzid`."""
    zone = ZoneInfo(tzid)
    return sorted(events, key=lambda event: (_start_instant(event, zone), event.uid))


def _check_stamp(stamp: datetime) -> None:
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be an aware datetime (it is written as UTC DTSTAMP)")


def _start_instant(event: FeedEvent, zone: ZoneInfo) -> datetime:
    if isinstance(event.start, datetime):
        return event.start.astimezone(UTC)
    midnight = datetime(event.start.year, event.start.month, event.start.day, tzinfo=zone)
    return midnight.astimezone(UTC)


def _calendar_head(meta: FeedMeta, *, single: bool) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if meta.include_calname:
        lines += [f"NAME:{cl.text(meta.name)}", f"X-WR-CALNAME:{cl.text(meta.name)}"]
        lines += [
            f"DESCRIPTION:{cl.text(meta.description)}",
            f"X-WR-CALDESC:{cl.text(meta.description)}",
        ]
    lines.append(f"X-WR-TIMEZONE:{meta.timezone}")
    if not single:
        # RFC 7986 §5.7 requires VALUE=DURATION; icalendar 7.3 leaves it out and writes
        # X-PUBLISHED-TTL as "12:00:00", so both are written here by hand.
        duration = cl.duration_value(meta.refresh)
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{duration}", f"X-PUBLISHED-TTL:{duration}"]
    return lines


def _body(meta: FeedMeta, events: Sequence[FeedEvent], stamp: datetime) -> list[str]:
    """VTIMEZONE (only when a timed event needs it), the VEVENTs and END:VCALENDAR."""
    zone = ZoneInfo(meta.timezone)
    timed_years = [e.start.astimezone(zone).year for e in events if isinstance(e.start, datetime)]
    lines: list[str] = []
    if timed_years:
        lines += vtimezone_lines(meta.timezone, min(timed_years))
    stamp_value = cl.utc_value(stamp)
    for event in events:
        lines += _event_lines(meta, event, zone, stamp_value)
    lines.append("END:VCALENDAR")
    return lines


def _event_lines(meta: FeedMeta, event: FeedEvent, zone: ZoneInfo, stamp_value: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{cl.text(cl.uri(event.uid))}", f"DTSTAMP:{stamp_value}"]
    lines += _when(event, zone, meta.timezone)
    lines.append(f"SUMMARY:{cl.text(_summary(meta, event))}")
    description = _description(event)
    if description:
        lines.append(f"DESCRIPTION:{cl.text(description)}")
    if event.url:
        lines.append(f"URL:{cl.uri(event.url)}")
    if event.location:
        lines.append(f"LOCATION:{cl.text(event.location)}")
    categories = cl.text_list(event.categories)
    if categories:
        lines.append(f"CATEGORIES:{categories}")
    lines += [f"STATUS:{event.status}", f"SEQUENCE:{event.sequence}"]
    if event.created is not None:
        lines.append(f"CREATED:{cl.utc_value(event.created)}")
    lines.append(f"LAST-MODIFIED:{cl.utc_value(event.last_modified)}")
    lines += _busy(event)
    lines.append("END:VEVENT")
    return lines


def _when(event: FeedEvent, zone: ZoneInfo, tzid: str) -> list[str]:
    """DTSTART/DTEND: dates with an exclusive end, or wall times in the feed's zone."""
    if not isinstance(event.start, datetime):
        assert isinstance(event.end, date) and not isinstance(event.end, datetime)
        end = event.end + timedelta(days=1)  # RFC 5545: DTEND of a DATE event is exclusive
        return [
            f"DTSTART;VALUE=DATE:{cl.date_value(event.start)}",
            f"DTEND;VALUE=DATE:{cl.date_value(end)}",
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        ]
    assert isinstance(event.end, datetime)
    start_local = event.start.astimezone(zone)
    end_local = event.end.astimezone(zone)
    return [
        f"DTSTART;TZID={tzid}:{cl.local_value(start_local)}",
        f"DTEND;TZID={tzid}:{cl.local_value(end_local)}",
    ]


def _busy(event: FeedEvent) -> list[str]:
    """Observances must not block anyone's free/busy (fb2cal#86); activities do."""
    if event.transparent:
        return ["TRANSP:TRANSPARENT", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"]
    return ["TRANSP:OPAQUE", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"]


def _summary(meta: FeedMeta, event: FeedEvent) -> str:
    """Prefix cancelled events: Outlook may still show STATUS:CANCELLED as active."""
    if event.status != "CANCELLED":
        return event.summary
    prefix = _CANCELLED_PREFIX[meta.lang]
    return event.summary if event.summary.startswith(prefix) else prefix + event.summary


def _description(event: FeedEvent) -> str:
    text = event.description.strip()
    if event.url and event.url not in text:
        return f"{text}\n\n{event.url}" if text else event.url
    return text


def _truncate(meta: FeedMeta, ordered: list[FeedEvent], stamp: datetime) -> list[FeedEvent]:
    """Keep the first `max_events - 1` events and add one all-day notice where the cut is."""
    assert meta.max_events is not None
    kept = ordered[: meta.max_events - 1]
    first_dropped = ordered[meta.max_events - 1]
    day = _local_date(first_dropped.start, ZoneInfo(meta.timezone))
    notice = FeedEvent(
        uid=notice_uid("truncated"),
        summary=_TRUNCATED_SUMMARY[meta.lang],
        description=_TRUNCATED_TEXT[meta.lang].format(count=len(kept)),
        url=meta.url,
        start=day,
        end=day,
        all_day=True,
        categories=(),
        status="CONFIRMED",
        sequence=0,
        last_modified=stamp.astimezone(UTC),
        transparent=True,
    )
    return [*kept, notice]


def _omitted_notice(meta: FeedMeta, omitted: Omitted, count: int,
                    stamp: datetime) -> FeedEvent:
    """One all-day notice where the feed stops: at the later cut, else at its first day."""
    head, later, earlier, tail = _OMITTED_TEXT[meta.lang]
    parts = [head.format(count=count)]
    if omitted.later and omitted.resume is not None:
        parts.append(later.format(count=omitted.later, day=_day(omitted.resume, meta.lang)))
    if omitted.earlier:
        parts.append(earlier.format(count=omitted.earlier,
                                    day=_day(omitted.first_kept, meta.lang)))
    parts.append(tail)
    day = omitted.resume if omitted.later and omitted.resume else omitted.first_kept
    return FeedEvent(
        uid=notice_uid("truncated"), summary=_TRUNCATED_SUMMARY[meta.lang],
        description=" ".join(parts), url=meta.url, start=day, end=day, all_day=True,
        categories=(), status="CONFIRMED", sequence=0,
        last_modified=stamp.astimezone(UTC), transparent=True)


def _day(value: date, lang: str) -> str:
    """1 december 2026 / 1 December 2026: the renderer stays free of babel."""
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


def _local_date(value: date | datetime, zone: ZoneInfo) -> date:
    return value.astimezone(zone).date() if isinstance(value, datetime) else value
