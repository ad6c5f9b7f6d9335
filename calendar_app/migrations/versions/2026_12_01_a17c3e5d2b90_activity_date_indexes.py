"""activity date indexes: feeds and pages select, order and limit on the dates in SQL

Revision ID: a17c3e5d2b90
Revises: 7d2a4c6e8f10
Create Date: 2026-12-01 22:15:00
"""

from __future__ import annotations

from alembic import op

revision = 'a17c3e5d2b90'
down_revision = '7d2a4c6e8f10'
branch_labels = None
depends_on = None

COLUMNS = ("start_date", "end_date", "start_at", "end_at")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(f"ix_activities_{column}", "activities", [column])


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_activities_{column}", table_name="activities")
