"""What a reminder mail says, made when the mail is composed, not when it is planned.

A reminder row stores only its items (`payload["due"]`: which event, which lead time,
which version of the activity) and to whom it goes. Its content — each event's title,
dates, suggestions, place, programme, the .ics of a mail about one event — is made by
whoever composes the mail: the prepare job, dispatch for a row nobody prepared, the
admin outbox page. `ReminderContent` builds it from the events as they are then, once
per event, lead time and language for all the rows composed together.

Why not at planning: a pass writes a row per member, and every member of a workgroup
gets the same content. Until December 2026 each row stored the .ics (some 900 bytes)
and then each item's content (about 1,600 of a row's 2,000 bytes): planning a year of
weekly passes for 2,000 members spent half its time writing and committing those
copies. A row that still holds content (planned before the change, or a registration's
invitation) keeps its own.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any
from typing import Protocol

from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.services.reminder_events import LANGS
from calendar_app.services.reminder_events import Event
from calendar_app.services.reminder_events import activity_event
from calendar_app.services.reminder_events import event_ics
from calendar_app.services.reminder_events import item_context
from calendar_app.services.reminder_events import observance_events
from calendar_app.services.reminder_items import Catalogue
from calendar_app.services.reminder_items import catalogue


class ContentRow(Protocol):
    """What composing a row's content reads of it."""

    @property
    def kind(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def payload(self) -> Any: ...


class ReminderContent:
    """Item content and .ics for reminder rows composed together, each built once."""

    def __init__(self, session: Session, settings: Settings, now: datetime) -> None:
        self.session, self.settings, self.now = session, settings, now
        self._calendars: dict[tuple[str, str], str | None] = {}
        self._contexts: dict[tuple[str, int, str], dict[str, Any] | None] = {}
        self._events: dict[str, Event | None] = {}
        self._catalogue: Catalogue | None = None

    def calendar(self, row: ContentRow) -> str | None:
        """The file for a reminder about exactly one event whose payload has none;
        None for anything else, or when the event no longer stands."""
        payload = row.payload or {}
        due = payload.get("due") or []
        if row.kind != "reminder" or "ics" in payload or len(due) != 1:
            return None
        state = due[0]
        key = (str(state.get("key")), row.lang)
        if key not in self._calendars:
            event = event_of(self.session, self.settings, state, self._observances(state))
            self._calendars[key] = None if event is None else event_ics(
                event, row.lang, self.settings, self.now)
        return self._calendars[key]

    def items(self, row: ContentRow) -> list[dict[str, Any]] | None:
        """The content of each of a reminder row's items, soonest first (then by title);
        None for a row that is no reminder of items or that holds its content itself.

        Raises ValueError when none of the events exists any more (the send-time check
        cancels such a row before it is composed; the admin page says why it cannot show it).
        """
        payload = row.payload or {}
        due = payload.get("due")
        if row.kind != "reminder" or due is None or (payload.get("context") or {}).get("items"):
            return None
        lang = row.lang if row.lang in LANGS else "nl"
        found = [context for state in due if (context := self._context(state, lang)) is not None]
        if not found:
            raise ValueError("the events of this reminder no longer exist")
        return sorted(found, key=lambda context: (context["start_date"], context["title"]))

    def _context(self, state: dict[str, Any], lang: str) -> dict[str, Any] | None:
        ahead = int(state.get("days_ahead") or state.get("lead") or 0)
        key = (str(state.get("key")), ahead, lang)
        if key not in self._contexts:
            event = self._event(state)
            self._contexts[key] = None if event is None else item_context(
                event, ahead, lang, self.settings.zone)
        return self._contexts[key]

    def _event(self, state: dict[str, Any]) -> Event | None:
        """The item's event for its content: an activity as it is now, whatever its
        state (a sent mail about an activity cancelled since still shows on the admin
        page); an observance on the item's date."""
        key = str(state.get("key"))
        if key not in self._events:
            if state.get("activity_id"):
                activity = self.session.get(Activity, int(state["activity_id"]))
                self._events[key] = None if activity is None else activity_event(
                    activity, self.settings.zone, self.settings.base_url)
            else:
                self._events[key] = event_of(self.session, self.settings, state,
                                             self._observances(state))
        return self._events[key]

    def _observances(self, state: dict[str, Any]) -> Catalogue | None:
        if self._catalogue is None and not state.get("activity_id"):
            self._catalogue = catalogue(self.session)  # once for all the rows
        return self._catalogue


def event_of(session: Session, settings: Settings, state: dict[str, Any],
             observances: Catalogue | None = None) -> Event | None:
    """The event a reminder item (its stored state) is about, if it still stands there
    (`observances`: the `catalogue`, when the caller has it already)."""
    start = date.fromisoformat(str(state["start_date"]))
    if state.get("activity_id"):
        activity = session.get(Activity, int(state["activity_id"]))
        if activity is None or activity.status != "published":
            return None
        event = activity_event(activity, settings.zone, settings.base_url)
        return event if event.start_date == start else None
    key = state.get("observance_key")
    all_specs, known = observances or catalogue(session)
    specs = [spec for spec in all_specs if spec.key == key]
    return next((event for event in observance_events(specs, start, start, settings.base_url,
                                                      known)
                 if event.start_date == start), None)
