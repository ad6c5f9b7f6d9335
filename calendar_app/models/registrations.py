"""Registrations: who signs up for an activity, and the activity's sign-up settings.

Privacy by design (AVG): a registration holds the name, the e-mail address and the
two free-text answers (dietary wishes, accessibility needs), nothing else. When the
retention period after the activity has passed, those are blanked (`purged_at`) and
the row stays, so the counts (confirmed, waiting, checked in) remain.

Tokens in links are never stored: a registration keeps a random `nonce`, links carry
HMAC(secret key, purpose, id, nonce), and only a SHA-256 of each token is kept for
look-up. A copy of the database alone opens no one's registration.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime

#: pending: waits for the e-mail confirmation; the others as they say.
REGISTRATION_STATES = ("pending", "confirmed", "waitlisted", "cancelled")


class RegistrationSettings(Base):
    """Sign-up on or off for one activity, with its capacity, deadline and questions.

    A table of its own rather than columns on `activities`: most activities never
    take registrations, and the activity form and workflow stay as they are.
    """

    __tablename__ = "registration_settings"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity"),
        CheckConstraint("reminder_lead_days BETWEEN 0 AND 30", name="lead"),
    )

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Places; None means no limit.
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: Sign-ups close at this moment (None: when the activity starts).
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When full, further sign-ups join a waiting list (else they are refused).
    waitlist: Mapped[bool] = mapped_column(Boolean, default=True)
    ask_dietary: Mapped[bool] = mapped_column(Boolean, default=True)
    ask_needs: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Days before the activity the reminder goes out, at the workgroup's send time.
    reminder_lead_days: Mapped[int] = mapped_column(Integer, default=1)
    #: The feedback invitation went out (once, to those who attended).
    feedback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Personal data of the registrants was deleted (retention period over).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Registration(Base):
    """One person's sign-up for one activity (a walk-in has no e-mail address)."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("activity_id", "email"),
        CheckConstraint(
            "status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')", name="status"),
        Index("ix_registrations_activity_status", "activity_id", "status", "placed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Lower-cased; None for a walk-in and after the retention period.
    email: Mapped[str | None] = mapped_column(String(254))
    dietary: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    lang: Mapped[str] = mapped_column(String(2), default="nl")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    #: Random per registration; links are HMACs over it (see the module docstring).
    nonce: Mapped[str] = mapped_column(String(32), default="")
    #: SHA-256 hex of the personal link token (confirm, cancel).
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: SHA-256 hex of the check-in token in the personal QR code.
    checkin_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When confirmed or put on the waiting list: the waiting list's order.
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The activity's SEQUENCE in the last invitation (REQUEST) this person was sent.
    invited_sequence: Mapped[int | None] = mapped_column(Integer)
    #: Added to the activity's SEQUENCE in this person's invitations: one more each time
    #: they sign up again after a CANCEL, so the new REQUEST outranks it (RFC 5546 2.1.4).
    sequence_offset: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Title, start, end and place as last sent, so only those changes send an update.
    invited_version: Mapped[str] = mapped_column(String(64), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
