"""Invitations and password resets: signed, time-limited links sent through the outbox.

A token carries the user's id and a fingerprint of their current password hash,
signed with the secret key (itsdangerous). Choosing a password changes the hash, so a
used link is dead at once, and an invitation link dies when the person has set a
password. Nothing is stored per token; the outbox row is the only trace.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from itsdangerous import BadSignature
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import Session

from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import audit
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import hash_password
from calendar_app.services.accounts import set_role
from calendar_app.services.accounts import user_by_email
from calendar_app.services.outbox import enqueue

RESET = "password-reset"
INVITATION = "invitation"
MAX_AGE = {RESET: timedelta(hours=2), INVITATION: timedelta(days=14)}


@dataclass(frozen=True)
class Links:
    """How links are built: the secret that signs them and the site's public address."""

    secret_key: str
    base_url: str


def fingerprint(user: User) -> str:
    """A short digest of the password hash: changes whenever the password does."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:16]


def make_token(links: Links, purpose: str, user: User) -> str:
    serializer = URLSafeTimedSerializer(links.secret_key, salt=f"calendar-{purpose}")
    return serializer.dumps({"u": user.id, "h": fingerprint(user)})


def user_for_token(session: Session, links: Links, purpose: str, token: str) -> User | None:
    """The active user a valid, unexpired, unused token belongs to; None otherwise."""
    serializer = URLSafeTimedSerializer(links.secret_key, salt=f"calendar-{purpose}")
    try:
        data = serializer.loads(token, max_age=int(MAX_AGE[purpose].total_seconds()))
    except BadSignature:  # also covers SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user = session.get(User, data.get("u"))
    if user is None or not user.is_active or fingerprint(user) != data.get("h"):
        return None
    return user


def request_password_reset(session: Session, *, email: str, links: Links,
                           now: datetime) -> bool:
    """Queue a reset link for the account with `email`, if there is one.

    Returns whether a message was queued; the caller must not tell the visitor, so
    the form cannot be used to find out who has an account.
    """
    user = user_by_email(session, email)
    if user is None or not user.is_active:
        return False
    token = make_token(links, RESET, user)
    enqueue(session, dedupe_key=f"{RESET}:{user.id}:{now.isoformat()}", kind=RESET,
            recipient_email=user.email, recipient_id=user.id, lang=user.lang, now=now,
            payload={"reset_url": f"{links.base_url}/reset/{token}", "to_name": user.name,
                     "lang": user.lang,
                     "valid_minutes": int(MAX_AGE[RESET].total_seconds() // 60)})
    return True


def invite(session: Session, *, workgroup: Workgroup, email: str, name: str, role: str,
           lang: str, inviter: User, links: Links, now: datetime) -> User:
    """Add the person to `workgroup` as a pending member (creating the account) and
    queue the invitation.

    The membership stays pending (no role, no reminders) until the invitee accepts:
    by choosing a password from the link, or, for someone who already has one, by
    logging in. A member who already accepted keeps that, with the new role.
    """
    user = user_by_email(session, email)
    if user is None:
        user = create_user(session, email=email, name=name, lang=lang, now=now)
    membership = set_role(session, user=user, workgroup=workgroup, role=role, now=now,
                          pending=True)
    if membership.pending:
        membership.invited_at = now
    queue_invitation(session, user=user, workgroup=workgroup, inviter=inviter, links=links,
                     now=now)
    audit.record(session, actor=inviter, subject="membership",
                 ref=f"{workgroup.slug}: {user.email}", action="invited", now=now,
                 details={"role": role})
    return user


def queue_invitation(session: Session, *, user: User, workgroup: Workgroup | None,
                     inviter: User, links: Links, now: datetime) -> None:
    """Queue an invitation mail: to `workgroup`, or, without one, to the calendar itself.

    Someone who already has a password gets a link to log in; a new account gets a
    link to choose a password (valid for MAX_AGE[INVITATION]).
    """
    link = (f"{links.base_url}/invitation/{make_token(links, INVITATION, user)}"
            if not user.password_hash else f"{links.base_url}/login")
    scope = workgroup.id if workgroup is not None else "site"
    enqueue(session, dedupe_key=f"{INVITATION}:{scope}:{user.id}:{now.isoformat()}",
            kind=INVITATION, recipient_email=user.email, recipient_id=user.id,
            lang=user.lang, now=now,
            payload={"workgroup": workgroup.name if workgroup is not None else "",
                     # `to_name`: the mail greets the invitee by name.
                     "invite_url": link, "to_name": user.name,
                     "lang": user.lang, "inviter": inviter.name,
                     "expires_date": (now + MAX_AGE[INVITATION]).date().isoformat()})


def invitation_expires_at(invited_at: datetime) -> datetime:
    """When the link of an invitation queued at `invited_at` stops working."""
    return invited_at + MAX_AGE[INVITATION]


def choose_password(user: User, password: str) -> None:
    """Set the password, which also invalidates every link issued before."""
    user.password_hash = hash_password(password)
