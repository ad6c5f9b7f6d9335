"""Planning and accountability: yearly budgets and the coordinator's evaluation notes.

A budget is per workgroup *and year*, so last year's figures stay as they were when a
new plan starts (the single `Workgroup.budget` column cannot keep that history).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Numeric
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime


class YearBudget(Base):
    """The budget a workgroup has for one calendar year, in euros."""

    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("workgroup_id", "year"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("year BETWEEN 1950 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(
        ForeignKey("workgroups.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ActivityEvaluation(Base):
    """What the coordinator wrote down after an activity (attendance is on Activity)."""

    __tablename__ = "activity_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
