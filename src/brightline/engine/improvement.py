"""Post-settlement improvement: compliant outcomes both sides prefer to the deal they signed.

A signed deal is rarely the best the two sides could have written. Once it is safe (it is signed,
and either side can keep it), offering to swap it for terms both sides prefer costs nothing: if
the other side declines, the signed deal stands. This module finds those terms exactly, from the
compliant frontier, and measures how far the signed deal sits from it.

Why the frontier is enough (values are additive, see :mod:`brightline.engine.frontier`):

- An outcome both sides strictly prefer to the deal is weakly dominated by some frontier point,
  and that point is strictly preferred by both too; so the *efficient* improvements are exactly
  the frontier points strictly above the deal on both values, and there are none of them exactly
  when no compliant outcome at all is better for both sides (the deal is then efficient).
- The best improvement maximises a joint gain that never falls when either side gains (the sum of
  both gains, or their product), so it is one of those frontier points.
- The value left on the table for us (the most we could have had among compliant outcomes that
  give them at least what the deal gives them) is attained on the frontier for the same reason;
  likewise for them.

"Prefer" is read strictly on both sides (each gains more than rounding noise): a change that
leaves one side exactly where it was gives that side no reason to sign again. Their values are
our estimates, so every claim about them is "by our estimate".

Joint gain: when their values are in the case currency the gains add up (``joint``); otherwise
adding money to another unit would mean nothing, so the best improvement maximises the product of
both gains (``product``), which no rescaling of either unit changes. Ties go to the larger of the
two smaller gains, then to the frontier order (more value to us first).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from brightline.engine.frontier import RELATIVE_TOLERANCE, Frontier
from brightline.engine.space import IndexArray


class GainBasis(StrEnum):
    """How the two sides' gains combine into one joint gain."""

    JOINT = "joint"
    PRODUCT = "product"

    @classmethod
    def of(cls, currency: str, their_unit: str) -> GainBasis:
        """``joint`` when both values are money in one currency, else ``product``."""
        return cls.JOINT if currency == their_unit else cls.PRODUCT

    def combine(self, gain_ours: float, gain_theirs: float) -> float:
        """The joint gain of one improvement."""
        if self is GainBasis.JOINT:
            return gain_ours + gain_theirs
        return gain_ours * gain_theirs


@dataclass(frozen=True, slots=True)
class Improvement:
    """One efficient compliant outcome both sides prefer to the signed deal.

    Attributes:
        point: Its index in the compliant frontier.
        choices: Option index of each issue (the outcome, see ``OutcomeSpace.outcome``).
        ours: Its value to us, in the case currency.
        theirs: Its estimated value to them, in their value unit.
        gain_ours: How much more it gives us than the deal (> 0).
        gain_theirs: How much more it gives them than the deal, by our estimate (> 0).
        joint_gain: Both gains combined by the basis (:class:`GainBasis`).
    """

    point: int
    choices: IndexArray
    ours: float
    theirs: float
    gain_ours: float
    gain_theirs: float
    joint_gain: float


@dataclass(frozen=True, slots=True)
class PostSettlement:
    """How the signed deal compares with the compliant frontier.

    Attributes:
        agreed_ours: The deal's value to us, in the case currency.
        agreed_theirs: Its estimated value to them, in their value unit.
        basis: How gains combine (:class:`GainBasis`).
        improvements: The efficient improvements, by value to us descending (the frontier order).
        best: Index in ``improvements`` of the largest joint gain; None when there is none.
        most_for_us: The most value to us among compliant outcomes that give them at least the
            deal's value; None when no compliant outcome does.
        most_for_them: The most value to them among compliant outcomes that give us at least the
            deal's value; None when no compliant outcome does.
        best_joint: The largest joint value (ours + theirs) of any compliant outcome, when both
            are in one currency; None otherwise or when no outcome is compliant.
    """

    agreed_ours: float
    agreed_theirs: float
    basis: GainBasis
    improvements: tuple[Improvement, ...]
    best: int | None
    most_for_us: float | None
    most_for_them: float | None
    best_joint: float | None

    @property
    def efficient(self) -> bool:
        """True when no compliant outcome is better for both sides."""
        return not self.improvements

    @property
    def best_improvement(self) -> Improvement | None:
        """The improvement with the largest joint gain, if any."""
        return None if self.best is None else self.improvements[self.best]

    @property
    def left_for_us(self) -> float | None:
        """Value to us the deal left on the table without costing them anything.

        At least 0 when the deal is compliant; negative when no compliant outcome matches a deal
        that breaks a standard.
        """
        return None if self.most_for_us is None else self.most_for_us - self.agreed_ours

    @property
    def left_for_them(self) -> float | None:
        """Value to them the deal left on the table without costing us anything."""
        return None if self.most_for_them is None else self.most_for_them - self.agreed_theirs

    @property
    def joint_loss(self) -> float | None:
        """The best compliant joint value minus the deal's (one currency only)."""
        if self.best_joint is None:
            return None
        return self.best_joint - (self.agreed_ours + self.agreed_theirs)


def tolerance(frontier: Frontier, ours: float, theirs: float) -> float:
    """Gains at or below this are rounding noise, not a reason to sign again.

    The same relative tolerance the frontier compares values with, on the largest magnitude in
    play (sums of the same values in another order differ by about that much).
    """
    scale = max(abs(ours), abs(theirs), 1.0)
    if not frontier.empty:
        scale = max(scale, float(np.abs(frontier.ours).max()), float(np.abs(frontier.theirs).max()))
    return 1e3 * RELATIVE_TOLERANCE * scale


def post_settlement(
    frontier: Frontier, agreed_ours: float, agreed_theirs: float, basis: GainBasis
) -> PostSettlement:
    """The efficient improvements on a signed deal, the best one, and the value left behind.

    Args:
        frontier: The compliant frontier (every standard held).
        agreed_ours: The deal's value to us.
        agreed_theirs: The deal's estimated value to them.
        basis: How the two gains combine into one (see :class:`GainBasis`).
    """
    if not (math.isfinite(agreed_ours) and math.isfinite(agreed_theirs)):
        raise ValueError("the deal's values must be finite numbers")
    noise = tolerance(frontier, agreed_ours, agreed_theirs)
    gains_ours = frontier.ours - agreed_ours
    gains_theirs = frontier.theirs - agreed_theirs
    above = np.flatnonzero((gains_ours > noise) & (gains_theirs > noise))
    improvements = tuple(
        Improvement(
            int(point),
            np.asarray(frontier.choices[point], dtype=np.int64),
            float(frontier.ours[point]),
            float(frontier.theirs[point]),
            float(gains_ours[point]),
            float(gains_theirs[point]),
            basis.combine(float(gains_ours[point]), float(gains_theirs[point])),
        )
        for point in above
    )
    best = _best(improvements)
    reach_them = frontier.theirs >= agreed_theirs - noise
    reach_us = frontier.ours >= agreed_ours - noise
    most_for_us = float(frontier.ours[reach_them].max()) if reach_them.any() else None
    most_for_them = float(frontier.theirs[reach_us].max()) if reach_us.any() else None
    best_joint = (
        float((frontier.ours + frontier.theirs).max())
        if basis is GainBasis.JOINT and not frontier.empty
        else None
    )
    return PostSettlement(
        agreed_ours,
        agreed_theirs,
        basis,
        improvements,
        best,
        most_for_us,
        most_for_them,
        best_joint,
    )


def _best(improvements: tuple[Improvement, ...]) -> int | None:
    """The largest joint gain; ties to the larger smaller gain, then the earlier point."""
    if not improvements:
        return None
    keys = [
        (-item.joint_gain, -min(item.gain_ours, item.gain_theirs), position)
        for position, item in enumerate(improvements)
    ]
    return min(keys)[2]
