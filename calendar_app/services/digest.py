"""The weekly digest: the coming four weeks, one e-mail per subscribed member.

DIGEST_AT ("monday 08:00") is a local wall time; the latest such moment at or
before `now` is converted to UTC with zoneinfo, like reminders (no cron trigger
across clock changes, research A8). Planning is idempotent by the key
`digest:<local date>:u<user>`; a digest that fell due while the scheduler was down is
still sent within the grace window and skipped after it, like any reminder.

A member gets the digest when at least one of their memberships is in mode "digest";
it lists the coming observances and the activities of those workgroups, minus what an
individual reminder (from a workgroup in mode "individual") tells them that same day.
The digest's unsubscribe link sets every membership to "none".
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.organisers import organiser_ids
from calendar_app.services.outbox_insert import insert_new
from calendar_app.services.reminder_rules import all_leads
from calendar_app.services.reminders import activity_event
from calendar_app.services.reminders import observance_events
from calendar_app.services.reminders import published_activities
from calendar_app.services.reminders import send_at
from calendar_app.services.reminders import subscribers
from calendar_app.services.reminders import wanted_items
from calendar_app.services.reminders import window_events

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIOD = timedelta(weeks=4)


def latest_digest_at(settings: Settings, now: datetime) -> tuple[date, datetime]:
    """The local date and UTC instant of the most recent digest moment at or before `now`."""
    day_name, clock = settings.digest_at.split()
    weekday = DAYS.index(day_name)
    today = now.astimezone(settings.zone).date()
    day = today - timedelta(days=(today.weekday() - weekday) % 7)
    moment = send_at(day, clock, settings.zone)
    if moment > now:
        day -= timedelta(weeks=1)
        moment = send_at(day, clock, settings.zone)
    return day, moment


def plan_digests(session: Session, settings: Settings, *, now: datetime) -> int:
    """Add this week's digest rows that are missing; the number of rows added (flushes)."""
    day, due_at = latest_digest_at(settings, now)
    if due_at < now - timedelta(days=settings.reminder_grace_days):
        return 0
    last = day + PERIOD - timedelta(days=1)
    members = _subscribed(session)
    if not members:
        return 0
    items = _observance_items(session, settings, day, last)
    activities = _activity_items(session, settings, day, last)
    reminded = _reminded_today(session, settings, day, due_at, {user.id for user, _ in members})
    rows = []
    for user, workgroups in members:
        own = [item for organisers, item in activities if not organisers.isdisjoint(workgroups)]
        lang = user.lang if user.lang in ("nl", "en") else "nl"
        # What an individual reminder (from a workgroup where the member chose those)
        # says that same day is left out: never both for one occurrence on one day.
        skip = reminded.get(user.id, set())
        merged = sorted((item for item in items[lang] + own
                         if item["occurrence_id"] not in skip),
                        key=lambda item: (item["start_date"], item["title"]))
        rows.append({
            "dedupe_key": f"digest:{day.isoformat()}:u{user.id}", "kind": "digest",
            "recipient_id": user.id, "recipient_email": user.email, "lang": lang,
            "due_at": due_at, "next_attempt_at": due_at, "state": "pending", "attempts": 0,
            "last_error": "", "created_at": now,
            "payload": {"to_name": user.name, "context": {
                "items": merged, "period_start": day.isoformat(),
                "period_end": last.isoformat()}},
        })
    fresh = insert_new(session, rows)
    session.flush()
    return len(fresh)


def _subscribed(session: Session) -> list[tuple[User, dict[int, str]]]:
    rows = session.execute(
        select(User, Workgroup.id, Workgroup.name)
        .join(Membership, Membership.user_id == User.id)
        .join(Workgroup, Workgroup.id == Membership.workgroup_id)
        .where(Membership.reminder_mode == "digest", User.is_active.is_(True),
               Membership.pending.is_(False))
        .order_by(User.id))
    members: dict[int, tuple[User, dict[int, str]]] = {}
    for user, workgroup_id, name in rows:
        members.setdefault(user.id, (user, {}))[1][workgroup_id] = name
    return list(members.values())


def _observance_items(session: Session, settings: Settings, first: date,
                      last: date) -> dict[str, list[dict[str, Any]]]:
    events = observance_events(active_specs(session), first, last, settings.base_url)
    return {lang: [{
        "occurrence_id": event.occurrence_id, "title": event.titles[lang],
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date != event.start_date else None,
        "event_url": event.url, "evening_before": event.evening_before,
    } for event in events] for lang in ("nl", "en")}


def _activity_items(session: Session, settings: Settings, first: date,
                    last: date) -> list[tuple[set[int], dict[str, Any]]]:
    items = []
    names = dict(session.execute(select(Workgroup.id, Workgroup.name)).all())
    for activity in published_activities(session, first, last, settings.zone):
        event = activity_event(activity, settings.zone, settings.base_url)
        items.append((organiser_ids(activity), {
            "occurrence_id": event.occurrence_id, "title": activity.title,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat() if event.end_date != event.start_date
            else None, "event_url": event.url, "workgroup": names.get(activity.workgroup_id),
        }))
    return items


def _reminded_today(session: Session, settings: Settings, day: date, due_at: datetime,
                    users: set[int]) -> dict[int, set[str]]:
    """Per member: the occurrences an individual reminder tells them of on `day`."""
    rules = list(session.scalars(select(ReminderRule)))
    if not rules or not users:
        return {}
    max_lead = max((max(all_leads(rule) or [0]) for rule in rules), default=0)
    events = window_events(session, settings, day, day + timedelta(days=max_lead + 1))
    members = {workgroup_id: [(m, u) for m, u in pairs if u.id in users]
               for workgroup_id, pairs in subscribers(session).items()}
    first = send_at(day, "00:00", settings.zone)
    items = wanted_items(rules, events, members, settings, first,
                         first + timedelta(days=1) - timedelta(seconds=1))
    reminded: dict[int, set[str]] = {}
    for item in items:
        reminded.setdefault(item.user.id, set()).add(item.event.occurrence_id)
    return reminded
