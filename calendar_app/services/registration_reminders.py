"""The reminder to confirmed registrants, `reminder_lead_days` before the activity.

It goes at the workgroup's send time (the send time of its first reminder rule, or
09:00), in the calendar's time zone. Kept apart from the members' reminders
(`services.reminders`): a registrant need not be a member, and has no account to
unsubscribe from; the reminder is part of the registration they asked for.
"""

from __future__ import annotations

from datetime import datetime
from datetime import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from calendar_app.models import RegistrationSettings
from calendar_app.models import ReminderRule
from calendar_app.services import outbox
from calendar_app.services import registration_mail as mail
from calendar_app.services.registration_links import activity_start
from calendar_app.services.registration_links import first_day

DEFAULT_SEND_TIME = "09:00"
#: How far ahead reminders are put in the outbox (dispatch sends them when due).
HORIZON = timedelta(days=1)


def send_time(session: Session, workgroup_id: int) -> time:
    value = session.scalar(select(ReminderRule.send_time)
                           .where(ReminderRule.workgroup_id == workgroup_id)
                           .order_by(ReminderRule.id).limit(1)) or DEFAULT_SEND_TIME
    hours, _colon, minutes = value.partition(":")
    return time(int(hours), int(minutes or 0))


def reminder_due(session: Session, config: Settings, activity: Activity,
                 row: RegistrationSettings) -> datetime:
    day = first_day(activity, config.zone) - timedelta(days=row.reminder_lead_days)
    return datetime.combine(day, send_time(session, activity.workgroup_id),
                            config.zone).astimezone(activity_start(activity).tzinfo)


def plan_registration_reminders(session: Session, config: Settings, *, now: datetime) -> int:
    """Outbox rows for reminders due within HORIZON; a moved activity's old ones cancelled."""
    upcoming = session.execute(
        select(RegistrationSettings, Activity)
        .join(Activity, Activity.id == RegistrationSettings.activity_id)
        .where(RegistrationSettings.enabled.is_(True), Activity.status == "published")).all()
    planned = 0
    for row, activity in upcoming:
        start = activity_start(activity, config.zone)
        if start <= now:
            continue
        due = reminder_due(session, config, activity, row)
        if due > now + HORIZON:
            continue
        start_date = first_day(activity, config.zone).isoformat()
        for registration in _confirmed(session, activity.id):
            if registration.placed_at is not None and registration.placed_at > due:
                continue  # signed up after the reminder time: the invitation just came
            _cancel_stale(session, registration, start_date)
            mail.reminder(session, config, registration, activity, now=now,
                          due_at=max(due, now), start_date=start_date)
            planned += 1
    return planned


def _confirmed(session: Session, activity_id: int) -> list[Registration]:
    return list(session.scalars(select(Registration).where(
        Registration.activity_id == activity_id, Registration.status == "confirmed",
        Registration.cancelled_at.is_(None), Registration.email.is_not(None))))


def _cancel_stale(session: Session, registration: Registration, start_date: str) -> None:
    """A pending reminder for another start date: the activity moved."""
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == mail.KIND, OutboxMessage.state == "pending",
        OutboxMessage.dedupe_key.like(f"reg-reminder:{registration.id}:%"),
        ~OutboxMessage.dedupe_key.endswith(f":{start_date}")))
    for stale in rows:
        outbox.mark_cancelled(session, stale, reason="the activity moved to another date")
