"""The calendar file of a reminder about one event, made when its mail is composed.

A reminder about a single event carries it as an .ics ("zet in je agenda"). Until
December 2026 planning stored that file in every row: some 900 of a row's bytes,
written once per member, and enough to push PostgreSQL into compressing each payload
out of line. Now the row holds only the item, and whoever composes the mail — the
prepare job, dispatch for a row nobody prepared, the admin outbox page — asks
`ReminderCalendars` for the file, built from the event as it is then, once per event
and language for all the rows composed together. A row that still holds a file (from
before the change, or a registration's invitation) keeps its own.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any
from typing import Protocol

from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.services.reminder_events import Event
from calendar_app.services.reminder_events import activity_event
from calendar_app.services.reminder_events import event_ics
from calendar_app.services.reminder_events import observance_events
from calendar_app.services.reminder_items import Catalogue
from calendar_app.services.reminder_items import catalogue


class CalendarRow(Protocol):
    """What deciding on a row's calendar reads of it."""

    @property
    def kind(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def payload(self) -> Any: ...


class ReminderCalendars:
    """The .ics for reminder rows composed together, each event and language built once."""

    def __init__(self, session: Session, settings: Settings, now: datetime) -> None:
        self.session, self.settings, self.now = session, settings, now
        self._built: dict[tuple[str, str], str | None] = {}
        self._catalogue: Catalogue | None = None

    def for_row(self, row: CalendarRow) -> str | None:
        """The file for a reminder about exactly one event whose payload has none;
        None for anything else, or when the event no longer stands."""
        payload = row.payload or {}
        due = payload.get("due") or []
        if row.kind != "reminder" or "ics" in payload or len(due) != 1:
            return None
        state = due[0]
        key = (str(state.get("key")), row.lang)
        if key not in self._built:
            if self._catalogue is None and not state.get("activity_id"):
                self._catalogue = catalogue(self.session)  # once for all the rows
            event = event_of(self.session, self.settings, state, self._catalogue)
            self._built[key] = None if event is None else event_ics(
                event, row.lang, self.settings, self.now)
        return self._built[key]


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
