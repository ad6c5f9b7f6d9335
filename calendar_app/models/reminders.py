"""Reminder rules, the outbox of messages to send, and the scheduler's heartbeat.

The outbox is the single source of truth for delivery: the scheduler is only a
clock that plans rows and dispatches them. A unique `dedupe_key` makes planning
idempotent; a lease (`lease_until`) makes dispatch claim each row once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import SmallInteger
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime

STATES = ("pending", "sending", "sent", "failed", "skipped", "cancelled")


class ReminderRule(Base):
    __tablename__ = "reminder_rules"
    __table_args__ = (
        CheckConstraint("covers IN ('observances', 'activities', 'all')", name="covers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(
        ForeignKey("workgroups.id", ondelete="CASCADE"), index=True)
    #: Days ahead of the event, e.g. [42, 14, 2]: for whatever the three lists below
    #: leave unset (NULL), e.g. a rule made with `--reminder-days`.
    lead_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Days ahead for observances of importance "major" ([] = none, NULL = lead_days).
    major_days: Mapped[list[int] | None] = mapped_column(JSON)
    #: Days ahead for observances of importance "awareness" ([] = none, NULL = lead_days).
    awareness_days: Mapped[list[int] | None] = mapped_column(JSON)
    #: Days ahead for the workgroup's own activities ([] = none, NULL = lead_days).
    activity_days: Mapped[list[int] | None] = mapped_column(JSON)
    #: Local wall-clock time of sending, "HH:MM" in the calendar's time zone.
    send_time: Mapped[str] = mapped_column(String(5), default="09:00")
    #: Weekday (0 = Monday) on which reminders a week or more ahead go out, together;
    #: NULL sends each reminder on its own day (`reminder_rules.gathered_day`).
    send_weekday: Mapped[int | None] = mapped_column(SmallInteger)
    covers: Mapped[str] = mapped_column(String(20), default="all")
    #: Observance themes covered; empty means every theme.
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')",
            name="state"),
        Index("ix_outbox_state_due", "state", "next_attempt_at"),
        #: The planner reads the reminder rows of a few days (`rows_around`): without
        #: it, every pass scanned the whole outbox, which only grows.
        Index("ix_outbox_kind_due", "kind", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: (occurrence, rule, recipient, lead time) or similar: planning twice adds nothing.
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient_email: Mapped[str] = mapped_column(String(254))
    lang: Mapped[str] = mapped_column(String(2), default="nl")
    #: What the message is about: an observance occurrence or an activity.
    observance_key: Mapped[str | None] = mapped_column(String(80))
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL"))
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminder_rules.id", ondelete="SET NULL"))
    lead_days: Mapped[int | None] = mapped_column()
    #: Everything the notifier needs to compose the message.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: While set and in the future, one dispatcher owns the row.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    #: The server's reply or the reason for skipping.
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PreparedMessage(Base):
    """An outbox row's message, composed ahead: wire bytes without the Date header.

    A table of its own because SQLite rewrites a whole row, large values included, on
    every update: with the bytes inside `outbox`, each claim and each "sent" would copy
    kilobytes. Deleted once the message is sent.
    """

    __tablename__ = "outbox_prepared"

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OutboxEvent(Base):
    """A change of an outbox row's state that the row itself would overwrite.

    Written where a row is retried, fails, is skipped, cancelled, released or put back
    by an administrator, so the detail page can show its history with the server's
    replies. Planning (`created_at`) and sending (`sent_at`) are on the row already:
    the sending path, which runs for every message, writes nothing here.
    """

    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The state the row moved to (pending for a retry or a release).
    state: Mapped[str] = mapped_column(String(20))
    #: The server's reply, the reason for skipping, or who put it back.
    detail: Mapped[str] = mapped_column(Text, default="")


class Heartbeat(Base):
    """Last sign of life per process kind, for the "last active" notice."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[str] = mapped_column(String(200), default="")
