"""reminder defaults per importance and per member mode (individual | digest | none)

Three lists of lead times on each rule (major and awareness observances, the
workgroup's own activities; NULL means "the rule's lead_days", so existing rules keep
working as they did); each membership's reminders_opt_out becomes reminder_mode
("none" where it was set). Workgroups without a rule — created with
`workgroups create` and no `--reminder-days`, which used to mean no reminders at all —
get the defaults (42 and 14 days for major observances, 14 for the others, 7 and 1
for their activities), as new workgroups do; a coordinator can change or switch them
off on the workgroup page.

Revision ID: 3b7d9e1f5a42
Revises: a7c41e2b9d03
Create Date: 2026-12-01 22:20:00
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import sqlalchemy as sa
from alembic import op

import calendar_app.db

revision = '3b7d9e1f5a42'
down_revision = 'a7c41e2b9d03'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('major_days', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('awareness_days', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('activity_days', sa.JSON(), nullable=True))
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_mode', sa.String(length=10),
                                      server_default='individual', nullable=False))
    op.execute("UPDATE memberships SET reminder_mode = 'none' WHERE reminders_opt_out")
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('reminders_opt_out')
        batch_op.create_check_constraint(
            'reminder_mode', "reminder_mode IN ('individual', 'digest', 'none')")
    _default_rules()


def _default_rules() -> None:
    rules = sa.table(
        'reminder_rules', sa.column('workgroup_id', sa.Integer), sa.column('lead_days', sa.JSON),
        sa.column('major_days', sa.JSON), sa.column('awareness_days', sa.JSON),
        sa.column('activity_days', sa.JSON), sa.column('send_time', sa.String),
        sa.column('covers', sa.String), sa.column('themes', sa.JSON),
        sa.column('created_at', calendar_app.db.UTCDateTime()))
    connection = op.get_bind()
    bare = connection.execute(sa.text(
        "SELECT id FROM workgroups WHERE id NOT IN "
        "(SELECT workgroup_id FROM reminder_rules)")).scalars().all()
    now = datetime.now(UTC)
    if bare:
        op.bulk_insert(rules, [{
            'workgroup_id': workgroup_id, 'lead_days': [42, 14, 7, 1],
            'major_days': [42, 14], 'awareness_days': [14], 'activity_days': [7, 1],
            'send_time': '09:00', 'covers': 'all', 'themes': [], 'created_at': now,
        } for workgroup_id in bare])


def downgrade() -> None:
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_opt_out', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    op.execute("UPDATE memberships SET reminders_opt_out = (reminder_mode = 'none')")
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_memberships_reminder_mode'), type_='check')
        batch_op.drop_column('reminder_mode')
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.drop_column('activity_days')
        batch_op.drop_column('awareness_days')
        batch_op.drop_column('major_days')
