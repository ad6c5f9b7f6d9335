"""Stamps that move only when a feed's own content moves.

A feed's DTSTAMP and Last-Modified cannot come from the shared data version: that moves
on every change anywhere (an edit to an unpublished proposal too), so every public feed
would get new bytes and a new ETag. Instead each feed (one row per query) keeps the
digest of the content it last showed and the stamp it had then. The same content gets
the same stamp, in every worker and after a restart; new content gets a stamp after the
old one, so Last-Modified never moves backwards, also when events leave the feed.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from calendar_app.models import FeedStamp

SECOND = timedelta(seconds=1)


def stamp_for(session: Session, key: str, digest: str, *, now: datetime) -> datetime:
    """The stamp of feed `key` for content `digest`; `now` (whole seconds) for new content.

    Two workers that render the same new content at once agree: the update only applies
    to the digest both saw, and both read back the row that won.
    """
    now = now.replace(microsecond=0)
    row = session.get(FeedStamp, key, populate_existing=True)
    if row is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(dialect.insert(FeedStamp).values(key=key, digest=digest, stamp=now)
                        .on_conflict_do_nothing(index_elements=[FeedStamp.key]))
    elif row.digest != digest:
        stamp = max(now, row.stamp.replace(microsecond=0) + SECOND)
        session.execute(update(FeedStamp)
                        .where(FeedStamp.key == key, FeedStamp.digest == row.digest)
                        .values(digest=digest, stamp=stamp))
    else:
        return row.stamp
    session.flush()
    stored = session.get(FeedStamp, key, populate_existing=True)
    assert stored is not None
    return stored.stamp
