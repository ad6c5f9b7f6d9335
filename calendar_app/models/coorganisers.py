"""Co-organisers: other workgroups that organise an activity with its owner.

The activity stays the owner's (`Activity.workgroup_id`: its budget, its evaluation
report); a co-organising workgroup sees it in its pages, year plan, reminders and
workgroup feed, and its coordinators may edit it.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base


class ActivityCoorganiser(Base):
    """One co-organising workgroup of one activity."""

    __tablename__ = "activity_coorganisers"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(
        ForeignKey("workgroups.id", ondelete="CASCADE"), primary_key=True, index=True)
