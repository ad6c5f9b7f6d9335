"""Observances: the catalogue from events.yaml, as loaded into the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import String
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
