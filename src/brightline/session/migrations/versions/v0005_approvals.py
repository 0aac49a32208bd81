"""Team approval policies and the approvals inbox (issue 13).

Revision ID: 0005
Revises: 0004

A team without a row in approval_policies has the default policy; approval_requests indexes
the requests of every team (those made in a session are events of its trail as well).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the approval_policies and approval_requests tables."""
    op.create_table(
        "approval_policies",
        sa.Column("team", sa.String(80), primary_key=True),
        sa.Column("policy", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    )
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team", sa.String(80), nullable=False),
        sa.Column("case_id", sa.String(80), nullable=False),
        sa.Column("session_id", sa.String(40), nullable=True),
        sa.Column("request_seq", sa.Integer, nullable=True),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("needs", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("requested_at", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("decided_at", sa.String(40), nullable=False),
        sa.Column("decision_reason", sa.Text, nullable=False),
        sa.Column("decision_seq", sa.Integer, nullable=True),
        sa.Column("change_text", sa.Text, nullable=True),
        sa.Column("base_sha256", sa.String(64), nullable=True),
    )
    op.create_index("ix_approval_requests_team", "approval_requests", ["team", "decision"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index("ix_approval_requests_team", "approval_requests")
    op.drop_table("approval_requests")
    op.drop_table("approval_policies")
