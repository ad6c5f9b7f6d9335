"""Who gets a workgroup's reminders, read as plain values for the planner.

A planning pass reads every subscribed member (2,000 at a hundred workgroups) and
touches each in its inner loops; plain frozen dataclasses instead of ORM objects
keep that cheap (an attribute of a mapped object goes through a descriptor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Membership
from calendar_app.models import User


@dataclass(frozen=True)
class Member:
    """What planning reads of a member's account: plain values, not ORM objects (a pass
    reads thousands of them, and an attribute of a mapped object costs a descriptor)."""

    id: int
    email: str
    name: str
    lang: str


@dataclass(frozen=True)
class Subscription:
    """The membership through which a member gets a workgroup's reminders."""

    workgroup_id: int
    created_at: datetime


def subscribers(session: Session,
                mode: str = "individual") -> dict[int, list[tuple[Subscription, Member]]]:
    """Per workgroup: the active members whose reminder mode is `mode`."""
    rows = session.execute(
        select(Membership.workgroup_id, Membership.created_at, User.id, User.email,
               User.name, User.lang).join(User, User.id == Membership.user_id)
        .where(Membership.reminder_mode == mode, Membership.pending.is_(False),
               User.is_active.is_(True))
        .order_by(User.id))
    members: dict[int, list[tuple[Subscription, Member]]] = {}
    accounts: dict[int, Member] = {}
    for workgroup_id, created_at, user_id, email, name, lang in rows:
        user = accounts.setdefault(user_id, Member(user_id, email, name, lang))
        members.setdefault(workgroup_id, []).append((Subscription(workgroup_id, created_at),
                                                     user))
    return members
