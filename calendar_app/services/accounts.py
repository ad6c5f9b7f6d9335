"""Users, workgroups and roles.

Passwords are hashed with Argon2id (argon2-cffi), the current OWASP recommendation;
the hash records its own parameters, so they can be raised later and old hashes are
upgraded at the next login (`needs_rehash`).
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.errors import Conflict
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.reminder_rules import default_rule
from calendar_app.services.site import bump_data_version

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password")
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    """True when `password` is the user's; upgrades an outdated hash in place."""
    if not user.password_hash:
        return False
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not EMAIL.match(cleaned) or len(cleaned) > 254:
        raise ServiceError(f"{email!r} is not an e-mail address", field="email")
    return cleaned


def create_workgroup(session: Session, *, slug: str, name: str, now: datetime,
                     reminder_days: list[int] | None = None) -> Workgroup:
    if not SLUG.match(slug):
        raise ServiceError(
            f"slug {slug!r}: use 2-60 lowercase letters, digits and hyphens", field="slug")
    if not name.strip():
        raise ServiceError("a workgroup needs a name", field="name")
    if session.scalar(select(Workgroup.id).where(Workgroup.slug == slug)) is not None:
        raise Conflict(f"workgroup {slug!r} exists already", field="slug")
    workgroup = Workgroup(slug=slug, name=name.strip(), description="", created_at=now)
    session.add(workgroup)
    session.flush()
    # Every workgroup starts with reminders (reminder_rules.DEFAULT_DAYS), shown and
    # editable on its page; given days apply to everything instead.
    if reminder_days:
        session.add(ReminderRule(
            workgroup_id=workgroup.id, lead_days=sorted(set(reminder_days), reverse=True),
            send_time="09:00", covers="all", themes=[], created_at=now))
    else:
        session.add(default_rule(workgroup, now=now))
    session.flush()
    return workgroup


def workgroup_by_slug(session: Session, slug: str) -> Workgroup:
    workgroup = session.scalar(select(Workgroup).where(Workgroup.slug == slug))
    if workgroup is None:
        raise NotFound(f"no workgroup {slug!r}", field="workgroup")
    return workgroup


def create_user(session: Session, *, email: str, name: str, now: datetime,
                workgroup_slug: str | None = None, role: str = "member",
                is_admin: bool = False, lang: str = "nl",
                password: str | None = None) -> User:
    address = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise Conflict(f"a user with e-mail {address} exists already", field="email")
    if not name.strip():
        raise ServiceError("a user needs a name", field="name")
    user = User(email=address, name=name.strip(), is_admin=is_admin, lang=lang,
                is_active=True, created_at=now,
                password_hash=hash_password(password) if password else "")
    session.add(user)
    session.flush()
    if workgroup_slug:
        set_role(session, user=user, workgroup=workgroup_by_slug(session, workgroup_slug),
                 role=role, now=now)
    return user


def set_role(session: Session, *, user: User, workgroup: Workgroup, role: str,
             now: datetime, pending: bool = False) -> Membership:
    """Give `user` the role in `workgroup`, adding the membership if there is none.

    A new membership is accepted at once unless `pending` (an invitation): a pending
    member has no role and gets no mail until the invitee accepts. An existing
    membership keeps whether it was accepted.
    """
    if role not in ("member", "coordinator"):
        raise ServiceError(f"unknown role {role!r}", field="role")
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.workgroup_id == workgroup.id))
    if membership is None:
        membership = Membership(user_id=user.id, workgroup_id=workgroup.id, role=role,
                                reminders_opt_out=False, created_at=now,
                                pending=pending, invited_at=now if pending else None)
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def record_login(session: Session, user: User, *, now: datetime) -> int:
    """Note the login and accept the user's pending invitations; how many were accepted.

    Logging in (with a password chosen from an invitation link, or an existing one
    after being invited to another workgroup) is what accepting an invitation means.
    """
    user.last_login_at = now
    accepted = 0
    for membership in user.memberships:
        if membership.pending:
            membership.pending, membership.accepted_at = False, now
            accepted += 1
    session.flush()
    return accepted


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def update_workgroup(session: Session, workgroup: Workgroup, *, name: str, description: str,
                     budget: Decimal | None, now: datetime) -> None:
    """Edit a workgroup's name, description and yearly budget (the slug stays: it is in URLs).

    A new name bumps the data version: it is the calendar name (X-WR-CALNAME) of the
    workgroup's feeds, which are cached per data version.
    """
    if not name.strip():
        raise ServiceError("a workgroup needs a name", field="name")
    if budget is not None and budget < 0:
        raise ServiceError("a budget cannot be negative", field="budget")
    renamed = workgroup.name != name.strip()
    workgroup.name = name.strip()
    workgroup.description = description.strip()
    workgroup.budget = budget
    session.flush()
    if renamed:
        bump_data_version(session, now=now)


def workgroups_of(session: Session, user: User) -> list[Workgroup]:
    """The workgroups `user` may see: all for an administrator, else their own."""
    query = select(Workgroup).order_by(Workgroup.name)
    if not user.is_admin:
        query = query.join(Membership).where(Membership.user_id == user.id)
    return list(session.scalars(query))
