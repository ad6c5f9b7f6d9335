"""The activity form's registration fields (`registration`, `capacity`, deadline, waiting
list): read into and from `services.registrations.Options`, beside the activity itself."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.services import registrations
from calendar_app.web.forms import ActivityForm


def save(session: Session, form: ActivityForm, activity: Activity, actor: User,
         zone: ZoneInfo) -> None:
    """Store the registration settings typed with the activity (none when never switched on)."""
    enabled = bool(form.registration.data)
    if not enabled and registrations.settings_of(session, activity) is None:
        return
    deadline = form.registration_deadline.data
    deadline_at = (datetime.combine(deadline + timedelta(days=1), time(0), zone).astimezone(UTC)
                   if isinstance(deadline, date) else None)
    lead = form.reminder_days.data
    registrations.configure(session, actor=actor, activity=activity, now=datetime.now(UTC),
                            options=registrations.Options(
                                enabled=enabled, capacity=form.capacity.data,
                                deadline_at=deadline_at, waitlist=bool(form.waitlist.data),
                                ask_dietary=bool(form.ask_dietary.data),
                                ask_needs=bool(form.ask_needs.data),
                                reminder_lead_days=1 if lead is None else int(lead)))


def fill(session: Session, form: ActivityForm, activity: Activity, zone: ZoneInfo) -> None:
    row = registrations.settings_of(session, activity)
    if row is None:
        return
    form.registration.data = row.enabled
    form.capacity.data = row.capacity
    form.waitlist.data = row.waitlist
    form.ask_dietary.data, form.ask_needs.data = row.ask_dietary, row.ask_needs
    form.reminder_days.data = row.reminder_lead_days
    form.registration_deadline.data = (
        (row.deadline_at.astimezone(zone) - timedelta(days=1)).date()
        if row.deadline_at else None)
