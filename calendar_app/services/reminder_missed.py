"""Reminders that fell due beyond the grace window: slim skipped rows, composed on retry.

A planning pass after a long stop (or, in the benchmark, a pass a week after the last)
finds thousands of reminders that were missed. They are never sent as they are, so
their row holds only what placing them once and the admin outbox need: each item's
state (key, due time, start date, observance or activity) and the titles. Composing
their content and calendar for every missed reminder was most of a planning pass.

Only when an administrator tries such a row again (`outbox_admin.retry_row`) is its
payload composed, with the content as it is now (`full_payload`), so the mail that
then goes out is the same as a reminder planned in time.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.reminder_events import Event
from calendar_app.services.reminder_events import activity_event
from calendar_app.services.reminder_events import event_ics
from calendar_app.services.reminder_events import item_context
from calendar_app.services.reminder_events import observance_events
from calendar_app.services.reminder_rows import batch_payload

#: Marks a payload that holds the items' state and titles but no composed content.
SLIM = "missed"


def slim_payload(to_name: str, workgroup_id: int, workgroup: str | None,
                 entries: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    """The payload of a skipped row: (state, title) per item, soonest first."""
    entries = sorted(entries, key=lambda pair: (pair[0]["start_date"], pair[1]))
    return {"to_name": to_name, "workgroup_id": workgroup_id, "workgroup": workgroup,
            "start_date": min(state["start_date"] for state, _title in entries),
            "due": [state for state, _title in entries],
            "titles": [title for _state, title in entries], "composed": SLIM}


def is_slim(payload: dict[str, Any] | None) -> bool:
    return bool(payload) and (payload or {}).get("composed") == SLIM


def full_payload(session: Session, settings: Settings, row: OutboxMessage,
                 now: datetime) -> dict[str, Any] | None:
    """The slim row's payload composed as planning would now; None if no item stands.

    An item whose event is gone is left out; `SendCheck` looks again at send time.
    """
    payload = dict(row.payload or {})
    user = session.get(User, row.recipient_id) if row.recipient_id else None
    if user is None:
        return None
    entries, events = [], []
    for state in payload.get("due") or []:
        event = _event(session, settings, state)
        if event is not None:
            entries.append((state, item_context(event, int(state.get("days_ahead") or 0),
                                                row.lang, settings.zone)))
            events.append(event)
    if not entries:
        return None
    workgroup_id = int(payload.get("workgroup_id") or 0)
    name = session.scalar(select(Workgroup.name).where(Workgroup.id == workgroup_id))
    ics = event_ics(events[0], row.lang, settings, now) if len(events) == 1 else None
    full = batch_payload(user, workgroup_id, name, entries, ics)
    full["to_name"] = payload.get("to_name", user.name)
    return full


def _event(session: Session, settings: Settings, state: dict[str, Any]) -> Event | None:
    start = date.fromisoformat(str(state["start_date"]))
    if state.get("activity_id"):
        activity = session.get(Activity, int(state["activity_id"]))
        if activity is None or activity.status != "published":
            return None
        event = activity_event(activity, settings.zone, settings.base_url)
        return event if event.start_date == start else None
    key = state.get("observance_key")
    known = dict(session.execute(select(Observance.key, Observance.created_at).where(
        Observance.key == key)).all())
    specs = [spec for spec in active_specs(session) if spec.key == key]
    return next((event for event in observance_events(specs, start, start, settings.base_url,
                                                      known)
                 if event.start_date == start), None)
