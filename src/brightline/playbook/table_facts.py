"""What the closing words may state, computed from the offers on the table (pure).

A pause or a walk-away tells the other side *why*. That sentence is only true when it comes from
a computation: which standards the offer on the table actually breaks, whether compliant terms
that work for us would still fall short of their estimated alternative, whether every compliant
offer is worth less to us than our reservation point, and, in a tender, what the bids received
did. :func:`table_facts` computes those facts once; the phrase library turns each into one
sentence (:mod:`brightline.playbook.phrases`) and never states a reason that was not computed.

Offers come from the case file (``offers`` with ``direction: received``) and from the session's
trail, in that order, so the latest received offer is the one on the table. Only complete offers
count: a partial offer breaks or keeps no standard as a whole.

The reason for a stalled deal is decided in this order, each step a fact of the case:

1. no compliant outcome reaches our reservation point: a *value gap* (the standards leave too
   little for us);
2. compliant outcomes reach our reservation point but give them less than their estimated
   alternative: *their alternative* (even when their latest offer breaks a standard, the
   compliant terms we could offer are what they would refuse);
3. their latest offer breaks standards while compliant terms both could accept exist: the
   *standards* their offer breaks;
4. their latest offer is compliant but worth less to us than our reservation point: a value gap;
5. otherwise nothing was computed, and the words say no reason.

None of the numbers behind these facts reaches the words: only which standard, and which kind of
reason (``tests/playbook/test_playbook.py`` checks the say lines for private numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from brightline.case.model import Case, Dimension, OptionValue, offer_value
from brightline.case.terms import Direction
from brightline.case.validate import LoadedCase
from brightline.errors import BrightlineError
from brightline.playbook.record import OfferDirection, RecordedOffer


class Reason(StrEnum):
    """Why a deal stalls, as computed (see the module docstring for the order)."""

    STANDARDS = "standards"
    THEIR_ALTERNATIVE = "their-alternative"
    VALUE_GAP = "value-gap"
    NOT_COMPUTED = "not-computed"


@dataclass(frozen=True, slots=True)
class ReceivedOffer:
    """One complete offer received, with what it breaks and what it is worth to us.

    Attributes:
        label: Where it came from: the case's offer id, or ``#seq`` in the session's trail.
        broken: Ids of the standards it breaks, in case order.
        ours: Its value to us.
    """

    label: str
    broken: tuple[str, ...]
    ours: float


@dataclass(frozen=True, slots=True)
class TableFacts:
    """The computed facts the closing words may state.

    Attributes:
        received: Complete offers received, oldest first (case file, then trail).
        blocking: Ids of the standards that blocked, in case order: those the latest received
            offer breaks; with no offer received, those the best outcome both sides would accept
            breaks (when the standards are what stands between the sides); else none.
        reason: Why the deal stalls (see :class:`Reason`).
        reservation: Our reservation point, when the case has one (never put into words).
    """

    received: tuple[ReceivedOffer, ...] = ()
    blocking: tuple[str, ...] = ()
    reason: Reason = Reason.NOT_COMPUTED
    reservation: float | None = None

    @property
    def latest(self) -> ReceivedOffer | None:
        """The offer on the table: the last one received."""
        return self.received[-1] if self.received else None

    @property
    def compliant(self) -> tuple[ReceivedOffer, ...]:
        """The received offers (bids, in a tender) that break no standard."""
        return tuple(offer for offer in self.received if not offer.broken)

    def broken_by_all(self, order: Sequence[str]) -> tuple[str, ...]:
        """Standards every received offer breaks, in ``order`` (empty with no offer)."""
        if not self.received:
            return ()
        common = set(self.received[0].broken)
        for offer in self.received[1:]:
            common &= set(offer.broken)
        return tuple(standard for standard in order if standard in common)

    @property
    def compliant_below_reservation(self) -> bool:
        """Some offer was compliant and every compliant one is worth less to us than our floor."""
        compliant = self.compliant
        return (
            bool(compliant)
            and self.reservation is not None
            and all(offer.ours < self.reservation for offer in compliant)
        )


def _broken(loaded: LoadedCase, outcome: dict[str, OptionValue]) -> tuple[str, ...]:
    from brightline.offers.evaluate import violations_of

    broken = {violation.standard for violation in violations_of(loaded, outcome)}
    return tuple(standard.id for standard in loaded.case.standards if standard.id in broken)


def received_offers(
    loaded: LoadedCase, session_offers: Sequence[tuple[int, RecordedOffer]] = ()
) -> tuple[ReceivedOffer, ...]:
    """Complete received offers of the case file, then of the trail, each checked and valued."""
    case = loaded.case
    found: list[ReceivedOffer] = []
    pairs: list[tuple[str, dict[str, OptionValue]]] = [
        (offer.id, dict(offer.outcome))
        for offer in case.offers
        if offer.direction is Direction.RECEIVED
    ]
    pairs += [
        (f"#{seq}", dict(offer.outcome))
        for seq, offer in session_offers
        if offer.direction is OfferDirection.RECEIVED
    ]
    for label, outcome in pairs:
        value = offer_value(case, outcome)
        if value is None:
            continue
        found.append(ReceivedOffer(label, _broken(loaded, outcome), value[0]))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Frontier:
    """What the compliant frontier says about the two reservation points."""

    compliant_reaches_ours: bool
    compliant_beats_theirs: bool
    mutual_blocked_by: tuple[str, ...]


def _frontier_facts(loaded: LoadedCase) -> _Frontier | None:
    """Read the integrative sweep; None when the case lacks a reservation point or their estimate."""
    case = loaded.case
    if case.reservation is None or case.their_batna is None or not loaded.standard_rules:
        return None
    from brightline.engine.sweep import sweep

    try:
        found = sweep(loaded)
    except BrightlineError:  # a space too large to sweep: no fact, so no claim
        return None
    limits = found.reservations
    frontier = found.frontier
    reaches = frontier.ours >= limits.ours
    reaches_ours = bool(reaches.any())
    beats_theirs = reaches_ours and float(frontier.theirs[reaches].max()) >= limits.theirs
    blocked_by: tuple[str, ...] = ()
    free = found.unconstrained
    inside = (free.ours >= limits.ours) & (free.theirs >= limits.theirs)
    if not beats_theirs and bool(inside.any()):
        joint = free.ours + free.theirs
        best = max(inside.nonzero()[0], key=lambda index: float(joint[index]))
        outcome = found.space.outcome(free.choices[int(best)])
        blocked_by = _broken(loaded, dict(outcome))
    return _Frontier(reaches_ours, beats_theirs, blocked_by)


def table_facts(
    loaded: LoadedCase, session_offers: Sequence[tuple[int, RecordedOffer]] = ()
) -> TableFacts:
    """The facts the closing words may state, for the case and the offers recorded so far."""
    received = received_offers(loaded, session_offers)
    latest = received[-1] if received else None
    reservation = loaded.case.reservation.value if loaded.case.reservation is not None else None
    frontier = _frontier_facts(loaded)
    if latest is not None:
        blocking = latest.broken
    elif frontier is not None:
        blocking = frontier.mutual_blocked_by
    else:
        blocking = ()
    if frontier is not None and not frontier.compliant_reaches_ours:
        reason = Reason.VALUE_GAP
    elif frontier is not None and not frontier.compliant_beats_theirs:
        reason = Reason.THEIR_ALTERNATIVE
    elif latest is not None and latest.broken:
        reason = Reason.STANDARDS
    elif latest is not None and reservation is not None and latest.ours < reservation:
        reason = Reason.VALUE_GAP
    else:
        reason = Reason.NOT_COMPUTED
    return TableFacts(received, blocking, reason, reservation)


DIMENSION_WORDS: dict[Dimension, str] = {
    Dimension.SCOPE: "scope",
    Dimension.TIMING: "timing",
    Dimension.VERIFICATION: "checks",
    Dimension.PRICE: "price",
    Dimension.TERMS: "terms",
}
"""How a dimension is called in words for them, in the order the words list them."""


@dataclass(frozen=True, slots=True)
class GridFacts:
    """The MESO grid the opening words describe: the offers we put on the table.

    The narrow-bundles words say how many options there are and in what they differ; both are
    read from these offers, so "they differ in price and timing" is said only when some issue of
    each of those dimensions takes different values across the offers.

    Attributes:
        offers: Each offer of the grid, issue id -> option (empty: no grid exists).
    """

    offers: tuple[dict[str, OptionValue], ...] = ()

    def differing_issues(self, case: Case) -> tuple[str, ...]:
        """Ids of the issues whose value is not the same in every offer, in case order."""
        return tuple(
            issue.id
            for issue in case.issues
            if len({repr(offer.get(issue.id)) for offer in self.offers}) > 1
        )

    def differing_dimensions(self, case: Case) -> tuple[Dimension, ...]:
        """The dimensions with at least one differing issue, in :data:`DIMENSION_WORDS` order."""
        issues = set(self.differing_issues(case))
        found = {issue.dimension for issue in case.issues if issue.id in issues}
        return tuple(dimension for dimension in DIMENSION_WORDS if dimension in found)
