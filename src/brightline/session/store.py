"""The session store: start, list, append, verify, export and import sessions.

Appends are serialised per session. Inside one transaction the writer locks the session row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the transaction itself began with ``BEGIN
IMMEDIATE`` and so already holds the write lock), reads the chain's head from that row, inserts the
next event and moves the head. A second writer waits for the lock and then sees the new head, so
the chain cannot fork. The unique ``(session_id, seq)`` constraint is the backstop: if it ever
fires, the append is retried on the fresh head.

Every append is one short transaction; a writer killed at any point either committed the whole
event (row and head) or nothing.

An append verifies incrementally, from the stored head. Each session has a head state (table
``session_states``, see ``head_state.py``): the event count and head hash it was folded up to and
what the recording checks read (stage, position, approvals), written in the same transaction as
every append. An append, even in a new process (every ``brightline log``), reads that row, the
session row, the start event (so the case it checks against is the one the chain vouches for) and
the head event, without the lock; then, under the lock, the session row again and the events
after the head it read (usually none, or the few another writer added). It checks that they chain
from that head to the row's head and that the row's head is the stored last event, folds them in,
checks the new event, appends it and writes the new head state. So an append reads a handful of
rows whatever the trail's length, locked or not. A store also remembers, per session, the head it
last wrote, and skips the unlocked read next time.

A session without a head state (recorded before revision 0003) is read and verified whole, with
the same checks as ``session verify``, once, before the lock: a trail that does not verify is
refused (``TrailDamaged``) rather than extended, and the first append writes the head state.

The head state is a cache in the database, so it is never evidence: ``session verify`` replays
the chain and refuses a head state that disagrees with it (edited, or left behind by a tail that
was cut off), and an append refuses one that disagrees with the head. Damage in the middle of the
trail is found by ``session verify``, not by an append, which reads only the head. Whoever can
write to the database can still rewrite the chain, re-hash it and rebuild the head state; signed
checkpoints kept outside the database catch that (see ``anchor.py``).
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from brightline.case.validate import LoadedCase, parse_case
from brightline.session.analytics import SessionState, replay
from brightline.session.anchor import Checkpoint, sign, signature_problem, trail_problem
from brightline.session.database import Database
from brightline.session.events import (
    GENESIS,
    ChainReport,
    Event,
    EventKind,
    OfferPayload,
    Payload,
    SessionExists,
    StartPayload,
    TrailBroken,
    TrailDamaged,
    canonical_json,
    now_utc,
    seal,
    verify_chain,
)
from brightline.session.exports import (
    EXPORT_FORMAT,
    EXPORT_MAX_BYTES,
    check_import,
    parse_export,
)
from brightline.session.head_state import Head, at_head, catch_up, decode, encode, state_report
from brightline.session.recording import Collaborators, admit, evaluate_if_due
from brightline.session.roles import Member
from brightline.session.rows import checkpoint_row as _checkpoint_row
from brightline.session.rows import event_row as _event_row
from brightline.session.rows import event_rows as _event_rows
from brightline.session.rows import events as _events
from brightline.session.rows import header as _header
from brightline.session.rows import integer as _integer
from brightline.session.rows import latest_checkpoint as _latest_checkpoint
from brightline.session.rows import save_state as _save_state
from brightline.session.rows import session_row as _session_row
from brightline.session.rows import snapshot_hash
from brightline.session.rows import stored_event as _stored_event
from brightline.session.rows import stored_state as _stored_state
from brightline.session.rows import usable as _usable
from brightline.session.rows import verify_row as _verify_row
from brightline.session.rows import where as _where
from brightline.session.tables import checkpoints as checkpoints_table
from brightline.session.tables import events as events_table
from brightline.session.tables import sessions as sessions_table
from brightline.session.verified_trails import StampedReads, VerifiedTrail, VerifiedTrails
from brightline.session.writers import check_member_write, refuse_anonymous_write

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_MAX_BYTES",
    "SessionInfo",
    "SessionStore",
    "open_store",
    "snapshot_hash",
]

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
    team: str | None = None


Admit = Callable[[LoadedCase, SessionState], Payload]


class SessionStore:
    """Sessions and their trails in one database."""

    def __init__(
        self,
        database: Database,
        collaborators: Collaborators | None = None,
        *,
        team: str | None = None,
        member: Member | None = None,
    ) -> None:
        self.database = database
        self.collaborators = collaborators or Collaborators()
        # In team mode the store answers for one team only: every session it reads or extends
        # must carry this team (``_row``), and sessions it starts or imports get it. A store
        # opened for a member writes what their role allows, in their name (``writers.py``).
        self.member = member
        self.team = member.team if member is not None else team
        self._team_store: bool | None = None
        # Parsed snapshots by their text: a session's case never changes, and parsing YAML is
        # the slowest part of an append.
        self._cases: dict[tuple[str, str], LoadedCase] = {}
        self._known: dict[str, Head] = {}
        self._trails = VerifiedTrails()
        self._reads = StampedReads()

    def _check_write(self, author: str, kind: EventKind | None) -> str:
        """Refuse a write this store's writer may not make (``session/writers.py``); the author."""
        if self.member is not None:
            return check_member_write(self.member, author, kind)
        if self.team is None:
            if not self._team_store:  # once it has accounts, a store keeps them
                from brightline.session.accounts import AccountStore

                self._team_store = AccountStore(self.database).has_users()
            if self._team_store:
                raise refuse_anonymous_write()
        return author

    def _loaded(self, row: Any) -> LoadedCase:
        key = (str(row["case_file"]), str(row["case_text"]))
        if key not in self._cases:
            self._cases[key] = parse_case(key[1].encode("utf-8"), key[0])
        return self._cases[key]

    def _row(self, connection: Connection, session_id: str, *, lock: bool) -> Any:
        return _session_row(connection, session_id, lock=lock, team=self.team)

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
        author = self._check_write(author, None)
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
            "team": self.team,
        }
        state = encode(replay(loaded.case, [start]))
        with self.database.transaction("starting a session") as connection:
            connection.execute(insert(sessions_table).values(**row))
            connection.execute(insert(events_table).values(**_event_row(start)))
            _save_state(connection, session_id, 1, start.hash, state)
        self._cases[(case_file, case_text)] = loaded
        return self.info(session_id)

    def sessions(self) -> list[SessionInfo]:
        """Every session (of the store's team, in team mode), oldest first."""
        query = select(sessions_table).order_by(sessions_table.c.created_at, sessions_table.c.id)
        if self.team is not None:
            query = query.where(sessions_table.c.team == self.team)
        with self.database.reading() as connection:
            rows = connection.execute(query).mappings()
            return [_info(row) for row in rows]

    def info(self, session_id: str) -> SessionInfo:
        """One session's row.

        Raises:
            SessionNotFound: when there is no such session.
        """
        with self.database.reading() as connection:
            return _info(self._row(connection, session_id, lock=False))

    def snapshot(self, session_id: str) -> LoadedCase:
        """The case as it was when the session started."""
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
        return self._loaded(row)

    def events(self, session_id: str) -> list[Event]:
        """The session's events in seq order.

        Raises:
            TrailDamaged: when a stored row cannot be read (``session verify`` names it).
        """
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            return _usable(row, _events(connection, session_id))

    def concession_events(self, session_id: str) -> list[Event]:
        """The offers, approvals and concessions in seq order: all concession analysis reads.

        ``replay`` of these gives the concessions, positions and approvals of a replay of the
        whole trail (notes, signals, decisions and stage moves change none of them), so an
        append's concession warnings cost the deal's moves, not the trail's length.

        Raises:
            TrailDamaged: when a stored row cannot be read (``session verify`` names it).
        """
        kinds = {EventKind.OFFER.value, EventKind.APPROVAL.value, EventKind.CONCESSION.value}
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            return _usable(row, _events(connection, session_id, kinds=kinds))

    # --- appending --------------------------------------------------------------------------

    def record(self, session_id: str, kind: EventKind, payload: Payload, author: str) -> Event:
        """Check an event against the case and the trail (see ``recording.admit``), then append it."""
        if isinstance(payload, OfferPayload):
            payload = evaluate_if_due(
                payload, self.snapshot(session_id), self.collaborators.evaluate_offer
            )

        def check(loaded: LoadedCase, state: SessionState) -> Payload:
            return admit(kind, payload, loaded, state, self.collaborators.evaluate_offer)

        return self.append(session_id, kind, author, check)

    def append(self, session_id: str, kind: EventKind, author: str, check: Admit) -> Event:
        """Append one event under the session's write lock.

        ``check`` sees the case snapshot and the head state as it is under the lock (stage,
        position, made offer, approvals; the history lists are empty, see ``head_state.py``)
        and returns the payload to store (or raises to refuse the event).
        """
        author = self._check_write(author, kind)
        known = self._known.get(session_id) or self._from_head(session_id)
        for attempt in range(APPEND_ATTEMPTS):
            try:
                with self.database.transaction("appending an event") as connection:
                    event, known = self._append_locked(
                        connection, session_id, kind, author, check, known
                    )
                self._known[session_id] = known
                return event
            except IntegrityError:
                # Another writer took this seq: impossible while the lock works, retried if not.
                self._known.pop(session_id, None)
                known = self._from_head(session_id)
                if attempt == APPEND_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _from_head(self, session_id: str) -> Head:
        """The session's head from its stored head state, read without the lock.

        Reads the session row, the head-state row, the start event and the events from the
        head state's head on (usually just that head); falls back to :meth:`_load` for a
        session without a readable head state.

        Raises:
            TrailDamaged: when the start event does not vouch for the session row, or the head
                state does not agree with the trail's head.
        """
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            stored = _stored_state(connection, session_id)
            state = decode(stored[2]) if stored is not None else None
            if stored is not None and state is not None and stored[0] and stored[0] > 0:
                start = _events(connection, session_id, through=1)
                if not start:
                    raise TrailDamaged(session_id, "event 1, the session's start, is missing")
                report = verify_chain(
                    session_id,
                    start,
                    head=None,
                    count=None,
                    snapshot_sha256=snapshot_hash(
                        str(row["case_file"]), str(row["case_text"]), str(row["case_json"])
                    ),
                    header=_header(row),
                )
                if not report.intact:
                    raise TrailDamaged(session_id, f"{_where(report)}{report.problem}")
                known = Head(stored[0], stored[1], state, self._loaded(row))
                return catch_up(connection, row, known)
        return self._load(session_id)

    def _load(self, session_id: str) -> Head:
        """Read and verify the whole trail without the lock, and replay it."""
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            stored = _events(connection, session_id)
        report = _verify_row(row, stored)
        if not report.intact:
            # Extending a broken chain would bury the break under valid-looking events.
            raise TrailDamaged(session_id, f"{_where(report)}{report.problem}")
        loaded = self._loaded(row)
        return Head(len(stored), stored[-1].hash, at_head(replay(loaded.case, stored)), loaded)

    def _append_locked(
        self,
        connection: Connection,
        session_id: str,
        kind: EventKind,
        author: str,
        check: Admit,
        known: Head,
    ) -> tuple[Event, Head]:
        row = self._row(connection, session_id, lock=True)
        known = catch_up(connection, row, known)
        payload = check(known.loaded, known.state)
        seq = known.count + 1
        event = seal(session_id, seq, kind, author, now_utc(), payload, known.head)
        connection.execute(insert(events_table).values(**_event_row(event)))
        connection.execute(
            update(sessions_table)
            .where(sessions_table.c.id == session_id)
            .values(event_count=seq, head_hash=event.hash)
        )
        state = at_head(replay(known.loaded.case, [event], start=known.state))
        _save_state(connection, session_id, seq, event.hash, encode(state))
        return event, Head(seq, event.hash, state, known.loaded)

    def state(self, session_id: str) -> tuple[LoadedCase, SessionState]:
        """The case snapshot and the replayed trail."""
        loaded = self.snapshot(session_id)
        return loaded, replay(loaded.case, self.events(session_id))

    # --- verifying, export and import -------------------------------------------------------

    def verify(
        self, session_id: str, anchor: Checkpoint | None = None, trusted: str | None = None
    ) -> ChainReport:
        """Recompute the whole chain of a session and name the first broken event.

        With ``anchor`` the trail must also agree with that checkpoint, which must be signed by
        ``trusted`` (this machine's anchor key, hex): this is what catches a chain rewritten and
        re-hashed, or cut back to an earlier head, by someone with database access.

        Never raises for damage: an undecodable row is reported as "event N unreadable", a
        damaged session row as such.
        """
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            stored = _events(connection, session_id)
            cached = _stored_state(connection, session_id)
        if anchor is not None:
            forged = signature_problem(anchor, trusted)
            if forged:
                return ChainReport(
                    False, len(stored), None, f"the checkpoint is not valid: {forged}"
                )
        report = self._verified(row, stored, cached)
        if anchor is None or not report.intact:
            return report
        seq, problem = trail_problem(anchor, session_id, stored)
        if problem:
            return ChainReport(False, len(stored), seq, problem)
        return report

    def read_verified(self, session_id: str) -> tuple[SessionInfo, LoadedCase, VerifiedTrail]:
        """The session's row, its case and its events with their verification, in one reading.

        What :meth:`info`, :meth:`snapshot`, :meth:`events` and :meth:`verify` answer, from one
        read of each table. The verification is recomputed only when the rows it covers differ
        from those of the last call (see ``verified_trails.py``): a trail changed in any way,
        inside Brightline or outside, is verified afresh. While a SQLite file's change stamp
        stays put, the last read is handed out again without a query (``StampedReads``).
        """
        stamp = self.database.change_stamp()  # before the read: see StampedReads
        unchanged = self._reads.get(session_id, stamp)
        if unchanged is not None:
            return cast("tuple[SessionInfo, LoadedCase, VerifiedTrail]", unchanged)
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            rows = _event_rows(connection, session_id)
            cached = _stored_state(connection, session_id)
        read = (tuple(row.values()), tuple(tuple(item.values()) for item in rows), cached)
        trail = self._trails.get(session_id, read)
        if trail is None:
            stored = [_stored_event(item) for item in rows]
            trail = VerifiedTrail(read, tuple(stored), self._verified(row, stored, cached))
            self._trails.keep(session_id, trail)
        answer = (_info(row), self._loaded(row), trail)
        self._reads.keep(session_id, stamp, answer)
        return answer

    def _verified(
        self, row: Any, stored: list[Event], cached: tuple[int | None, str, str] | None
    ) -> ChainReport:
        """The chain checked against its row, then the head state checked against the chain."""
        report = _verify_row(row, stored)
        if not report.intact or cached is None:
            return report
        return state_report(stored, cached, self._loaded(row))

    def anchor(self, session_id: str, key: Path | None = None) -> Checkpoint:
        """Sign a checkpoint of the trail as it is now, after verifying it; keep a copy here.

        Raises:
            TrailDamaged: when the trail does not verify (a broken trail is not vouched for).
        """
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            stored = _events(connection, session_id)
            cached = _stored_state(connection, session_id)
        report = self._verified(row, stored, cached)
        if not report.intact:
            raise TrailDamaged(session_id, f"{_where(report)}{report.problem}")
        checkpoint = sign(session_id, len(stored), stored[-1].hash, key)
        with self.database.transaction("storing a checkpoint") as connection:
            connection.execute(insert(checkpoints_table).values(**_checkpoint_row(checkpoint)))
        return checkpoint

    def latest_checkpoint(self, session_id: str) -> Checkpoint | None:
        """The stored copy of the session's newest checkpoint, if one was written."""
        with self.database.reading() as connection:
            return _latest_checkpoint(connection, session_id)

    def export(self, session_id: str) -> dict[str, Any]:
        """The whole session as one JSON document that :meth:`import_session` reads back.

        It carries the newest checkpoint, so whoever receives it can check the trail against a
        signed head (with the signer's key).
        """
        with self.database.reading() as connection:
            row = self._row(connection, session_id, lock=False)
            stored = _usable(row, _events(connection, session_id))
            checkpoint = _latest_checkpoint(connection, session_id)
        document: dict[str, Any] = {
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
        if checkpoint is not None:
            document["checkpoint"] = checkpoint.to_json()
        return document

    def import_session(self, document: Any, source: str = "<export>") -> SessionInfo:
        """Store an exported session after re-verifying its chain and replaying its events.

        Every event goes through the checks live recording applies (see ``exports.py``), so an
        export that was edited and re-hashed cannot bring in what ``brightline log`` refuses.

        Raises:
            SessionError: when the document is not a Brightline session export (naming
                ``source`` and the field).
            TrailBroken: when its chain does not verify or an event would be refused (nothing
                is stored).
            SessionExists: when a session with its id is already stored.
        """
        export = parse_export(document, source)
        self._check_write(self.member.user if self.member else "", None)
        session_id, row, stored = export.session_id, export.row, export.events
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
        check_import(export, self.collaborators.evaluate_offer)
        loaded = self._loaded(row)
        state = encode(replay(loaded.case, stored))
        with self.database.transaction("importing a session") as connection:
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
            connection.execute(insert(sessions_table).values(**{**row, "team": self.team}))
            for event in stored:
                connection.execute(insert(events_table).values(**_event_row(event)))
            _save_state(connection, session_id, len(stored), stored[-1].hash, state)
            if export.checkpoint is not None:
                connection.execute(
                    insert(checkpoints_table).values(**_checkpoint_row(export.checkpoint))
                )
        return self.info(session_id)


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
        team=row["team"],
    )


def open_store(
    url: str | None = None,
    collaborators: Collaborators | None = None,
    *,
    team: str | None = None,
    member: Member | None = None,
) -> SessionStore:
    """Open the configured database (see ``database.database_url``) as a session store.

    The factory of every store: ``collaborators`` (the offer evaluation) belong to the store
    built here and to no other (flaskr's ``create_app(test_config)`` does the same). With
    ``team``, the store sees and starts that team's sessions only; with ``member``, that
    member's team's, writing what their role allows in their name (``session/writers.py``).
    """
    from brightline.session.database import open_database

    return SessionStore(open_database(url), collaborators, team=team, member=member)
