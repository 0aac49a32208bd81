"""The one table stance × situation → recommendation, every pair, and evaluate following it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_offers_evaluate import CASES, deal_case

from brightline.engine.gate import Verdict, warrant_gate
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
    recommend,
    stance_of,
)
from brightline.services import load_case
from budget import examples
from factories import outcomes_to_try
from meso_cases import load
from strategies import case_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED: dict[Stance, dict[Situation, Recommendation]] = {
    stance: {
        Situation.ACCEPTABLE: Recommendation.ACCEPT,
        Situation.BELOW_TARGET: Recommendation.COUNTER,
        Situation.REPAIRABLE: Recommendation.COUNTER,
        Situation.THIN_ZONE: Recommendation.COUNTER,
    }
    for stance in Stance
}
_BLOCKED = {
    Stance.PURSUE: (Recommendation.PAUSE, Recommendation.PAUSE, Recommendation.WALK),
    Stance.HOLD: (Recommendation.PAUSE, Recommendation.PAUSE, Recommendation.WALK),
    Stance.UNDECIDED: (Recommendation.PAUSE, Recommendation.PAUSE, Recommendation.WALK),
    Stance.KEEP_SEEKING: (Recommendation.KEEP_SEEKING,) * 3,
    Stance.RECONSIDER: (Recommendation.RECONSIDER_STANDARD,) * 3,
    Stance.DECLINE: (Recommendation.DECLINE,) * 3,
    Stance.WALK: (Recommendation.WALK,) * 3,
}
for _stance, (_gap, _none, _nothing) in _BLOCKED.items():
    EXPECTED[_stance][Situation.VALUE_GAP] = _gap
    EXPECTED[_stance][Situation.NO_ZONE] = _none
    EXPECTED[_stance][Situation.NO_COMPLIANT_DEAL] = _nothing


@pytest.mark.parametrize("stance", list(Stance))
@pytest.mark.parametrize("situation", list(Situation))
def test_every_pair_of_the_table(stance: Stance, situation: Situation) -> None:
    found = RECOMMENDATIONS[stance, situation]
    assert found is EXPECTED[stance][situation]
    assert recommend(stance, situation) is found
    if stance.rules_out_holding_out:
        assert found is not Recommendation.PAUSE
    narrowed = recommend(stance, situation, narrows_scope=True)
    if found is Recommendation.COUNTER and situation is not Situation.BELOW_TARGET:
        assert narrowed is Recommendation.NARROW_DEAL
    else:
        assert narrowed is found


def test_table_is_complete_and_every_recommendation_is_reachable() -> None:
    assert len(RECOMMENDATIONS) == len(Stance) * len(Situation)
    tender = {Recommendation.BEST_AND_FINAL, Recommendation.KNOCK_OUT}  # via in_tender
    reachable = set(RECOMMENDATIONS.values()) | {Recommendation.NARROW_DEAL} | tender
    assert reachable == set(Recommendation)
    assert all(recommendation.meaning for recommendation in Recommendation)
    assert all(stance.meaning and "narrow" not in stance.meaning for stance in Stance)


def _blocked_case(**changes: Any) -> dict[str, Any]:
    """The deal case where only a standard blocks the deal: a lose-lose stance would be warranted."""
    document = deal_case(**{"their_batna.value": 375_000})
    document["harms"][0]["impact"] = 10_000_000
    document["harms"][0]["probability"] = 0.5
    document["case"].setdefault("relationship", {})
    for dotted, value in changes.items():
        document["case"]["relationship"][dotted] = value
    return document


OFFER = {"residency": "global", "scope": "enterprise", "discount": 30}
"""Worth 380,000 to them, above their estimated alternative of 375,000 (an offer below it would
contradict the estimate); every compliant outcome gives them at most 350,000."""


@pytest.mark.parametrize(
    ("relationship", "stance", "expected"),
    [
        ({}, Stance.HOLD, Recommendation.PAUSE),
        ({"legal_duty_to_accommodate": True}, Stance.KEEP_SEEKING, Recommendation.KEEP_SEEKING),
        (
            {"fragility": "high", "deterrent_benefit": False},
            Stance.DECLINE,
            Recommendation.DECLINE,
        ),
    ],
)
def test_evaluate_never_pauses_where_the_gate_rules_it_out(
    relationship: dict[str, Any], stance: Stance, expected: Recommendation
) -> None:
    loaded = load(_blocked_case(**relationship))
    result = evaluate_offer(loaded, OFFER)
    assert result.stance is stance, result.reasons
    assert result.situation is Situation.NO_ZONE
    assert result.recommendation is expected
    facts = {fact.kind.value for fact in result.say_text.facts}
    assert ("pause" in facts) is (expected is Recommendation.PAUSE)
    if expected is not Recommendation.PAUSE:
        assert "pause" not in result.say.lower()


def test_stance_refines_the_verdict() -> None:
    pursue = warrant_gate(load(deal_case()))
    assert pursue.verdict is Verdict.INTEGRATIVE_FIRST and stance_of(pursue) is Stance.PURSUE
    walk = warrant_gate(load(deal_case(**{"reservation.value": 350_000})))
    assert walk.verdict is Verdict.WALK_AWAY and stance_of(walk) is Stance.WALK
    document = deal_case()
    del document["their_batna"]
    assert stance_of(warrant_gate(load(document))) is Stance.UNDECIDED


def _check_follows_gate(loaded: Any, outcome: dict[str, Any], space: Any, gate: Any) -> Any:
    result = evaluate_offer(loaded, outcome, space=space, gate=gate)
    assert result.stance is stance_of(gate)
    narrows = result.recommendation is Recommendation.NARROW_DEAL
    expected = recommend(result.stance, result.situation, narrows)
    if is_tender(loaded.case):  # after bid opening no bidder is countered alone
        expected = in_tender(expected, BidResult.of(result.compliant, result.situation))
    assert result.recommendation is expected
    if result.stance.rules_out_holding_out:
        assert result.recommendation is not Recommendation.PAUSE
    if result.recommendation.proposes:
        assert result.counters
    return result


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_evaluate_follows_the_gate_on_every_example(path: Path) -> None:
    loaded = load_case(path)
    space = compile_space(loaded)
    gate = warrant_gate(loaded, space)
    for outcome in outcomes_to_try(loaded):
        _check_follows_gate(loaded, outcome, space, gate)


RELATIONSHIPS = [
    {},
    {"fragility": "high", "deterrent_benefit": False},
    {"legal_duty_to_accommodate": True},
]


@examples(40)
@given(case_document(harms=True), st.sampled_from(RELATIONSHIPS))
def test_evaluate_follows_the_gate_on_generated_cases(
    document: dict[str, Any], relationship: dict[str, Any]
) -> None:
    document = copy.deepcopy(document)
    document["case"]["relationship"] = relationship
    loaded = load(document)
    space = compile_space(loaded)
    gate = warrant_gate(loaded, space)
    for outcome in outcomes_to_try(loaded):
        _check_follows_gate(loaded, outcome, space, gate)


def test_purpose_built_cases_still_reach_their_recommendation() -> None:
    for expected, (document, offer) in CASES.items():
        result = evaluate_offer(load(document), offer)
        assert result.recommendation.value == expected, (expected, result.reasons)


def _costly(harm_rule: str) -> dict[str, Any]:
    document = deal_case()
    document["harms"][0]["rule"] = harm_rule
    document["harms"][0]["impact"] = 1000
    document["harms"][0]["probability"] = 0.5
    return document


def test_a_disproportionate_standard_is_not_demanded_silently() -> None:
    """The counter demands the standard: the reasons price it and name the cheaper check."""
    from brightline.engine.proportionality import measure_standards

    document = _costly('residency == "global" and scope == "enterprise"')
    loaded = load(document)
    result = evaluate_offer(loaded, OFFER)
    assert result.recommendation.proposes
    [line] = [reason for reason in result.reasons if reason.startswith("standard 'eu' costs")]
    assert "70,000 EUR of joint value against 500 EUR of expected harm" in line
    assert "propose the narrower rule " in line
    narrower = line.split("propose the narrower rule ", 1)[1]
    # The suggestion leads where it promises: the narrower rule forbids only harmful outcomes, costs
    # no more and avoids the same expected harm.
    before = measure_standards(loaded, compile_space(loaded))[0]
    document["standards"][0]["rule"] = narrower
    after = measure_standards(load(document), compile_space(load(document)))[0]
    assert before.over_breadth is not None and before.over_breadth > 0
    assert after.over_breadth == 0 and after.price <= before.price
    assert after.risk_avoided == before.risk_avoided


def test_narrowing_is_proposed_only_where_over_breadth_is_above_zero() -> None:
    loaded = load(_costly('residency == "global"'))
    result = evaluate_offer(loaded, OFFER)
    [line] = [reason for reason in result.reasons if reason.startswith("standard 'eu' costs")]
    assert "narrower rule" not in line and "rely on its safeguards" in line
    assert not any("narrow" in reason for reason in result.reasons)
