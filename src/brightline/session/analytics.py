"""Replay a trail into the negotiation's state, and read the concession log like a coach (pure).

Concessions should be traded, not given, and they should get smaller as a deal nears: a
concession larger than the one before it tells the other side there is more to come. This module
measures exactly those habits from the log: the give/get balance in value to us and to them, a
reciprocity ratio, concession sizes over time with growing ones flagged, concessions that cross the
reservation point (refused by the store unless a named approver signed off), term creep (scope or
obligations added without a matching get) and constraints that bind only one side.

Values: every concession line records the signed change it makes in value to us and to them, so
a concession by us is usually negative to us and positive to them. A line may also say what the
get alone is worth to us (``get_value``), for a get that is not money (a reference customer, a
case study): the line then gave ``get_value - value_to_us`` and got ``get_value``, so reciprocity
counts a non-monetary get instead of seeing only the net loss. The deal's *position* is the value
to us of the latest complete offer on the table, moved by each concession since. Our side of the
table is our own latest complete offer once we have made one (a concession of ours moves our
offer, not their ask); until then it is their latest complete offer, since conceding with only
their offer on the table means going from their terms. Before any complete offer the position is
unknown, so no reservation check is possible: such concessions are recorded (the log must keep up
with the table) but flagged as *unanchored*, loudly, until an offer or a stated position after the
concession anchors it.

Warnings belong to the event that raised them: a reciprocity below 1 is reported for the
concession after which it fell (or stayed) below 1, once, when that concession is recorded
(:attr:`ConcessionAnalysis.reciprocity_below`), not again on every later look at the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from brightline.actions import Advice, act
from brightline.amounts import amount
from brightline.case.model import Binds, Case, Stage, offer_value
from brightline.playbook.record import OfferDirection
from brightline.session.approvals import Decision, RequestStatus
from brightline.session.events import (
    Adds,
    ApprovalPayload,
    ApprovalScope,
    ConcessionPayload,
    DecisionPayload,
    Event,
    EventKind,
    OfferPayload,
    RefusalPayload,
    RequestPayload,
    Side,
    SignalPayload,
    StagePayload,
)


@dataclass(frozen=True, slots=True)
class Concession:
    """One concession line, with where it left the deal."""

    seq: int
    payload: ConcessionPayload
    position_before: float | None
    position_after: float | None


@dataclass(frozen=True, slots=True)
class SessionState:
    """What the trail says now: stage, what is on the table, the log, signals and decisions.

    ``stage_since`` is the seq of the event that entered the current stage (0: the case's stage).
    ``made_offer`` says whether we have made a complete offer yet (it decides which side of the
    table the position follows), kept apart from ``offers`` so a state without its history (the
    store's head state, see ``head_state.py``) still folds new events correctly. ``requests``
    holds each request for approval by its seq, with its decision (kept at the head too: the
    recording checks read it).
    """

    stage: Stage
    stage_since: int
    position: float | None
    concessions: tuple[Concession, ...]
    approvals: dict[int, ApprovalPayload]
    signals: tuple[tuple[int, SignalPayload], ...]
    decisions: tuple[tuple[int, DecisionPayload], ...]
    offers: tuple[tuple[int, OfferPayload], ...]
    made_offer: bool = False
    requests: dict[int, RequestStatus] = field(default_factory=dict)


def replay(case: Case, events: Sequence[Event], start: SessionState | None = None) -> SessionState:
    """Fold the events, in order, into the session's state.

    ``start`` is the state before the first of ``events`` (default: the case's own stage and
    nothing recorded), so a store that knows the state at its head folds in only the new events.
    """
    stage = case.case.stage if start is None else start.stage
    stage_since = 0 if start is None else start.stage_since
    position: float | None = None if start is None else start.position
    made_any = start is not None and start.made_offer
    concessions: list[Concession] = [] if start is None else list(start.concessions)
    approvals: dict[int, ApprovalPayload] = {} if start is None else dict(start.approvals)
    signals: list[tuple[int, SignalPayload]] = [] if start is None else list(start.signals)
    decisions: list[tuple[int, DecisionPayload]] = [] if start is None else list(start.decisions)
    offers: list[tuple[int, OfferPayload]] = [] if start is None else list(start.offers)
    requests: dict[int, RequestStatus] = {} if start is None else dict(start.requests)
    for event in events:
        kind = EventKind(event.kind)
        if kind is EventKind.STAGE:
            stage = StagePayload.model_validate(event.payload).to
            stage_since = event.seq
        elif kind is EventKind.OFFER:
            offer = OfferPayload.model_validate(event.payload)
            offers.append((event.seq, offer))
            value = offer_value(case, offer.outcome)
            if value is not None and (offer.direction is OfferDirection.MADE or not made_any):
                position = value[0]
                made_any = made_any or offer.direction is OfferDirection.MADE
        elif kind is EventKind.CONCESSION:
            line = ConcessionPayload.model_validate(event.payload)
            after = next_position(position, line)
            concessions.append(Concession(event.seq, line, position, after))
            position = after
        elif kind is EventKind.APPROVAL:
            approval = ApprovalPayload.model_validate(event.payload)
            approvals[event.seq] = approval
            _decide(requests, approval.request, Decision.APPROVED, event)
        elif kind is EventKind.REQUEST:
            request = RequestPayload.model_validate(event.payload)
            requests[event.seq] = RequestStatus(event.author, request.subject.value, request.digest)
        elif kind is EventKind.REFUSAL:
            refusal = RefusalPayload.model_validate(event.payload)
            _decide(requests, refusal.request, Decision.REFUSED, event)
        elif kind is EventKind.SIGNAL:
            signals.append((event.seq, SignalPayload.model_validate(event.payload)))
        elif kind is EventKind.DECISION:
            decisions.append((event.seq, DecisionPayload.model_validate(event.payload)))
    return SessionState(
        stage,
        stage_since,
        position,
        tuple(concessions),
        approvals,
        tuple(signals),
        tuple(decisions),
        tuple(offers),
        made_any,
        requests,
    )


def _decide(
    requests: dict[int, RequestStatus], seq: int | None, decision: Decision, event: Event
) -> None:
    """Record the decision of request ``seq`` (the recording checks made sure it was pending)."""
    status = requests.get(seq) if seq is not None else None
    if seq is not None and status is not None and status.decision is Decision.PENDING:
        requests[seq] = replace(
            status, decision=decision, decided_by=event.author, decision_seq=event.seq
        )


def gross(line: ConcessionPayload) -> tuple[float, float]:
    """What a line gave and got, in value to us (both >= 0).

    Without ``get_value`` only the net is known: a loss is all give, a gain all get. With it,
    the get is worth ``get_value`` and the give is whatever makes the net come out right.
    """
    net = line.value_to_us
    if line.get_value is None:
        return (-net, 0.0) if net < 0 else (0.0, net)
    get = max(line.get_value, 0.0)
    give = get - net
    return (give, get) if give >= 0 else (0.0, net)


def next_position(position: float | None, line: ConcessionPayload) -> float | None:
    """Where a concession leaves the deal: its stated position, else the old one moved by it."""
    if line.position_after is not None:
        return line.position_after
    return None if position is None else position + line.value_to_us


@dataclass(frozen=True, slots=True)
class ReservationCheck:
    """Whether a concession would take the deal below the reservation point, and who allowed it."""

    crosses: bool
    position_after: float | None
    reservation: float | None
    approver: str = ""

    @property
    def refused(self) -> bool:
        """Crossing without a named approver is refused."""
        return self.crosses and not self.approver


def check_reservation(case: Case, state: SessionState, line: ConcessionPayload) -> ReservationCheck:
    """Check a concession about to be logged against the case's reservation point.

    A concession crosses when it is ours (or lowers our value) and leaves the deal below the
    reservation value. It is allowed only when it names an approval event of this session that
    covers the reservation, so an unplanned slide below the walk-away line always has a name on it.
    """
    reservation = case.reservation.value if case.reservation is not None else None
    after = next_position(state.position, line)
    lowers = line.by is Side.US or line.value_to_us < 0
    crosses = reservation is not None and after is not None and lowers and after < reservation
    approver = ""
    if crosses and line.approval is not None:
        approval = state.approvals.get(line.approval)
        if approval is not None and approval.scope is ApprovalScope.RESERVATION:
            approver = approval.approver
    return ReservationCheck(crosses, after, reservation, approver)


@dataclass(frozen=True, slots=True)
class ConcessionSize:
    """How big one of our concessions was, and whether it was bigger than our previous one."""

    seq: int
    item: str
    size: float
    growing: bool


@dataclass(frozen=True, slots=True)
class ConcessionAnalysis:
    """The concession log, measured.

    Attributes:
        given: Value to us we gave away (sum of our losses, positive number).
        received: Value to us we gained from concessions (positive number).
        balance_to_us: Net change in value to us over every line.
        balance_to_them: Net change in value to them over the lines where it is known.
        reciprocity: ``received / given``; None while we have given nothing. Below 1 means we are
            paying more than we are getting.
        unreciprocated: Seqs of our concessions with nothing asked in return.
        sizes: Our concessions in order with their sizes; ``growing`` marks a bad pattern.
        crossings: Seqs and approvers of concessions that went below the reservation point.
        term_creep: Seqs of our concessions that added scope or obligations without a get.
        one_sided: Seqs of concessions whose constraint binds only one side.
        position: Value to us of the deal as it stands, when known.
        reciprocity_below: Seqs of our concessions after which reciprocity so far was below 1:
            the events a reciprocity warning belongs to (shown once, when each is recorded).
        unanchored: Seqs of concessions lowering our value while the position was unknown, so
            the reservation point could not be checked (only when the case has one).
        unknown_to_them: Seqs of concessions whose value to them nobody gave: left out of
            ``balance_to_them`` (not counted as 0), and counted where the balance is said.
        lines: How many concession lines the log holds.
        flags: Plain-language warnings, in the order they matter; a warning that asks for a
            recording carries it as an action (advice is data: no command in the words).
    """

    given: float
    received: float
    balance_to_us: float
    balance_to_them: float
    reciprocity: float | None
    unreciprocated: tuple[int, ...]
    sizes: tuple[ConcessionSize, ...]
    crossings: tuple[tuple[int, str], ...]
    term_creep: tuple[int, ...]
    one_sided: tuple[int, ...]
    position: float | None
    reciprocity_below: tuple[int, ...] = field(default=())
    unknown_to_them: tuple[int, ...] = field(default=())
    lines: int = 0
    unanchored: tuple[int, ...] = field(default=())
    flags: tuple[Advice, ...] = field(default=())


def analyse_concessions(case: Case, state: SessionState) -> ConcessionAnalysis:
    """Measure the concession log of a replayed session."""
    lines = state.concessions
    trades = [gross(c.payload) for c in lines]
    given = sum(give for give, _ in trades)
    received = sum(get for _, get in trades)
    below: list[int] = []
    running_given = running_received = 0.0
    for concession, (give, get) in zip(lines, trades, strict=True):
        running_given += give
        running_received += get
        mine = concession.payload.by is Side.US
        if mine and running_given > 0 and running_received / running_given < 1:
            below.append(concession.seq)
    ours = [c for c in lines if c.payload.by is Side.US]
    unreciprocated = tuple(
        c.seq for c in ours if not c.payload.we_get.strip() and c.payload.get_value is None
    )
    sizes: list[ConcessionSize] = []
    for concession in ours:
        size = abs(concession.payload.value_to_us)
        growing = bool(sizes) and size > sizes[-1].size
        sizes.append(ConcessionSize(concession.seq, concession.payload.item, size, growing))
    reservation = case.reservation.value if case.reservation is not None else None
    crossings: list[tuple[int, str]] = []
    for concession in lines:
        after, before = concession.position_after, concession.position_before
        if reservation is None or after is None or after >= reservation:
            continue
        if before is not None and before < reservation and concession.payload.value_to_us >= 0:
            continue
        approval = state.approvals.get(concession.payload.approval or 0)
        crossings.append((concession.seq, approval.approver if approval else ""))
    creep = tuple(
        c.seq
        for c in ours
        if c.payload.adds is not Adds.NOTHING
        and not c.payload.we_get.strip()
        and c.payload.get_value is None
    )
    one_sided = tuple(
        c.seq for c in lines if c.payload.binds is not None and c.payload.binds is not Binds.BOTH
    )
    analysis = ConcessionAnalysis(
        given=given,
        received=received,
        balance_to_us=sum(c.payload.value_to_us for c in lines),
        balance_to_them=sum(
            c.payload.value_to_them for c in lines if c.payload.value_to_them is not None
        ),
        unknown_to_them=tuple(c.seq for c in lines if c.payload.value_to_them is None),
        lines=len(lines),
        reciprocity=received / given if given > 0 else None,
        unreciprocated=unreciprocated,
        sizes=tuple(sizes),
        crossings=tuple(crossings),
        term_creep=creep,
        one_sided=one_sided,
        position=state.position,
        reciprocity_below=tuple(below),
        unanchored=tuple(
            c.seq
            for c in lines
            if reservation is not None
            and c.position_after is None
            and (c.payload.by is Side.US or c.payload.value_to_us < 0)
        ),
    )
    return replace(analysis, flags=_flags(analysis, case.case.currency))


def _seqs(seqs: Sequence[int]) -> str:
    return ", ".join(f"#{seq}" for seq in seqs)


def _flags(analysis: ConcessionAnalysis, unit: str) -> tuple[Advice, ...]:
    flags: list[str] = []
    advice: list[Advice] = []
    position = position_flag(analysis)
    if position is not None:
        advice.append(position)
    unapproved = [seq for seq, approver in analysis.crossings if not approver]
    if unapproved:
        flags.append(f"below the reservation point without approval: {_seqs(unapproved)}")
    approved = [f"#{seq} ({approver})" for seq, approver in analysis.crossings if approver]
    if approved:
        flags.append(f"below the reservation point with approval: {', '.join(approved)}")
    reciprocity = reciprocity_flag(analysis, unit)
    if reciprocity:
        flags.append(reciprocity)
    return (*advice, *(Advice(flag) for flag in (*flags, *_pattern_flags(analysis))))


def them_balance_text(analysis: ConcessionAnalysis, unit: str) -> str:
    """The balance to them with its unit, and how many lines it leaves out as unknown."""
    from brightline.amounts import plural, signed_amount

    text = signed_amount(analysis.balance_to_them, unit)
    unknown = len(analysis.unknown_to_them)
    if not unknown:
        return text
    known = "" if unknown == analysis.lines else f"{text} "
    if not known:
        return f"unknown ({plural(unknown, 'line')} without a value to them)"
    return f"{known}({plural(unknown, 'line')} unknown to them, left out)"


def position_flag(analysis: ConcessionAnalysis) -> Advice | None:
    """The "position unknown" warning, or None: said once, for the concession that raised it."""
    if not analysis.unanchored:
        return None
    return Advice(
        f"position unknown at {_seqs(analysis.unanchored)}: no complete offer was on the "
        "table, so these concessions were not checked against the reservation point",
        # What to do is the actions below, worded by each adapter (a command, a form).
        act("log offer", session=None, direction=None, terms=None),
        (act("log concession", session=None, item=None, position_after=None),),
    )


def reciprocity_flag(analysis: ConcessionAnalysis, unit: str) -> str:
    """The reciprocity warning over the whole log, or "" while reciprocity is 1 or more."""
    if analysis.reciprocity is None or analysis.reciprocity >= 1:
        return ""
    return (
        f"reciprocity {analysis.reciprocity:.2f}: concessions cost us {amount(analysis.given, unit)} "
        f"and brought us {amount(analysis.received, unit)} (gives and gets per line); "
        "ask for "
        "something before the next move"
    )


def _pattern_flags(analysis: ConcessionAnalysis) -> list[str]:
    """Warnings about the shape of the log: growing, unreciprocated, creeping, one-sided."""
    flags: list[str] = []
    growing = [size.seq for size in analysis.sizes if size.growing]
    if growing:
        flags.append(
            f"growing concessions at {_seqs(growing)}: each should be smaller than the last"
        )
    if analysis.unreciprocated:
        flags.append(f"given without a get: {_seqs(analysis.unreciprocated)}")
    if analysis.term_creep:
        flags.append(
            f"term creep at {_seqs(analysis.term_creep)}: scope or obligations added with nothing "
            "in return; put them under change control"
        )
    if analysis.one_sided:
        flags.append(
            f"one-sided constraints at {_seqs(analysis.one_sided)}: make them mutual and auditable"
        )
    return flags
