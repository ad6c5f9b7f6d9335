"""registration sequence offset: a re-registration's REQUEST outranks the CANCEL before it

Someone who cancels is sent METHOD:CANCEL at the activity's SEQUENCE; signing up again
used to send a REQUEST at that same SEQUENCE, which calendar clients ignore. Each
registration now adds its own offset, raised by one at every new round after a
CANCEL. Existing registrations start at 0, which is what they were sent.

Revision ID: 9c4e2a7b1d35
Revises: 6e2b8d4a1c57
Create Date: 2026-12-02 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '9c4e2a7b1d35'
down_revision = '6e2b8d4a1c57'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence_offset', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('sequence_offset')
