"""What to do about the offer on the table, from the one stance × situation table (pure).

``brightline next`` and ``brightline evaluate`` must never disagree: both answer through
:data:`brightline.offers.recommendation.RECOMMENDATIONS`. Here the session's latest complete
received offer (from the trail, else from the case file) is evaluated with
:func:`brightline.offers.evaluate.evaluate_offer`, which looks the recommendation up in that table
with the warrant gate's stance. With no offer on the table only the gate's stance is known; the
situation is then "no deal found yet" (:attr:`Situation.NO_ZONE`), the honest reading of a
session that has not seen a workable offer.

The playbook uses the answer for one thing above all: it never shows "pause" where the gate
rules out a lose-lose stance (a legal duty or open options: keep seeking; a fragile relationship
with no deterrent gain: decline; a disproportionate standard: reconsider it; nothing compliant
reaches our floor: walk). A recorded pause decision is then answered with the table's move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brightline.case.terms import Direction
from brightline.case.validate import LoadedCase
from brightline.errors import BrightlineError
from brightline.offers.recommendation import (
    RECOMMENDATIONS,
    Recommendation,
    Situation,
    Stance,
)
from brightline.playbook.record import OfferDirection, RecordedOffer


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
    """

    offer: str
    stance: Stance
    situation: Situation
    recommendation: Recommendation

    @property
    def rules_out_pause(self) -> bool:
        """Whether a pause would be a lose-lose stance the gate rules out here."""
        return self.stance.rules_out_holding_out and self.recommendation is not Recommendation.PAUSE

    def to_json(self) -> dict[str, str | None]:
        """As JSON data, for ``next --format json``."""
        return {
            "offer": self.offer or None,
            "stance": self.stance.value,
            "situation": self.situation.value,
            "recommendation": self.recommendation.value,
            "meaning": self.recommendation.meaning,
        }


def latest_received(
    loaded: LoadedCase, session_offers: Sequence[tuple[int, RecordedOffer]] = ()
) -> tuple[str, dict[str, object]] | None:
    """The latest complete received offer: the trail's, else the case file's last one."""
    issues = {issue.id for issue in loaded.case.issues}
    for seq, offer in reversed(session_offers):
        if offer.direction is OfferDirection.RECEIVED and issues <= set(offer.outcome):
            return f"#{seq}", dict(offer.outcome)
    for case_offer in reversed(loaded.case.offers):
        if case_offer.direction is Direction.RECEIVED and issues <= set(case_offer.outcome):
            return case_offer.id, dict(case_offer.outcome)
    return None


def session_advice(
    loaded: LoadedCase, session_offers: Sequence[tuple[int, RecordedOffer]] = ()
) -> TableAdvice | None:
    """Evaluate the offer on the table through the table; None when the case cannot be evaluated.

    A case the engine cannot evaluate (a space too large, a value it refuses) gives no advice
    rather than a guess.
    """
    from brightline.engine.gate import warrant_gate
    from brightline.offers.evaluate import evaluate_offer
    from brightline.offers.recommendation import stance_of

    on_table = latest_received(loaded, session_offers)
    try:
        if on_table is not None:
            label, outcome = on_table
            evaluation = evaluate_offer(loaded, outcome)  # type: ignore[arg-type]
            return TableAdvice(
                label, evaluation.stance, evaluation.situation, evaluation.recommendation
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
}
"""The closed-stage move that carries out a recommendation, when a recorded pause cannot."""
