"""The debrief of one session, computed from its case snapshot and trail (no store, no I/O).

The article ends a negotiation with a review: did we exhaust the integrative options first, which
rule did we protect, was the constraint as narrow as it could be, did the safeguards prevent drift,
and could the deal itself have been better for both sides. Each answer here is computed from the
case snapshot and the trail (never asked of the user), so the debrief proves what it says; the
user's own view (how the outcome, their conduct, the process and the relationship feel) is the one
part they give, recorded in the trail as a ``debrief`` event.

The agreed outcome of a session is the latest complete offer on the table (made or received)
before the last ``accept`` or ``narrow_deal`` decision; a later decision to pause or walk means no
deal stands. Its improvement is computed exactly from the compliant frontier
(:mod:`brightline.engine.improvement`). :mod:`brightline.services.review` holds the use cases
that read a store and call this.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.case.model import Case, OptionValue, Safeguard, Standard
    from brightline.case.terms import IntegrativeOption
    from brightline.case.validate import LoadedCase
    from brightline.engine.improvement import PostSettlement
    from brightline.engine.proportionality import StandardPrice
    from brightline.engine.space import OutcomeSpace
    from brightline.engine.sweep import Sweep
    from brightline.session.analytics import ConcessionAnalysis, SessionState
    from brightline.session.events import ChainReport, Event
    from brightline.session.store import SessionInfo


class Outcome(StrEnum):
    """How a session ended, from its last decision."""

    DEAL = "deal"
    NARROW_DEAL = "narrow-deal"
    PAUSE = "pause"
    WALK_AWAY = "walk-away"
    OPEN = "open"

    @property
    def agreed(self) -> bool:
        """Whether terms were signed (a deal, narrow or not)."""
        return self in (Outcome.DEAL, Outcome.NARROW_DEAL)


_OUTCOMES = {
    "accept": Outcome.DEAL,
    "narrow_deal": Outcome.NARROW_DEAL,
    "pause": Outcome.PAUSE,
    "walk": Outcome.WALK_AWAY,
}

DRIFT_SIGNALS = ("term_creep", "bypass_attempt", "one_sided_constraint")
"""Signals that say a signed standard is eroding: what safeguards exist to stop."""

HARD_SIGNALS = ("costly_signal", "threat")
"""Signals of ours that take a hard stance (a visible sacrifice, or a threat)."""


@dataclass(frozen=True, slots=True)
class Settlement:
    """The agreed deal, where it came from, and how it compares with the compliant frontier.

    Attributes:
        offer_seq: Seq of the offer whose terms were agreed.
        decision_seq: Seq of the decision that settled on it.
        outcome: The agreed terms (issue id -> option).
        broken: Ids of the standards the agreed terms break (an approved exception).
        post: Improvements on it and the value it left on the table (None when the case is too
            large for the frontier).
        improvement_outcomes: The terms of each improvement, in the order of ``post``.
        concessions_after: Concessions recorded after the agreed offer (their effect is not in
            its terms, so the numbers below ignore them).
        space_note: Why ``post`` is missing, when it is.
    """

    offer_seq: int
    decision_seq: int
    outcome: dict[str, OptionValue]
    broken: tuple[str, ...]
    post: PostSettlement | None
    improvement_outcomes: tuple[dict[str, OptionValue], ...]
    concessions_after: int
    space_note: str = ""


@dataclass(frozen=True, slots=True)
class Integrative:
    """Question 1: were the integrative options exhausted before a hard stance?

    Attributes:
        options: The case's integrative options (each with its status and reason).
        first_hard_stance: ``(seq, what)`` of our first hard move in the trail: a costly signal
            or threat by us, or a decision to pause or walk; None when there was none.
        first_compliant_offer: Seq of our first complete offer that broke no standard.
        compliant_deal_existed: Whether the case's compliant frontier reaches both reservation
            values (a compliant deal both could accept); None when the case lacks either value.
    """

    options: tuple[IntegrativeOption, ...]
    first_hard_stance: tuple[int, str] | None
    first_compliant_offer: int | None
    compliant_deal_existed: bool | None

    @property
    def stance_before_sweep(self) -> bool:
        """A hard stance came before any compliant offer of ours was on the table."""
        if self.first_hard_stance is None:
            return False
        return (
            self.first_compliant_offer is None
            or self.first_hard_stance[0] < self.first_compliant_offer
        )


@dataclass(frozen=True, slots=True)
class StandardReview:
    """Questions 2 and 3 for one standard: was it held, and was it as narrow as it could be?

    Attributes:
        standard: The standard as the case states it.
        held: True when the agreed terms meet it; False when they break it; None without a
            deal (nothing was signed that could break it).
        measure: Its price, risk avoided and over-breadth (None when its rule did not parse).
        concessions: Seqs of concessions on it (the item names the standard or an issue its
            rule reads).
        conceded: Value to us given in those concessions (positive number, case currency).
    """

    standard: Standard
    held: bool | None
    measure: StandardPrice | None
    concessions: tuple[int, ...]
    conceded: float


@dataclass(frozen=True, slots=True)
class SafeguardReview:
    """Question 4 for one safeguard: what happened to it after the close.

    Attributes:
        safeguard: The safeguard as the case states it.
        due: Its date (when it takes effect or is next checked), if any.
        mentions: ``(seq, kind)`` of events after the close that name it.
        overdue: Its date has passed (as of the debrief's day).
    """

    safeguard: Safeguard
    due: datetime.date | None
    mentions: tuple[tuple[int, str], ...]
    overdue: bool


@dataclass(frozen=True, slots=True)
class Answers:
    """The subjective-value answers recorded in the trail (the latest debrief event)."""

    seq: int
    outcome: int | None
    self_image: int | None
    process: int | None
    relationship: int | None
    note: str


@dataclass(frozen=True, slots=True)
class Debrief:
    """Plan against what happened, for one session.

    Attributes:
        info: The session's row.
        loaded: Its case snapshot.
        trail: The chain's verification.
        outcome: How it ended.
        decision_seq: Seq of the last decision (None while open).
        review_date: The last decision's review date, if any.
        settlement: The agreed deal and its improvements (None without a deal).
        space: The compiled space (for wording outcomes), None when too large.
        integrative: Question 1.
        standards: Questions 2 and 3, per standard in case order.
        close_seq: Seq of the event that closed the talks (None while open).
        drift: ``(seq, signal type)`` of drift signals after the close.
        safeguards: Question 4, per safeguard in case order.
        analysis: The concession analysis.
        positions: ``(seq, position after)`` of each concession whose position is known.
        answers: The latest subjective-value answers, if any were recorded.
        today: The day the debrief was computed for (dates are judged against it).
    """

    info: SessionInfo
    loaded: LoadedCase
    trail: ChainReport
    outcome: Outcome
    decision_seq: int | None
    review_date: datetime.date | None
    settlement: Settlement | None
    space: OutcomeSpace | None
    integrative: Integrative
    standards: tuple[StandardReview, ...]
    close_seq: int | None
    drift: tuple[tuple[int, str], ...]
    safeguards: tuple[SafeguardReview, ...]
    analysis: ConcessionAnalysis
    positions: tuple[tuple[int, float], ...]
    answers: Answers | None
    today: datetime.date


RATINGS = ("outcome", "self_image", "process", "relationship")
"""The subjective-value questions, in the order they are asked."""


def safeguard_date(safeguard: object) -> datetime.date | None:
    """A safeguard's date, whichever field the case model gives it (``due`` or ``date``)."""
    for name in ("due", "date"):
        value = getattr(safeguard, name, None)
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                continue
    return None


def outcome_of(state: SessionState) -> tuple[Outcome, int | None, datetime.date | None]:
    """How a replayed session ended: its last decision, that decision's seq and review date."""
    if not state.decisions:
        return Outcome.OPEN, None, None
    seq, decision = state.decisions[-1]
    return _OUTCOMES[decision.decision.value], seq, decision.review_date


def build_debrief(
    info: SessionInfo,
    loaded: LoadedCase,
    events: Sequence[Event],
    trail: ChainReport,
    today: datetime.date,
) -> Debrief:
    """The debrief of a session from its snapshot and events (no store: tests call it too)."""
    from brightline.errors import BrightlineError
    from brightline.session.analytics import analyse_concessions, replay

    state = replay(loaded.case, events)
    outcome, decision_seq, review_date = outcome_of(state)
    space: OutcomeSpace | None = None
    found: Sweep | None = None
    note = ""
    try:
        from brightline.engine.space import compile_space
        from brightline.engine.sweep import sweep

        space = compile_space(loaded)
        found = sweep(loaded, space)
    except BrightlineError as error:
        note = str(error)
    settlement = None
    if outcome.agreed and decision_seq is not None:
        settlement = _settlement(loaded, state, space, found, decision_seq, note)
    close_seq = _close_seq(events, state)
    return Debrief(
        info=info,
        loaded=loaded,
        trail=trail,
        outcome=outcome,
        decision_seq=decision_seq,
        review_date=review_date,
        settlement=settlement,
        space=space,
        integrative=_integrative(loaded, state, found),
        standards=_standards(loaded, state, space, settlement),
        close_seq=close_seq,
        drift=tuple(
            (seq, signal.type.value)
            for seq, signal in state.signals
            if close_seq is not None and seq > close_seq and signal.type.value in DRIFT_SIGNALS
        ),
        safeguards=_safeguards(loaded, events, close_seq, today),
        analysis=analyse_concessions(loaded.case, state),
        positions=tuple(
            (concession.seq, concession.position_after)
            for concession in state.concessions
            if concession.position_after is not None
        ),
        answers=_answers(events),
        today=today,
    )


def agreed_terms(
    case: Case, state: SessionState, decision_seq: int
) -> tuple[int, dict[str, OptionValue], tuple[float, float]] | None:
    """The terms a decision settled on: the latest complete offer on the table before it.

    Returns its seq, its terms and their value to us and to them; None when no complete offer
    (made or received) came before the decision.
    """
    from brightline.case.model import offer_value

    for seq, offer in reversed(state.offers):
        value = offer_value(case, offer.outcome)
        if seq < decision_seq and value is not None:
            return seq, dict(offer.outcome), value
    return None


def _settlement(
    loaded: LoadedCase,
    state: SessionState,
    space: OutcomeSpace | None,
    found_sweep: Sweep | None,
    decision_seq: int,
    note: str,
) -> Settlement | None:
    from brightline.engine.improvement import GainBasis, post_settlement
    from brightline.offers.evaluate import violations_of

    case = loaded.case
    found = agreed_terms(case, state, decision_seq)
    if found is None:
        return None
    seq, outcome, (ours, theirs) = found
    broken_ids = {violation.standard for violation in violations_of(loaded, outcome)}
    broken = tuple(s.id for s in case.standards if s.id in broken_ids)
    after = sum(1 for concession in state.concessions if concession.seq > seq)
    if space is None or found_sweep is None:
        return Settlement(seq, decision_seq, outcome, broken, None, (), after, note)
    basis = GainBasis.of(case.case.currency, case.case.their_unit)
    post = post_settlement(found_sweep.frontier, ours, theirs, basis)
    terms = tuple(dict(space.outcome(item.choices)) for item in post.improvements)
    return Settlement(seq, decision_seq, outcome, broken, post, terms, after)


def _integrative(loaded: LoadedCase, state: SessionState, found: Sweep | None) -> Integrative:
    from brightline.playbook.record import OfferDirection

    hard: list[tuple[int, str]] = [
        (seq, f"{signal.type.value} by us")
        for seq, signal in state.signals
        if signal.by.value == "us" and signal.type.value in HARD_SIGNALS
    ]
    hard += [
        (seq, f"decision {decision.decision.value}")
        for seq, decision in state.decisions
        if decision.decision.value in ("pause", "walk")
    ]
    compliant = [
        seq
        for seq, offer in state.offers
        if offer.direction is OfferDirection.MADE
        and offer.evaluation is not None
        and not offer.evaluation.get("violations")
    ]
    return Integrative(
        tuple(loaded.case.integrative_options),
        min(hard) if hard else None,
        min(compliant) if compliant else None,
        _compliant_deal_existed(loaded, found),
    )


def _compliant_deal_existed(loaded: LoadedCase, found: Sweep | None) -> bool | None:
    """Whether the compliant frontier reaches both reservation values (None: a value missing)."""
    case = loaded.case
    if found is None or case.reservation is None or case.their_batna is None:
        return None
    return found.zopa.exists


def standard_issues(loaded: LoadedCase, standard_id: str) -> frozenset[str]:
    """The issues a standard's rule reads (empty when it did not parse)."""
    from brightline.rules import issues_of

    rule = loaded.standard_rules.get(standard_id)
    return frozenset(issues_of(rule)) if rule is not None else frozenset()


def _standards(
    loaded: LoadedCase,
    state: SessionState,
    space: OutcomeSpace | None,
    settlement: Settlement | None,
) -> tuple[StandardReview, ...]:
    from brightline.engine.proportionality import measure_standards
    from brightline.errors import BrightlineError
    from brightline.session.analytics import gross

    try:
        measures = {m.id: m for m in measure_standards(loaded, space)}
    except BrightlineError:
        measures = {}
    found: list[StandardReview] = []
    for standard in loaded.case.standards:
        names = {standard.id} | standard_issues(loaded, standard.id)
        lines = [
            c for c in state.concessions if c.payload.item in names and c.payload.by.value == "us"
        ]
        held = None if settlement is None else standard.id not in settlement.broken
        found.append(
            StandardReview(
                standard,
                held,
                measures.get(standard.id),
                tuple(c.seq for c in lines),
                sum(gross(c.payload)[0] for c in lines),
            )
        )
    return tuple(found)


def _close_seq(events: Sequence[Event], state: SessionState) -> int | None:
    """The event that closed the talks: the last move to the closed stage, else the last decision."""
    closing = [
        event.seq
        for event in events
        if event.kind == "stage" and event.payload.get("to") == "closed"
    ]
    if closing:
        return closing[-1]
    return state.decisions[-1][0] if state.decisions else None


def _mentions(event: Event, safeguard_id: str) -> bool:
    """Whether an event's words name the safeguard (its id as a whole word)."""
    import re

    pattern = re.compile(rf"(?<![\w-]){re.escape(safeguard_id)}(?![\w-])")
    texts = (event.payload.get(key) for key in ("text", "note", "rationale", "trigger", "item"))
    return any(isinstance(text, str) and pattern.search(text) is not None for text in texts)


def _safeguards(
    loaded: LoadedCase, events: Sequence[Event], close_seq: int | None, today: datetime.date
) -> tuple[SafeguardReview, ...]:
    found: list[SafeguardReview] = []
    for safeguard in loaded.case.safeguards:
        due = safeguard_date(safeguard)
        mentions = tuple(
            (event.seq, event.kind)
            for event in events
            if close_seq is not None and event.seq > close_seq and _mentions(event, safeguard.id)
        )
        found.append(SafeguardReview(safeguard, due, mentions, due is not None and due < today))
    return tuple(found)


def _answers(events: Sequence[Event]) -> Answers | None:
    for event in reversed(events):
        if event.kind == "debrief":
            data = event.payload

            def rating(name: str, data: dict[str, object] = data) -> int | None:
                value = data.get(name)
                return value if isinstance(value, int) else None

            return Answers(
                event.seq,
                rating("outcome"),
                rating("self_image"),
                rating("process"),
                rating("relationship"),
                str(data.get("note", "")),
            )
    return None
