"""activity co-organisers: workgroups that organise an activity with its owner

Revision ID: a7c41e2b9d03
Revises: 3d6c930f557f
Create Date: 2026-12-01 21:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'a7c41e2b9d03'
down_revision = '3d6c930f557f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_coorganisers',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('workgroup_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_coorganisers_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workgroup_id'], ['workgroups.id'], name=op.f('fk_activity_coorganisers_workgroup_id_workgroups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'workgroup_id', name=op.f('pk_activity_coorganisers'))
    )
    with op.batch_alter_table('activity_coorganisers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_coorganisers_workgroup_id'), ['workgroup_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('activity_coorganisers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_coorganisers_workgroup_id'))
    op.drop_table('activity_coorganisers')
