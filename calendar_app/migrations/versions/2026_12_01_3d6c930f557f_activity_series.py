"""activity series: the series table and activities.series_id

Revision ID: 3d6c930f557f
Revises: c3d9e1f4a7b2
Create Date: 2026-12-01 21:38:33.304888
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import calendar_app.db

revision = '3d6c930f557f'
down_revision = 'c3d9e1f4a7b2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=False),
    sa.Column('until_date', sa.Date(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('moved', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', calendar_app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("frequency IN ('weekly', 'fortnightly', 'monthly')", name=op.f('ck_activity_series_frequency')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_activity_series_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_series'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_activities_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_activities_series_id_activity_series'), 'activity_series', ['series_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activities_series_id_activity_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_activities_series_id'))
        batch_op.drop_column('series_id')
    op.drop_table('activity_series')
