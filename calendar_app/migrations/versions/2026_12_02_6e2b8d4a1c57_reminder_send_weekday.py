"""reminder rules: a weekday on which reminders a week or more ahead go out together

Revision ID: 6e2b8d4a1c57
Revises: 3b7d9e1f5a42
Create Date: 2026-12-02 01:10:00.000000

Rules made from the defaults (reminder_rules.default_rule) get Monday (0); a rule a
coordinator set up by hand keeps sending each reminder on its own day (NULL) until
they choose a day on the workgroup page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '6e2b8d4a1c57'
down_revision = '3b7d9e1f5a42'
branch_labels = None
depends_on = None

#: The default lists of 3b7d9e1f5a42 (major, awareness, activity days).
DEFAULTS = ([42, 14], [14], [7, 1])


def upgrade() -> None:
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('send_weekday', sa.SmallInteger(), nullable=True))
    rules = sa.table('reminder_rules', sa.column('id', sa.Integer),
                     sa.column('major_days', sa.JSON), sa.column('awareness_days', sa.JSON),
                     sa.column('activity_days', sa.JSON),
                     sa.column('send_weekday', sa.SmallInteger))
    connection = op.get_bind()
    defaults = [row.id for row in connection.execute(sa.select(
        rules.c.id, rules.c.major_days, rules.c.awareness_days, rules.c.activity_days))
        if (row.major_days, row.awareness_days, row.activity_days) == DEFAULTS]
    if defaults:
        connection.execute(rules.update().where(rules.c.id.in_(defaults))
                           .values(send_weekday=0))


def downgrade() -> None:
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.drop_column('send_weekday')
