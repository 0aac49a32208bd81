"""The issue's motivating scenario: "pilot now, expansion on audit pass" valued at what it unlocks.

Before contingent terms, the rep's honest offer could only be written as a plain pilot and was
refused as worth -15,000 EUR to us; written as the contingent option it is, it is worth our
expectation (80% of the enterprise rollout, 20% of the pilot) and is accepted.
"""

from __future__ import annotations

import pytest

from brightline.case.validate import LoadedCase
from brightline.engine.contingent import contingent_value
from brightline.engine.sweep import sweep
from brightline.offers.evaluate import evaluate_offer
from brightline.offers.meso import MesoAsk, generate_meso
from brightline.report.sections.engine import sweep_section
from brightline.services import load_case
from conftest import EXAMPLES

REP_OFFER = {"residency": "eu_only", "discount": 25, "start_week": 2}


@pytest.fixture(scope="module")
def expansion() -> LoadedCase:
    return load_case(EXAMPLES / "saas-pilot-expansion.yaml")


def test_the_offer_written_as_a_plain_pilot_was_refused() -> None:
    loaded = load_case(EXAMPLES / "saas-data-residency.yaml")
    result = evaluate_offer(loaded, {**REP_OFFER, "scope": "pilot", "audit": "before_expansion"})
    assert result.ours == -15000.0
    assert result.recommendation.value != "accept"
    assert "below the reservation point" in " ".join(result.reasons)


def test_the_contingent_offer_is_valued_at_its_expectation_and_accepted(
    expansion: LoadedCase,
) -> None:
    offer = next(offer for offer in expansion.case.offers if offer.id == "rep_contingent")
    assert dict(offer.outcome) == {**REP_OFFER, "scope": "pilot_then_enterprise"}
    result = evaluate_offer(expansion, offer.outcome)
    # 0.8 x 320,000 + 0.2 x 60,000 for the scope, -75,000 for a 25% discount.
    assert result.ours == 0.8 * 320000 + 0.2 * 60000 - 75000 == 193000.0
    # Their side at their odds: 0.6 x 260,000 + 0.4 x 50,000, +75,000, +30,000 for week 2.
    assert result.theirs == pytest.approx(0.6 * 260000 + 0.4 * 50000 + 75000 + 30000)
    assert result.recommendation.value == "accept"
    assert result.compliant and result.violations == ()


def test_an_unconditional_expansion_is_countered_with_the_contingent_one(
    expansion: LoadedCase,
) -> None:
    result = evaluate_offer(expansion, {**REP_OFFER, "scope": "enterprise", "discount": 10})
    assert [violation.standard for violation in result.violations] == ["audit_before_expansion"]
    assert result.counters and result.counters[0].outcome["scope"] == "pilot_then_enterprise"


def test_meso_offers_use_the_contingent_scope(expansion: LoadedCase) -> None:
    meso = generate_meso(expansion, MesoAsk(time_limit=5.0))
    assert meso.offers
    assert all(offer.outcome["scope"] == "pilot_then_enterprise" for offer in meso.offers)


def test_sweep_reports_the_deal_both_prefer(expansion: LoadedCase) -> None:
    found = sweep(expansion)
    bet = contingent_value(expansion, found)
    assert bet is not None and bet.beats_every_plain_deal
    assert (bet.ours, bet.theirs) == (268000.0, pytest.approx(206000.0))
    assert bet.plain_ceiling == (60000.0, 80000.0)
    texts = [getattr(block, "text", "") for block in sweep_section(found, expansion).blocks]
    line = next(text for text in texts if text.startswith("Contingent deal"))
    assert line.startswith(
        "Contingent deal both sides prefer to every plain deal they could agree on: us 268,000 EUR, "
        "them 206,000 EUR (the plain deals both accept give us at most 60,000 EUR and them at "
        "most 80,000 EUR); it adds 334,000 EUR of joint value against the best plain deal"
    )
