"""Site-wide state that several processes share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime


class DataVersion(Base):
    """One row that counts changes to anything a feed or page shows.

    Feeds are cached per version, so the body is built once per change of data, and
    `changed_at` serves as Last-Modified: it only moves forward, also when something
    is deleted (a max() over the remaining rows would move backwards).
    """

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
