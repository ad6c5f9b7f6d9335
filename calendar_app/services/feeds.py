"""What goes into a feed: the one query for published data, mapped onto feed events.

Every public feed, filtered or named, goes through `feed_events`, which only ever
selects published activities (and cancelled ones for 30 days, so subscribers see the
cancellation). Proposed and declined activities appear only in a workgroup's internal
feed, reached with its secret token.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from calendar_app.catalogue import Translated
from calendar_app.catalogue import between
from calendar_app.catalogue import parse_observance
from calendar_app.config import Settings
from calendar_app.ical import uids
from calendar_app.ical.model import FeedEvent
from calendar_app.ical.model import FeedMeta
from calendar_app.ical.model import Omitted
from calendar_app.markdown_text import markdown_to_text
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import ProgrammeItem
from calendar_app.models import Workgroup
from calendar_app.models.activities import PUBLIC_STATUSES
from calendar_app.services import feed_selection
from calendar_app.services.activity_sql import has_any_theme
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.organisers import organised_by
from calendar_app.services.organisers import organised_by_slug

CANCELLED_KEPT = timedelta(days=30)
#: Activity ids per programme query (SQLite allows a few thousand bound values).
PROGRAMME_SLICE = 500
TYPES = ("observance", "activity")


@dataclass(frozen=True)
class FeedQuery:
    """Which events a feed holds; hashable, so it can key a cache."""

    themes: tuple[str, ...] = ()
    types: tuple[str, ...] = TYPES
    workgroup: str | None = None
    lang: str = "nl"
    #: Set for a workgroup's internal feed: its proposals are included.
    internal_workgroup_id: int | None = None


@dataclass(frozen=True)
class Links:
    """Absolute URLs of the pages events link to; the web layer knows its routes."""

    home: str
    observance: Callable[[str], str]
    activity: Callable[[str], str]


def window(settings: Settings, today: date) -> tuple[date, date]:
    return (today - relativedelta(months=settings.feed_past_months),
            today + relativedelta(months=settings.feed_future_months))


@dataclass(frozen=True)
class FeedContent:
    """The events of one feed and, when it was capped, what it left out."""

    events: list[FeedEvent]
    omitted: Omitted | None = None


def feed_content(session: Session, query: FeedQuery, *, settings: Settings, today: date,
                 now: datetime, links: Links) -> FeedContent:
    """The events of one feed, for the window around `today`, at most FEED_MAX_EVENTS.

    Over the cap, the upcoming events come first, then the recent past (see
    services/feed_selection.py); the renderer adds the notice `omitted` describes.
    """
    first, last = window(settings, today)
    labels = active_themes(session)
    observances: list[FeedEvent] = []
    if "observance" in query.types:
        observances = _observance_events(session, query, first, last, labels, links)
    if "activity" not in query.types:
        return FeedContent(observances)  # the renderer cuts a catalogue over its cap
    chosen = feed_selection.select_for_feed(
        session, _activity_select(query, first, last, now), observances,
        cap=settings.feed_max_events, today=today, zone=settings.zone)
    programmes = _programmes(session, [row.id for row in chosen.rows])
    events = chosen.observances + [
        _activity_event(row, programmes.get(row.id, ()), labels, links, query.lang,
                        settings.zone) for row in chosen.rows]
    return FeedContent(events, chosen.omitted)


def feed_events(session: Session, query: FeedQuery, *, settings: Settings, today: date,
                now: datetime, links: Links) -> list[FeedEvent]:
    """The events of `feed_content`, without what was left out."""
    return feed_content(session, query, settings=settings, today=today, now=now,
                        links=links).events


def _observance_events(session: Session, query: FeedQuery, first: date, last: date,
                       labels: dict[str, Translated], links: Links) -> list[FeedEvent]:
    rows = {row.key: row for row in session.scalars(
        select(Observance).where(Observance.retired_at.is_(None)))}
    specs = [parse_observance(key, row.record) for key, row in rows.items()]
    if query.themes:
        specs = [spec for spec in specs if not set(query.themes).isdisjoint(spec.themes)]
    by_key = {spec.key: spec for spec in specs}
    lang = query.lang
    events = []
    for occurrence in between(specs, first, last):
        spec, row = by_key[occurrence.key], rows[occurrence.key]
        assert occurrence.start is not None and occurrence.end is not None
        text = [spec.description.get(lang)]
        if occurrence.evening_before:
            text.append("Begint de avond ervoor." if lang == "nl"
                        else "Begins the evening before.")
        if spec.considerations:
            text.append(spec.considerations.get(lang))
        events.append(FeedEvent(
            uid=uids.observance_uid(spec.key, occurrence.year, occurrence.index),
            summary=spec.name_in(occurrence.year).get(lang), description="\n\n".join(text),
            url=links.observance(spec.key), start=occurrence.start, end=occurrence.end,
            all_day=True, categories=_labels(spec.themes, labels, lang), status="CONFIRMED",
            sequence=row.sequence, last_modified=row.updated_at, created=row.created_at,
            transparent=True))
    return events


#: What a feed event needs of an activity; loaded as plain rows, not ORM objects, because
#: the city-wide feed maps thousands of them on a cold build.
ACTIVITY_COLUMNS = (
    Activity.id, Activity.public_id, Activity.title, Activity.description, Activity.all_day,
    Activity.start_date, Activity.end_date, Activity.start_at, Activity.end_at,
    Activity.location, Activity.online_url, Activity.themes, Activity.status,
    Activity.sequence, Activity.updated_at, Activity.created_at)


def _programmes(session: Session, ids: list[int]) -> dict[int, list[ProgrammeItem]]:
    """The programme items of the activities `ids`, in slices the engines accept."""
    items: dict[int, list[ProgrammeItem]] = {}
    for offset in range(0, len(ids), PROGRAMME_SLICE):
        for item in session.scalars(
                select(ProgrammeItem)
                .where(ProgrammeItem.activity_id.in_(ids[offset:offset + PROGRAMME_SLICE]))
                .order_by(ProgrammeItem.start_at, ProgrammeItem.id)):
            items.setdefault(item.activity_id, []).append(item)
    return items


def _activity_select(query: FeedQuery, first: date, last: date,
                     now: datetime) -> Select[*tuple[Any, ...]]:
    """Published activities (internal feed: also proposed) overlapping the window."""
    statuses = PUBLIC_STATUSES
    if query.internal_workgroup_id is not None:
        statuses = ("proposed", *PUBLIC_STATUSES)
    first_at = datetime.combine(first, datetime.min.time(), tzinfo=now.tzinfo)
    last_at = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    statement = (
        select(*ACTIVITY_COLUMNS)
        .where(Activity.status.in_(statuses))
        .where(or_(Activity.status != "cancelled", Activity.cancelled_at >= now - CANCELLED_KEPT))
        .where(or_(
            (Activity.all_day.is_(True)) & (Activity.end_date >= first)
            & (Activity.start_date <= last),
            (Activity.all_day.is_(False)) & (Activity.end_at >= first_at)
            & (Activity.start_at < last_at)))
        .order_by(Activity.id))
    if query.themes:
        statement = statement.where(has_any_theme(query.themes))
    # A workgroup's feeds hold what it organises, co-organised activities included;
    # the condition stays in SQL (an EXISTS), so the database selects and limits.
    if query.internal_workgroup_id is not None:
        statement = statement.where(organised_by(query.internal_workgroup_id))
    elif query.workgroup:
        statement = statement.where(organised_by_slug(query.workgroup))
    return statement


#: The VEVENT STATUS of an activity's status; anything else (proposed) is TENTATIVE.
_EVENT_STATUS = {"published": "CONFIRMED", "cancelled": "CANCELLED"}


def _activity_event(activity: Any, programme: Sequence[ProgrammeItem],
                    labels: dict[str, Translated], links: Links, lang: str,
                    zone: ZoneInfo) -> FeedEvent:
    """`activity` is an Activity or a row of ACTIVITY_COLUMNS."""
    status = _EVENT_STATUS.get(activity.status, "TENTATIVE")
    if activity.all_day:
        start: date | datetime = activity.start_date
        end: date | datetime = activity.end_date
    else:
        start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
    location = ", ".join(part for part in (activity.location, activity.online_url) if part)
    return FeedEvent(
        uid=uids.activity_uid(activity.public_id), summary=activity.title,
        description=_activity_text(activity, programme, lang, zone),
        url=links.activity(activity.public_id), start=start, end=end,
        all_day=activity.all_day, categories=_labels(activity.themes, labels, lang),
        status=status,  # type: ignore[arg-type]
        sequence=activity.sequence, last_modified=activity.updated_at,
        created=activity.created_at, location=location or None, transparent=False)


def _activity_text(activity: Any, programme: Sequence[ProgrammeItem], lang: str,
                   zone: ZoneInfo) -> str:
    parts = [markdown_to_text(activity.description)]
    if activity.online_url:
        parts.append(f"Online: {activity.online_url}")
    if programme:
        heading = "Programme:" if lang == "en" else "Programma:"
        lines = [heading] + [
            f"{item.start_at.astimezone(zone):%H:%M}–{item.end_at.astimezone(zone):%H:%M} "
            f"{item.title}" + (f" ({item.room or item.online_url})"
                               if item.room or item.online_url else "")
            + (f", {item.host}" if item.host else "")
            for item in programme]
        parts.append("\n".join(lines))
    return "\n\n".join(part for part in parts if part)


def _labels(themes: tuple[str, ...] | list[str], labels: dict[str, Translated],
            lang: str) -> tuple[str, ...]:
    return tuple(labels[theme].get(lang) for theme in themes if theme in labels)


def feed_meta(session: Session, query: FeedQuery, *, settings: Settings,
              links: Links) -> FeedMeta:
    """The calendar's name and description, naming its filters."""
    nl = query.lang != "en"
    labels = active_themes(session)
    parts = [labels[theme].get(query.lang) for theme in query.themes if theme in labels]
    if query.internal_workgroup_id is not None:
        workgroup = session.get(Workgroup, query.internal_workgroup_id)
        parts.append(f"{workgroup.name if workgroup else ''} ({'intern' if nl else 'internal'})")
    elif query.workgroup:
        workgroup = session.scalar(select(Workgroup).where(Workgroup.slug == query.workgroup))
        parts.append(workgroup.name if workgroup else query.workgroup)
    if query.types == ("observance",):
        parts.append("themadagen" if nl else "observances")
    elif query.types == ("activity",):
        parts.append("activiteiten" if nl else "activities")
    # Parts are joined without commas: X-WR-CALNAME is not a standard TEXT property,
    # so some readers (ical.js, the parser inside Thunderbird) show its "\," escape as is.
    name = " – ".join(["Diversiteitskalender", *parts])
    description = (
        "Themadagen en activiteiten van de werkgroepen inclusie van de gemeente Amsterdam"
        if nl else
        "Observances and activities of the City of Amsterdam's inclusion workgroups")
    return FeedMeta(name=name, description=description, timezone=settings.timezone,
                    lang="en" if not nl else "nl", url=links.home,
                    max_events=settings.feed_max_events)


def public_workgroups(session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every workgroup, by name: each has a public feed of its own."""
    return [(row.slug, row.name) for row in session.execute(
        select(Workgroup.slug, Workgroup.name).order_by(Workgroup.name, Workgroup.slug))]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(session: Session, workgroup: Workgroup) -> str:
    """A new secret token for the workgroup's internal feed; the old one stops working.

    Only the hash is stored, so a leaked database does not leak the feed addresses.
    """
    token = secrets.token_urlsafe(32)
    workgroup.feed_token_hash = hash_token(token)
    session.flush()
    return token


def workgroup_for_token(session: Session, token: str) -> Workgroup | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(select(Workgroup).where(Workgroup.feed_token_hash == hash_token(token)))


def _single_meta(settings: Settings, lang: str, name: str) -> FeedMeta:
    return FeedMeta(name=name, description=name, timezone=settings.timezone,
                    include_calname=False, lang="en" if lang == "en" else "nl")


def single_activity_event(session: Session, public_id: str, *, settings: Settings,
                          links: Links, lang: str) -> tuple[FeedMeta, FeedEvent] | None:
    """One published (or cancelled) activity as a download; None for anything else."""
    activity = session.scalar(
        select(Activity).where(Activity.public_id == public_id,
                               Activity.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Activity.programme)))
    if activity is None:
        return None
    event = _activity_event(activity, activity.programme, active_themes(session), links, lang,
                            settings.zone)
    return _single_meta(settings, lang, activity.title), event


def single_observance_event(session: Session, key: str, year: int, index: int, *,
                            settings: Settings, links: Links,
                            lang: str) -> tuple[FeedMeta, FeedEvent] | None:
    """One dated occurrence of an observance as a download; None when there is none."""
    row = session.scalar(select(Observance).where(
        Observance.key == key, Observance.retired_at.is_(None)))
    if row is None or not 1900 <= year <= 2200 or index < 1:
        return None
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = FeedQuery(lang=lang, types=("observance",))
    events = [event for event in _observance_events(
                  session, query, first, last, active_themes(session), links)
              if event.uid == uids.observance_uid(key, year, index)]
    if not events:
        return None
    return _single_meta(settings, lang, events[0].summary), events[0]
