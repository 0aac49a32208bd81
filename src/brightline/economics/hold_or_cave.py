"""Hold or cave: the expected value of keeping a standard against giving it up, deal by deal.

The model follows the article's cost logic (a loss now that avoids a bigger loss later) and keeps
every term visible. All amounts are in the case currency; D = Σ_{i=1..m} δ^i is the discounted
number of the m future deals, computed in closed form as δ(1 − δ^m)/(1 − δ) (m when δ = 1), so a
relationship of a trillion deals costs no more to evaluate than one of three.

- Holding now costs ``K = deal value − [(1 − w)·compliant value + w·BATNA] + delay weeks × cost
  per week``: the surplus we give up (they may walk with probability w) plus the delay.
- Caving now exposes us to ``E = harm exposure + concession cost`` where harm exposure is
  Σ probability × impact of the harms the standards protect against that their offer would let
  happen. With probability q the concession becomes the reference for the next m deals (precedent):
  ``q·D·E``. Otherwise they test the rule again in each future deal with probability r, and we must
  hold then: ``(1 − q)·D·r·K``.
- After holding, tests come back at rate r, reduced by the deterrence effect d (the share of future
  tests that holding now prevents): ``(1 − d)·D·r·K``. The avoided part, ``d·D·r·K``, is the
  deterrence value.

So EV(hold) = (1 − w)·compliant + w·BATNA − delay − (1 − d)·D·r·K and
EV(cave) = deal value − E − q·D·E − (1 − q)·D·r·K. Both are straight lines in r, which gives the
break-even re-test probability in closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from brightline.errors import UsageError


class Course(StrEnum):
    """What we do about the rule in this deal."""

    HOLD = "hold"
    CAVE = "cave"


@dataclass(frozen=True, slots=True)
class HoldOrCaveInputs:
    """The numbers of the model (all amounts in the case currency, probabilities in [0, 1])."""

    deal_value: float
    compliant_value: float
    batna_value: float
    walk_probability: float
    delay_cost: float
    harm_exposure: float
    concession_cost: float
    precedent_deals: int
    precedent_probability: float
    retest_probability: float
    discount_factor: float
    deterrence_effect: float

    @property
    def discounted_future_deals(self) -> float:
        """D = δ + δ² + … + δ^m = δ(1 − δ^m)/(1 − δ), and m when δ = 1 (no loop over the deals).

        1 − δ^m is taken as −expm1(m·ln δ) so that it keeps its precision when δ is close to 1.
        """
        delta, deals = self.discount_factor, self.precedent_deals
        if deals <= 0 or delta <= 0.0:
            return 0.0
        if delta == 1.0:
            return float(deals)
        return delta * -math.expm1(deals * math.log(delta)) / (1.0 - delta)

    @property
    def holding_cost_now(self) -> float:
        """K: surplus given up by holding (they may walk) plus the delay."""
        expected_hold = (
            1.0 - self.walk_probability
        ) * self.compliant_value + self.walk_probability * self.batna_value
        return self.deal_value - expected_hold + self.delay_cost

    @property
    def breach_cost(self) -> float:
        """E: what one deal on the conceded terms costs us (harm exposure + concession)."""
        return self.harm_exposure + self.concession_cost


@dataclass(frozen=True, slots=True)
class HoldOrCave:
    """Expected value of each course and where the choice flips.

    Attributes:
        inputs: The numbers used.
        hold_value, cave_value: EV of each course at the assumed re-test probability r.
        hold_intercept, hold_slope: EV(hold) = intercept + slope · r.
        cave_intercept, cave_slope: EV(cave) = intercept + slope · r.
        precedent_cost: q·D·E, the expected cost of the concession becoming the reference.
        deterrence_value: d·D·r·K, future holding costs avoided because holding deters.
        break_even: The r where both courses are worth the same, if it lies in [0, 1].
        recommendation: The better course at the assumed r.
        hold_above_break_even: True if holding wins for r above the break-even, False if below.
    """

    inputs: HoldOrCaveInputs
    hold_value: float
    cave_value: float
    hold_intercept: float
    hold_slope: float
    cave_intercept: float
    cave_slope: float
    precedent_cost: float
    deterrence_value: float
    break_even: float | None
    recommendation: Course
    hold_above_break_even: bool | None

    def value_at(self, course: Course, retest_probability: float) -> float:
        """EV of a course at another re-test probability (for charts and what-ifs)."""
        if course is Course.HOLD:
            return self.hold_intercept + self.hold_slope * retest_probability
        return self.cave_intercept + self.cave_slope * retest_probability

    @property
    def explanation(self) -> str:
        """The recommendation and the range of r over which it holds, in one sentence."""
        r = self.inputs.retest_probability
        better = "Hold the standard" if self.recommendation is Course.HOLD else "Caving pays"
        if self.break_even is None:
            return f"{better} for every re-test probability (assumed r = {r:.2f})."
        side = "above" if self.hold_above_break_even else "below"
        return (
            f"{better} at r = {r:.2f}; holding wins when they would test the rule again with "
            f"probability {side} {self.break_even:.2f} per deal."
        )


def compare(inputs: HoldOrCaveInputs) -> HoldOrCave:
    """Evaluate both courses and the break-even re-test probability.

    Raises:
        UsageError: if an amount is so large that a value overflows (no NaN or infinity is
            ever returned).
    """
    future = inputs.discounted_future_deals
    holding = inputs.holding_cost_now
    breach = inputs.breach_cost
    precedent = inputs.precedent_probability * future * breach
    expected_hold = (
        1.0 - inputs.walk_probability
    ) * inputs.compliant_value + inputs.walk_probability * inputs.batna_value
    hold_intercept = expected_hold - inputs.delay_cost
    hold_slope = -(1.0 - inputs.deterrence_effect) * future * holding
    cave_intercept = inputs.deal_value - breach - precedent
    cave_slope = -(1.0 - inputs.precedent_probability) * future * holding
    r = inputs.retest_probability
    hold_value = hold_intercept + hold_slope * r
    cave_value = cave_intercept + cave_slope * r
    deterrence_value = inputs.deterrence_effect * future * r * holding
    values = (hold_intercept, hold_slope, cave_intercept, cave_slope, hold_value, cave_value)
    if not all(math.isfinite(value) for value in (*values, precedent, holding, deterrence_value)):
        raise UsageError(
            "amounts too large to compute with (a value overflows): express the case in a "
            "larger unit, e.g. thousands, or check economics.deal_value, compliant_value, "
            "delay_weeks × cost_per_week and the harm impacts"
        )
    break_even: float | None = None
    above: bool | None = None
    if cave_slope != hold_slope:
        crossing = (cave_intercept - hold_intercept) / (hold_slope - cave_slope)
        if 0.0 <= crossing <= 1.0:
            break_even = crossing
            above = hold_slope > cave_slope
    return HoldOrCave(
        inputs=inputs,
        hold_value=hold_value,
        cave_value=cave_value,
        hold_intercept=hold_intercept,
        hold_slope=hold_slope,
        cave_intercept=cave_intercept,
        cave_slope=cave_slope,
        precedent_cost=precedent,
        deterrence_value=deterrence_value,
        break_even=break_even,
        recommendation=Course.HOLD if hold_value >= cave_value else Course.CAVE,
        hold_above_break_even=above,
    )
