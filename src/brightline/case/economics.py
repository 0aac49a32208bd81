"""The ``economics:`` section of a case: every assumption of the economic model, editable.

Each field is optional. Left out, it is derived from the rest of the case by a documented default
(see ``docs/explanation/deterrence.md``) and the derivation is shown to the user next to the
number, so a reader can see which numbers were typed in and which were inferred.

Infinite and NaN numbers are refused (``allow_inf_nan=False``, as everywhere in the case file): one
``.inf`` would turn every total it touches into −inf or NaN and still produce a recommendation.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Probability = float

MAX_PRECEDENT_DEALS = 10_000
"""Upper bound of ``precedent_deals``: a reference that outlives ten thousand deals is not a
precedent any model here can price, and bounding it keeps every input a plausible count."""

MAX_DELAY_WEEKS = 520
"""Upper bound of ``delay_weeks`` (ten years): beyond it holding is not a delay but a walk-away."""
StandardId = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_\-]*$", max_length=80)]


class EconomicsAssumptions(BaseModel):
    """Assumptions of the hold-versus-cave and deterrence models (all optional).

    Part of the case file (its ``economics:`` section), so it lives with the case: the models in
    :mod:`brightline.economics` read it, and the case never imports them.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    standards: list[StandardId] | None = Field(
        None, description="Standards to model (default: every standard of the case)."
    )
    deal_value: float | None = Field(
        None,
        description="Value to us of the deal on their terms, if we cave, in the case currency "
        "(default: value to us of the latest received offer).",
    )
    compliant_value: float | None = Field(
        None,
        description="Value to us of the deal if they accept the standard, in the case currency "
        "(default: their offer repaired to comply in the way best for them).",
    )
    walk_probability: Probability | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Chance they walk away if we hold (default by relationship fragility: "
        "low 0.1, medium 0.25, high 0.5).",
    )
    delay_weeks: float = Field(
        0.0,
        ge=0.0,
        le=MAX_DELAY_WEEKS,
        description=f"Weeks of delay that holding causes (at most {MAX_DELAY_WEEKS}).",
    )
    cost_per_week: float = Field(
        0.0, ge=0.0, description="Cost of one week of delay, in the case currency."
    )
    concession_cost: float = Field(
        0.0,
        ge=0.0,
        description="Direct cost to us of the concession in each deal where it applies, beyond "
        "the harms it exposes us to, in the case currency.",
    )
    precedent_deals: int | None = Field(
        None,
        ge=0,
        le=MAX_PRECEDENT_DEALS,
        description="Future deals the concession would set the reference for (m, at most "
        f"{MAX_PRECEDENT_DEALS:,}; default: the relationship's expected future deals).",
    )
    precedent_probability: Probability = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Chance that a concession becomes the reference for those deals (q).",
    )
    retest_probability: Probability = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Chance that they test the rule again in each future deal (r).",
    )
    discount_factor: float | None = Field(
        None,
        ge=0.0,
        lt=1.0,
        description="Weight of the next deal relative to this one, continuation probability "
        "included (delta; default m/(m+1) for m expected future deals).",
    )
    deterrence_effect: Probability | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of future tests that holding now prevents (default: 1 when the "
        "deterrence test passes and holding has a deterrent benefit, else 0).",
    )
    their_deal_value: float | None = Field(
        None,
        description="R: value to them of the compliant deal, in their value unit (default: their "
        "offer repaired to comply in the way best for them).",
    )
    their_test_value: float | None = Field(
        None,
        description="T: value to them if they test the rule and we cave, in their value unit "
        "(default: value to them of their latest offer).",
    )
    their_walk_away_value: float | None = Field(
        None,
        description="P: value to them when talks end, in their value unit (default: their_batna).",
    )
    their_sucker_value: float | None = Field(
        None,
        description="S: value to them if they comply and we walk anyway, in their value unit "
        "(default: P minus their walk-away cost R - P).",
    )
    false_alarm_probability: Probability | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="p: chance our monitoring flags a test when they complied (default 0.05 "
        "when every modelled standard has a verifier and a safeguard with a measure, else 0.2).",
    )
    detection_probability: Probability | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="q: chance our monitoring catches a test (default 0.9 when verified as "
        "above, else 0.6).",
    )
    punishment_deals: int | None = Field(
        None,
        ge=1,
        description="Deals we would walk away from after a detected test (k; default: the "
        "shortest punishment that deters).",
    )
