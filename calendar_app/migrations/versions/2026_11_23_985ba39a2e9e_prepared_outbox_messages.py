"""prepared outbox messages

Revision ID: 985ba39a2e9e
Revises: d202044576be
Create Date: 2026-11-23 17:59:22.189621
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '985ba39a2e9e'
down_revision = 'd202044576be'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_prepared',
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_outbox_prepared_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbox_id', name=op.f('pk_outbox_prepared'))
    )


def downgrade() -> None:
    op.drop_table('outbox_prepared')
