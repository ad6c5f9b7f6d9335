"""Engine, sessions and the declarative base.

SQLite is the embedded default and needs three things to behave under several
gunicorn workers and a scheduler process: WAL (readers never wait for a writer), a
busy timeout (writers queue instead of failing), and write transactions that take the
write lock up front with `BEGIN IMMEDIATE`. Without the last, two deferred
transactions that both read and then write deadlock and one gets "database is locked"
at once, whatever the timeout. Read-only sessions stay deferred so feed requests never
queue behind a writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import DateTime
from sqlalchemy import Engine
from sqlalchemy import MetaData
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.types import TypeDecorator

SQLITE_BUSY_TIMEOUT_MS = 15_000

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every engine.

    SQLite has no time zones and hands back naive values; this type stores UTC and
    returns aware UTC, so comparisons never mix naive and aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class DatabaseURLError(ValueError):
    """DATABASE_URL names no database the product can use."""


def compact_json(value: Any) -> str:
    """JSON columns through orjson, compact, with letters as they are ("Zoë", not
    "Zo\\u00eb"): the outbox writes thousands of payloads per planning pass, and the
    standard library's encoder was a fifth of it. Keys that are not strings become
    strings, as with `json.dumps`."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _json_loads(text: str | bytes) -> Any:
    return orjson.loads(text)


def make_engine(url: str, *, sqlite_cache_mib: int | None = None, **kwargs: Any) -> Engine:
    """Create the engine; on SQLite with WAL, a busy timeout and foreign keys on, and a
    page cache of `sqlite_cache_mib` per connection (SQLite's own 2 MiB when None)."""
    kwargs.setdefault("json_serializer", compact_json)
    kwargs.setdefault("json_deserializer", _json_loads)
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql+psycopg":
            # No server-side prepared statements: psycopg prepares a query after five
            # runs, and PostgreSQL then keeps a generic plan made while the outbox was
            # small (a sequential scan for `dedupe_key IN (...)`: 250 ms instead of
            # 5 ms per planning batch once it holds 100,000 rows).
            kwargs["connect_args"] = {"prepare_threshold": None,
                                      **kwargs.get("connect_args", {})}
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # SQLAlchemy raises several types for a bad URL
        raise DatabaseURLError(f"DATABASE_URL={url!r} is not usable: {exc}") from None
    if engine.dialect.name == "sqlite":
        if sqlite3.sqlite_version_info < (3, 35):  # INSERT ... RETURNING (outbox_insert)
            raise DatabaseURLError(
                f"DATABASE_URL={url!r}: SQLite {sqlite3.sqlite_version} is too old; the "
                "product needs SQLite 3.35 or newer (Python's sqlite3 module links the "
                "system's SQLite: Debian 12 and Ubuntu 22.04 have new enough ones)")
        _configure_sqlite(engine, sqlite_cache_mib)
    return engine


def _configure_sqlite(engine: Engine, cache_mib: int | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        if cache_mib is not None:
            cursor.execute(f"PRAGMA cache_size = -{int(cache_mib) * 1024}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An engine with two kinds of session: reading, and writing.

    Writing sessions begin immediately on SQLite (see the module docstring); on
    PostgreSQL both are ordinary transactions.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_immediate=True)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        return cls(make_engine(url, **kwargs))

    def session(self, *, write: bool = False) -> Session:
        return (self._write if write else self._read)()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A writing session that commits on success and rolls back on error."""
        with self.session(write=True) as session, session.begin():
            yield session

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()
