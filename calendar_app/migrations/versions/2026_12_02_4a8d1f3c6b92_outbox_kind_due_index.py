"""outbox (kind, due_at) index: the planner reads a few days of reminder rows

Revision ID: 4a8d1f3c6b92
Revises: 9e4b2c6d1a73
Create Date: 2026-12-02 01:35:00
"""

from __future__ import annotations

from alembic import op

revision = '4a8d1f3c6b92'
down_revision = '9e4b2c6d1a73'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_kind_due', ['kind', 'due_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_kind_due')
