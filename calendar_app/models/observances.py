"""Observances: the catalogue from events.yaml, as loaded into the database."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime


class Observance(Base):
    """A themed day, week or month; its dates follow from `record['rule']`.

    Rows are never deleted: an entry removed from events.yaml is retired, so past
    activities and sent reminders keep pointing at it.
    """

    __tablename__ = "observances"
    __table_args__ = (CheckConstraint("importance IN ('major', 'awareness')", name="importance"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The stable key from events.yaml; part of every feed UID.
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    #: The validated events.yaml entry as a canonical dict (names, texts, rule, themes ...).
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: "major" (many colleagues are absent, fast, mourn or celebrate: reminders go out
    #: earlier and louder) or "awareness" (a themed day a team can mark); from events.yaml.
    importance: Mapped[str] = mapped_column(String(20), default="awareness",
                                            server_default="awareness")
    #: SHA-256 of the canonical record: an edit in events.yaml changes it.
    content_hash: Mapped[str] = mapped_column(String(64))
    #: Raised on every change, written as SEQUENCE in the feeds.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Set when the entry left events.yaml; cleared if it comes back.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Theme(Base):
    """A theme from events.yaml (LHBTIQ+, religie, ...), with its labels.

    Kept in the database so pages and feeds label categories without reading the YAML.
    """

    __tablename__ = "themes"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    #: Set when the theme left events.yaml.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BrowserDate(Base):
    """Dates of an organiser-set (announced) observance for one year, entered in the
    browser by an administrator.

    The merge rule with events.yaml (docs/events-format.md): for a year with a row
    here, the row wins over every date events.yaml gives for that year; a withdrawn
    row (no dates) leaves that year not announced. `load-events` never touches this
    table, so a reload cannot erase what was entered.
    """

    __tablename__ = "browser_dates"
    __table_args__ = (
        UniqueConstraint("observance_key", "year"),
        CheckConstraint(
            "(start_date IS NULL AND end_date IS NULL)"
            " OR (start_date IS NOT NULL AND end_date IS NOT NULL AND end_date >= start_date)",
            name="span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    observance_key: Mapped[str] = mapped_column(
        ForeignKey("observances.key", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    #: Both None: the dates of this year are withdrawn (not announced after all).
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    #: Where the organiser published the dates.
    source_url: Mapped[str] = mapped_column(String(500), default="")
    #: The day someone last checked the source.
    checked_date: Mapped[date] = mapped_column(Date)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def withdrawn(self) -> bool:
        return self.start_date is None
