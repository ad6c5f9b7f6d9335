"""Participation: sign up for an activity, confirm by e-mail, cancel, move up the waiting list.

A place is given at confirmation, never at sign-up: an anonymous sign-up is
`pending` until the person presses the button behind the link in their e-mail (a
GET of that link changes nothing: Microsoft Safe Links opens every link in a
message). A logged-in colleague's address is known, so they are placed at once.

Capacity under concurrency: every placement first locks the activity's
`registration_settings` row (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the
writing session already holds the database's write lock through `BEGIN IMMEDIATE`,
see `calendar_app.db`), then counts the confirmed and decides. Fifty parallel
sign-ups for ten places end as ten confirmed and forty waiting, with no error.

Services only flush; the caller (view, job, CLI) commits. Mails go through the outbox
(`registration_mail`), exactly once by their dedupe keys.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Registration
from calendar_app.models import RegistrationSettings
from calendar_app.models import User
from calendar_app.services import registration_mail as mail
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.activities import may_moderate
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import organiser_ids
from calendar_app.services.registration_links import activity_start
from calendar_app.services.registration_links import token_hash
from calendar_app.services.registration_links import token_hashes

MAX_NAME = 200
MAX_ANSWER = 1000


class RegistrationClosed(ServiceError):
    """Sign-up is off, past its deadline, or the activity is not (or no longer) on."""


class ActivityFull(ServiceError):
    """No place left and no waiting list."""


@dataclass(frozen=True)
class SignUp:
    """What the sign-up form asks: nothing more is ever stored (AVG)."""

    name: str
    email: str
    dietary: str = ""
    needs: str = ""
    lang: str = "nl"


@dataclass(frozen=True)
class Options:
    """The coordinator's registration settings for one activity."""

    enabled: bool
    capacity: int | None = None
    deadline_at: datetime | None = None
    waitlist: bool = True
    ask_dietary: bool = True
    ask_needs: bool = True
    reminder_lead_days: int = 1


def settings_of(session: Session, activity: Activity) -> RegistrationSettings | None:
    return session.get(RegistrationSettings, activity.id)


def configure(session: Session, *, actor: User, activity: Activity, options: Options,
              now: datetime) -> RegistrationSettings:
    """Turn sign-up on or off and set capacity, deadline and questions."""
    # The organisers: coordinators of the owning or a co-organising workgroup, the proposer.
    if not any(may_moderate(actor, workgroup_id) for workgroup_id in organiser_ids(activity)) \
            and activity.created_by_id != actor.id:
        raise PermissionDenied("only the organisers can change registration")
    if options.capacity is not None and not 1 <= options.capacity <= 100_000:
        raise ServiceError("the capacity is a number of people from 1", field="capacity")
    if not 0 <= options.reminder_lead_days <= 30:
        raise ServiceError("the reminder goes 0 to 30 days ahead", field="reminder_lead_days")
    row = settings_of(session, activity) or RegistrationSettings(activity_id=activity.id)
    row.enabled, row.capacity, row.deadline_at = (
        options.enabled, options.capacity, options.deadline_at)
    row.waitlist, row.ask_dietary, row.ask_needs = (
        options.waitlist, options.ask_dietary, options.ask_needs)
    row.reminder_lead_days = options.reminder_lead_days
    row.updated_at = now
    session.add(row)
    session.flush()
    return row


def is_open(activity: Activity, row: RegistrationSettings | None, *, now: datetime) -> bool:
    """Published, sign-up on, and before the deadline (or the start)."""
    if row is None or not row.enabled or activity.status != "published":
        return False
    closes = row.deadline_at or activity_start(activity)
    return now < closes


def counts(session: Session, activity_id: int) -> dict[str, int]:
    """Registrations per status, plus `checked_in` (walk-ins included)."""
    rows = session.execute(select(Registration.status, func.count())
                           .where(Registration.activity_id == activity_id)
                           .group_by(Registration.status))
    found = {status: int(number) for status, number in rows}
    found["checked_in"] = int(session.scalar(
        select(func.count()).select_from(Registration).where(
            Registration.activity_id == activity_id,
            Registration.checked_in_at.is_not(None))) or 0)
    return found


def places_left(session: Session, activity: Activity,
                row: RegistrationSettings | None) -> int | None:
    """Free places, or None when there is no limit."""
    if row is None or row.capacity is None:
        return None
    return max(0, row.capacity - _confirmed(session, activity.id))


def sign_up(session: Session, config: Settings, *, activity: Activity, data: SignUp,
            now: datetime) -> Registration:
    """An anonymous sign-up: `pending`, with a confirmation link sent by e-mail.

    The same address twice is one registration: a pending one gets the link again,
    a cancelled one starts afresh (with new links), a placed one is left as it is
    (the page says the same in every case, so the form tells no one who signed up).
    """
    row = _open_settings(session, activity, now)
    email, name = _clean(data)
    registration = _existing(session, activity.id, email)
    if registration is None:
        registration = Registration(activity_id=activity.id, email=email, created_at=now,
                                    walk_in=False, invited_version="")
        session.add(registration)
    elif registration.status in ("confirmed", "waitlisted"):
        return registration
    elif registration.status == "cancelled":
        _restart(registration)
    registration.name, registration.lang, registration.status = name, data.lang, "pending"
    registration.dietary = data.dietary.strip()[:MAX_ANSWER] if row.ask_dietary else ""
    registration.needs = data.needs.strip()[:MAX_ANSWER] if row.ask_needs else ""
    _issue_tokens(session, config, registration)
    mail.confirm_request(session, config, registration, activity, now=now)
    return registration


def sign_up_member(session: Session, config: Settings, *, activity: Activity, user: User,
                   dietary: str = "", needs: str = "", now: datetime) -> Registration:
    """A logged-in colleague's one-button sign-up: their address is known, so placed now."""
    data = SignUp(name=user.name, email=user.email, dietary=dietary, needs=needs,
                  lang=user.lang)
    row = _lock(session, activity, now)
    email, name = _clean(data)
    registration = _existing(session, activity.id, email)
    if registration is not None and registration.status in ("confirmed", "waitlisted"):
        return registration
    if registration is None:
        registration = Registration(activity_id=activity.id, email=email, created_at=now,
                                    walk_in=False, invited_version="")
        session.add(registration)
    elif registration.status == "cancelled":
        _restart(registration)
    registration.name, registration.lang = name, data.lang
    registration.dietary = dietary.strip()[:MAX_ANSWER] if row.ask_dietary else ""
    registration.needs = needs.strip()[:MAX_ANSWER] if row.ask_needs else ""
    _issue_tokens(session, config, registration)
    _place(session, config, row, registration, activity, now)
    return registration


def confirm(session: Session, config: Settings, *, registration: Registration,
            activity: Activity, now: datetime) -> Registration:
    """The person pressed "confirm": give a place, or one on the waiting list."""
    if registration.status != "pending":
        return registration
    row = _lock(session, activity, now)
    _place(session, config, row, registration, activity, now)
    return registration


def cancel(session: Session, config: Settings, *, registration: Registration,
           activity: Activity, now: datetime) -> Registration:
    """The registrant withdraws: the place is freed and the first waiting moves up."""
    if registration.status == "cancelled":
        return registration
    row = settings_of(session, activity)
    if row is not None and registration.status == "confirmed":
        row = _lock(session, activity, now, check_open=False)
    was_confirmed = registration.status == "confirmed"
    registration.status, registration.cancelled_at = "cancelled", now
    session.flush()
    mail.cancelled(session, config, registration, activity, now=now)
    if was_confirmed and row is not None and activity.status == "published":
        promote(session, config, activity=activity, row=row, now=now)
    return registration


def promote(session: Session, config: Settings, *, activity: Activity,
            row: RegistrationSettings, now: datetime) -> list[Registration]:
    """Fill free places from the waiting list, first come first served; tell them at once.

    The caller holds the settings row's lock (see `_lock`).
    """
    promoted: list[Registration] = []
    while row.capacity is None or _confirmed(session, activity.id) < row.capacity:
        first = session.scalar(
            select(Registration).where(Registration.activity_id == activity.id,
                                       Registration.status == "waitlisted")
            .order_by(Registration.placed_at, Registration.id).limit(1))
        if first is None:
            break
        first.status = "confirmed"
        session.flush()
        mail.placed(session, config, first, activity, now=now, promoted=True)
        promoted.append(first)
    return promoted


def _place(session: Session, config: Settings, row: RegistrationSettings,
           registration: Registration, activity: Activity, now: datetime) -> None:
    if row.capacity is None or _confirmed(session, activity.id) < row.capacity:
        registration.status = "confirmed"
    elif row.waitlist:
        registration.status = "waitlisted"
    else:
        raise ActivityFull("the activity is full", field="capacity")
    registration.placed_at = now
    session.flush()
    mail.placed(session, config, registration, activity, now=now, promoted=False)


def _confirmed(session: Session, activity_id: int) -> int:
    """Places taken; walk-ins came without one, so they take none."""
    return int(session.scalar(select(func.count()).select_from(Registration).where(
        Registration.activity_id == activity_id, Registration.status == "confirmed",
        Registration.walk_in.is_(False))) or 0)


def _lock(session: Session, activity: Activity, now: datetime, *,
          check_open: bool = True) -> RegistrationSettings:
    """The settings row, locked until commit: placements of one activity queue here."""
    row = session.scalar(select(RegistrationSettings)
                         .where(RegistrationSettings.activity_id == activity.id)
                         .with_for_update().execution_options(populate_existing=True))
    if row is None or (check_open and not is_open(activity, row, now=now)):
        raise RegistrationClosed("registration for this activity is closed")
    return row


def _open_settings(session: Session, activity: Activity, now: datetime) -> RegistrationSettings:
    row = settings_of(session, activity)
    if row is None or not is_open(activity, row, now=now):
        raise RegistrationClosed("registration for this activity is closed")
    return row


def _existing(session: Session, activity_id: int, email: str) -> Registration | None:
    return session.scalar(select(Registration).where(
        Registration.activity_id == activity_id, Registration.email == email))


def _clean(data: SignUp) -> tuple[str, str]:
    email = data.email.strip().lower()
    name = " ".join(data.name.split())
    if not name or len(name) > MAX_NAME:
        raise ServiceError("give your name (at most 200 characters)", field="name")
    local, _at, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(
            char in email for char in " \t\r\n,;<>\"()[]\\"):
        raise ServiceError("give a valid e-mail address", field="email")
    return email, name


def _restart(registration: Registration) -> None:
    """A cancelled registration signs up again: new links, a new round of mails.

    If a CANCEL went out, the new round's invitations carry a higher SEQUENCE, or
    calendar clients would take the REQUEST for one older than the cancellation.
    """
    if registration.invited_sequence is not None:
        registration.sequence_offset += 1
    registration.nonce = ""
    registration.cancelled_at = None
    registration.checked_in_at = None
    registration.placed_at = None
    registration.invited_sequence = None
    registration.invited_version = ""


def _issue_tokens(session: Session, config: Settings, registration: Registration) -> None:
    if not registration.nonce:
        registration.nonce = secrets.token_hex(16)
    session.flush()  # the id goes into the tokens
    registration.token_hash, registration.checkin_hash = token_hashes(config, registration)
    session.flush()


def by_token(session: Session, activity: Activity, token: str) -> Registration | None:
    """The registration a personal link belongs to (only its hash is stored)."""
    if not token or len(token) > 100:
        return None
    return session.scalar(select(Registration).where(
        Registration.activity_id == activity.id, Registration.token_hash == token_hash(token)))
