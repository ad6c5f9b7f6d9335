"""The weekly digest: the coming four weeks, one e-mail per subscribed member.

DIGEST_AT ("monday 08:00") is a local wall time; the latest such moment at or
before `now` is converted to UTC with zoneinfo, like reminders (no cron trigger
across clock changes, research A8). Planning is idempotent by the key
`digest:<local date>:u<user>`; a digest that fell due while the scheduler was down is
still sent within the grace window and skipped after it, like any reminder.

A member is subscribed when at least one of their memberships is not opted out; the
digest's unsubscribe link opts them out of every workgroup.
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
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.organisers import organiser_ids
from calendar_app.services.reminders import activity_event
from calendar_app.services.reminders import existing_rows
from calendar_app.services.reminders import insert_ignoring_duplicates
from calendar_app.services.reminders import observance_events
from calendar_app.services.reminders import published_activities
from calendar_app.services.reminders import send_at

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
    rows = []
    for user, workgroups in members:
        own = [item for organisers, item in activities if not organisers.isdisjoint(workgroups)]
        lang = user.lang if user.lang in ("nl", "en") else "nl"
        merged = sorted(items[lang] + own, key=lambda item: (item["start_date"], item["title"]))
        rows.append({
            "dedupe_key": f"digest:{day.isoformat()}:u{user.id}", "kind": "digest",
            "recipient_id": user.id, "recipient_email": user.email, "lang": lang,
            "due_at": due_at, "next_attempt_at": due_at, "state": "pending", "attempts": 0,
            "last_error": "", "created_at": now,
            "payload": {"to_name": user.name, "context": {
                "items": merged, "period_start": day.isoformat(),
                "period_end": last.isoformat()}},
        })
    existing = existing_rows(session, [str(row["dedupe_key"]) for row in rows])
    fresh = [row for row in rows if row["dedupe_key"] not in existing]
    insert_ignoring_duplicates(session, fresh)
    session.flush()
    return len(fresh)


def _subscribed(session: Session) -> list[tuple[User, dict[int, str]]]:
    rows = session.execute(
        select(User, Workgroup.id, Workgroup.name)
        .join(Membership, Membership.user_id == User.id)
        .join(Workgroup, Workgroup.id == Membership.workgroup_id)
        .where(Membership.reminders_opt_out.is_(False), User.is_active.is_(True),
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
        "title": event.titles[lang], "start_date": event.start_date.isoformat(),
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
            "title": activity.title, "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat() if event.end_date != event.start_date
            else None, "event_url": event.url, "workgroup": names.get(activity.workgroup_id),
        }))
    return items
