"""A tender after bid opening: no bidder is countered alone; evaluate and next say what bids says.

The city RFP is a tender (a procurement case with a ``bids:`` section). Its cheapest compliant bid
fails on price: ``bids`` asks every compliant bidder for a best and final offer, so evaluate and
next must too, instead of countering that one bidder; a bid that breaks a must-have is set aside,
and a compliant bid at our floor is awarded as it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brightline.case.model import Stage
from brightline.engine.gate import warrant_gate
from brightline.engine.space import compile_space
from brightline.offers.evaluate import evaluate_offer
from brightline.offers.recommendation import (
    RECOMMENDATIONS,
    BidResult,
    Recommendation,
    Situation,
    Stance,
    in_tender,
    is_tender,
)
from brightline.playbook.advice import TrailSoFar, session_advice
from brightline.playbook.record import OfferDirection
from brightline.services import load_case

CITY = Path(__file__).resolve().parents[2] / "examples" / "city-services-rfp.yaml"
COMPLIANT = {"safety_level": 3, "inspections": "independent_quarterly", "credit_cap_pct": 10}
BIDS: dict[BidResult, dict[str, Any]] = {
    # Ironbridge's round-1 bid: compliant, 666,667 USD below the reservation point.
    BidResult.FAILED_ON_PRICE: {**COMPLIANT, "annual_price": 20.85, "mobilization_weeks": 18},
    # Metro Haul's: cheapest, but level 2 and self-reported inspections.
    BidResult.KNOCKED_OUT: {
        "annual_price": 16.5,
        "safety_level": 2,
        "inspections": "self_report",
        "credit_cap_pct": 5,
        "mobilization_weeks": 10,
    },
    # A compliant bid at 19 million a year: above the target.
    BidResult.AWARDABLE: {**COMPLIANT, "annual_price": 19, "mobilization_weeks": 18},
    # ... and one at 19.5 million: above the reservation point, below the target.
}
BELOW_TARGET = {**COMPLIANT, "annual_price": 19.5, "mobilization_weeks": 18}
EXPECTED = {
    BidResult.FAILED_ON_PRICE: Recommendation.BEST_AND_FINAL,
    BidResult.KNOCKED_OUT: Recommendation.KNOCK_OUT,
    BidResult.AWARDABLE: Recommendation.ACCEPT,
}
ONE_BIDDER = {
    Recommendation.COUNTER,
    Recommendation.NARROW_DEAL,
    Recommendation.PAUSE,
    Recommendation.KEEP_SEEKING,
}
PRIVATE = re.compile(r"reservation|batna|estimat|alternative|\d{3},\d{3}", re.I)


@pytest.fixture(scope="module")
def city() -> Any:
    loaded = load_case(CITY)
    space = compile_space(loaded)
    return loaded, space, warrant_gate(loaded, space)


def _possible(result: BidResult, situation: Situation) -> bool:
    awardable = situation in (Situation.ACCEPTABLE, Situation.BELOW_TARGET)
    if result is BidResult.AWARDABLE:
        return awardable
    return result is BidResult.KNOCKED_OUT or not awardable


# Only the pairs that can happen: a compliant bid at our floor is acceptable or below target.
POSSIBLE = [
    (situation, result)
    for situation in Situation
    for result in BidResult
    if _possible(result, situation)
]


@pytest.mark.parametrize(("situation", "result"), POSSIBLE)
@pytest.mark.parametrize("stance", list(Stance))
def test_every_stance_situation_and_bid_result(
    stance: Stance, situation: Situation, result: BidResult
) -> None:
    table = RECOMMENDATIONS[stance, situation]
    for narrows in (False, True):
        from brightline.offers.recommendation import recommend

        found = in_tender(recommend(stance, situation, narrows), result)
        assert found not in ONE_BIDDER  # nothing is said to one bidder alone after opening
        if table in ONE_BIDDER:
            assert found is EXPECTED[result]
        else:  # accept, walk, decline, reconsider: about the whole tender, it stands
            assert found is table


def test_bid_result_of_compliance_and_situation() -> None:
    assert BidResult.of(False, Situation.REPAIRABLE) is BidResult.KNOCKED_OUT
    assert BidResult.of(True, Situation.BELOW_TARGET) is BidResult.AWARDABLE
    assert BidResult.of(True, Situation.ACCEPTABLE) is BidResult.AWARDABLE
    for situation in (Situation.REPAIRABLE, Situation.VALUE_GAP, Situation.NO_ZONE):
        assert BidResult.of(True, situation) is BidResult.FAILED_ON_PRICE


def test_only_a_procurement_case_with_bids_is_a_tender(city: Any) -> None:
    assert is_tender(city[0].case)
    vendor = load_case(CITY.parent / "security-level-vendor.yaml")  # a negotiated procedure
    assert not is_tender(vendor.case)


@pytest.mark.parametrize("result", list(BidResult), ids=lambda result: result.value)
def test_evaluate_on_each_bid_of_the_city_tender(city: Any, result: BidResult) -> None:
    loaded, space, gate = city
    evaluation = evaluate_offer(loaded, BIDS[result], space=space, gate=gate)
    assert evaluation.recommendation is EXPECTED[result], evaluation.reasons
    assert not evaluation.counters  # no counter to one bidder
    assert not any("minimal repair" in reason for reason in evaluation.reasons)
    kinds = [fact.kind.value for fact in evaluation.say_text.facts]
    assert "proposal" not in kinds and "alternatives" not in kinds
    assert not PRIVATE.search(evaluation.say), evaluation.say
    if result is BidResult.FAILED_ON_PRICE:
        assert "breaks" not in kinds and "best-and-final" in kinds
        assert "every bidder whose bid meets them" in evaluation.say
        [why] = [reason for reason in evaluation.reasons if "best and final" in reason]
        assert "must gain 666,667 USD of value to us" in why  # what bids says for this round
    if result is BidResult.KNOCKED_OUT:
        cited = {fact.standard for fact in evaluation.say_text.facts if fact.standard}
        assert cited == {"safety_level_floor", "independent_inspection"}
        assert "set-aside" in kinds and "cannot sign" not in evaluation.say


def test_a_compliant_bid_below_target_is_awarded_not_countered(city: Any) -> None:
    loaded, space, gate = city
    evaluation = evaluate_offer(loaded, BELOW_TARGET, space=space, gate=gate)
    assert evaluation.situation is Situation.BELOW_TARGET
    assert evaluation.recommendation is Recommendation.ACCEPT and not evaluation.counters
    assert any("ranks first among the round's compliant bids" in r for r in evaluation.reasons)


def test_a_negotiated_procedure_still_counters() -> None:
    """Without ``bids:`` the same city case is a one-to-one negotiation: counters are made."""
    import yaml

    document = yaml.safe_load(CITY.read_text(encoding="utf-8"))
    del document["bids"]
    from meso_cases import load

    evaluation = evaluate_offer(load(document), BIDS[BidResult.FAILED_ON_PRICE])
    assert evaluation.recommendation is Recommendation.COUNTER and evaluation.counters


@dataclass(frozen=True)
class _Offer:
    direction: OfferDirection
    outcome: dict[str, Any]


@pytest.mark.parametrize(
    "stage", [Stage.OPENING, Stage.EARLY, Stage.MIDGAME, Stage.LATE], ids=lambda s: s.value
)
def test_next_says_what_evaluate_says_at_every_open_stage(city: Any, stage: Stage) -> None:
    loaded = city[0]
    trail = TrailSoFar(stage, stage_since=1)
    for result, outcome in BIDS.items():
        offers = [(2, _Offer(OfferDirection.RECEIVED, outcome))]
        advice = session_advice(loaded, offers, trail)  # type: ignore[arg-type]
        assert advice is not None and advice.offer == "#2"
        assert advice.recommendation is EXPECTED[result], (stage, result)
