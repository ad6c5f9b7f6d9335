"""What a site administrator does to accounts and memberships, each change audited.

Verbs on an explicit session, actor and moment; the caller commits. A deactivated
account keeps its history (activities, audit entries, sent mail) but cannot log in
and receives nothing: its waiting mail is stopped here at once, and planning and the
send-time check leave it out from then on (`services.reminders`, `send_check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import audit
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import set_role
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import invite
from calendar_app.services.invitations import queue_invitation
from calendar_app.services.outbox import note
from calendar_app.services.reminder_rows import GONE

#: Filter values for "role": an administrator, a coordinator or member somewhere, or
#: someone with only pending invitations.
ROLE_FILTERS = ("admin", "coordinator", "member", "pending")


@dataclass(frozen=True)
class AccountFilter:
    #: Part of the name or e-mail address.
    query: str = ""
    workgroup_id: int | None = None
    role: str | None = None
    active: bool | None = None
    never_logged_in: bool = False


def accounts(session: Session, wanted: AccountFilter) -> list[User]:
    """Every account matching `wanted`, by name, with memberships loaded."""
    query = select(User).options(selectinload(User.memberships).selectinload(
        Membership.workgroup)).order_by(func.lower(User.name), User.id)
    if wanted.query.strip():
        needle = f"%{wanted.query.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(needle), User.email.like(needle)))
    if wanted.active is not None:
        query = query.where(User.is_active.is_(wanted.active))
    if wanted.never_logged_in:
        query = query.where(User.last_login_at.is_(None))
    if wanted.role == "admin":
        query = query.where(User.is_admin.is_(True))
    member = select(Membership.user_id)
    if wanted.workgroup_id is not None:
        member = member.where(Membership.workgroup_id == wanted.workgroup_id)
    if wanted.role in ("coordinator", "member"):
        member = member.where(Membership.role == wanted.role, Membership.pending.is_(False))
    elif wanted.role == "pending":
        member = member.where(Membership.pending.is_(True))
    if wanted.workgroup_id is not None or wanted.role in ("coordinator", "member", "pending"):
        query = query.where(User.id.in_(member))
    return list(session.scalars(query))


def account(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no account {user_id}")
    return user


def create_account(session: Session, *, email: str, name: str, lang: str, is_admin: bool,
                   workgroup: Workgroup | None, role: str, actor: User, links: Links,
                   now: datetime) -> User:
    """A new account, invited by mail to choose a password (and to `workgroup`, if any)."""
    if workgroup is not None:
        if session.scalar(select(User.id).where(User.email == email.strip().lower())):
            raise ServiceError(f"a user with e-mail {email.strip().lower()} exists already",
                               field="email")
        user = invite(session, workgroup=workgroup, email=email, name=name, role=role,
                      lang=lang, inviter=actor, links=links, now=now)
    else:
        user = create_user(session, email=email, name=name, lang=lang, now=now)
        queue_invitation(session, user=user, workgroup=None, inviter=actor, links=links,
                         now=now)
    user.is_admin = is_admin
    audit.record(session, actor=actor, subject="account", ref=user.email, action="created",
                 now=now, details={"admin": is_admin,
                                   "workgroup": workgroup.slug if workgroup else None})
    return user


def set_admin(session: Session, user: User, *, is_admin: bool, actor: User,
              now: datetime) -> None:
    """Make or unmake a site administrator; nobody takes the right from themselves."""
    if user.id == actor.id and not is_admin:
        raise ServiceError("you cannot take the administrator right from yourself",
                           field="admin")
    if user.is_admin == is_admin:
        return
    user.is_admin = is_admin
    audit.record(session, actor=actor, subject="account", ref=user.email,
                 action="made-admin" if is_admin else "unmade-admin", now=now)


def deactivate(session: Session, user: User, *, actor: User, now: datetime) -> int:
    """Close the account: no login, no mail. Returns how many waiting messages stopped."""
    if user.id == actor.id:
        raise ServiceError("you cannot deactivate your own account", field="active")
    if not user.is_active:
        return 0
    user.is_active = False
    stopped = stop_waiting_mail(session, user_id=user.id, now=now,
                                reason="the recipient's account is deactivated")
    audit.record(session, actor=actor, subject="account", ref=user.email,
                 action="deactivated", now=now, details={"messages stopped": stopped})
    return stopped


def reactivate(session: Session, user: User, *, actor: User, now: datetime) -> None:
    """Open the account again; reminders that are still due are planned again."""
    if user.is_active:
        return
    user.is_active = True
    audit.record(session, actor=actor, subject="account", ref=user.email,
                 action="reactivated", now=now)


def resend_invitation(session: Session, user: User, *, workgroup: Workgroup | None,
                      actor: User, links: Links, now: datetime) -> None:
    """A fresh invitation link (the expiry starts again) by mail."""
    if not user.is_active:
        raise ServiceError("the account is deactivated", field="active")
    if workgroup is not None:
        membership = _membership(session, user, workgroup)
        if membership.pending:
            membership.invited_at = now
    queue_invitation(session, user=user, workgroup=workgroup, inviter=actor, links=links,
                     now=now)
    audit.record(session, actor=actor, subject="membership" if workgroup else "account",
                 ref=_ref(user, workgroup), action="invited-again", now=now)


def change_role(session: Session, user: User, workgroup: Workgroup, *, role: str,
                actor: User, now: datetime) -> None:
    membership = _membership(session, user, workgroup)
    if membership.role == role:
        return
    old = membership.role
    set_role(session, user=user, workgroup=workgroup, role=role, now=now)
    audit.record(session, actor=actor, subject="membership", ref=_ref(user, workgroup),
                 action="role-changed", now=now, details={"role": [old, role]})


def remove_member(session: Session, user: User, workgroup: Workgroup, *, actor: User,
                  now: datetime) -> int:
    """Take `user` out of `workgroup`; their waiting reminders from it stop at once."""
    membership = _membership(session, user, workgroup)
    rules = select(ReminderRule.id).where(ReminderRule.workgroup_id == workgroup.id)
    stopped = stop_waiting_mail(session, user_id=user.id, now=now, rules=rules,
                                reason="the member left the workgroup")
    session.delete(membership)
    session.flush()
    session.expire(user, ["memberships"])
    audit.record(session, actor=actor, subject="membership", ref=_ref(user, workgroup),
                 action="removed", now=now,
                 details={"role": [membership.role, None], "messages stopped": stopped})
    return stopped


def stop_waiting_mail(session: Session, *, user_id: int, now: datetime, reason: str,
                      rules: object | None = None) -> int:
    """Stop the pending messages to `user_id` (only those of `rules`, if given).

    A reminder is cancelled as "no longer due", so planning revives it if it is
    wanted again (an account reactivated in time); other mail is skipped.
    """
    query = select(OutboxMessage).where(OutboxMessage.recipient_id == user_id,
                                        OutboxMessage.state == "pending")
    if rules is not None:
        query = query.where(OutboxMessage.rule_id.in_(rules))  # type: ignore[arg-type]
    stopped = 0
    for row in session.scalars(query):
        if row.kind == "reminder":
            row.state, row.last_error = "cancelled", f"{GONE} {reason}"
        else:
            row.state, row.last_error = "skipped", reason
        note(session, row.id, row.state, row.last_error, now=now)
        stopped += 1
    session.flush()
    return stopped


def _membership(session: Session, user: User, workgroup: Workgroup) -> Membership:
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.workgroup_id == workgroup.id))
    if membership is None:
        raise NotFound(f"{user.email} is not in workgroup {workgroup.slug}")
    return membership


def _ref(user: User, workgroup: Workgroup | None) -> str:
    return f"{workgroup.slug}: {user.email}" if workgroup is not None else user.email
