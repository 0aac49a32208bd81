"""Team mode: users, teams, memberships, browser log-ins, log-in throttling, team cases.

Revision ID: 0004
Revises: 0003

Sessions recorded before this revision keep ``team`` empty: they belong to whoever holds the
store, as before. A store with no users stays a single user's store (see ``accounts.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the team-mode tables and the sessions' team column."""
    op.add_column("sessions", sa.Column("team", sa.String(40), nullable=True))
    op.create_index("ix_sessions_team", "sessions", ["team"])
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("password_changed_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "memberships",
        sa.Column("user_name", sa.String(64), sa.ForeignKey("users.name"), primary_key=True),
        sa.Column("team", sa.String(40), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(64), sa.ForeignKey("users.name"), nullable=False),
        sa.Column("team", sa.String(40), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("last_seen_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_web_sessions_user", "web_sessions", ["user_name"])
    op.create_table(
        "login_attempts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_started_at", sa.String(40), nullable=False),
        sa.Column("locked_until", sa.String(40), nullable=True),
    )
    op.create_table(
        "team_cases",
        sa.Column("team", sa.String(40), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("case_id", sa.String(80), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    """Drop the team-mode tables and the sessions' team column."""
    for table in ("team_cases", "login_attempts", "web_sessions", "memberships", "teams", "users"):
        op.drop_table(table)
    op.drop_index("ix_sessions_team", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("team")
