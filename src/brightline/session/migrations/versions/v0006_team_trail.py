"""The team trail: case changes asked for and decided, as a hash chain per team (issue 13).

Revision ID: 0006
Revises: 0005

A request to change a team's case (and its approval or refusal) happens outside any session,
so it had only its inbox row. Each step is now also an event of the team's own hash chain.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the team_trail table."""
    op.create_table(
        "team_trail",
        sa.Column("team", sa.String(80), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("team_trail")
