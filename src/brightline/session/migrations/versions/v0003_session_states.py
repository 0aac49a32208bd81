"""The head state of each session: what appends are checked against, kept with the head.

Revision ID: 0003
Revises: 0002

Sessions recorded before this revision have no row; their next append verifies and replays
the whole trail once and writes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the session_states table."""
    op.create_table(
        "session_states",
        sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("event_count", sa.Integer, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop the session_states table."""
    op.drop_table("session_states")
