"""planning watermark: the reminder planner plans only what changed or came due

Revision ID: 9e4b2c6d1a73
Revises: 9c4e2a7b1d35
Create Date: 2026-12-02 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import calendar_app.db

revision = '9e4b2c6d1a73'
down_revision = '9c4e2a7b1d35'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('planner_inputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_planner_inputs_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planner_inputs'))
    )
    op.create_table('planning_watermark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inputs_version', sa.Integer(), nullable=True),
    sa.Column('data_version', sa.Integer(), nullable=True),
    sa.Column('settings_key', sa.String(length=300), nullable=False),
    sa.Column('send_times', sa.JSON(), nullable=False),
    sa.Column('planned_through', calendar_app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', calendar_app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_planning_watermark_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_watermark'))
    )


def downgrade() -> None:
    op.drop_table('planning_watermark')
    op.drop_table('planner_inputs')
