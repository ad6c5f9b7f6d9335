"""Workgroups, users and their roles.

Roles live on the membership, so a person can coordinate one workgroup and be a
member of another; an external identity (OpenID Connect) can later be linked to a
`User` without touching roles.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from calendar_app.db import Base
from calendar_app.db import UTCDateTime

ROLES = ("member", "coordinator")
#: What a member receives from a workgroup: its reminders one by one (one mail a day at
#: most), the weekly digest only, or nothing.
REMINDER_MODES = ("individual", "digest", "none")
LANGUAGES = ("nl", "en")


class Workgroup(Base):
    __tablename__ = "workgroups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Yearly budget in euros for the current planning year (history in later issues).
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    #: SHA-256 of the secret token of the internal feed; the token itself is never stored.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="workgroup", cascade="all, delete-orphan")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so logins and invitations match regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Empty until the user has chosen a password (invited, or single sign-on).
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    lang: Mapped[str] = mapped_column(String(2), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The last successful login; None: never logged in (an open invitation, say).
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint("lang IN ('nl', 'en')", name="lang"),)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "workgroup_id"),
        CheckConstraint("role IN ('member', 'coordinator')", name="role"),
        CheckConstraint("reminder_mode IN ('individual', 'digest', 'none')",
                        name="reminder_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroups.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20), default="member")
    #: One of REMINDER_MODES; "none" after the unsubscribe link.
    reminder_mode: Mapped[str] = mapped_column(String(10), default="individual",
                                               server_default="individual")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @hybrid_property
    def reminders_opt_out(self) -> bool:
        """Nothing at all from this workgroup (the unsubscribe link's meaning)."""
        return self.reminder_mode == "none"

    @reminders_opt_out.inplace.setter
    def _opt_out_setter(self, value: bool) -> None:
        self.reminder_mode = "none" if value else "individual"

    @reminders_opt_out.inplace.expression
    @classmethod
    def _opt_out_expression(cls) -> Any:
        return cls.reminder_mode == "none"
    #: True while the invitation is not accepted: a pending member has no role yet and
    #: gets no reminders or digests. Cleared when the invitee chooses a password or
    #: logs in (a membership made without an invitation is never pending).
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: When the (last) invitation to this workgroup was queued; its link expires after
    #: `services.invitations.MAX_AGE`. None for a membership made without invitation.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the invitation was accepted.
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="memberships")
    workgroup: Mapped[Workgroup] = relationship(back_populates="memberships")
