"""Activities: what workgroups organise (synergy days, workshops, sessions)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from calendar_app.db import Base
from calendar_app.db import UTCDateTime

if TYPE_CHECKING:
    from calendar_app.models.coorganisers import ActivityCoorganiser

STATUSES = ("proposed", "published", "declined", "cancelled")
#: What the public sees: feeds, pages and exports (a cancellation stays visible, marked).
PUBLIC_STATUSES: tuple[str, ...] = ("published", "cancelled")
PHASES = ("bewustwording", "toerusting", "borging")
KINDS = ("activity", "synergy-day", "workshop", "session")


class Activity(Base):
    """One activity of one workgroup.

    All-day activities use `start_date`/`end_date` (inclusive, local days); timed ones
    use `start_at`/`end_at` (UTC). A CHECK keeps exactly one pair filled.
    """

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'published', 'declined', 'cancelled')", name="status"),
        CheckConstraint(
            "phase IS NULL OR phase IN ('bewustwording', 'toerusting', 'borging')",
            name="phase"),
        CheckConstraint(
            "kind IN ('activity', 'synergy-day', 'workshop', 'session')", name="kind"),
        CheckConstraint(
            "(all_day AND start_date IS NOT NULL AND end_date IS NOT NULL"
            " AND end_date >= start_date)"
            " OR (NOT all_day AND start_at IS NOT NULL AND end_at IS NOT NULL"
            " AND end_at >= start_at)",
            name="when"),
        # Public pages count and place rows from these alone, never reading the table
        # (services/calendar_pages.py Span): starting in a range, or ending after it.
        *(Index(f"ix_activities_{first}_public", first, "all_day", "status", second)
          for first, second in (("start_date", "end_date"), ("start_at", "end_at"),
                                ("end_date", "start_date"), ("end_at", "start_at"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random UUID, the stable public identity (feed UID, URLs) on any database engine.
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroups.id"), index=True)
    observance_id: Mapped[int | None] = mapped_column(ForeignKey("observances.id"))
    kind: Mapped[str] = mapped_column(String(20), default="activity")
    title: Mapped[str] = mapped_column(String(200))
    #: Markdown as typed; rendered and sanitised on display.
    description: Mapped[str] = mapped_column(Text, default="")
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The four dates lead the ix_activities_*_public indexes (see __table_args__).
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    phase: Mapped[str | None] = mapped_column(String(20))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Keys such as wheelchair, sign-language, captions, quiet-room, plus free text under "other".
    accessibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expected_participants: Mapped[int | None] = mapped_column(Integer)
    budget_estimate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    attendance: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    #: Raised on every change, written as SEQUENCE in the feeds.
    sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The series this occurrence belongs to (models/series.py); None for a single one.
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity_series.id", ondelete="SET NULL"), index=True)

    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="activity", cascade="all, delete-orphan",
        order_by="ProgrammeItem.start_at")
    changes: Mapped[list[ActivityChange]] = relationship(
        back_populates="activity", cascade="all, delete-orphan",
        order_by="ActivityChange.id")
    #: Other workgroups organising it too (models/coorganisers.py).
    coorganisers: Mapped[list[ActivityCoorganiser]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)


class ProgrammeItem(Base):
    """A session in a synergy day's programme."""

    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    host: Mapped[str] = mapped_column(String(200), default="")

    activity: Mapped[Activity] = relationship(back_populates="programme")


class ActivityChange(Base):
    """Who changed what and when: the audit trail of activities and, since issue 15,
    of accounts, memberships and organisers' dates (one trail, one audit page).

    `subject` says what a row is about; an activity's rows also carry `activity_id`,
    the others name their subject in `subject_ref` (an e-mail address, a workgroup
    slug and address, an observance key and year).
    """

    __tablename__ = "activity_changes"
    __table_args__ = (
        CheckConstraint("subject IN ('activity', 'account', 'membership', 'dates')",
                        name="subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: activity, account, membership or dates.
    subject: Mapped[str] = mapped_column(String(20), default="activity",
                                         server_default="activity", index=True)
    #: What the row is about when it is not an activity, readable as it was then.
    subject_ref: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: proposed, edited, published, declined, cancelled, created, deactivated ...
    action: Mapped[str] = mapped_column(String(20))
    #: Field name -> [old, new] for edits.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    activity: Mapped[Activity | None] = relationship(back_populates="changes")
