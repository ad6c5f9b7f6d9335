"""Site-wide state that several processes share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import String
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


class FeedStamp(Base):
    """The DTSTAMP and Last-Modified of one feed, kept while its content stays the same.

    The data version moves on any change (an edit to a proposal too), and a stamp taken
    from it would change every public feed's bytes and ETag with it: every subscriber
    would download every feed again, and outsiders could see that proposals happen. So
    each feed keeps a digest of what it shows, and its stamp moves only with that digest.
    """

    __tablename__ = "feed_stamps"

    #: sha256 of the feed's query (filters and language).
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: sha256 of the feed's content, rendered without its stamp.
    digest: Mapped[str] = mapped_column(String(64))
    stamp: Mapped[datetime] = mapped_column(UTCDateTime())
