"""Old databases: reminder rows get their keys with the day first, and back on downgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine
from sqlalchemy import text

from calendar_app import migrations

BEFORE = "4a8d1f3c6b92"
OLD_KEYS = ["reminder:w3:u17:2031-01-05", "reminder:w3:u17:2031-01-05:again:42",
            "reminder:w12:missed:2031-01-02", "reminder:obs:pride:2031-08-02:r1:u5:d14",
            "registration:9"]
NEW_KEYS = ["reminder:2031-01-05:w3:u17", "reminder:2031-01-05:w3:u17:again:42",
            "reminder:2031-01-02:missed:w12", "reminder:obs:pride:2031-08-02:r1:u5:d14",
            "registration:9"]


def _keys(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        keys = list(connection.scalars(text("SELECT dedupe_key FROM outbox ORDER BY id")))
    engine.dispose()
    return keys


def _old_database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrations.upgrade(url, BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        for key in OLD_KEYS:
            connection.execute(text(
                "INSERT INTO outbox (dedupe_key, kind, recipient_email, lang, payload, due_at,"
                " state, attempts, next_attempt_at, last_error, created_at) VALUES (:k, :kind,"
                " '', 'nl', '{}', '2031-01-05 08:00:00', 'pending', 0, '2031-01-05 08:00:00',"
                " '', '2031-01-01 00:00:00')"),
                {"k": key, "kind": "registration" if key.startswith("registration") else
                 "reminder"})
    engine.dispose()
    return url


def test_upgrade_puts_the_day_first_in_the_keys_of_reminder_rows(tmp_path: Path) -> None:
    url = _old_database(tmp_path)
    migrations.upgrade(url)
    assert _keys(url) == NEW_KEYS  # one-reminder rows of before the batches, as they were


def test_downgrade_gives_the_old_keys_back(tmp_path: Path) -> None:
    url = _old_database(tmp_path)
    migrations.upgrade(url)
    command.downgrade(migrations.alembic_config(url), BEFORE)
    assert _keys(url) == OLD_KEYS
