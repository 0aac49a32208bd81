"""What to do about the offer on the table, from the one stance × situation table (pure).

``brightline next`` and ``brightline evaluate`` must never disagree: both answer through
:data:`brightline.offers.recommendation.RECOMMENDATIONS`. Here the session's latest complete
received offer (from the trail, else from the case file) is evaluated with
:func:`brightline.offers.evaluate.evaluate_offer`, which looks the recommendation up in that table
with the warrant gate's stance. With no offer on the table only the gate's stance is known; the
situation is then "no deal found yet" (:attr:`Situation.NO_ZONE`), the honest reading of a
session that has not seen a workable offer.

What is on the table is what the trail says is still open. An offer answered by a later
decision is not to be countered: after a pause it is on hold until the revisit, after accept,
narrow-deal or walk it is answered, and once the session is closed nothing is open at all
(:class:`Standing`). The offer is still evaluated then, because the gate's answer for it picks the
closed stage's move.

The playbook uses the answer for one thing above all: it never shows "pause" where the gate
rules out a lose-lose stance (a legal duty or open options: keep seeking; a fragile relationship
with no deterrent gain: decline; a disproportionate standard: reconsider it; nothing compliant
reaches our floor: walk). A recorded pause decision is then answered with the table's move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from brightline.case.model import Stage
from brightline.case.terms import Direction
from brightline.case.validate import LoadedCase
from brightline.errors import BrightlineError
from brightline.offers.recommendation import (
    RECOMMENDATIONS,
    Recommendation,
    Situation,
    Stance,
)
from brightline.playbook.record import (
    DecisionKind,
    OfferDirection,
    RecordedDecision,
    RecordedOffer,
)


class Standing(Enum):
    """Whether the offer the table answers is still open, per the trail."""

    OPEN = "open"
    """Nobody answered it yet: counter, accept or decline it now."""
    ON_HOLD = "on-hold"
    """A pause was recorded after it: it waits for the revisit and is not to be countered."""
    ANSWERED = "answered"
    """An accept, narrow-deal or walk decision was recorded after it."""
    CLOSED = "closed"
    """The session is closed: nothing is open on the table."""


@dataclass(frozen=True, slots=True)
class TableAdvice:
    """The table's answer for the session now.

    Attributes:
        offer: Which offer was evaluated (``#seq`` in the trail, or the case's offer id); empty
            when none is on the table.
        stance: The warrant gate's stance.
        situation: What evaluating the offer found (``no-zone`` with no offer).
        recommendation: ``RECOMMENDATIONS[stance, situation]`` (narrowed to a narrow deal by
            evaluate when the first counter narrows the scope).
        standing: Whether the offer is still open (a recommendation to counter is only advice
            while it is).
        since: The seq of the event that answered it (the decision, or the move to closed; 0
            when the case file itself says the stage is closed).
        decision: The decision that answered it, if one did.
    """

    offer: str
    stance: Stance
    situation: Situation
    recommendation: Recommendation
    standing: Standing = Standing.OPEN
    since: int = 0
    decision: DecisionKind | None = None

    @property
    def rules_out_pause(self) -> bool:
        """Whether a pause would be a lose-lose stance the gate rules out here."""
        return self.stance.rules_out_holding_out and self.recommendation is not Recommendation.PAUSE

    def to_json(self) -> dict[str, str | int | None]:
        """As JSON data, for ``next --format json``."""
        return {
            "offer": self.offer or None,
            "stance": self.stance.value,
            "situation": self.situation.value,
            "recommendation": self.recommendation.value,
            "meaning": self.recommendation.meaning,
            "standing": self.standing.value,
            "since": self.since or None,
            "decision": None if self.decision is None else self.decision.value,
        }


@dataclass(frozen=True, slots=True)
class TrailSoFar:
    """What the trail says about the talks beside the offers: the stage and the decisions.

    Attributes:
        stage: The current stage.
        stage_since: The seq of the event that entered it (0: the case file's stage).
        decisions: ``(seq, decision)`` pairs, oldest first.
    """

    stage: Stage
    stage_since: int = 0
    decisions: Sequence[tuple[int, RecordedDecision]] = ()


def standing_of(
    offer_seq: int, trail: TrailSoFar | None
) -> tuple[Standing, int, DecisionKind | None]:
    """Whether the offer received at ``offer_seq`` (0: the case file's) is still open.

    A closed session has nothing open. Otherwise the last decision answers the offer when it was
    recorded after it and after the last change of stage (moving on to another stage after a
    pause resumes the talks from the offer).
    """
    if trail is None:
        return Standing.OPEN, 0, None
    if trail.stage is Stage.CLOSED:
        return Standing.CLOSED, trail.stage_since, None
    if trail.decisions:
        seq, decision = trail.decisions[-1]
        if seq > offer_seq and seq > trail.stage_since:
            standing = (
                Standing.ON_HOLD if decision.decision is DecisionKind.PAUSE else Standing.ANSWERED
            )
            return standing, seq, decision.decision
    return Standing.OPEN, 0, None


def latest_received(
    loaded: LoadedCase, session_offers: Sequence[tuple[int, RecordedOffer]] = ()
) -> tuple[str, dict[str, object], int] | None:
    """The latest complete received offer (label, outcome, seq): the trail's, else the case's.

    The case file's offers came before any event, so their seq is 0.
    """
    issues = {issue.id for issue in loaded.case.issues}
    for seq, offer in reversed(session_offers):
        if offer.direction is OfferDirection.RECEIVED and issues <= set(offer.outcome):
            return f"#{seq}", dict(offer.outcome), seq
    for case_offer in reversed(loaded.case.offers):
        if case_offer.direction is Direction.RECEIVED and issues <= set(case_offer.outcome):
            return case_offer.id, dict(case_offer.outcome), 0
    return None


def session_advice(
    loaded: LoadedCase,
    session_offers: Sequence[tuple[int, RecordedOffer]] = (),
    trail: TrailSoFar | None = None,
) -> TableAdvice | None:
    """Evaluate the offer on the table through the table; None when the case cannot be evaluated.

    A case the engine cannot evaluate (a space too large, a value it refuses) gives no advice
    rather than a guess. ``trail`` (the stage and decisions) says whether the offer is still
    open; without it the offer is taken as open, as ``evaluate`` takes the offer it is given.
    """
    from brightline.engine.gate import warrant_gate
    from brightline.offers.evaluate import evaluate_offer
    from brightline.offers.recommendation import stance_of

    on_table = latest_received(loaded, session_offers)
    try:
        if on_table is not None:
            label, outcome, seq = on_table
            evaluation = evaluate_offer(loaded, outcome)  # type: ignore[arg-type]
            standing, since, decision = standing_of(seq, trail)
            return TableAdvice(
                label,
                evaluation.stance,
                evaluation.situation,
                evaluation.recommendation,
                standing,
                since,
                decision,
            )
        stance = stance_of(warrant_gate(loaded))
    except BrightlineError:
        return None
    situation = Situation.NO_ZONE
    return TableAdvice("", stance, situation, RECOMMENDATIONS[stance, situation])


ADVISED_MOVES: dict[Recommendation, str] = {
    Recommendation.ACCEPT: "implement_deal",
    Recommendation.NARROW_DEAL: "narrow_deal_follow_up",
    Recommendation.PAUSE: "pause_and_revisit",
    Recommendation.DECLINE: "respectful_walk_away",
    Recommendation.WALK: "respectful_walk_away",
    Recommendation.KEEP_SEEKING: "keep_seeking",
    Recommendation.RECONSIDER_STANDARD: "keep_seeking",
    Recommendation.COUNTER: "keep_seeking",
    Recommendation.BEST_AND_FINAL: "keep_seeking",
    Recommendation.KNOCK_OUT: "keep_seeking",
}
"""The closed-stage move that carries out a recommendation, when a recorded pause cannot."""
