"""feed stamps: a feed's DTSTAMP moves only with its own content

Revision ID: 5f1e0c7a9b21
Revises: 985ba39a2e9e
Create Date: 2026-12-01 21:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import calendar_app.db

revision = '5f1e0c7a9b21'
down_revision = '985ba39a2e9e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_stamps',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('stamp', calendar_app.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_stamps'))
    )


def downgrade() -> None:
    op.drop_table('feed_stamps')
