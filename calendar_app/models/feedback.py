"""Anonymous feedback on activities.

A response stores no account, address, IP or time of day: only the date, the
ratings and the free text. That is what "anonymous" promises the participant.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base


class FeedbackQuestion(Base):
    """One question of a workgroup's short questionnaire, rated 1–5."""

    __tablename__ = "feedback_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(
        ForeignKey("workgroups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text_nl: Mapped[str] = mapped_column(String(300))
    text_en: Mapped[str] = mapped_column(String(300))


class FeedbackResponse(Base):
    __tablename__ = "feedback_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    #: The date only: a precise timestamp could identify the respondent.
    submitted_on: Mapped[date] = mapped_column(Date)
    #: Question id (as text) -> rating 1..5.
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
