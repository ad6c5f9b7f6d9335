"""activity public indexes: pages count and place rows from an index alone

They replace the one-column date indexes of a17c3e5d2b90, whose column each leads:
SQLite keeps no statistics and picked a one-column index, then read the table.

Revision ID: c3d9e1f4a7b2
Revises: 5eeb9fddefa0
Create Date: 2026-12-01 22:30:00
"""

from __future__ import annotations

from alembic import op

revision = 'c3d9e1f4a7b2'
down_revision = '5eeb9fddefa0'
branch_labels = None
depends_on = None

#: (range column, the other end): with all_day and status, what a page's key query reads.
PAIRS = (("start_date", "end_date"), ("start_at", "end_at"),
         ("end_date", "start_date"), ("end_at", "start_at"))


def upgrade() -> None:
    for first, _second in PAIRS:
        op.drop_index(f"ix_activities_{first}", table_name="activities")
    for first, second in PAIRS:
        op.create_index(f"ix_activities_{first}_public", "activities",
                        [first, "all_day", "status", second])


def downgrade() -> None:
    for first, _second in PAIRS:
        op.drop_index(f"ix_activities_{first}_public", table_name="activities")
        op.create_index(f"ix_activities_{first}", "activities", [first])
