"""The registrant's e-mails, as outbox rows: one kind, `registration`, with a `step`.

Steps: confirm (the link to confirm), confirmed / promoted (a place: iTIP REQUEST and
the personal QR code), waitlisted, updated (a new REQUEST, higher SEQUENCE),
cancelled / activity-cancelled (iTIP CANCEL), reminder, feedback and message (the
coordinator's own text). Every one carries the personal link to cancel.

Exactly once: each dedupe key names the registration, its round (the nonce changes
when a cancelled registration signs up again) and, for invitations, the SEQUENCE.
The SEQUENCE a registrant sees is the activity's plus the registration's own
`sequence_offset`, raised at each new round after a CANCEL (RFC 5546 §2.1.4: a
REQUEST no newer than the CANCEL is ignored).
"""

from __future__ import annotations

import base64
import io
from datetime import datetime
from email.utils import parseaddr
from typing import Any

import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.ical import itip
from calendar_app.ical.uids import activity_uid
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from calendar_app.models import Workgroup
from calendar_app.services import outbox
from calendar_app.services.registration_links import activity_url
from calendar_app.services.registration_links import checkin_url
from calendar_app.services.registration_links import invited_version
from calendar_app.services.registration_links import manage_url

KIND = "registration"


def confirm_request(session: Session, config: Settings, registration: Registration,
                    activity: Activity, *, now: datetime) -> None:
    """The link to confirm; asked again, it is sent again (the form is rate-limited)."""
    _enqueue(session, config, registration, activity, "confirm",
             key=f"reg-confirm:{registration.id}:{now.isoformat()}", now=now)


def placed(session: Session, config: Settings, registration: Registration,
           activity: Activity, *, now: datetime, promoted: bool) -> None:
    """A place (with the invitation and QR code) or a place on the waiting list."""
    if registration.status == "waitlisted":
        _enqueue(session, config, registration, activity, "waitlisted",
                 key=f"reg-waitlisted:{_round(registration)}", now=now)
        return
    invitation(session, config, registration, activity, now=now,
               step="promoted" if promoted else "confirmed")


def invitation(session: Session, config: Settings, registration: Registration,
               activity: Activity, *, now: datetime, step: str) -> None:
    """An iTIP REQUEST at the activity's current SEQUENCE; remembered on the registration."""
    _enqueue(session, config, registration, activity, step,
             key=f"reg-request:{_round(registration)}:{activity.sequence}", now=now,
             method=itip.REQUEST, qr=True)
    registration.invited_sequence = activity.sequence
    registration.invited_version = invited_version(activity)
    session.flush()


def cancelled(session: Session, config: Settings, registration: Registration,
              activity: Activity, *, now: datetime) -> None:
    """METHOD:CANCEL to someone who was invited; a plain note to anyone else.

    One key for both causes (the registrant's own cancellation, or the activity's),
    so nobody gets two cancellations of one invitation.
    """
    _cancel_pending_reminders(session, registration)
    step = "activity-cancelled" if activity.status == "cancelled" else "cancelled"
    method = itip.CANCEL if registration.invited_sequence is not None else None
    _enqueue(session, config, registration, activity, step,
             key=f"reg-cancel:{_round(registration)}", now=now, method=method)


def reminder(session: Session, config: Settings, registration: Registration,
             activity: Activity, *, now: datetime, due_at: datetime, start_date: str) -> None:
    # start_date beside the context: dispatch skips a reminder held up past the day
    # (SendCheck.reason_too_late), as it does the members' reminders.
    _enqueue(session, config, registration, activity, "reminder",
             key=f"reg-reminder:{_round(registration)}:{start_date}", now=now, due_at=due_at,
             meta={"start_date": start_date})


def feedback(session: Session, config: Settings, registration: Registration,
             activity: Activity, *, now: datetime) -> None:
    """The feedback form's address is the same for everyone: answers stay anonymous."""
    _enqueue(session, config, registration, activity, "feedback",
             key=f"reg-feedback:{_round(registration)}", now=now,
             extra={"feedback_url": f"{config.base_url}/feedback/{activity.public_id}"})


def message(session: Session, config: Settings, registration: Registration,
            activity: Activity, *, subject: str, body: str, now: datetime) -> None:
    """The coordinator's own message to one confirmed registrant."""
    _enqueue(session, config, registration, activity, "message",
             key=f"reg-message:{_round(registration)}:{now.isoformat()}", now=now,
             extra={"subject": subject, "body": body})


def _round(registration: Registration) -> str:
    return f"{registration.id}:{registration.nonce[:8]}"


def _enqueue(session: Session, config: Settings, registration: Registration,
             activity: Activity, step: str, *, key: str, now: datetime,
             method: str | None = None, qr: bool = False, due_at: datetime | None = None,
             extra: dict[str, Any] | None = None, meta: dict[str, Any] | None = None) -> None:
    if not registration.email:
        return  # a walk-in, or personal data already deleted
    context = _context(session, config, registration, activity, step)
    context.update(extra or {})
    payload: dict[str, Any] = {"to_name": registration.name, "context": context,
                               "registration_id": registration.id, **(meta or {})}
    if method is not None:
        payload["ics"] = _ics(config, registration, activity, method, now).decode()
        payload["ics_method"] = method
    if qr:
        payload["qr_png"] = _qr_png(checkin_url(config, registration, activity.public_id))
    outbox.enqueue(session, dedupe_key=key, kind=KIND, recipient_email=registration.email,
                   lang=registration.lang, payload=payload, now=now, due_at=due_at,
                   activity_id=activity.id)


def _context(session: Session, config: Settings, registration: Registration,
             activity: Activity, step: str) -> dict[str, Any]:
    zone = config.zone
    start_date = end_date = ""
    start_time = end_time = ""
    if activity.all_day and activity.start_date and activity.end_date:
        start_date, end_date = activity.start_date.isoformat(), activity.end_date.isoformat()
    elif activity.start_at and activity.end_at:
        start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
        start_date, end_date = start.date().isoformat(), end.date().isoformat()
        start_time, end_time = start.strftime("%H:%M"), end.strftime("%H:%M")
    access = activity.accessibility or {}
    return {
        "step": step, "title": activity.title, "activity_url": activity_url(config, activity),
        "workgroup": session.scalar(select(Workgroup.name).where(
            Workgroup.id == activity.workgroup_id)) or "",
        "start_date": start_date, "end_date": end_date if end_date != start_date else "",
        "start_time": start_time, "end_time": end_time, "location": activity.location,
        "online_url": activity.online_url, "status": registration.status,
        "accessibility": [key for key, value in access.items() if value and key != "other"],
        "accessibility_other": str(access.get("other") or ""),
        "manage_url": manage_url(config, registration, activity.public_id),
    }


def _ics(config: Settings, registration: Registration, activity: Activity, method: str,
         now: datetime) -> bytes:
    organizer_name, organizer_email = parseaddr(config.mail_from)
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        start: Any = activity.start_date
        end: Any = activity.end_date
    else:
        start, end = activity.start_at, activity.end_at
    return itip.render(method, itip.Invitation(
        uid=activity_uid(activity.public_id),
        sequence=activity.sequence + registration.sequence_offset,
        summary=activity.title, start=start, end=end,
        organizer_email=organizer_email or "noreply@localhost",
        organizer_name=organizer_name, attendee_email=registration.email or "",
        attendee_name=registration.name, timezone=config.timezone, stamp=now,
        location=activity.location or activity.online_url,
        description=activity_url(config, activity), url=activity_url(config, activity)))


def _qr_png(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return base64.b64encode(out.getvalue()).decode("ascii")


def _cancel_pending_reminders(session: Session, registration: Registration) -> None:
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == KIND, OutboxMessage.state == "pending",
        OutboxMessage.dedupe_key.like(f"reg-reminder:{registration.id}:%")))
    for row in rows:
        outbox.mark_cancelled(session, row, reason="the registrant cancelled")
