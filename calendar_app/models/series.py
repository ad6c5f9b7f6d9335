"""Activity series: one recurrence rule whose occurrences are activities of their own.

Each occurrence is a full `Activity` (own public id and feed UID, own registration and
evaluation) that points here through `Activity.series_id`; the series only remembers
how the dates were made, so "this and all that follow" knows which activities belong
together.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime

FREQUENCIES = ("weekly", "fortnightly", "monthly")


class ActivitySeries(Base):
    """How a series' dates were made: a frequency from the first date until a date."""

    __tablename__ = "activity_series"
    __table_args__ = (
        CheckConstraint("frequency IN ('weekly', 'fortnightly', 'monthly')", name="frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: weekly, fortnightly (every two weeks) or monthly (on the n-th weekday of the first date).
    frequency: Mapped[str] = mapped_column(String(20))
    first_date: Mapped[date] = mapped_column(Date)
    until_date: Mapped[date] = mapped_column(Date)
    #: ISO dates of the rule that were left out.
    skipped: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ISO date of the rule -> ISO date it was moved to.
    moved: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
