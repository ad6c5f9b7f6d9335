"""Planning reminders: turn rules, events and members into outbox rows.

The plan job runs every few minutes and is idempotent. It looks at every reminder
that falls due in a window around `now` — from `grace + LOOKBACK` ago to
`PLAN_AHEAD` ahead — and makes sure the outbox agrees:

- a reminder with no row gets one, keyed `reminder:<occurrence>:r<rule>:u<user>:d<lead>`
  (`INSERT ... ON CONFLICT DO NOTHING`, so two planners add it once). The occurrence
  part carries the event's start date, so a moved event is a new occurrence;
- one that fell due longer than REMINDER_GRACE_DAYS ago is written as `skipped` with
  the reason: the scheduler was down, and a late reminder is worse than none, but an
  administrator must see it was missed (research A6);
- a pending row whose reminder no longer exists (activity cancelled or moved, event
  dropped from the catalogue, member opted out) is `cancelled` with the reason; one
  whose event came back to the same date is revived.

The send time is a local wall time ("09:00" in TIMEZONE) on the day `lead` days
before the event, converted to UTC per reminder with zoneinfo, so it is right on the
days the clocks change (research A8). Dispatch checks once more at send time
(`calendar_app.services.send_check`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from calendar_app.catalogue import ObservanceSpec
from calendar_app.catalogue import between
from calendar_app.config import Settings
from calendar_app.ical import FeedEvent
from calendar_app.ical import FeedMeta
from calendar_app.ical import activity_uid
from calendar_app.ical import observance_uid
from calendar_app.ical import render_single
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import Observance
from calendar_app.models import OutboxMessage
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.organisers import organiser_ids

#: How far back, beyond the grace window, missed reminders are still recorded as skipped.
LOOKBACK = timedelta(days=28)
#: Rows are planned this far ahead, so dispatch can send them on the minute.
PLAN_AHEAD = timedelta(days=1)
LANGS = ("nl", "en")


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

    def feed_event(self, lang: str, stamp: datetime) -> FeedEvent:
        activity = self.activity
        timed = activity is not None and not activity.all_day
        return FeedEvent(
            uid=self.uid, summary=self.titles[lang], description=self.descriptions[lang],
            url=self.url,
            start=activity.start_at if timed and activity else self.start_date,  # type: ignore[arg-type]
            end=activity.end_at if timed and activity else self.end_date,  # type: ignore[arg-type]
            all_day=not timed, categories=self.themes, status="CONFIRMED",
            sequence=activity.sequence if activity else 0,
            last_modified=activity.updated_at if activity else stamp,
            location=(activity.location or None) if activity else None,
            transparent=activity is None)


@dataclass
class PlanReport:
    planned: int = 0
    skipped: int = 0
    cancelled: int = 0
    revived: int = 0
    keys: set[str] = field(default_factory=set)


def send_at(day: date, send_time: str, zone: ZoneInfo) -> datetime:
    """`send_time` ("HH:MM") on `day` in `zone`, as aware UTC."""
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
            titles={lang: spec.name.get(lang) for lang in LANGS},
            descriptions={lang: spec.description.get(lang) for lang in LANGS},
            considerations={lang: spec.considerations.get(lang) if spec.considerations
                            else None for lang in LANGS},
            themes=spec.themes, url=f"{base_url}/observances/{spec.key}",
            evening_before=occurrence.evening_before, observance_key=spec.key,
            known_since=known.get(spec.key)))
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


def published_activities(session: Session, first: date, last: date,
                         zone: ZoneInfo) -> list[Activity]:
    """Published activities starting in `first`..`last` (local days)."""
    low = send_at(first, "00:00", zone) - timedelta(days=1)
    high = send_at(last, "00:00", zone) + timedelta(days=2)
    rows = session.scalars(select(Activity).where(
        Activity.status == "published",
        ((Activity.all_day.is_(True)) & Activity.start_date.between(first, last))
        | ((Activity.all_day.is_(False)) & Activity.start_at.between(low, high))))
    return [row for row in rows if first <= activity_dates(row, zone)[0] <= last]


def covered(rule: ReminderRule, event: Event, workgroup_id: int) -> bool:
    """Does `rule` (of `workgroup_id`) remind about `event`?"""
    if event.activity is not None:
        return rule.covers in ("activities", "all") and workgroup_id in organiser_ids(
            event.activity)
    if rule.covers not in ("observances", "all"):
        return False
    return not rule.themes or not set(rule.themes).isdisjoint(event.themes)


def subscribers(session: Session) -> dict[int, list[tuple[Membership, User]]]:
    """Per workgroup: the active members who did not opt out of its reminders."""
    rows = session.execute(
        select(Membership, User).join(User, User.id == Membership.user_id)
        .where(Membership.reminders_opt_out.is_(False), User.is_active.is_(True),
               Membership.pending.is_(False))
        .order_by(User.id))
    members: dict[int, list[tuple[Membership, User]]] = {}
    for membership, user in rows:
        members.setdefault(membership.workgroup_id, []).append((membership, user))
    return members


def plan_reminders(session: Session, settings: Settings, *, now: datetime) -> PlanReport:
    """Bring the outbox in line with the reminders due around `now` (flushes only)."""
    zone = settings.zone
    grace = timedelta(days=settings.reminder_grace_days)
    low, high = now - grace - LOOKBACK, now + PLAN_AHEAD
    rules = list(session.scalars(select(ReminderRule).order_by(ReminderRule.id)))
    max_lead = max((max(rule.lead_days or [0]) for rule in rules), default=0)
    first = low.astimezone(zone).date()
    last = high.astimezone(zone).date() + timedelta(days=max_lead + 1)
    known = dict(session.execute(select(Observance.key, Observance.created_at)).all())
    events = observance_events(active_specs(session), first, last, settings.base_url, known)
    events += [activity_event(row, zone, settings.base_url)
               for row in published_activities(session, first, last, zone)]
    names = dict(session.execute(select(Workgroup.id, Workgroup.name)).all())
    rows = _wanted_rows(rules, events, subscribers(session), names, settings, now, low, high)
    report = PlanReport(keys={row["dedupe_key"] for row in rows})
    _insert_missing(session, rows, report, now=now, grace=grace)
    _reconcile(session, report, now=now, grace=grace, low=low, high=high)
    session.flush()
    return report


def _wanted_rows(rules: Sequence[ReminderRule], events: Sequence[Event],
                 members: dict[int, list[tuple[Membership, User]]], names: dict[int, str],
                 settings: Settings, now: datetime, low: datetime,
                 high: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    ics_cache: dict[tuple[str, str], str] = {}
    for rule in rules:
        for event in (e for e in events if covered(rule, e, rule.workgroup_id)):
            for lead in sorted(set(rule.lead_days or [])):
                due_at = send_at(event.start_date - timedelta(days=lead), rule.send_time,
                                 settings.zone)
                if not (low <= due_at <= high) or due_at < rule.created_at or (
                        event.known_since is not None and due_at < event.known_since):
                    continue  # not due now, or due before the rule or event existed
                for membership, user in members.get(rule.workgroup_id, []):
                    if membership.created_at > due_at:
                        continue  # joined after it fell due: not a missed reminder
                    rows.append(_row(rule, event, lead, due_at, user, names, settings,
                                     ics_cache, now))
    return rows


def _row(rule: ReminderRule, event: Event, lead: int, due_at: datetime, user: User,
         names: dict[int, str], settings: Settings, ics_cache: dict[tuple[str, str], str],
         now: datetime) -> dict[str, Any]:
    lang = user.lang if user.lang in LANGS else "nl"
    return {
        "dedupe_key": f"reminder:{event.occurrence_id}:r{rule.id}:u{user.id}:d{lead}",
        "kind": "reminder", "recipient_id": user.id, "recipient_email": user.email,
        "lang": lang, "observance_key": event.observance_key,
        "activity_id": event.activity.id if event.activity else None, "rule_id": rule.id,
        "lead_days": lead, "due_at": due_at, "next_attempt_at": due_at,
        "payload": reminder_payload(event, lead, rule.workgroup_id,
                                    names.get(rule.workgroup_id), user, settings,
                                    ics_cache, now),
        "state": "pending", "attempts": 0, "last_error": "", "created_at": now,
    }


def reminder_payload(event: Event, lead: int, workgroup_id: int, workgroup: str | None,
                     user: User, settings: Settings, ics_cache: dict[tuple[str, str], str],
                     now: datetime) -> dict[str, Any]:
    """What a reminder email says (template context, .ics), as of `now`.

    For an activity it records `activity_version`, so the send-time check can tell
    that the activity changed after this was composed (see `SendCheck`).
    """
    lang = user.lang if user.lang in LANGS else "nl"
    if (event.occurrence_id, lang) not in ics_cache:
        meta = FeedMeta(name="Diversiteitskalender", description="", timezone=settings.timezone,
                        include_calname=False, lang=lang)  # type: ignore[arg-type]
        ics_cache[event.occurrence_id, lang] = render_single(
            meta, event.feed_event(lang, now), stamp=now).decode("utf-8")
    context: dict[str, Any] = {
        "title": event.titles[lang], "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date != event.start_date else None,
        "days_ahead": lead, "event_url": event.url, "workgroup": workgroup,
        "description": event.descriptions[lang], "considerations": event.considerations[lang],
        "evening_before": event.evening_before,
    }
    payload: dict[str, Any] = {
        "context": context, "to_name": user.name, "ics": ics_cache[event.occurrence_id, lang],
        "workgroup_id": workgroup_id, "start_date": event.start_date.isoformat()}
    activity = event.activity
    if activity is not None:
        if not activity.all_day and activity.start_at is not None:
            context["start_time"] = activity.start_at.astimezone(settings.zone).strftime("%H:%M")
        if activity.location:
            context["location"] = activity.location
        payload["activity_version"] = activity_version(activity)
    return payload


def activity_version(activity: Activity) -> str:
    """A fingerprint of everything about an activity that a reminder shows.

    Its `sequence` and `updated_at` are included, but the fields themselves too, so
    an edit that forgets to bump them is still noticed.
    """
    fields = [activity.title, activity.description, activity.location, activity.all_day,
              activity.start_date, activity.end_date, activity.start_at, activity.end_at,
              sorted(activity.themes or ()), activity.sequence, activity.updated_at]
    text = json.dumps([_plain(value) for value in fields], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _insert_missing(session: Session, rows: list[dict[str, Any]], report: PlanReport, *,
                    now: datetime, grace: timedelta) -> None:
    existing = existing_rows(session, [row["dedupe_key"] for row in rows])
    fresh = [row for row in rows if row["dedupe_key"] not in existing]
    for row in fresh:
        if row["due_at"] < now - grace:
            row["state"] = "skipped"
            row["last_error"] = (f"fell due {row['due_at']:%Y-%m-%d %H:%M} UTC while the "
                                 f"scheduler was not running; beyond the grace window of "
                                 f"{grace.days} day(s)")
            report.skipped += 1
        else:
            report.planned += 1
    insert_ignoring_duplicates(session, fresh)
    for row_id, state, reason in existing.values():
        if state == "cancelled" and reason.startswith(GONE):
            message = session.get(OutboxMessage, row_id)
            if message is not None and message.due_at >= now - grace:
                message.state, message.last_error = "pending", ""
                report.revived += 1


def insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING: concurrent planners add a row once."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(rows), 500):
        statement = insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
        session.execute(statement, rows[start:start + 500])


def existing_rows(session: Session, keys: list[str]) -> dict[str, tuple[int, str, str]]:
    found: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        for row_id, key, state, reason in session.execute(select(
                OutboxMessage.id, OutboxMessage.dedupe_key, OutboxMessage.state,
                OutboxMessage.last_error).where(OutboxMessage.dedupe_key.in_(chunk))):
            found[key] = (row_id, state, reason)
    return found


#: Starts the reason of a row cancelled because its reminder is gone (it may be revived).
GONE = "no longer due:"


def _reconcile(session: Session, report: PlanReport, *, now: datetime, grace: timedelta,
               low: datetime, high: datetime) -> None:
    """Cancel pending reminders that the current rules, events and members no longer call for."""
    pending = session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "reminder", OutboxMessage.state == "pending",
        OutboxMessage.due_at >= max(low, now - grace), OutboxMessage.due_at <= high))
    for row in pending:
        if row.dedupe_key in report.keys:
            continue
        row.state = "cancelled"
        row.last_error = f"{GONE} {_why_gone(session, row)}"
        report.cancelled += 1


def _why_gone(session: Session, row: OutboxMessage) -> str:
    if row.activity_id is not None:
        activity = session.get(Activity, row.activity_id)
        if activity is None or activity.status != "published":
            return f"the activity is {activity.status if activity else 'deleted'}"
        return "the activity moved to another date"
    if row.observance_key is not None and session.scalar(select(Observance.retired_at).where(
            Observance.key == row.observance_key)) is not None:
        return "the observance left the catalogue"
    return "the event moved, the rule changed or the member unsubscribed or left"
