"""merge the two heads: observance importance and registrations

Both revisions were pushed on top of feed_stamps at the same time; this joins them so
there is one head again (neither is edited, as both are on main).

Revision ID: 7d2a4c6e8f10
Revises: 5c1e7a9d3b20, 285f2b1e4a0a
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

revision = '7d2a4c6e8f10'
down_revision = ('5c1e7a9d3b20', '285f2b1e4a0a')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
