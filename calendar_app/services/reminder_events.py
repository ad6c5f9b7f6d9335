"""What a reminder is about and what it says: dated events and their mail content.

`Event` is one dated occurrence (an observance of the catalogue or a published
activity); `item_context` is what one reminder mail says about it, in one language:
what a team can do (the observance's suggestions and planning considerations), and
for an activity its start and end, place, online link, programme and accessibility.
Descriptions are Markdown for activities: the text part gets `markdown_to_text`, the
HTML part `markdown_to_html` (`calendar_app.markdown_text`), never the raw source.

Everything here is a pure function of its inputs (plus the catalogue rules), so the
planner can compose an item once per event and language and reuse it for every
member (the scale stream's incremental planning relies on that).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from calendar_app.catalogue import ObservanceSpec
from calendar_app.catalogue import between
from calendar_app.config import Settings
from calendar_app.ical import FeedEvent
from calendar_app.ical import FeedMeta
from calendar_app.ical import activity_uid
from calendar_app.ical import observance_uid
from calendar_app.ical import render_single
from calendar_app.markdown_text import markdown_to_html
from calendar_app.markdown_text import markdown_to_text
from calendar_app.models import Activity

LANGS = ("nl", "en")
#: The accessibility keys an activity may carry, in the order a mail lists them.
ACCESS_KEYS = ("wheelchair", "sign-language", "captions", "quiet-room")


@dataclass(frozen=True)
class Event:
    """One dated occurrence a reminder can be about (an observance or an activity)."""

    occurrence_id: str
    uid: str
    start_date: date
    end_date: date
    titles: dict[str, str]
    descriptions: dict[str, str]
    considerations: dict[str, str | None]
    themes: tuple[str, ...]
    url: str
    evening_before: bool = False
    observance_key: str | None = None
    activity: Activity | None = None
    #: Since when the product knew of the event: a reminder due before that was not missed.
    known_since: datetime | None = None
    #: "major" or "awareness" for an observance (its lead times differ); None for activities.
    importance: str | None = None
    #: What a team can do, per language (observances).
    suggestions: dict[str, tuple[str, ...]] | None = None

    def feed_event(self, lang: str, stamp: datetime) -> FeedEvent:
        activity = self.activity
        timed = activity is not None and not activity.all_day
        return FeedEvent(
            uid=self.uid, summary=self.titles[lang],
            description=markdown_to_text(self.descriptions[lang]), url=self.url,
            start=activity.start_at if timed and activity else self.start_date,  # type: ignore[arg-type]
            end=activity.end_at if timed and activity else self.end_date,  # type: ignore[arg-type]
            all_day=not timed, categories=self.themes, status="CONFIRMED",
            sequence=activity.sequence if activity else 0,
            last_modified=activity.updated_at if activity else stamp,
            location=(activity.location or None) if activity else None,
            transparent=activity is None)


@lru_cache(maxsize=8192)
def send_at(day: date, send_time: str, zone: ZoneInfo) -> datetime:
    """`send_time` ("HH:MM") on `day` in `zone`, as aware UTC (cached: planning asks
    for the same few days and times thousands of times a pass)."""
    hours, minutes = (int(part) for part in send_time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone).astimezone(UTC)


def observance_events(specs: Iterable[ObservanceSpec], first: date, last: date,
                      base_url: str, known: dict[str, datetime] | None = None) -> list[Event]:
    """Observance occurrences starting in `first`..`last`."""
    by_key = {spec.key: spec for spec in specs}
    known = known or {}
    events = []
    for occurrence in between(list(by_key.values()), first, last):
        if occurrence.start is None or occurrence.end is None or occurrence.start < first:
            continue
        spec = by_key[occurrence.key]
        events.append(Event(
            occurrence_id=f"obs:{spec.key}:{occurrence.start.isoformat()}",
            uid=observance_uid(spec.key, occurrence.year, occurrence.index),
            start_date=occurrence.start, end_date=occurrence.end,
            titles={lang: spec.name_in(occurrence.year).get(lang) for lang in LANGS},
            descriptions={lang: spec.description.get(lang) for lang in LANGS},
            considerations={lang: spec.considerations.get(lang) if spec.considerations
                            else None for lang in LANGS},
            themes=spec.themes, url=f"{base_url}/observances/{spec.key}",
            evening_before=occurrence.evening_before, observance_key=spec.key,
            known_since=known.get(spec.key), importance=spec.importance,
            suggestions={lang: tuple(item.get(lang) for item in spec.suggestions)
                         for lang in LANGS}))
    return events


def activity_dates(activity: Activity, zone: ZoneInfo) -> tuple[date, date]:
    """First and last local day of an activity."""
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        return activity.start_date, activity.end_date
    assert activity.start_at is not None and activity.end_at is not None
    return activity.start_at.astimezone(zone).date(), activity.end_at.astimezone(zone).date()


def activity_event(activity: Activity, zone: ZoneInfo, base_url: str) -> Event:
    start, end = activity_dates(activity, zone)
    return Event(
        occurrence_id=f"act:{activity.public_id}:{start.isoformat()}",
        uid=activity_uid(activity.public_id), start_date=start, end_date=end,
        titles=dict.fromkeys(LANGS, activity.title),
        descriptions=dict.fromkeys(LANGS, activity.description),
        considerations=dict.fromkeys(LANGS), themes=tuple(activity.themes or ()),
        url=f"{base_url}/activities/{activity.public_id}", activity=activity,
        known_since=activity.created_at)


def published_activities(session: Session, first: date, last: date, zone: ZoneInfo,
                         *options: ORMOption) -> list[Activity]:
    """Published activities starting in `first`..`last` (local days), loaded with
    `options` (say, their co-organisers)."""
    low = send_at(first, "00:00", zone) - timedelta(days=1)
    high = send_at(last, "00:00", zone) + timedelta(days=2)
    rows = session.scalars(select(Activity).options(*options).where(
        Activity.status == "published",
        ((Activity.all_day.is_(True)) & Activity.start_date.between(first, last))
        | ((Activity.all_day.is_(False)) & Activity.start_at.between(low, high))))
    return [row for row in rows if first <= activity_dates(row, zone)[0] <= last]


def item_context(event: Event, days_ahead: int, lang: str, zone: ZoneInfo) -> dict[str, Any]:
    """What a reminder mail says about one event, in `lang` (template context)."""
    description = event.descriptions[lang] or ""
    context: dict[str, Any] = {
        "title": event.titles[lang], "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date != event.start_date else None,
        "days_ahead": days_ahead, "event_url": event.url,
        "description": markdown_to_text(description) if event.activity else description,
        "considerations": event.considerations[lang], "evening_before": event.evening_before,
        "suggestions": list(event.suggestions[lang]) if event.suggestions else [],
    }
    if event.activity is not None:
        context["description_html"] = markdown_to_html(description)
        context.update(_activity_facts(event.activity, zone))
    return context


def _activity_facts(activity: Activity, zone: ZoneInfo) -> dict[str, Any]:
    """Start and end, place, online link, programme and accessibility of an activity."""
    facts: dict[str, Any] = {}
    if not activity.all_day and activity.start_at is not None and activity.end_at is not None:
        start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
        facts["start_time"] = start.strftime("%H:%M")
        facts["end_time"] = end.strftime("%H:%M")
        if end.date() != start.date():
            facts["end_date"] = end.date().isoformat()
    if activity.location:
        facts["location"] = activity.location
    if activity.online_url:
        facts["online_url"] = activity.online_url
    facts["programme"] = [{
        "start": item.start_at.astimezone(zone).strftime("%H:%M"),
        "end": item.end_at.astimezone(zone).strftime("%H:%M"), "title": item.title,
        "place": item.room or "", "host": item.host or "", "online_url": item.online_url or "",
    } for item in activity.programme]
    access = activity.accessibility or {}
    facts["accessibility"] = [key for key in ACCESS_KEYS if access.get(key)]
    facts["accessibility_other"] = str(access.get("other") or "") or None
    return facts


def event_ics(event: Event, lang: str, settings: Settings, now: datetime) -> str:
    """The event as a one-event .ics (METHOD:PUBLISH) for a reminder about it alone."""
    meta = FeedMeta(name="Diversiteitskalender", description="", timezone=settings.timezone,
                    include_calname=False, lang=lang)  # type: ignore[arg-type]
    return render_single(meta, event.feed_event(lang, now), stamp=now).decode("utf-8")


def activity_version(activity: Activity) -> str:
    """A fingerprint of everything about an activity that a reminder shows.

    Its `sequence` and `updated_at` are included, but the fields themselves too, so
    an edit that forgets to bump them is still noticed.
    """
    fields = [activity.title, activity.description, activity.location, activity.all_day,
              activity.start_date, activity.end_date, activity.start_at, activity.end_at,
              sorted(activity.themes or ()), activity.sequence, activity.updated_at,
              activity.online_url, activity.accessibility]
    text = json.dumps([_plain(value) for value in fields], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
