"""Rows to events and back, and the checks on a session row (the store's SQL-level helpers).

Split from ``store.py`` by a pure move: these functions read or write one table's rows and
know nothing of locks or caching.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, insert, select, update

from brightline.session.anchor import Checkpoint
from brightline.session.database import is_postgres
from brightline.session.events import (
    ChainReport,
    Event,
    SessionNotFound,
    TrailDamaged,
    canonical_json,
    sha256_text,
    unreadable,
    verify_chain,
)
from brightline.session.tables import checkpoints as checkpoints_table
from brightline.session.tables import events as events_table
from brightline.session.tables import session_states as states_table
from brightline.session.tables import sessions as sessions_table


def snapshot_hash(case_file: str, case_text: str, case_json: str) -> str:
    """The hash the start event records over the case snapshot (file name, text and JSON)."""
    try:
        document = json.loads(case_json)
    except ValueError:  # a tampered row: no hash of a valid snapshot can match this marker
        return "unreadable case_json"
    return sha256_text(canonical_json({"file": case_file, "text": case_text, "json": document}))


def session_row(
    connection: Connection, session_id: str, *, lock: bool, team: str | None = None
) -> Any:
    """The session row (locked for update on PostgreSQL when ``lock``); SessionNotFound if none.

    With ``team``, a session of another team is not found either: the same error, so an id
    guessed from another team tells nothing about whether it exists.
    """
    query = select(sessions_table).where(sessions_table.c.id == session_id)
    if team is not None:
        query = query.where(sessions_table.c.team == team)
    if lock and is_postgres(connection):
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        raise SessionNotFound(session_id)
    return row


def events(
    connection: Connection,
    session_id: str,
    after: int = 0,
    through: int | None = None,
    kinds: Collection[str] | None = None,
) -> list[Event]:
    """The stored rows with seq above ``after`` (up to ``through``, of ``kinds``) as events.

    Undecodable rows carry ``damage`` instead of raising.
    """
    return [stored_event(row) for row in event_rows(connection, session_id, after, through, kinds)]


def event_rows(
    connection: Connection,
    session_id: str,
    after: int = 0,
    through: int | None = None,
    kinds: Collection[str] | None = None,
) -> list[Any]:
    """The stored rows of :func:`events`, undecoded (mappings of column to value)."""
    query = select(events_table).where(events_table.c.session_id == session_id)
    if after:
        query = query.where(events_table.c.seq > after)
    if through is not None:
        query = query.where(events_table.c.seq <= through)
    if kinds is not None:
        query = query.where(events_table.c.kind.in_(sorted(kinds)))
    return list(
        connection.execute(query.order_by(events_table.c.seq, events_table.c.id)).mappings()
    )


def stored_event(row: Any) -> Event:
    """An events row as an Event, with ``damage`` set instead of raising when it cannot be decoded."""
    text = str(row["payload"])
    damage = ""
    seq = integer(row["seq"])
    if seq is None:
        damage, seq = f"its seq {row['seq']!r} is not a number", 0
    try:
        payload = json.loads(text)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        damage = damage or "its payload is not a JSON object"
        payload = {}
    return Event(
        session=str(row["session_id"]),
        seq=seq,
        kind=str(row["kind"]),
        author=str(row["author"]),
        at=str(row["at"]),
        payload=payload,
        prev=str(row["prev_hash"]),
        hash=str(row["hash"]),
        payload_text=text,
        damage=damage,
    )


def integer(value: Any) -> int | None:
    """An integer column's value, or None when a tampered SQLite row holds something else."""
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return None


def header(row: Any) -> dict[str, str]:
    """The session-row columns the start event vouches for."""
    names = ("case_id", "case_title", "case_file", "created_by", "created_at")
    return {name: str(row[name]) for name in names}


def verify_row(row: Any, stored: list[Event]) -> ChainReport:
    """Verify a session's events against its row: the chain, head, count, snapshot and header."""
    count = integer(row["event_count"])
    if count is None:
        return ChainReport(
            False,
            len(stored),
            None,
            f"the session row's event count {row['event_count']!r} is not a number",
        )
    return verify_chain(
        str(row["id"]),
        stored,
        head=str(row["head_hash"]),
        count=count,
        snapshot_sha256=snapshot_hash(
            str(row["case_file"]), str(row["case_text"]), str(row["case_json"])
        ),
        header=header(row),
    )


def where(report: ChainReport) -> str:
    """``broken at event N: `` for a report that names an event, else empty."""
    return "" if report.broken_seq is None else f"broken at event {report.broken_seq}: "


def usable(row: Any, stored: list[Event]) -> list[Event]:
    """The events when every row can be read; else TrailDamaged naming the first bad one."""
    if integer(row["event_count"]) is None:
        raise TrailDamaged(
            str(row["id"]), f"the session row's event count {row['event_count']!r} is not a number"
        )
    try:
        json.loads(str(row["case_json"]))
    except ValueError:
        raise TrailDamaged(str(row["id"]), "the stored case snapshot is not JSON") from None
    for position, event in enumerate(stored, start=1):
        problem = unreadable(event)
        if problem:
            seq = event.seq or position  # a subset (``kinds``) names the event by its seq
            raise TrailDamaged(str(row["id"]), f"event {seq} unreadable: {problem}")
    return stored


def event_row(event: Event) -> dict[str, Any]:
    """An Event as an events row (payload as canonical JSON text, the bytes that were hashed)."""
    return {
        "session_id": event.session,
        "seq": event.seq,
        "kind": event.kind,
        "author": event.author,
        "at": event.at,
        "payload": canonical_json(event.payload),
        "prev_hash": event.prev,
        "hash": event.hash,
    }


def latest_checkpoint(connection: Connection, session_id: str) -> Checkpoint | None:
    """The stored copy of the newest checkpoint of a session, if any."""
    row = (
        connection.execute(
            select(checkpoints_table)
            .where(checkpoints_table.c.session_id == session_id)
            .order_by(checkpoints_table.c.event_count.desc(), checkpoints_table.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return Checkpoint(
        session=str(row["session_id"]),
        events=int(row["event_count"]),
        head=str(row["head_hash"]),
        at=str(row["at"]),
        key=str(row["public_key"]),
        signature=str(row["signature"]),
    )


def checkpoint_row(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as a checkpoints row."""
    return {
        "session_id": checkpoint.session,
        "event_count": checkpoint.events,
        "head_hash": checkpoint.head,
        "at": checkpoint.at,
        "public_key": checkpoint.key,
        "signature": checkpoint.signature,
    }


def stored_state(connection: Connection, session_id: str) -> tuple[int | None, str, str] | None:
    """The session's head-state row as (event count, head hash, state text), if it has one."""
    row = (
        connection.execute(select(states_table).where(states_table.c.session_id == session_id))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return integer(row["event_count"]), str(row["head_hash"]), str(row["state"])


def save_state(connection: Connection, session_id: str, count: int, head: str, state: str) -> None:
    """Write the session's head-state row (inside the transaction that moved the head)."""
    values = {"event_count": count, "head_hash": head, "state": state}
    changed = connection.execute(
        update(states_table).where(states_table.c.session_id == session_id).values(**values)
    ).rowcount
    if not changed:
        connection.execute(insert(states_table).values(session_id=session_id, **values))
