"""observance importance (major | awareness), from events.yaml

Revision ID: 5c1e7a9d3b20
Revises: 5f1e0c7a9b21
Create Date: 2026-12-01 21:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '5c1e7a9d3b20'
down_revision = '5f1e0c7a9b21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows read "awareness" until the next load-events sets each from the file.
    with op.batch_alter_table('observances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('importance', sa.String(length=20),
                                      server_default='awareness', nullable=False))
        batch_op.create_check_constraint(
            'importance', "importance IN ('major', 'awareness')")


def downgrade() -> None:
    with op.batch_alter_table('observances', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_observances_importance'), type_='check')
        batch_op.drop_column('importance')
