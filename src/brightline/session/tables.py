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
    # The team the session belongs to, in team mode (see accounts.py); None for the sessions of
    # a single user's store, which belong to whoever holds the file.
    Column("team", String(40), nullable=True),
    Index("ix_sessions_team", "team"),
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


# --- team mode (issue 13): accounts, teams, browser log-ins, team cases -----------------------
# Everything a web worker needs to answer a request lives here, not in the worker's memory, so
# several worker processes (or machines) share log-ins, throttling and cases.

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    # An argon2id hash in PHC format ($argon2id$v=19$m=...,t=...,p=...$salt$hash): it names
    # its own parameters, so raising the cost later leaves old hashes verifiable.
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("password_changed_at", String(40), nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("user_name", String(64), ForeignKey("users.name"), primary_key=True),
    Column("team", String(40), ForeignKey("teams.id"), primary_key=True),
    Column("role", String(20), nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    # The SHA-256 of the browser's session token, never the token: a copy of the database
    # does not let anyone log in as the users in it.
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(64), ForeignKey("users.name"), nullable=False),
    Column("team", String(40), ForeignKey("teams.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("last_seen_at", String(40), nullable=False),
    Index("ix_web_sessions_user", "user_name"),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    # Failed log-ins per name tried (known or not, so the throttle says nothing about which
    # names exist), shared by every worker.
    Column("name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", String(40), nullable=False),
    Column("locked_until", String(40), nullable=True),
)

team_cases = Table(
    "team_cases",
    metadata,
    Column("team", String(40), ForeignKey("teams.id"), primary_key=True),
    Column("case_id", String(80), primary_key=True),
    Column("text", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# --- approvals (issue 13): the team's policy and its inbox ------------------------------------

approval_policies = Table(
    "approval_policies",
    metadata,
    # One row per team that changed the default policy (see session/approvals.py); the policy
    # is canonical JSON ({"requires": [...], "targets": {case id: value}}).
    Column("team", String(80), primary_key=True),
    Column("policy", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", Text, nullable=False),
)

approval_requests = Table(
    "approval_requests",
    metadata,
    # The team's inbox. A request made in a session is an event of its trail (the evidence);
    # this row indexes it by team (session_id, request_seq) and mirrors its decision. A request
    # outside any trail (a case edit) lives only here, holding the proposed case text until an
    # approver decides; `base_sha256` is the case text it was made against.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team", String(80), nullable=False),
    Column("case_id", String(80), nullable=False),
    Column("session_id", String(40), nullable=True),
    Column("request_seq", Integer, nullable=True),
    Column("subject", String(20), nullable=False),
    Column("needs", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("requested_at", String(40), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("decided_at", String(40), nullable=False),
    Column("decision_reason", Text, nullable=False),
    Column("decision_seq", Integer, nullable=True),
    Column("change_text", Text, nullable=True),
    Column("base_sha256", String(64), nullable=True),
    Index("ix_approval_requests_team", "team", "decision"),
)

team_trail = Table(
    "team_trail",
    metadata,
    # Each team's hash chain of case changes asked for and decided (session/team_trail.py):
    # the evidence behind the inbox rows that have no session trail.
    Column("team", String(80), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("author", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
