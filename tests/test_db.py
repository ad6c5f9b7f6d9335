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


def _increment_many(url: str, times: int) -> int:
    """Read-then-write transactions, the pattern that deadlocks with deferred BEGIN."""
    from sqlalchemy import text as sql

    database = Database.from_url(url)
    try:
        for _ in range(times):
            with database.transaction() as session:
                value = session.execute(sql("SELECT n FROM counter")).scalar_one()
                session.execute(sql("UPDATE counter SET n = :n"), {"n": value + 1})
    finally:
        database.dispose()
    return times


def test_concurrent_writers_in_separate_processes_never_lose_an_update(tmp_path: Path) -> None:
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    database = Database.from_url(url)
    with database.transaction() as session:
        session.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        session.execute(text("INSERT INTO counter VALUES (0)"))
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        done = pool.starmap(_increment_many, [(url, 50)] * 4)
    with database.session() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == sum(done) == 200
    database.dispose()


def test_an_sqlite_too_old_for_returning_is_refused_with_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.34.1")
    with pytest.raises(DatabaseURLError, match=r"SQLite 3\.34\.1 is too old.*3\.35 or newer"):
        Database.from_url(f"sqlite:///{tmp_path / 'old.sqlite3'}")


def test_a_page_cache_asked_for_is_set_on_each_connection(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'cache.sqlite3'}", sqlite_cache_mib=64)
    with database.session() as session:
        assert session.execute(text("PRAGMA cache_size")).scalar() == -64 * 1024
    database.dispose()
