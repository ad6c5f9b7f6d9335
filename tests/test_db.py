"""SQLite is configured for several processes: WAL, busy timeout, immediate writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from calendar_app.db import Database
from calendar_app.db import DatabaseURLError


@pytest.fixture
def sqlite_database(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield database
    database.dispose()


def test_sqlite_uses_wal_and_a_busy_timeout(sqlite_database: Database) -> None:
    with sqlite_database.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_writing_session_takes_the_write_lock_when_it_begins(
        sqlite_database: Database, tmp_path: Path) -> None:
    with sqlite_database.session(write=True) as session:
        session.execute(text("SELECT 1"))  # a read only: the lock must be held already
        other = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_reading_session_does_not_block_writers(
        sqlite_database: Database, tmp_path: Path) -> None:
    with sqlite_database.session() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_a_malformed_database_url_is_reported_with_the_url() -> None:
    with pytest.raises(DatabaseURLError, match="DATABASE_URL='nonsense://'"):
        Database.from_url("nonsense://")
