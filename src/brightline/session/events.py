"""What a session records, and the hash chain that makes the record tamper-evident (pure).

Every event is one row: ``seq`` (1, 2, 3, ... within its session), ``kind``, ``author``, ``at`` (UTC,
ISO 8601 with microseconds), ``payload`` (the kind's fields) and two hashes. The event's hash is
SHA-256 over the canonical JSON of ``{"session", "seq", "kind", "author", "at", "payload", "prev"}``,
where ``prev`` is the previous event's hash (64 zeros for the first event). Canonical JSON means
sorted keys, no spaces, UTF-8, and Python's shortest float repr, so the same content always gives
the same bytes. Changing any field of any row, deleting a row or swapping two rows changes a hash
that a later row (or the session's stored head) depends on, which :func:`verify_chain` reports.

The first event of a session is always ``start``; its payload holds the SHA-256 of the case text as
it was when the session started, so the snapshot is covered by the chain too.

Errors raised here and by the store::

    BrightlineError
     └── SessionError               a session request cannot be carried out
          ├── SessionNotFound       no session with that id
          ├── SessionExists         importing a session whose id is already stored
          ├── TrailBroken           an imported trail does not verify
          ├── ReservationCrossed    a concession would cross the reservation point unapproved
          └── StoreUnavailable      the database URL is unusable or the server is unreachable
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brightline.case.model import Binds, OptionValue, Stage
from brightline.errors import BrightlineError

GENESIS = "0" * 64
"""The ``prev`` of a session's first event."""


class SessionError(BrightlineError):
    """A session request cannot be carried out."""


class SessionNotFound(SessionError):
    """No session has that id."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"no session {session_id!r} in this database; `brightline session list` shows the ids"
        )


class SessionExists(SessionError):
    """An imported session's id is already stored; importing twice would fork its trail."""


class TrailBroken(SessionError):
    """An imported trail does not verify, so it is refused rather than stored."""


class ReservationCrossed(SessionError):
    """A concession would take the deal below the reservation point without a named approval."""


class StoreUnavailable(SessionError):
    """The database URL is unusable or its server cannot be reached."""


class EventKind(StrEnum):
    """What an event records."""

    START = "start"
    OFFER = "offer"
    CONCESSION = "concession"
    SIGNAL = "signal"
    STAGE = "stage"
    DECISION = "decision"
    APPROVAL = "approval"
    NOTE = "note"


class Side(StrEnum):
    """Which side of the table did something."""

    US = "us"
    THEM = "them"


class OfferDirection(StrEnum):
    """Whether we put the offer on the table or received it."""

    MADE = "made"
    RECEIVED = "received"


class SignalType(StrEnum):
    """Signals worth recording because the playbook reacts to them."""

    COSTLY_SIGNAL = "costly_signal"
    OBJECTION = "objection"
    THREAT = "threat"
    STALLING_ACCUSATION = "stalling_accusation"
    PUSHBACK_ON_SOURCE = "pushback_on_source"
    BYPASS_ATTEMPT = "bypass_attempt"
    ONE_SIDED_CONSTRAINT = "one_sided_constraint"
    TERM_CREEP = "term_creep"
    BLAME = "blame"
    OTHER = "other"


class DecisionKind(StrEnum):
    """How a negotiation (or a round of it) is settled."""

    ACCEPT = "accept"
    NARROW_DEAL = "narrow_deal"
    PAUSE = "pause"
    WALK = "walk"


class Adds(StrEnum):
    """What a concession adds to our side of the deal beyond its value."""

    NOTHING = "nothing"
    SCOPE = "scope"
    OBLIGATION = "obligation"


class ApprovalScope(StrEnum):
    """What an approval covers."""

    RESERVATION = "reservation"
    DEAL = "deal"
    OTHER = "other"


class Payload(BaseModel):
    """Base of every event payload: unknown fields are errors, so a typo is never recorded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class StartPayload(Payload):
    """The session's first event: which case, and the hash of its text at that moment."""

    case_id: str
    case_file: str
    snapshot_sha256: str


class OfferPayload(Payload):
    """An offer made or received: a choice per issue, and its evaluation when one was made."""

    direction: OfferDirection
    outcome: dict[str, OptionValue] = Field(min_length=1)
    note: str = ""
    evaluation: dict[str, Any] | None = None


class ConcessionPayload(Payload):
    """One line of the concession log.

    ``value_to_us`` and ``value_to_them`` are the signed *net* changes the whole line makes, what
    we get included: a concession by us usually has a negative value to us and a positive value to
    them; a good trade can be positive for both.
    """

    by: Side = Side.US
    item: str = Field(min_length=1)
    we_give: str = ""
    we_get: str = ""
    value_to_us: float = 0.0
    value_to_them: float = 0.0
    trigger: str = Field("", description="Trigger or contingency that the concession depends on.")
    adds: Adds = Adds.NOTHING
    binds: Binds | None = Field(None, description="Whose behaviour it constrains, if it does.")
    position_after: float | None = Field(
        None, description="Value to us of the whole deal after the concession, when known."
    )
    approval: int | None = Field(None, description="Seq of the approval that covers it.")


class SignalPayload(Payload):
    """Something one side did or said that the playbook reacts to."""

    type: SignalType
    by: Side = Side.THEM
    text: str = ""


class StagePayload(Payload):
    """A move to another stage."""

    to: Stage
    note: str = ""


class DecisionPayload(Payload):
    """A decision with its rationale, for the record that counsel or an auditor reads later."""

    decision: DecisionKind
    rationale: str = Field(min_length=1)
    review_date: datetime.date | None = None

    @field_validator("rationale")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a decision needs a rationale; say why in a sentence")
        return value


class ApprovalPayload(Payload):
    """A named person's sign-off."""

    approver: str = Field(min_length=1)
    scope: ApprovalScope = ApprovalScope.OTHER
    text: str = ""

    @field_validator("approver")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an approval needs the approver's name")
        return value.strip()


class NotePayload(Payload):
    """Free text for the scribe."""

    text: str = Field(min_length=1)


PAYLOADS: dict[EventKind, type[Payload]] = {
    EventKind.START: StartPayload,
    EventKind.OFFER: OfferPayload,
    EventKind.CONCESSION: ConcessionPayload,
    EventKind.SIGNAL: SignalPayload,
    EventKind.STAGE: StagePayload,
    EventKind.DECISION: DecisionPayload,
    EventKind.APPROVAL: ApprovalPayload,
    EventKind.NOTE: NotePayload,
}


def parse_payload(kind: EventKind, fields: dict[str, Any]) -> Payload:
    """Validate the fields of an event of ``kind``.

    Raises:
        SessionError: naming each bad field, so the CLI can print it and exit 2.
    """
    try:
        return PAYLOADS[kind].model_validate(fields)
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or kind.value}: {item['msg']}"
            for item in error.errors()
        )
        raise SessionError(f"{kind.value} event is not valid: {details}") from None


def payload_json(payload: Payload) -> dict[str, Any]:
    """The payload as plain JSON data, without defaults that carry nothing (None)."""
    data: dict[str, Any] = payload.model_dump(mode="json", exclude_none=True)
    return data


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, non-ASCII kept: the one byte form every hash is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    """Hex SHA-256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_utc() -> str:
    """The current time as the trail stores it."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Event:
    """One stored event, exactly as the trail holds it.

    Attributes:
        session: Id of the session it belongs to.
        seq: Position in the session, from 1 with no gaps.
        kind: What it records.
        author: Who recorded it.
        at: When, UTC ISO 8601.
        payload: The kind's fields as plain JSON data.
        prev: The previous event's hash (``GENESIS`` for the first).
        hash: SHA-256 over the canonical JSON of everything above.
    """

    session: str
    seq: int
    kind: str
    author: str
    at: str
    payload: dict[str, Any]
    prev: str
    hash: str

    def content(self) -> dict[str, Any]:
        """The hashed content: everything but the hash itself."""
        return {
            "session": self.session,
            "seq": self.seq,
            "kind": self.kind,
            "author": self.author,
            "at": self.at,
            "payload": self.payload,
            "prev": self.prev,
        }

    def computed_hash(self) -> str:
        """What the hash should be for the content as it is now."""
        return sha256_text(canonical_json(self.content()))

    def to_json(self) -> dict[str, Any]:
        """The export form, one object per event."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "author": self.author,
            "at": self.at,
            "payload": self.payload,
            "prev": self.prev,
            "hash": self.hash,
        }


def seal(
    session: str, seq: int, kind: EventKind, author: str, at: str, payload: Payload, prev: str
) -> Event:
    """Build the next event of a chain, computing its hash."""
    unsealed = Event(session, seq, kind.value, author, at, payload_json(payload), prev, "")
    return Event(
        session, seq, kind.value, author, at, unsealed.payload, prev, unsealed.computed_hash()
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of verifying a trail.

    Attributes:
        intact: True when every check passed.
        events: How many events were checked.
        broken_seq: The first broken event's seq (or the position where one is missing).
        problem: What is wrong there, in words; empty when intact.
    """

    intact: bool
    events: int
    broken_seq: int | None = None
    problem: str = ""


def verify_chain(
    session: str,
    events: Sequence[Event],
    *,
    head: str | None,
    count: int | None,
    snapshot_sha256: str | None,
) -> ChainReport:
    """Check a session's events in stored order and name the first broken one.

    Args:
        session: The session id every event must carry.
        events: The events in the order the store returns them (by ``seq``).
        head: The last event's hash as the session row records it, when available; it catches
            deletion of the newest events, which no later event would reveal.
        count: The number of events the session row records, when available.
        snapshot_sha256: The SHA-256 of the stored case text, checked against the start event.
    """
    prev = GENESIS
    for position, event in enumerate(events, start=1):
        where = f"event {position}"
        if event.session != session:
            return _broken(events, position, f"{where} belongs to session {event.session!r}")
        if event.seq != position:
            return _broken(
                events,
                position,
                f"{where} has seq {event.seq}: an event before it was deleted or rows were reordered",
            )
        if event.computed_hash() != event.hash:
            return _broken(
                events, position, f"{where} ({event.kind}) was edited after it was stored"
            )
        if event.prev != prev:
            return _broken(
                events,
                position,
                f"{where} ({event.kind}) does not follow the event before it: "
                "an event was removed, inserted or reordered",
            )
        if position == 1:
            if event.kind != EventKind.START.value:
                return _broken(events, 1, "event 1 is not the session's start event")
            recorded = event.payload.get("snapshot_sha256")
            if snapshot_sha256 is not None and recorded != snapshot_sha256:
                return _broken(events, 1, "the stored case snapshot was changed after the start")
        prev = event.hash
    if count is not None and count != len(events):
        return _broken(
            events,
            len(events) + 1,
            f"the session records {count} events but {len(events)} are stored: "
            f"event {len(events) + 1} onwards was deleted",
        )
    if head is not None and events and head != prev:
        return _broken(
            events, len(events), "the session's recorded head does not match its last event"
        )
    return ChainReport(True, len(events))


def _broken(events: Sequence[Event], seq: int, problem: str) -> ChainReport:
    return ChainReport(False, len(events), seq, problem)
