"""The session store: start, list, append, verify, export and import sessions.

Appends are serialised per session. Inside one transaction the writer locks the session row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the transaction itself began with ``BEGIN
IMMEDIATE`` and so already holds the write lock), reads the chain's head from that row, inserts the
next event and moves the head. A second writer waits for the lock and then sees the new head, so
the chain cannot fork. The unique ``(session_id, seq)`` constraint is the backstop: if it ever
fires, the append is retried on the fresh head.

Every append is one short transaction; a writer killed at any point either committed the whole
event (row and head) or nothing.

An append first verifies the trail it extends, with the same checks as ``session verify``, on the
rows it has to read anyway to replay the state; hashes are taken over the stored payload text, so
this costs one SHA-256 per event. A trail that does not verify is refused (``TrailDamaged``)
rather than extended, and reads that need decoded events (show, next, export) refuse a trail with
an unreadable row the same way.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from brightline.case.validate import LoadedCase, parse_case
from brightline.session.analytics import SessionState, replay
from brightline.session.database import Database, is_postgres
from brightline.session.events import (
    GENESIS,
    ChainReport,
    Event,
    EventKind,
    OfferPayload,
    Payload,
    SessionError,
    SessionExists,
    SessionNotFound,
    StartPayload,
    TrailBroken,
    TrailDamaged,
    canonical_json,
    now_utc,
    seal,
    sha256_text,
    unreadable,
    verify_chain,
)
from brightline.session.recording import admit, evaluate_if_due
from brightline.session.tables import events as events_table
from brightline.session.tables import sessions as sessions_table

EXPORT_FORMAT = 1
EXPORT_MAX_BYTES = 64 * 1024 * 1024
"""Largest export ``session import`` reads (64 MiB); case files keep their own, smaller cap."""
APPEND_ATTEMPTS = 5
AUTHOR_VARIABLE = "BRIGHTLINE_AUTHOR"


def resolve_author(given: str | None = None) -> str:
    """``--author`` when given, else ``BRIGHTLINE_AUTHOR``, else the operating-system user."""
    if given and given.strip():
        return given.strip()
    from_env = os.environ.get(AUTHOR_VARIABLE, "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session's row: which case, when, by whom, and the chain's head."""

    id: str
    case_id: str
    case_title: str
    case_file: str
    created_at: str
    created_by: str
    event_count: int | None
    head_hash: str


def snapshot_hash(case_file: str, case_text: str, case_json: str) -> str:
    """The hash the start event records over the case snapshot (file name, text and JSON)."""
    try:
        document = json.loads(case_json)
    except ValueError:  # a tampered row: no hash of a valid snapshot can match this marker
        return "unreadable case_json"
    return sha256_text(canonical_json({"file": case_file, "text": case_text, "json": document}))


Admit = Callable[[LoadedCase, SessionState], Payload]


class SessionStore:
    """Sessions and their trails in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        # Parsed snapshots by their text: a session's case never changes, and parsing YAML is
        # the slowest part of an append.
        self._cases: dict[tuple[str, str], LoadedCase] = {}

    def _loaded(self, row: Any) -> LoadedCase:
        key = (str(row["case_file"]), str(row["case_text"]))
        if key not in self._cases:
            self._cases[key] = parse_case(key[1].encode("utf-8"), key[0])
        return self._cases[key]

    def close(self) -> None:
        """Release the database connections."""
        self.database.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- sessions ---------------------------------------------------------------------------

    def start(self, case_text: str, case_file: str, author: str) -> SessionInfo:
        """Start a session on a snapshot of the case as it is now.

        Raises:
            CaseFileError: when the case does not validate (a session needs a usable case).
        """
        loaded = parse_case(case_text.encode("utf-8"), case_file)
        case_json = canonical_json(loaded.case.model_dump(mode="json"))
        session_id = uuid.uuid4().hex[:12]
        at = now_utc()
        start = seal(
            session_id,
            1,
            EventKind.START,
            author,
            at,
            StartPayload(
                case_id=loaded.case.case.id,
                case_file=case_file,
                snapshot_sha256=snapshot_hash(case_file, case_text, case_json),
                case_title=loaded.case.case.title,
            ),
            GENESIS,
        )
        row = {
            "id": session_id,
            "case_id": loaded.case.case.id,
            "case_title": loaded.case.case.title,
            "case_file": case_file,
            "case_text": case_text,
            "case_json": case_json,
            "created_at": at,
            "created_by": author,
            "event_count": 1,
            "head_hash": start.hash,
        }
        with self.database.transaction() as connection:
            connection.execute(insert(sessions_table).values(**row))
            connection.execute(insert(events_table).values(**_event_row(start)))
        return self.info(session_id)

    def sessions(self) -> list[SessionInfo]:
        """Every session, oldest first."""
        with self.database.transaction() as connection:
            rows = connection.execute(
                select(sessions_table).order_by(sessions_table.c.created_at, sessions_table.c.id)
            ).mappings()
            return [_info(row) for row in rows]

    def info(self, session_id: str) -> SessionInfo:
        """One session's row.

        Raises:
            SessionNotFound: when there is no such session.
        """
        with self.database.transaction() as connection:
            return _info(_session_row(connection, session_id, lock=False))

    def snapshot(self, session_id: str) -> LoadedCase:
        """The case as it was when the session started."""
        with self.database.transaction() as connection:
            row = _session_row(connection, session_id, lock=False)
        return self._loaded(row)

    def events(self, session_id: str) -> list[Event]:
        """The session's events in seq order.

        Raises:
            TrailDamaged: when a stored row cannot be read (``session verify`` names it).
        """
        with self.database.transaction() as connection:
            row = _session_row(connection, session_id, lock=False)
            return _usable(row, _events(connection, session_id))

    # --- appending --------------------------------------------------------------------------

    def record(self, session_id: str, kind: EventKind, payload: Payload, author: str) -> Event:
        """Check an event against the case and the trail (see ``recording.admit``), then append it."""
        if isinstance(payload, OfferPayload):
            payload = evaluate_if_due(payload, self.snapshot(session_id))

        def check(loaded: LoadedCase, state: SessionState) -> Payload:
            return admit(kind, payload, loaded, state)

        return self.append(session_id, kind, author, check)

    def append(self, session_id: str, kind: EventKind, author: str, check: Admit) -> Event:
        """Append one event under the session's write lock.

        ``check`` sees the case snapshot and the replayed trail as they are under the lock and
        returns the payload to store (or raises to refuse the event).
        """
        for attempt in range(APPEND_ATTEMPTS):
            try:
                with self.database.transaction() as connection:
                    return self._append_locked(connection, session_id, kind, author, check)
            except IntegrityError:
                # Another writer took this seq: impossible while the lock works, retried if not.
                if attempt == APPEND_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _append_locked(
        self,
        connection: Connection,
        session_id: str,
        kind: EventKind,
        author: str,
        check: Admit,
    ) -> Event:
        row = _session_row(connection, session_id, lock=True)
        stored = _events(connection, session_id)
        report = _verify_row(row, stored)
        if not report.intact:
            # Extending a broken chain would bury the break under valid-looking events.
            raise TrailDamaged(session_id, f"{_where(report)}{report.problem}")
        loaded = self._loaded(row)
        state = replay(loaded.case, stored)
        payload = check(loaded, state)
        seq = len(stored) + 1
        event = seal(session_id, seq, kind, author, now_utc(), payload, str(row["head_hash"]))
        connection.execute(insert(events_table).values(**_event_row(event)))
        connection.execute(
            update(sessions_table)
            .where(sessions_table.c.id == session_id)
            .values(event_count=seq, head_hash=event.hash)
        )
        return event

    def state(self, session_id: str) -> tuple[LoadedCase, SessionState]:
        """The case snapshot and the replayed trail."""
        loaded = self.snapshot(session_id)
        return loaded, replay(loaded.case, self.events(session_id))

    # --- verifying, export and import -------------------------------------------------------

    def verify(self, session_id: str) -> ChainReport:
        """Recompute the whole chain of a session and name the first broken event.

        Never raises for damage: an undecodable row is reported as "event N unreadable", a
        damaged session row as such.
        """
        with self.database.transaction() as connection:
            row = _session_row(connection, session_id, lock=False)
            stored = _events(connection, session_id)
        return _verify_row(row, stored)

    def export(self, session_id: str) -> dict[str, Any]:
        """The whole session as one JSON document that :meth:`import_session` reads back."""
        with self.database.transaction() as connection:
            row = _session_row(connection, session_id, lock=False)
            stored = _usable(row, _events(connection, session_id))
        return {
            "brightline_session": EXPORT_FORMAT,
            "id": session_id,
            "case": {
                "id": row["case_id"],
                "title": row["case_title"],
                "file": row["case_file"],
                "text": row["case_text"],
                "json": json.loads(str(row["case_json"])),
            },
            "created_at": row["created_at"],
            "created_by": row["created_by"],
            "event_count": row["event_count"],
            "head": row["head_hash"],
            "events": [event.to_json() for event in stored],
        }

    def import_session(self, document: Any) -> SessionInfo:
        """Store an exported session after re-verifying its chain.

        Raises:
            SessionError: when the document is not a Brightline session export.
            TrailBroken: when its chain does not verify (nothing is stored).
            SessionExists: when a session with its id is already stored.
        """
        session_id, row, stored = _parse_export(document)
        report = verify_chain(
            session_id,
            stored,
            head=row["head_hash"],
            count=row["event_count"],
            snapshot_sha256=snapshot_hash(row["case_file"], row["case_text"], row["case_json"]),
            header=_header(row),
        )
        if not report.intact:
            raise TrailBroken(f"the imported trail does not verify: {report.problem}")
        with self.database.transaction() as connection:
            exists = connection.execute(
                select(func.count())
                .select_from(sessions_table)
                .where(sessions_table.c.id == session_id)
            ).scalar_one()
            if exists:
                raise SessionExists(
                    f"session {session_id!r} is already in this database; importing it again "
                    "would duplicate its trail"
                )
            connection.execute(insert(sessions_table).values(**row))
            for event in stored:
                connection.execute(insert(events_table).values(**_event_row(event)))
        return self.info(session_id)


def _session_row(connection: Connection, session_id: str, *, lock: bool) -> Any:
    query = select(sessions_table).where(sessions_table.c.id == session_id)
    if lock and is_postgres(connection):
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        raise SessionNotFound(session_id)
    return row


def _events(connection: Connection, session_id: str) -> list[Event]:
    """The stored rows as events; a row that cannot be decoded carries its ``damage``."""
    rows = connection.execute(
        select(events_table)
        .where(events_table.c.session_id == session_id)
        .order_by(events_table.c.seq, events_table.c.id)
    ).mappings()
    return [_stored_event(row) for row in rows]


def _stored_event(row: Any) -> Event:
    text = str(row["payload"])
    damage = ""
    seq = _integer(row["seq"])
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


def _integer(value: Any) -> int | None:
    """An integer column's value, or None when a tampered SQLite row holds something else."""
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return None


def _header(row: Any) -> dict[str, str]:
    names = ("case_id", "case_title", "case_file", "created_by", "created_at")
    return {name: str(row[name]) for name in names}


def _verify_row(row: Any, stored: list[Event]) -> ChainReport:
    """Verify a session's events against its row: the chain, head, count, snapshot and header."""
    count = _integer(row["event_count"])
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
        header=_header(row),
    )


def _where(report: ChainReport) -> str:
    return "" if report.broken_seq is None else f"broken at event {report.broken_seq}: "


def _usable(row: Any, stored: list[Event]) -> list[Event]:
    """The events when every row can be read; else TrailDamaged naming the first bad one."""
    if _integer(row["event_count"]) is None:
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
            raise TrailDamaged(str(row["id"]), f"event {position} unreadable: {problem}")
    return stored


def _event_row(event: Event) -> dict[str, Any]:
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


def _info(row: Any) -> SessionInfo:
    return SessionInfo(
        id=str(row["id"]),
        case_id=str(row["case_id"]),
        case_title=str(row["case_title"]),
        case_file=str(row["case_file"]),
        created_at=str(row["created_at"]),
        created_by=str(row["created_by"]),
        event_count=_integer(row["event_count"]),
        head_hash=str(row["head_hash"]),
    )


def _parse_export(document: Any) -> tuple[str, dict[str, Any], list[Event]]:
    """Read an export document, refusing anything that is not one with a message that says why."""
    if not isinstance(document, dict) or document.get("brightline_session") != EXPORT_FORMAT:
        raise SessionError(
            "not a Brightline session export (expected a JSON object with "
            f'"brightline_session": {EXPORT_FORMAT}); create one with `brightline session export`'
        )
    try:
        case = document["case"]
        session_id = str(document["id"])
        stored = [
            Event(
                session=session_id,
                seq=int(item["seq"]),
                kind=str(item["kind"]),
                author=str(item["author"]),
                at=str(item["at"]),
                payload=dict(item["payload"]),
                prev=str(item["prev"]),
                hash=str(item["hash"]),
            )
            for item in document["events"]
        ]
        row: dict[str, Any] = {
            "id": session_id,
            "case_id": str(case["id"]),
            "case_title": str(case["title"]),
            "case_file": str(case["file"]),
            "case_text": str(case["text"]),
            "case_json": canonical_json(case["json"]),
            "created_at": str(document["created_at"]),
            "created_by": str(document["created_by"]),
            "event_count": int(document["event_count"]),
            "head_hash": str(document["head"]),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise SessionError(f"the session export is incomplete or malformed: {error!r}") from None
    if not stored:
        raise SessionError("the session export has no events; a session starts with one")
    return session_id, row, stored


def open_store(url: str | None = None) -> SessionStore:
    """Open the configured database (see ``database.database_url``) as a session store."""
    from brightline.session.database import open_database

    return SessionStore(open_database(url))
