"""Consistent backups of the embedded SQLite database.

A plain file copy of a live WAL database can miss committed pages that still sit in
the -wal file; SQLite's online backup API copies a consistent snapshot instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the database at `url` to `target`; return the number of pages copied."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError(
            "backup is for the SQLite default; for PostgreSQL use pg_dump, e.g. "
            "`pg_dump --format=custom --file=calendar.dump DBNAME`")
    if not parsed.database or parsed.database == ":memory:":
        raise ValueError("DATABASE_URL names no SQLite file to back up")
    if target.exists():
        raise ValueError(f"{target} exists already; choose a new file name")
    if not Path(parsed.database).is_file():
        raise ValueError(f"no SQLite database at {parsed.database} (run 'diversity-calendar "
                         "db upgrade' first, or set DATABASE_URL/INSTANCE_PATH)")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _copy(parsed.database, target)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)  # never leave a half-written backup behind
        raise ValueError(f"cannot back up {parsed.database}: {exc}") from None


def _copy(database: str, target: Path) -> int:
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
        return int(destination.execute("PRAGMA page_count").fetchone()[0])
    finally:
        destination.close()
        source.close()
