"""One table from the warrant gate's stance and the offer's situation to what we do with an offer.

Evaluate, the plan and the session's ``next`` all answer "what now?" for an offer on the table.
They used to answer it three ways, and evaluate ignored the gate: where the gate said to decline
(a fragile relationship that holding out would break for no deterrent gain) or to keep seeking
accommodation (a legal duty, or verifiable integrative options still open), evaluate still said
"pause", which *is* a lose-lose stance. Here the answer is one lookup, ``RECOMMENDATIONS[stance,
situation]``, and every pair is tested.

The stance refines the gate's verdict with the reason the gate gave (its "do not use" conditions
and whether a compliant zone of agreement exists), because "walk away" for a fragile relationship
and "walk away" because nothing compliant reaches our reservation point are said differently:

============  ==================================================================================
stance        from the gate
============  ==================================================================================
pursue        integrative-first: compliant outcomes beat both reservation points
keep-seeking  integrative-first because a lose-lose stance is ruled out (legal duty, open options)
hold          lose-lose-warranted
reconsider    disproportionate: a standard costs more than it saves and blocks the deal
decline       walk-away because mutual loss would hurt a fragile relationship for nothing
walk          walk-away: nothing compliant reaches our floor, or nothing reaches theirs at all
undecided     insufficient-information
============  ==================================================================================

The situation is what evaluating the offer found (:class:`Situation`). The rules behind the table:
an offer that meets every standard and clears the target is accepted whatever the estimates said
(it beats them); a compliant counter they are estimated to prefer to their alternative is made
whatever the stance; only where no such counter exists does the stance decide, and then "pause"
appears only where the gate lets us hold out (``pursue``, ``hold``, ``undecided``).

A tender changes what may be done once the bids are opened: countering one bidder on price, or
repairing one bidder's non-compliant bid, treats the bidders unequally (a bid protest the buyer
would lose). A case is a tender when it is a procurement case with a ``bids:`` section (the bids
are evaluated with ``brightline bids``). There the table's answer passes through
:func:`in_tender`, by the bid's result (:class:`BidResult`): a bid that meets every must-have
and our floor is awarded as it stands (no counter: ``accept``); one that meets every must-have
but fails on price gets ``best-and-final`` (ask every compliant bidder for a best and final
offer by one closing date, the same thing ``bids`` says); one that breaks a must-have is set
aside (``knock-out``). Where the table already says to walk, decline or review a standard, that
answer stands: it is about the whole tender, not one bid.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.engine.gate import GateResult


class Recommendation(StrEnum):
    """What to do with an offer."""

    ACCEPT = "accept"
    COUNTER = "counter"
    NARROW_DEAL = "narrow-deal"
    PAUSE = "pause"
    KEEP_SEEKING = "keep-seeking"
    RECONSIDER_STANDARD = "reconsider-standard"
    DECLINE = "decline"
    WALK = "walk"
    BEST_AND_FINAL = "best-and-final"
    KNOCK_OUT = "knock-out"

    @property
    def meaning(self) -> str:
        """One line for people (us, not the counterpart)."""
        return {
            "accept": "sign the offer as it stands",
            "counter": "propose the counters: each meets every standard and our floor",
            "narrow-deal": "propose the counters; the first narrows the scope",
            "pause": "hold the standard and revisit when the facts change",
            "keep-seeking": "a lose-lose stance is ruled out: keep looking for a compliant deal",
            "reconsider-standard": "a standard costs more than it saves: review it before holding",
            "decline": "decline respectfully and take the alternative instead of holding out",
            "walk": "no compliant deal reaches our floor: take the alternative",
            "best-and-final": "ask every compliant bidder for a best and final offer by one "
            "closing date; counter no bidder alone",
            "knock-out": "set the bid aside: it breaks a must-have, and a bid is not repaired "
            "with one bidder after opening",
        }[self.value]

    @property
    def proposes(self) -> bool:
        """Whether we put counters on the table with this recommendation."""
        return self in (Recommendation.COUNTER, Recommendation.NARROW_DEAL)


class Stance(StrEnum):
    """The warrant gate's answer, with the reason it gave (see the module docstring)."""

    PURSUE = "pursue"
    KEEP_SEEKING = "keep-seeking"
    HOLD = "hold"
    RECONSIDER = "reconsider"
    DECLINE = "decline"
    WALK = "walk"
    UNDECIDED = "undecided"

    @property
    def meaning(self) -> str:
        """One line for people (us).

        It says "review", not "narrow": narrowing fits only a standard that excludes harmless
        outcomes (over-breadth above 0), and the reasons name the narrower rule where it does.
        """
        return {
            "pursue": "a compliant deal both sides prefer to their alternatives exists: pursue it",
            "keep-seeking": "a lose-lose stance is ruled out: keep seeking a compliant agreement",
            "hold": "holding the standards at a cost to both sides is justified",
            "reconsider": "a standard costs more than the risk it avoids: review it before holding",
            "decline": "holding out would hurt a fragile relationship for nothing: decline",
            "walk": "no acceptable compliant deal: take the alternative",
            "undecided": "the case lacks what the gate needs to decide",
        }[self.value]

    @property
    def rules_out_holding_out(self) -> bool:
        """Whether the gate rules out a lose-lose stance (so never "pause")."""
        return self in (Stance.KEEP_SEEKING, Stance.DECLINE, Stance.RECONSIDER, Stance.WALK)


class Situation(StrEnum):
    """What evaluating the offer found, independent of the gate.

    ``acceptable``: it meets every standard and is worth at least the target (and our floor) to us.
    ``below-target``: it meets every standard and our floor, but not the target.
    ``repairable``: a compliant counter worth at least our counter floor to us exists that they are
    estimated to prefer to their alternative (or their alternative is not estimated).
    ``thin-zone``: such counters exist only below the counter floors, between our reservation point
    and halfway to the target.
    ``value-gap``: such counters exist only within one tolerance of our floor: offering them would
    give the floor away.
    ``no-zone``: compliant outcomes reach our floor, but none is estimated to beat their
    alternative.
    ``no-compliant-deal``: no outcome that meets every standard reaches our floor.
    """

    ACCEPTABLE = "acceptable"
    BELOW_TARGET = "below-target"
    REPAIRABLE = "repairable"
    THIN_ZONE = "thin-zone"
    VALUE_GAP = "value-gap"
    NO_ZONE = "no-zone"
    NO_COMPLIANT_DEAL = "no-compliant-deal"


class BidResult(StrEnum):
    """Where one bid of a tender stands against the must-haves and our floor.

    ``awardable``: it meets every must-have and is worth at least our floor.
    ``failed-on-price``: it meets every must-have but is worth less than our floor to us.
    ``knocked-out``: it breaks a must-have.
    """

    AWARDABLE = "awardable"
    FAILED_ON_PRICE = "failed-on-price"
    KNOCKED_OUT = "knocked-out"

    @staticmethod
    def of(compliant: bool, situation: Situation) -> BidResult:
        """The bid's result from its compliance and the situation evaluating it found."""
        if not compliant:
            return BidResult.KNOCKED_OUT
        if situation in (Situation.ACCEPTABLE, Situation.BELOW_TARGET):
            return BidResult.AWARDABLE
        return BidResult.FAILED_ON_PRICE


_A, _C, _P = Recommendation.ACCEPT, Recommendation.COUNTER, Recommendation.PAUSE
_K, _R = Recommendation.KEEP_SEEKING, Recommendation.RECONSIDER_STANDARD
_D, _W = Recommendation.DECLINE, Recommendation.WALK
_COLUMNS = tuple(Situation)
_ROWS: dict[Stance, tuple[Recommendation, ...]] = {
    # acceptable, below-target, repairable, thin-zone, value-gap, no-zone, no-compliant-deal
    Stance.PURSUE: (_A, _C, _C, _C, _P, _P, _W),
    Stance.KEEP_SEEKING: (_A, _C, _C, _C, _K, _K, _K),
    Stance.HOLD: (_A, _C, _C, _C, _P, _P, _W),
    Stance.RECONSIDER: (_A, _C, _C, _C, _R, _R, _R),
    Stance.DECLINE: (_A, _C, _C, _C, _D, _D, _D),
    Stance.WALK: (_A, _C, _C, _C, _W, _W, _W),
    Stance.UNDECIDED: (_A, _C, _C, _C, _P, _P, _W),
}
RECOMMENDATIONS: dict[tuple[Stance, Situation], Recommendation] = {
    (stance, situation): row[position]
    for stance, row in _ROWS.items()
    for position, situation in enumerate(_COLUMNS)
}
"""Stance × situation → recommendation. ``counter`` becomes ``narrow-deal`` when the first
counter narrows the scope (see :func:`recommend`)."""


def recommend(stance: Stance, situation: Situation, narrows_scope: bool = False) -> Recommendation:
    """The recommendation for an offer, from the table.

    Args:
        stance: The gate's stance (:func:`stance_of`).
        situation: What evaluating the offer found.
        narrows_scope: Whether the first counter narrows the scope (an issue of dimension
            ``scope`` moves to an option worth less to them): a counter is then a narrow deal.
    """
    found = RECOMMENDATIONS[stance, situation]
    if (
        found is Recommendation.COUNTER
        and narrows_scope
        and situation is not Situation.BELOW_TARGET
    ):
        return Recommendation.NARROW_DEAL
    return found


_ONE_BIDDER = (
    Recommendation.COUNTER,
    Recommendation.NARROW_DEAL,
    Recommendation.PAUSE,
    Recommendation.KEEP_SEEKING,
)
"""Answers that deal with one bidder alone (a counter, a pause with them): not done in a tender."""

_IN_TENDER = {
    BidResult.AWARDABLE: Recommendation.ACCEPT,
    BidResult.FAILED_ON_PRICE: Recommendation.BEST_AND_FINAL,
    BidResult.KNOCKED_OUT: Recommendation.KNOCK_OUT,
}


def in_tender(found: Recommendation, result: BidResult) -> Recommendation:
    """The table's answer for a bid after the bids were opened (see the module docstring).

    Args:
        found: The table's recommendation (:func:`recommend`).
        result: Where the bid stands (:meth:`BidResult.of`).
    """
    return _IN_TENDER[result] if found in _ONE_BIDDER else found


def is_tender(case: Case) -> bool:
    """Whether the case is a tender: a procurement case whose bids ``brightline bids`` reads."""
    from brightline.case.model import Context

    return case.case.context is Context.PROCUREMENT and case.bids is not None


def stance_of(gate: GateResult) -> Stance:
    """The stance of a gate result: its verdict, refined by the reason it gave."""
    from brightline.engine.gate import Condition, Verdict

    kinds = {kind for kind, _ in gate.conditions}
    zone = gate.sweep is not None and gate.sweep.zopa.exists
    if gate.verdict is Verdict.INTEGRATIVE_FIRST:
        if zone:
            return Stance.PURSUE
        return Stance.KEEP_SEEKING
    if gate.verdict is Verdict.LOSE_LOSE_WARRANTED:
        return Stance.HOLD
    if gate.verdict is Verdict.DISPROPORTIONATE:
        return Stance.RECONSIDER
    if gate.verdict is Verdict.WALK_AWAY:
        fragile = Condition.FRAGILE_RELATIONSHIP in kinds
        sweep = gate.sweep
        blocked_by_standards = (
            sweep is not None
            and sweep.zopa_unconstrained.exists
            and not sweep.frontier.empty
            and float(sweep.frontier.ours.max()) >= sweep.reservations.ours
        )
        return Stance.DECLINE if fragile and blocked_by_standards else Stance.WALK
    return Stance.UNDECIDED
