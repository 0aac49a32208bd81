"""The schema, as SQLAlchemy Core tables. Migrations in ``migrations/versions`` create the same.

Everything the hash covers is stored as text (timestamps as ISO strings, payloads as canonical
JSON), so a value read back is byte-for-byte the value hashed, whatever the database's own types
would do to time zones or float precision.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("case_id", String(80), nullable=False),
    Column("case_title", Text, nullable=False),
    Column("case_file", Text, nullable=False),
    Column("case_text", Text, nullable=False),
    Column("case_json", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("created_by", Text, nullable=False),
    # The chain's head: updated in the same transaction as each append. It is the row appends
    # lock, and it lets verify notice when the newest events were deleted.
    Column("event_count", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(40), ForeignKey("sessions.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("author", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("session_id", "seq", name="uq_events_session_seq"),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    # A copy of each signed checkpoint, so exports carry the latest one. The copy proves nothing
    # by itself (whoever can edit the trail can delete it); the file kept outside the database is
    # the evidence, and its signature needs a key the database never holds.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(40), ForeignKey("sessions.id"), nullable=False),
    Column("event_count", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("signature", String(128), nullable=False),
    Index("ix_checkpoints_session", "session_id", "event_count"),
)

session_states = Table(
    "session_states",
    metadata,
    # The replayed state appends are checked against, as of the event `event_count` whose hash
    # is `head_hash` (see head_state.py). A cache kept in the same transaction as each append so
    # an append need not read the trail; `session verify` recomputes it and never trusts it.
    Column("session_id", String(40), ForeignKey("sessions.id"), primary_key=True),
    Column("event_count", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("state", Text, nullable=False),
)
