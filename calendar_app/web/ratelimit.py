"""Rate limits (Flask-Limiter) with counters every gunicorn worker shares.

Flask-Limiter's default memory storage counts per process: with four workers an
attacker gets four times the login attempts. RATELIMIT_STORAGE_URL (e.g. `redis://`)
picks a shared store; without it the counters live in the product's own database
(`rate_limits`), through the small `limits` storage below. It implements the fixed
window strategy, the default: one atomic upsert per hit, so workers never lose counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

from flask import Flask
from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import Storage
from sqlalchemy import case
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import SQLAlchemyError

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.db import UTCDateTime
from calendar_app.models import RateLimitCounter

#: Login attempts per client address, several workers sharing the count. Generous:
#: colleagues behind one office address sign in one after another at nine, and each
#: account has its own lock on failures (ACCOUNT_LIMIT) against guessing.
LOGIN_LIMIT = "60 per 5 minutes"
#: Failed logins per account (the address typed), from whatever client addresses.
ACCOUNT_LIMIT = "10 per 15 minutes"
#: /feed-check per client address: a public page that parses the whole feed.
FEED_CHECK_LIMIT = "20 per minute"
DATABASE_SCHEME = "calendar-db"


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limits` table (SQLite or PostgreSQL)."""

    STORAGE_SCHEME = [DATABASE_SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.database: Database = options["database"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = datetime.now(UTC)
        ends = literal(now + timedelta(seconds=expiry), UTCDateTime())
        expired = RateLimitCounter.expires_at <= literal(now, UTCDateTime())
        dialect = postgresql if self.database.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(RateLimitCounter).values(
            key=key, hits=amount, expires_at=now + timedelta(seconds=expiry))
        statement = statement.on_conflict_do_update(
            index_elements=[RateLimitCounter.key],
            set_={"hits": case((expired, amount), else_=RateLimitCounter.hits + amount),
                  "expires_at": case((expired, ends), else_=RateLimitCounter.expires_at)},
        ).returning(RateLimitCounter.hits)
        with self.database.transaction() as session:
            # Ended windows hold client addresses nobody needs any more: drop them here,
            # so the table never keeps more than the live windows.
            session.execute(delete(RateLimitCounter).where(expired))
            return int(session.execute(statement).scalar_one())

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row is not None else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return (row.expires_at if row is not None else datetime.now(UTC)).timestamp()

    def check(self) -> bool:
        try:
            self.database.ping()
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.database.transaction() as session:
            count = session.scalar(select(func.count()).select_from(RateLimitCounter))
            session.execute(delete(RateLimitCounter))
        return count

    def clear(self, key: str) -> None:
        with self.database.transaction() as session:
            session.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))

    def _row(self, key: str) -> RateLimitCounter | None:
        """The live window for `key`, or None when there is none or it has ended."""
        with self.database.session() as session:
            row = session.get(RateLimitCounter, key)
        if row is None or row.expires_at <= datetime.now(UTC):
            return None
        return row


def init_app(app: Flask, settings: Settings) -> Limiter:
    """Give `app` its own limiter; `limit_view` then limits single endpoints.

    One limiter per app (not a module global) so several apps in one process, as in
    the tests, never share a storage.
    """
    if settings.ratelimit_storage_url:
        uri, options = settings.ratelimit_storage_url, {}
    else:
        uri, options = f"{DATABASE_SCHEME}://", {"database": app.extensions["database"]}
    app.config.setdefault("LOGIN_RATE_LIMIT", LOGIN_LIMIT)
    app.config.setdefault("ACCOUNT_LOGIN_RATE_LIMIT", ACCOUNT_LIMIT)
    app.config.setdefault("FEED_CHECK_RATE_LIMIT", FEED_CHECK_LIMIT)
    limiter = Limiter(get_remote_address, app=app, storage_uri=uri,
                      storage_options=options, strategy="fixed-window",
                      headers_enabled=True)
    app.extensions["calendar_limiter"] = limiter
    return limiter


def limit_view(app: Flask, endpoint: str, config_key: str = "LOGIN_RATE_LIMIT",
               methods: tuple[str, ...] = ("POST",)) -> None:
    """Limit `methods` on `endpoint` to the rate in `app.config[config_key]`."""
    limiter: Limiter = app.extensions["calendar_limiter"]
    view: Callable[..., Any] = app.view_functions[endpoint]
    app.view_functions[endpoint] = limiter.limit(
        lambda: str(current_app.config[config_key]), methods=list(methods))(view)


def _account_key(email: str) -> str:
    """A digest of the typed address: the counter table holds no addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def account_locked_until(email: str) -> datetime | None:
    """When the lock on `email` ends, or None when it may try to log in.

    Counted per typed address whether or not an account has it, so the lock tells a
    stranger nothing about who works here.
    """
    limiter: Limiter = current_app.extensions["calendar_limiter"]
    if not limiter.enabled:
        return None
    item = parse(str(current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]))
    key = _account_key(email)
    if limiter.limiter.test(item, "login-account", key):
        return None
    reset, _remaining = limiter.limiter.get_window_stats(item, "login-account", key)
    return datetime.fromtimestamp(reset, UTC)


def clear_failed_logins(email: str) -> None:
    """Lift the lock on `email`: its owner proved who they are another way.

    The lock counts what anyone types, so a stranger can put it on someone else's
    address; a password chosen from a mailed link (or an administrator) takes it off,
    or the owner would stay locked out for as long as the stranger keeps trying.
    """
    limiter: Limiter = current_app.extensions["calendar_limiter"]
    if limiter.enabled:
        item = parse(str(current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]))
        limiter.limiter.clear(item, "login-account", _account_key(email))


def count_failed_login(email: str) -> None:
    limiter: Limiter = current_app.extensions["calendar_limiter"]
    if limiter.enabled:
        item = parse(str(current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"]))
        limiter.limiter.hit(item, "login-account", _account_key(email))
