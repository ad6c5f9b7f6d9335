"""reminder keys day first: reminder:<day>:w<workgroup>:u<user>

A planning pass adds a day's row for every member; with the member first in the key
those rows landed all over the outbox's unique index (see `reminder_rows.batch_key`).
Existing rows get the new keys, so planning and the missed-day record find them:

- reminder:w<g>:u<u>:<day>              -> reminder:<day>:w<g>:u<u>
- reminder:w<g>:u<u>:<day>:again:<row>  -> reminder:<day>:w<g>:u<u>:again:<row>
- reminder:w<g>:missed:<day>            -> reminder:<day>:missed:w<g>

Revision ID: b7e3a9d2c418
Revises: 4a8d1f3c6b92
Create Date: 2026-12-03 09:40:00
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = 'b7e3a9d2c418'
down_revision = '4a8d1f3c6b92'
branch_labels = None
depends_on = None

_DAY = r"\d{4}-\d{2}-\d{2}"
_OLD_BATCH = re.compile(rf"^reminder:(w\d+):(u\d+):({_DAY})((?::again:\d+)?)$")
_OLD_MISSED = re.compile(rf"^reminder:(w\d+):missed:({_DAY})$")
_NEW_BATCH = re.compile(rf"^reminder:({_DAY}):(w\d+):(u\d+)((?::again:\d+)?)$")
_NEW_MISSED = re.compile(rf"^reminder:({_DAY}):missed:(w\d+)$")


def _day_first(key: str) -> str | None:
    if found := _OLD_BATCH.match(key):
        group, user, day, again = found.groups()
        return f"reminder:{day}:{group}:{user}{again}"
    if found := _OLD_MISSED.match(key):
        group, day = found.groups()
        return f"reminder:{day}:missed:{group}"
    return None


def _member_first(key: str) -> str | None:
    if found := _NEW_BATCH.match(key):
        day, group, user, again = found.groups()
        return f"reminder:{group}:{user}:{day}{again}"
    if found := _NEW_MISSED.match(key):
        day, group = found.groups()
        return f"reminder:{group}:missed:{day}"
    return None


def _rewrite(pattern: str, change: Callable[[str], str | None]) -> None:
    """New keys for the reminder rows whose key matches `pattern` (LIKE). Old and new
    keys never collide: one has a letter after `reminder:`, the other a digit."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, dedupe_key FROM outbox WHERE kind = 'reminder' AND dedupe_key LIKE :p"),
        {"p": pattern}).all()
    changes = [{"id": row_id, "key": new} for row_id, key in rows
               if (new := change(key)) is not None]
    if changes:
        connection.execute(sa.text("UPDATE outbox SET dedupe_key = :key WHERE id = :id"),
                           changes)


def upgrade() -> None:
    _rewrite("reminder:w%", _day_first)


def downgrade() -> None:
    _rewrite("reminder:2%", _member_first)
