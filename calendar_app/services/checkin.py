"""Check-in at the door, the coordinator's list, and what it tells the evaluation.

Attendance on the activity (what the evaluation and the quarterly report read) is set
to the number of people ticked, walk-ins included, every time the ticks change; the
coordinator may still correct it on the evaluation page afterwards.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Registration
from calendar_app.models import User
from calendar_app.services import registration_mail as mail
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.activities import may_moderate
from calendar_app.services.errors import ServiceError
from calendar_app.services.registration_links import token_hash

MAX_MESSAGE = 5000


def may_manage(user: User | None, activity: Activity) -> bool:
    """The workgroup's coordinators, site administrators and the activity's proposer."""
    return user is not None and (may_moderate(user, activity.workgroup_id)
                                 or activity.created_by_id == user.id)


def listed(session: Session, activity: Activity) -> list[Registration]:
    """Everyone who signed up or walked in: confirmed first, then waiting, in order."""
    order = {"confirmed": 0, "waitlisted": 1, "pending": 2, "cancelled": 3}
    rows = session.scalars(select(Registration).where(Registration.activity_id == activity.id)
                           .order_by(Registration.placed_at, Registration.id))
    return sorted(rows, key=lambda row: order.get(row.status, 9))


def by_checkin_token(session: Session, activity: Activity, token: str) -> Registration | None:
    return session.scalar(select(Registration).where(
        Registration.activity_id == activity.id,
        Registration.checkin_hash == token_hash(token)))


def set_ticks(session: Session, *, actor: User, activity: Activity,
              ticked: Collection[int], now: datetime) -> int:
    """Who is here: exactly the registrations in `ticked`; returns the attendance."""
    _guard(actor, activity)
    for row in listed(session, activity):
        if row.id in ticked and row.checked_in_at is None:
            row.checked_in_at = now
        elif row.id not in ticked and row.checked_in_at is not None:
            row.checked_in_at = None
    return _count(session, activity)


def tick(session: Session, *, actor: User, activity: Activity, registration: Registration,
         now: datetime) -> int:
    """One person is here (from their QR code); returns the attendance."""
    _guard(actor, activity)
    if registration.activity_id != activity.id:
        raise ServiceError("this registration is for another activity")
    if registration.checked_in_at is None:
        registration.checked_in_at = now
    return _count(session, activity)


def add_walk_in(session: Session, *, actor: User, activity: Activity, name: str,
                now: datetime) -> int:
    """Someone came without signing up: ticked at once, with only a name (or none)."""
    _guard(actor, activity)
    cleaned = " ".join(name.split())[:200]
    session.add(Registration(activity_id=activity.id, name=cleaned, email=None,
                             status="confirmed", walk_in=True, checked_in_at=now,
                             placed_at=now, created_at=now, invited_version=""))
    session.flush()
    return _count(session, activity)


def mail_confirmed(session: Session, config: Settings, *, actor: User, activity: Activity,
                   subject: str, body: str, now: datetime) -> int:
    """The coordinator's message to every confirmed registrant, one outbox row each."""
    _guard(actor, activity)
    subject, body = " ".join(subject.split())[:200], body.strip()
    if not subject or not body:
        raise ServiceError("give a subject and a message", field="body")
    if len(body) > MAX_MESSAGE:
        raise ServiceError(f"the message is longer than {MAX_MESSAGE} characters",
                           field="body")
    sent = 0
    for row in listed(session, activity):
        if row.status == "confirmed" and row.email and row.cancelled_at is None:
            mail.message(session, config, row, activity, subject=subject, body=body, now=now)
            sent += 1
    return sent


def _count(session: Session, activity: Activity) -> int:
    count = int(session.scalar(select(func.count()).select_from(Registration).where(
        Registration.activity_id == activity.id,
        Registration.checked_in_at.is_not(None))) or 0)
    activity.attendance = count
    session.flush()
    return count


def _guard(actor: User, activity: Activity) -> None:
    if not may_manage(actor, activity):
        raise PermissionDenied("only the organisers can check people in")
