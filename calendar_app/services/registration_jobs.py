"""What the scheduler does for registrations, on every planning pass.

- An activity whose title, time or place changed: each invited registrant gets an
  updated REQUEST (same UID, the new, higher SEQUENCE).
- A cancelled activity: each registrant is told once, METHOD:CANCEL for the invited.
- After the activity: one mail to those who attended, inviting anonymous feedback.
- REGISTRATION_RETENTION_DAYS after the activity: names, addresses and answers are
  deleted, also from the outbox; the rows stay, so the counts remain.

Comparing stored state with the activity (rather than hooking every edit) means a
change made anywhere, web or CLI, reaches the registrants, and running a pass twice
sends nothing twice: every mail has its dedupe key (see `registration_mail`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import ColumnElement
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import PreparedMessage
from calendar_app.models import Registration
from calendar_app.models import RegistrationSettings
from calendar_app.services import registration_mail as mail
from calendar_app.services.feedback import OPEN_DAYS
from calendar_app.services.registration_links import activity_end
from calendar_app.services.registration_links import invited_version
from calendar_app.services.registration_reminders import plan_registration_reminders


@dataclass
class RegistrationPass:
    updated: int = 0
    cancelled: int = 0
    reminders: int = 0
    feedback: int = 0
    purged: int = 0


def plan_registrations(session: Session, config: Settings, *, now: datetime) -> RegistrationPass:
    """One pass of everything above; the caller commits."""
    report = RegistrationPass()
    report.updated = send_updates(session, config, now=now)
    report.cancelled = send_cancellations(session, config, now=now)
    report.reminders = plan_registration_reminders(session, config, now=now)
    report.feedback = invite_feedback(session, config, now=now)
    report.purged = purge_expired(session, config, now=now)
    return report


def send_updates(session: Session, config: Settings, *, now: datetime) -> int:
    """An updated REQUEST to every invited registrant whose invitation is out of date."""
    rows = session.execute(
        select(Registration, Activity).join(Activity, Activity.id == Registration.activity_id)
        .where(Registration.status == "confirmed", Registration.invited_sequence.is_not(None),
               Registration.cancelled_at.is_(None), Registration.email.is_not(None),
               Activity.status == "published",
               Registration.invited_sequence < Activity.sequence)).all()
    sent = 0
    for registration, activity in rows:
        if registration.invited_version == invited_version(activity):
            continue  # only the description or the like changed: not worth an update
        mail.invitation(session, config, registration, activity, now=now, step="updated")
        sent += 1
    return sent


def send_cancellations(session: Session, config: Settings, *, now: datetime) -> int:
    """Tell everyone placed for a cancelled activity, once (METHOD:CANCEL if invited)."""
    rows = session.execute(
        select(Registration, Activity).join(Activity, Activity.id == Registration.activity_id)
        .where(Activity.status == "cancelled",
               Registration.status.in_(("confirmed", "waitlisted")),
               Registration.cancelled_at.is_(None), Registration.email.is_not(None))).all()
    for registration, activity in rows:
        # The status stays (it is what the counts say); cancelled_at marks "told".
        registration.cancelled_at = now
        mail.cancelled(session, config, registration, activity, now=now)
    session.flush()
    return len(rows)


def invite_feedback(session: Session, config: Settings, *, now: datetime) -> int:
    """One feedback invitation per attendee, once the activity is over (within OPEN_DAYS).

    The first round goes to everyone ticked by the end; someone ticked afterwards (the
    coordinator caught up the next morning) is invited in a later pass: each round
    takes those ticked since the previous one (`feedback_sent_at`).
    """
    pending = session.execute(
        select(RegistrationSettings, Activity)
        .join(Activity, Activity.id == RegistrationSettings.activity_id)
        .where(RegistrationSettings.enabled.is_(True),
               RegistrationSettings.purged_at.is_(None), Activity.status == "published")).all()
    sent = 0
    for row, activity in pending:
        over = activity_end(activity, config.zone)
        if not over <= now <= over + timedelta(days=OPEN_DAYS):
            continue
        ticked: list[ColumnElement[bool]] = [Registration.checked_in_at.is_not(None)]
        if row.feedback_sent_at is not None:
            ticked.append(Registration.checked_in_at > row.feedback_sent_at)
        attended = session.scalars(select(Registration).where(
            Registration.activity_id == activity.id, Registration.email.is_not(None),
            *ticked))
        for registration in attended:
            mail.feedback(session, config, registration, activity, now=now)
            sent += 1
        row.feedback_sent_at = now
    session.flush()
    return sent


def purge_expired(session: Session, config: Settings, *, now: datetime) -> int:
    """Delete registrants' personal data REGISTRATION_RETENTION_DAYS after the activity."""
    keep = timedelta(days=config.registration_retention_days)
    candidates = session.execute(
        select(RegistrationSettings, Activity)
        .join(Activity, Activity.id == RegistrationSettings.activity_id)
        .where(RegistrationSettings.purged_at.is_(None))).all()
    purged = 0
    for row, activity in candidates:
        if activity_end(activity, config.zone) + keep > now:
            continue
        purged += purge_activity(session, activity.id, now=now)
        row.purged_at = now
    session.flush()
    return purged


def purge_activity(session: Session, activity_id: int, *, now: datetime) -> int:
    """Blank every registration of the activity and its mails; return how many."""
    result = session.execute(
        update(Registration).where(Registration.activity_id == activity_id,
                                   Registration.purged_at.is_(None))
        .values(name="", email=None, dietary="", needs="", nonce="", token_hash=None,
                checkin_hash=None, purged_at=now)
        .execution_options(synchronize_session=False))
    mails = select(OutboxMessage.id).where(OutboxMessage.kind == mail.KIND,
                                           OutboxMessage.activity_id == activity_id)
    session.execute(delete(PreparedMessage).where(PreparedMessage.outbox_id.in_(mails))
                    .execution_options(synchronize_session=False))
    session.execute(
        update(OutboxMessage).where(OutboxMessage.kind == mail.KIND,
                                    OutboxMessage.activity_id == activity_id,
                                    OutboxMessage.state.in_(("pending", "sending")))
        .values(state="cancelled")
        .execution_options(synchronize_session=False))
    session.execute(
        update(OutboxMessage).where(OutboxMessage.kind == mail.KIND,
                                    OutboxMessage.activity_id == activity_id)
        # The server's reply may quote the address ("550 <anna@...>: no such user").
        .values(recipient_email="", payload={}, last_error="")
        .execution_options(synchronize_session=False))
    session.expire_all()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
