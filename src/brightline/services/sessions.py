"""Use cases of live negotiation: sessions, recording, ``next``, and the decision trail.

The trail's use cases are its minutes, verification, signed checkpoint, export and import.

:class:`Sessions` is built with the factory that opens the session store (by default the
configured database, ``BRIGHTLINE_DATABASE_URL``), so a web app or a test passes its own and two
of them never share a connection. By default each method opens the store, does one use case and
closes it (a CLI command is one use case); a long-lived server builds it with ``keep_open`` so the
store (its engine's connection pool, its parsed case snapshots) is opened once and shared by every
request, instead of reconnecting and re-checking the schema per request. The results are typed, and what to tell the user is data (a concession left unchecked, the flags
it raised, the offer's warnings), never a sentence naming a flag.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.actions import Advice, act
from brightline.errors import UsageError
from brightline.services.files import read_input

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.case.validate import LoadedCase
    from brightline.playbook.moves import Guide
    from brightline.session.analytics import ConcessionAnalysis, SessionState
    from brightline.session.anchor import Checkpoint
    from brightline.session.events import ChainReport, Event, EventKind
    from brightline.session.roles import Member
    from brightline.session.store import SessionInfo, SessionStore

CACHE_STEPS = 64
"""Playbook answers kept by a long-lived :class:`Sessions` (oldest first out)."""

StoreFactory = Callable[[], "SessionStore"]
"""Opens a session store (a context manager that closes it)."""


def _default_store() -> SessionStore:
    from brightline.session.store import open_store

    return open_store()


def stored_path(case: Path) -> str:
    """How the trail names the case file: relative to the working folder, else the bare name.

    The trail and its exports travel (to counsel, to an auditor); an absolute path would leak the
    recorder's user name and folder layout.
    """
    try:
        return case.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return case.name


def finite(parameter: str, value: float | None) -> float | None:
    """Refuse NaN and infinity: they would poison every sum after them."""
    if value is not None and not math.isfinite(value):
        raise UsageError(
            f"{value} is not a finite number; give a plain number", parameter=parameter
        )
    return value


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event just appended, and what it means for the deal.

    Attributes:
        event: The stored event (its number, hash and payload with any evaluation).
        case: The session's case (for wording amounts in its units).
        unchecked: A concession that could not be checked against the reservation point, as the
            deal's position is unknown (no complete offer on the table, no position given).
        new_flags: Concession warnings this event raised (each said once, for the event that
            raised it).
        offer_warnings: Warnings about an offer just recorded.
    """

    event: Event
    case: Case
    unchecked: bool = False
    new_flags: tuple[Advice, ...] = ()
    offer_warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NextStep:
    """What ``next`` shows: the stage's moves, alerts, concessions and reminders.

    Attributes:
        session_id: The session.
        case: Its case.
        guide: The playbook for the current stage (moves, alerts, the offer on the table).
        analysis: The concession analysis.
        reminders: Reminders for the stage.
        has_concessions: Whether any concession was recorded.
        trail: The chain's verification; advice read from a broken trail says so.
    """

    session_id: str
    case: Case
    guide: Guide
    analysis: ConcessionAnalysis
    reminders: tuple[Advice, ...]
    has_concessions: bool
    trail: ChainReport

    def standing_flags(self) -> tuple[Advice, ...]:
        """Concession warnings that still stand, without the per-event warnings.

        The reciprocity warning and the "position unknown" warning belong to the concession that
        raised them and were said when that concession was recorded (once per event); here
        reciprocity is a number on the balance line, and a concession's position cannot be
        checked afterwards, so repeating it on every ``next`` would only nag.
        """
        from brightline.session.analytics import position_flag, reciprocity_flag

        shown = reciprocity_flag(self.analysis, self.case.case.currency)
        position = position_flag(self.analysis)
        return tuple(
            flag for flag in self.analysis.flags if flag.text != shown and flag != position
        )


@dataclass(frozen=True, slots=True)
class Minutes:
    """A session's timeline: every event, or the minutes fit to share.

    Attributes:
        info: The session's row.
        loaded: Its case snapshot.
        export: The whole trail as JSON (what ``--format json`` prints, case cut to its name).
        shown: The events to show (all with ``internal``; else those not private to us).
        left_out: How many events were left out of the minutes.
        internal: Whether this is our private view.
        trail: The chain's verification.
    """

    info: SessionInfo
    loaded: LoadedCase
    export: dict[str, Any]
    shown: tuple[Event, ...]
    left_out: int
    internal: bool
    trail: ChainReport


@dataclass(frozen=True, slots=True)
class Overview:
    """A session as its page shows it.

    Attributes:
        info: The session's row.
        step: What ``next`` says (its ``trail`` is the chain's verification).
        events: Every event, oldest first (the page is our private view).
    """

    info: SessionInfo
    step: NextStep
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """A file held against the ``document`` events of a trail.

    Attributes:
        file: The file checked.
        sha256: Hex SHA-256 of its bytes.
        event: The ``document`` event that recorded these bytes; None when no event did (the
            file was changed after it was written, or never written in this session).
    """

    file: Path
    sha256: str
    event: Event | None


@dataclass(frozen=True, slots=True)
class Verification:
    """A verified trail, its head, the checkpoint it was held against and a document checked."""

    report: ChainReport
    head: str
    checkpoint: Checkpoint | None
    document: DocumentCheck | None = None


@dataclass(frozen=True, slots=True)
class Imported:
    """A session stored from an export, and the checkpoint it carried (if any)."""

    info: SessionInfo
    checkpoint: Checkpoint | None


@dataclass(frozen=True, slots=True)
class Anchored:
    """A signed checkpoint of a trail and the file it was written to."""

    checkpoint: Checkpoint
    path: Path


class Sessions:
    """The session use cases over one store factory.

    Args:
        open_store: Opens the session store (default: the configured database).
        author: Who everything recorded is by (team mode: the logged-in user); otherwise
            events name BRIGHTLINE_AUTHOR or the OS user.
        member: Who records in team mode: their role and team are what the approval policy
            checks (``services/approvals.py``); the user name is the author.
        keep_open: Open the store on first use and keep it until :meth:`close` (a server);
            otherwise each use case opens and closes its own (a CLI command).
    """

    def __init__(
        self,
        open_store: StoreFactory | None = None,
        author: str | None = None,
        member: Member | None = None,
        *,
        keep_open: bool = False,
    ) -> None:
        self._factory = open_store or _default_store
        # In team mode the web app builds one per request with the logged-in user as the author
        # of everything recorded; otherwise events name BRIGHTLINE_AUTHOR or the OS user.
        self._author = author
        self._member = member
        self._keep_open = keep_open
        self._shared: SessionStore | None = None
        self._opening = threading.Lock()
        self._steps: dict[tuple[str, str, int], NextStep] = {}

    @contextmanager
    def _open(self) -> Iterator[SessionStore]:
        """The store for one use case: the shared one with ``keep_open``, else a fresh one."""
        if not self._keep_open:
            with self._factory() as store:
                yield store
            return
        with self._opening:
            if self._shared is None:
                self._shared = self._factory()
            store = self._shared
        yield store

    def close(self) -> None:
        """Close the shared store, if one is open (the next use case opens it again)."""
        with self._opening:
            shared, self._shared = self._shared, None
        if shared is not None:
            shared.close()

    def open_store(self) -> AbstractContextManager[SessionStore]:
        """The store for one use case, for the use cases that share this one's (approvals)."""
        return self._open()

    # --- sessions ----------------------------------------------------------------------------

    def start(self, case: Path, author: str | None = None) -> SessionInfo:
        """Start a session on a snapshot of the case file's text.

        Raises:
            SessionError: when the file is not UTF-8 text.
        """
        from brightline.session.events import SessionError

        data = read_input(case)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SessionError(f"{case} is not UTF-8 text; save it as UTF-8") from None
        return self.start_text(text, stored_path(case), author)

    def start_text(self, text: str, case_file: str, author: str | None = None) -> SessionInfo:
        """Start a session on case-file text held elsewhere (a team's case in the database)."""
        from brightline.session.store import resolve_author

        with self._open() as store:
            return store.start(text, case_file, resolve_author(author or self._author))

    def list(self) -> list[SessionInfo]:
        """Every session in the database, oldest first."""
        with self._open() as store:
            return store.sessions()

    def export(self, session_id: str) -> dict[str, Any]:
        """The whole session (case snapshot and trail) as a JSON document."""
        with self._open() as store:
            return store.export(session_id)

    # --- recording ---------------------------------------------------------------------------

    def record(
        self,
        session_id: str,
        kind: EventKind,
        fields: dict[str, Any],
        author: str | None = None,
        member: Member | None = None,
    ) -> Recorded:
        """Validate and append one event; say what a concession or an offer means for the deal.

        ``fields`` are the payload's fields; ``None`` values are left out (their defaults apply).
        ``member`` is who records it in team mode (their user name is the author); offers and
        approvals go through the team's approval policy (``services.approvals``), and without a
        member through the single-user store's own policy.

        Raises:
            UsageError: naming the field whose number is not finite (NaN or infinity would
                poison every sum after it).
        """
        from brightline.services.approvals import GUARDED, guarded_record
        from brightline.session.analytics import analyse_concessions, position_flag, replay
        from brightline.session.events import EventKind, OfferPayload, parse_payload
        from brightline.session.recording import offer_warnings
        from brightline.session.store import resolve_author

        for name, value in fields.items():
            if isinstance(value, float):
                finite(name, value)
        payload = parse_payload(
            kind, {key: value for key, value in fields.items() if value is not None}
        )
        member = member or self._member
        name = member.user if member is not None else resolve_author(author or self._author)
        with self._open() as store:
            if kind in GUARDED:
                event = guarded_record(store, session_id, kind, payload, name, member)
            else:
                event = store.record(session_id, kind, payload, name)
            loaded = store.snapshot(session_id)
            if kind is EventKind.CONCESSION:  # the deal's moves only: not the whole trail
                events = store.concession_events(session_id)
                before = analyse_concessions(loaded.case, replay(loaded.case, events[:-1]))
                analysis = analyse_concessions(loaded.case, replay(loaded.case, events))
                unchecked = event.seq in analysis.unanchored
                said = position_flag(analysis) if unchecked else None  # `unchecked` says it
                return Recorded(
                    event,
                    loaded.case,
                    unchecked=unchecked,
                    new_flags=tuple(
                        flag for flag in analysis.flags if flag not in before.flags and flag != said
                    ),
                )
        if kind is EventKind.OFFER:
            stored = OfferPayload.model_validate(event.payload)
            return Recorded(
                event, loaded.case, offer_warnings=tuple(offer_warnings(stored, loaded.case))
            )
        return Recorded(event, loaded.case)

    def record_offer(
        self,
        session_id: str,
        direction: str,
        terms: Sequence[str],
        *,
        note: str = "",
        approval: int | None = None,
        author: str | None = None,
        member: Member | None = None,
    ) -> Recorded:
        """Record an offer made or received from ``issue=value`` terms (read against the case)."""
        from brightline.session.events import EventKind
        from brightline.session.recording import parse_outcome

        with self._open() as store:
            outcome = parse_outcome(store.snapshot(session_id).case, terms)
        fields = {"direction": direction, "outcome": outcome, "note": note, "approval": approval}
        return self.record(session_id, EventKind.OFFER, fields, author, member)

    # --- next --------------------------------------------------------------------------------

    def next_step(self, session_id: str) -> NextStep:
        """The playbook for the session's current stage, with the table's answer and reminders."""
        with self._open() as store:
            loaded, state = store.state(session_id)
            report = store.verify(session_id)
        return _next_step(session_id, loaded, state, report)

    # --- the trail ---------------------------------------------------------------------------

    def minutes(self, session_id: str, *, internal: bool = False) -> Minutes:
        """The timeline: minutes fit to share, or with ``internal`` our private view."""
        with self._open() as store:
            document = store.export(session_id)
            info = store.info(session_id)
            loaded = store.snapshot(session_id)
            events = store.events(session_id)
            report = store.verify(session_id)
        return _minutes(info, loaded, document, events, report, internal)

    def overview(self, session_id: str) -> Overview:
        """What the session page shows: ``next``, the session's row and every event, verified.

        The same answer as :meth:`next_step` from one read of the trail. With ``keep_open``
        the store keeps the chain's verification with the rows it was computed from and
        verifies again only when the rows differ (a new event, or an edit made outside
        Brightline), so the page's badge sees a break as soon as it is there; and the playbook's
        answer is kept per session and head: a verified chain with the same head hash holds the
        same events (each event's hash covers the one before), so the answer cannot differ.
        """
        from brightline.session.analytics import replay

        with self._open() as store:
            info, loaded, trail = store.read_verified(session_id)
        events, report = trail.events, trail.report
        head = events[-1].hash if events else ""
        key = (session_id, head, len(events))
        step = self._steps.get(key) if report.intact else None
        if step is None or step.trail != report or step.case is not loaded.case:
            step = _next_step(session_id, loaded, replay(loaded.case, events), report)
            if report.intact and self._keep_open:
                with self._opening:
                    self._steps[key] = step
                    while len(self._steps) > CACHE_STEPS:
                        self._steps.pop(next(iter(self._steps)))
        return Overview(info, step, events)

    def import_export(self, file: Path) -> Imported:
        """Store an exported session after re-verifying its chain and replaying every event."""
        from brightline.session.exports import read_export

        document = read_export(file)
        with self._open() as store:
            info = store.import_session(document, str(file))
            return Imported(info, store.latest_checkpoint(info.id))

    def verify(
        self,
        session_id: str,
        *,
        anchor: Path | None = None,
        key: str | None = None,
        document: Path | None = None,
    ) -> Verification:
        """Recompute the hash chain; with ``anchor``, hold it against that signed checkpoint.

        With ``document``, also find the ``document`` event that recorded the file's SHA-256,
        so a document sent can be proved to be the one generated (and unchanged since).

        ``key`` is the signer's public key (hex) when checking on another machine; by default
        this machine's anchor key. An adapter checks its form first (``public_key_hex``) to word
        a malformed key as its own input.
        """
        from brightline.session.anchor import (
            CHECKPOINT_MAX_BYTES,
            parse_checkpoint,
            public_key_hex,
            trusted_key,
        )
        from brightline.session.exports import loads_strict

        checkpoint = None
        trusted = None
        if anchor is not None:
            checkpoint = parse_checkpoint(
                loads_strict(_read_small(anchor, CHECKPOINT_MAX_BYTES), str(anchor)), str(anchor)
            )
            trusted = public_key_hex(key, "key") if key is not None else trusted_key()
        with self._open() as store:
            report = store.verify(session_id, checkpoint, trusted)
            head = store.info(session_id).head_hash
            events = store.events(session_id) if document is not None else []
        checked = None
        if document is not None:
            import hashlib

            digest = hashlib.sha256(read_input(document)).hexdigest()
            recorded = [
                event
                for event in events
                if event.kind == "document" and event.payload.get("sha256") == digest
            ]
            checked = DocumentCheck(document, digest, recorded[-1] if recorded else None)
        return Verification(report, head, checkpoint, checked)

    def anchor(self, session_id: str, output: Path | None = None) -> Anchored:
        """Sign a checkpoint of the trail and write it to ``output`` (default ``ID.anchor.json``).

        Raises:
            UsageError: when the file cannot be written, proposing another ``output``.
        """
        import json

        from brightline.actions import act

        with self._open() as store:
            checkpoint = store.anchor(session_id)
        path = output or Path(f"{session_id}.anchor.json")
        text = json.dumps(checkpoint.to_json(), indent=2) + "\n"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(
                f"cannot write {path}: {error.strerror}",
                action=act("session anchor", output=None),
            ) from None
        return Anchored(checkpoint, path)


def _next_step(
    session_id: str, loaded: LoadedCase, state: SessionState, report: ChainReport
) -> NextStep:
    """The playbook's answer for a session's snapshot, replayed trail and chain report."""
    from brightline.playbook.advice import TrailSoFar, session_advice
    from brightline.playbook.moves import guide, reminders
    from brightline.playbook.table_facts import table_facts
    from brightline.session.analytics import analyse_concessions

    case = loaded.case
    since = [(seq, signal) for seq, signal in state.signals if seq > state.stage_since]
    last = state.decisions[-1][1] if state.decisions else None
    # Every stage words its moves from what is on the table (which standard the offer there
    # breaks, the real reason for a pause), never from the first standard of the case.
    facts = table_facts(loaded, state.offers)
    trail = TrailSoFar(state.stage, state.stage_since, state.decisions)
    advice = session_advice(loaded, state.offers, trail)
    result = guide(case, state.stage, since, last, facts, advice)
    return NextStep(
        session_id,
        case,
        result,
        analyse_concessions(case, state),
        tuple(reminders(case, state)),
        bool(state.concessions),
        report,
    )


def _minutes(
    info: SessionInfo,
    loaded: LoadedCase,
    document: dict[str, Any],
    events: Sequence[Event],
    report: ChainReport,
    internal: bool,
) -> Minutes:
    """The minutes from a session's row, snapshot, export, events and chain report."""
    from brightline.session.timeline import private_to_us

    document["case"] = {key: document["case"][key] for key in ("id", "title", "file")}
    shown = tuple(event for event in events if internal or not private_to_us(event))
    return Minutes(info, loaded, document, shown, len(events) - len(shown), internal, report)


def _read_small(path: Path, limit: int) -> bytes:
    """Read a small file (a checkpoint) with a size cap."""
    from brightline.session.events import SessionError

    try:
        size = path.stat().st_size
        if size > limit:
            raise SessionError(
                f"{path} is {size:,} bytes; a checkpoint is under {limit:,} bytes: give the "
                "file the session's anchor wrote",
                action=act("session anchor", session=None),
            )
        return path.read_bytes()
    except OSError as error:
        raise SessionError(f"cannot read {path}: {error.strerror}; check the path") from None
