"""Rate-limit counters shared by every web worker.

In-memory counters count per gunicorn worker, so N workers would allow N times the
limit. Without RATELIMIT_STORAGE_URL (e.g. Redis) the counters live here instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime


class RateLimitCounter(Base):
    """One fixed window of one limit for one client (e.g. login attempts from an address)."""

    __tablename__ = "rate_limits"

    #: The limiter's key: limit, scope and client address.
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    #: When the window ends; a hit after it starts a new window.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
