"""What a session records, and the hash chain that makes the record tamper-evident (pure).

Every event is one row: ``seq`` (1, 2, 3, ... within its session), ``kind``, ``author``, ``at`` (UTC,
ISO 8601 with microseconds), ``payload`` (the kind's fields) and two hashes. The event's hash is
SHA-256 over the canonical JSON of ``{"session", "seq", "kind", "author", "at", "payload", "prev"}``,
where ``prev`` is the previous event's hash (64 zeros for the first event). Canonical JSON means
sorted keys, no spaces, UTF-8, and Python's shortest float repr, so the same content always gives
the same bytes. Changing any field of any row, deleting a row or swapping two rows changes a hash
that a later row (or the session's stored head) depends on, which :func:`verify_chain` reports.

The first event of a session is always ``start``; its payload holds the SHA-256 of the case text as
it was when the session started, so the snapshot is covered by the chain too, and the session row's
own columns (case id and title, who created it and when) are checked against the start event.

Hashes are recomputed over the payload text exactly as stored: the stored text is the canonical
JSON of the payload, so splicing it into the canonical JSON of the other fields gives the same bytes
as hashing the decoded payload, and a row whose payload is no longer JSON simply fails its hash
instead of crashing the verifier.

Errors raised here and by the store::

    BrightlineError
     └── SessionError               a session request cannot be carried out
          ├── SessionNotFound       no session with that id
          ├── SessionExists         importing a session whose id is already stored
          ├── TrailBroken           an imported trail does not verify
          ├── TrailDamaged          a stored row cannot be read, or the chain no longer verifies
          ├── ReservationCrossed    a concession or an offer we make would cross the reservation
          │                         point, or an offer we make would break a standard, unapproved
          ├── StoreUnavailable      the database URL is unusable or the server is unreachable
          └── StoreBusy             other writers held the write lock past the timeout
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from json.encoder import encode_basestring
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from brightline.actions import act
from brightline.case.model import Binds, OptionValue, Stage
from brightline.errors import BrightlineError
from brightline.playbook.record import DecisionKind, OfferDirection, SignalType
from brightline.session.roles import Role

GENESIS = "0" * 64
"""The ``prev`` of a session's first event."""


class SessionError(BrightlineError):
    """A session request cannot be carried out."""


class SessionNotFound(SessionError):
    """No session has that id."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"no session {session_id!r} in this database; the list of sessions shows the ids",
            action=act("session list"),
        )


class SessionExists(SessionError):
    """An imported session's id is already stored; importing twice would fork its trail."""


class TrailBroken(SessionError):
    """An imported trail does not verify, so it is refused rather than stored."""


class TrailDamaged(SessionError):
    """A stored row cannot be read or the chain does not verify, so the session is not used.

    Show, next and log refuse a damaged trail (exit 2); ``session verify`` names the problem.
    """

    def __init__(self, session_id: str, problem: str) -> None:
        super().__init__(
            f"the trail of session {session_id!r} is damaged ({problem}); nothing was read or "
            "recorded; verifying the session shows the details",
            action=act("session verify", session=session_id),
        )


class ReservationCrossed(SessionError):
    """A move would cross the reservation point or break a standard without a named approval."""


class StoreUnavailable(SessionError):
    """The database URL is unusable or its server cannot be reached."""


class StoreBusy(SessionError):
    """Other writers held the database's write lock for longer than this writer would wait.

    Separate from :class:`StoreUnavailable` because the advice differs: the URL is fine, the
    lock is contended, and trying again (or moving a busy team to PostgreSQL) is what helps.
    """


class EventKind(StrEnum):
    """What an event records."""

    START = "start"
    OFFER = "offer"
    CONCESSION = "concession"
    SIGNAL = "signal"
    STAGE = "stage"
    DECISION = "decision"
    APPROVAL = "approval"
    REQUEST = "request"
    REFUSAL = "refusal"
    NOTE = "note"
    DOCUMENT = "document"
    DEBRIEF = "debrief"


class Side(StrEnum):
    """Which side of the table did something."""

    US = "us"
    THEM = "them"


class Adds(StrEnum):
    """What a concession adds to our side of the deal beyond its value."""

    NOTHING = "nothing"
    SCOPE = "scope"
    OBLIGATION = "obligation"


class ApprovalScope(StrEnum):
    """What an approval covers.

    ``reservation`` lets a concession or an offer we make go below the reservation point;
    ``standard`` lets an offer we make break a must-have standard; ``deal`` signs off one offer
    we make as a whole (both of the above); ``other`` is for the record only.
    """

    RESERVATION = "reservation"
    STANDARD = "standard"
    DEAL = "deal"
    OTHER = "other"


class Payload(BaseModel):
    """Base of every event payload: unknown fields and non-finite numbers are errors.

    A typo is never recorded, and neither is NaN or infinity: one of those in a value would
    poison every sum, comparison and check after it (NaN is below nothing, so it would pass the
    reservation check).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class StartPayload(Payload):
    """The session's first event: which case, and the hash of its text at that moment."""

    case_id: str
    case_file: str
    snapshot_sha256: str
    case_title: str | None = Field(
        None, description="The case title, so an edit of the session row's title is caught."
    )


class OfferPayload(Payload):
    """An offer made or received: a choice per issue, and its evaluation when one was made."""

    direction: OfferDirection
    outcome: dict[str, OptionValue] = Field(min_length=1)
    note: str = ""
    evaluation: dict[str, Any] | None = None
    approval: int | None = Field(
        None, description="Seq of the approval that covers an offer we make against the rules."
    )


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
    get_value: float | None = Field(
        None,
        description="Value to us of what we get, when it is not money (a reference, a case "
        "study); part of value_to_us, so reciprocity counts it.",
    )
    value_to_us: float = 0.0
    value_to_them: float | None = Field(
        None,
        description="Signed change in value to them; left out (None) when unknown, which is "
        "not the same as 0 (worth nothing to them).",
    )
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
    """A named person's sign-off.

    An approval that answers a request (``request``, the seq of its ``request`` event) is a
    team's sign-off of exactly what was asked (see :mod:`brightline.session.approvals`): its
    approver is the member who recorded it (the event's author), in the role they held.
    """

    approver: str = Field(min_length=1)
    scope: ApprovalScope = ApprovalScope.OTHER
    text: str = ""
    request: int | None = Field(None, ge=2, description="Seq of the request it answers.")
    role: Role | None = Field(None, description="The approver's role when they approved.")

    @field_validator("approver")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an approval needs the approver's name")
        return value.strip()


class ApprovalSubject(StrEnum):
    """What a request for approval asks leave to do (in a session's trail)."""

    OFFER = "offer"
    DOCUMENT = "document"


class RequestPayload(Payload):
    """A request for approval: exactly what, why it needs approval, and why we want it.

    ``digest`` is the SHA-256 of what exactly is asked for (see
    :func:`brightline.session.approvals.subject_digest`): an approval covers the action whose
    digest it is and no other, so approving one offer never lets a different one through.
    """

    subject: ApprovalSubject
    digest: str = Field(pattern=r"^[0-9a-f]{64}$", description="What exactly, as a hash.")
    outcome: dict[str, OptionValue] = Field(min_length=1, description="The offer's terms.")
    document: str | None = Field(None, description="The document kind, for a document.")
    needs: list[str] = Field(min_length=1, description="Why the policy asks for approval.")
    reason: str = Field(min_length=1, description="Why the requester wants it.")

    @field_validator("reason")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a request needs a reason; say why in a sentence")
        return value


class RefusalPayload(Payload):
    """An approver's refusal of a request, with the reason the requester reads."""

    request: int = Field(ge=2, description="Seq of the request it answers.")
    reason: str = Field(min_length=1)
    role: Role | None = Field(None, description="The refuser's role when they refused.")

    @field_validator("reason")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a refusal needs a reason the requester can act on")
        return value


class NotePayload(Payload):
    """Free text for the scribe."""

    text: str = Field(min_length=1)


class DocumentPayload(Payload):
    """A document generated for the other side: what was sent is provable later.

    The SHA-256 is over the document's bytes exactly as written; ``session verify`` with the
    file recomputes it and names the event that recorded it.
    """

    kind: str = Field(min_length=1, description="The document kind (proposal, counter, ...).")
    format: str = Field(min_length=1, description="The file format (pdf, docx, md, html, ...).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Hex SHA-256 of the bytes.")
    file: str = Field("", description="The file name it was written to.")
    built_on: str = Field("", description="The trail head the document was built from.")


Rating = Annotated[int, Field(ge=1, le=7)]
"""A subjective-value answer on a 1 (very dissatisfied) to 7 (very satisfied) scale."""


class DebriefPayload(Payload):
    """How we felt about the negotiation afterwards: the four subjective-value questions.

    Subjective value (how the outcome, our own conduct, the process and the relationship felt)
    predicts whether a deal holds and whether the other side comes back, apart from the money, so
    the debrief asks for it and keeps it in the trail beside the numbers. Each answer is optional;
    at least one, or a note, is needed.
    """

    outcome: Rating | None = Field(None, description="How good the terms are for us.")
    self_image: Rating | None = Field(
        None, description="How we feel about our own conduct: principled, competent, no face lost."
    )
    process: Rating | None = Field(None, description="How fair and well run the talks were.")
    relationship: Rating | None = Field(
        None, description="How the relationship and trust with the other side stand now."
    )
    note: str = ""

    @model_validator(mode="after")
    def _something(self) -> DebriefPayload:
        answers = (self.outcome, self.self_image, self.process, self.relationship)
        if all(answer is None for answer in answers) and not self.note.strip():
            raise ValueError("a debrief needs at least one answer (1 to 7) or a note")
        return self


PAYLOADS: dict[EventKind, type[Payload]] = {
    EventKind.START: StartPayload,
    EventKind.OFFER: OfferPayload,
    EventKind.CONCESSION: ConcessionPayload,
    EventKind.SIGNAL: SignalPayload,
    EventKind.STAGE: StagePayload,
    EventKind.DECISION: DecisionPayload,
    EventKind.APPROVAL: ApprovalPayload,
    EventKind.REQUEST: RequestPayload,
    EventKind.REFUSAL: RefusalPayload,
    EventKind.NOTE: NotePayload,
    EventKind.DOCUMENT: DocumentPayload,
    EventKind.DEBRIEF: DebriefPayload,
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


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
# The same encoder json.dumps would build for these arguments, built once: verifying calls it
# for every field of every event, and building an encoder per call was most of the cost.


def _text(value: object) -> str:
    """Canonical JSON of a string field, by the C string encoder json itself uses."""
    return encode_basestring(value) if isinstance(value, str) else _CANONICAL(value)


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, non-ASCII kept: the one byte form every hash is taken over."""
    return _CANONICAL(value)


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
        payload: The kind's fields as plain JSON data (empty when the stored text is not JSON).
        prev: The previous event's hash (``GENESIS`` for the first).
        hash: SHA-256 over the canonical JSON of everything above.
        payload_text: The payload exactly as the database stores it, when read from one; the
            hash is recomputed over this text, so verifying never depends on decoding it.
        damage: Why the stored row could not be decoded; empty when it could.
    """

    session: str
    seq: int
    kind: str
    author: str
    at: str
    payload: dict[str, Any]
    prev: str
    hash: str
    payload_text: str | None = None
    damage: str = ""

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
        """What the hash should be for the content as it is now (over the stored payload text).

        The canonical JSON of :meth:`content` is written out key by key in sorted order, with
        the stored payload text spliced in as it is: for an untouched row that text is the
        canonical JSON of the payload, so the bytes equal ``canonical_json(self.content())``.
        """
        payload = self.payload_text if self.payload_text is not None else _CANONICAL(self.payload)
        text = (
            f'{{"at":{_text(self.at)},"author":{_text(self.author)},'
            f'"kind":{_text(self.kind)},"payload":{payload},"prev":{_text(self.prev)},'
            f'"seq":{_CANONICAL(self.seq)},"session":{_text(self.session)}}}'
        )
        return sha256_text(text)

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


def unreadable(event: Event) -> str:
    """Why an event cannot be used (undecodable payload, unknown kind, invalid fields), or ""."""
    if event.damage:
        return event.damage
    try:
        kind = EventKind(event.kind)
    except ValueError:
        return f"its kind {event.kind!r} is not one Brightline records"
    try:
        PAYLOADS[kind].model_validate(event.payload)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        return f"its {kind.value} payload is not valid ({where}: {first['msg']})"
    return ""


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
    header: Mapping[str, str] | None = None,
) -> ChainReport:
    """Check a session's events in stored order and name the first broken one.

    Args:
        session: The session id every event must carry.
        events: The events in the order the store returns them (by ``seq``).
        head: The last event's hash as the session row records it, when available; it catches
            deletion of the newest events, which no later event would reveal.
        count: The number of events the session row records, when available.
        snapshot_sha256: The SHA-256 of the stored case text, checked against the start event.
        header: The session row's ``case_id``, ``case_title``, ``case_file``, ``created_by`` and
            ``created_at``, checked against the (hashed) start event, so editing them is caught.
    """
    prev = GENESIS
    for position, event in enumerate(events, start=1):
        where = f"event {position}"
        problem = unreadable(event)
        if problem:
            return _broken(events, position, f"{where} unreadable: {problem}")
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
            changed = _header_changes(event, header) if header is not None else ""
            if changed:
                return _broken(
                    events, 1, f"the session row's {changed} no longer matches its start event"
                )
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


def _header_changes(start: Event, header: Mapping[str, str]) -> str:
    """The session-row columns that differ from what the start event recorded."""
    recorded = {
        "case_id": start.payload.get("case_id"),
        "case_file": start.payload.get("case_file"),
        "created_by": start.author,
        "created_at": start.at,
    }
    if "case_title" in start.payload:  # sessions started before the title was hashed lack it
        recorded["case_title"] = start.payload["case_title"]
    changed = [name for name, value in recorded.items() if header.get(name) != value]
    return ", ".join(name.replace("_", " ") for name in changed)


def _broken(events: Sequence[Event], seq: int, problem: str) -> ChainReport:
    return ChainReport(False, len(events), seq, problem)
