"""Shared arithmetic of offers: value bounds, the MESO target, and which safeguards an offer carries.

Values are additive across issues, and the compiled space keeps issues joined by a cross-issue
standard together as one component, so the best and worst compliant values to us are sums of
per-component extremes: exact without enumerating outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from brightline.case.model import OptionValue
from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace
from brightline.errors import UsageError
from brightline.rules import Expression, Implies, evaluate

if TYPE_CHECKING:
    from brightline.engine.frontier import Frontier

DEFAULT_TOLERANCE_SHARE = 0.02
"""MESO offers lie within 2% of our value range of each other unless told otherwise."""

DEFAULT_TARGET_SHARE = 0.5
"""The default target sits halfway from the reservation point to the best case (``ceiling``)."""


@dataclass(frozen=True, slots=True)
class ValueScale:
    """Where value to us can go in this case, in the case currency.

    Attributes:
        span: Best minus worst value to us over all outcomes, standards ignored (the "value range"
            tolerances are a share of).
        worst: Least value to us of an outcome that meets every standard.
        best: Most value to us of an outcome that meets every standard.
        floor: Our reservation point, or ``worst`` when the case has none.
        feasible: Whether any outcome meets every standard at all.
        ceiling: The best case: most value to us of a compliant outcome estimated to be worth at
            least their alternative to them (``best`` when the case has no estimate of their
            alternative, or no compliant outcome reaches it).
    """

    span: float
    worst: float
    best: float
    floor: float
    feasible: bool
    ceiling: float

    def at_share(self, share: float) -> float:
        """The value ``share`` of the way from the floor to the best case."""
        return self.floor + share * (self.ceiling - self.floor)


def json_amount(value: float) -> float:
    """A value for JSON: cents for amounts of 100 and more, six significant digits below.

    Sums of interpolated values carry float noise (-66666.66666666855); nobody reads a currency
    amount beyond the cent, while GENIUS utilities (0 to 1) need their digits.
    """
    number = float(value)
    if abs(number) >= 100:
        return round(number, 2)
    return float(f"{number:.6g}")


def value_scale(
    loaded: LoadedCase, space: OutcomeSpace, frontier: Callable[[], Frontier] | None = None
) -> ValueScale:
    """Compute the value bounds of a compiled case (exact, per component).

    Args:
        loaded: The validated case.
        space: Its compiled space.
        frontier: Gives the compliant frontier of ``space`` when the caller already has it (or
            computes it once for several users); the best case reads it only when the case
            estimates their alternative. Default: computed here when needed.
    """
    span = float(sum(issue.ours.max() - issue.ours.min() for issue in space.issues))
    worst = best = 0.0
    feasible = True
    for component in space.components:
        allowed = component.allowed(None)
        if not allowed.any():
            feasible = False
            break
        worst += float(component.ours[allowed].min())
        best += float(component.ours[allowed].max())
    reservation = loaded.case.reservation
    floor = reservation.value if reservation is not None else worst
    ceiling = best
    their_batna = loaded.case.their_batna
    if feasible and their_batna is not None:
        from brightline.engine.frontier import pareto_frontier

        found = pareto_frontier(space) if frontier is None else frontier()
        acceptable = found.theirs >= their_batna.value
        if acceptable.any():
            ceiling = float(found.ours[acceptable].max())
    return ValueScale(span, worst, best, floor, feasible, ceiling)


def best_value_with(space: OutcomeSpace, standard_ids: list[str]) -> float | None:
    """Most value to us when only the listed standards must hold (None when none can)."""
    positions = space.standard_positions(standard_ids)
    best = 0.0
    for component in space.components:
        allowed = component.allowed(positions)
        if not allowed.any():
            return None
        best += float(component.ours[allowed].max())
    return best


def parse_amount(text: str, span: float, parameter: str) -> float:
    """Read a tolerance or target as given: a number, or a percentage.

    Args:
        text: ``"1500"`` (case currency) or ``"2%"`` (share of ``span``).
        span: What a percentage is a share of.
        parameter: The parameter the text was given for (``tolerance``), named by the error.

    Raises:
        UsageError: when the text is neither.
    """
    cleaned = text.strip().replace("_", "")
    try:
        number = float(cleaned[:-1]) / 100.0 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        number = float("nan")
    if not np.isfinite(number):
        raise UsageError(
            f"{text!r} is not a finite number; write an amount such as 1500 or a share such as 2%",
            parameter=parameter,
        )
    return number * span if cleaned.endswith("%") else number


def in_force(rule: Expression, outcome: Mapping[str, OptionValue]) -> bool:
    """Whether a standard actually bites on this outcome.

    A conditional standard (``scope == "full" -> audit != "none"``) whose condition does not hold
    is met without doing anything, so its safeguards are not part of the offer; every other
    standard is in force.
    """
    if isinstance(rule, Implies):
        return evaluate(rule.antecedent, dict(outcome))
    return True


def offer_safeguards(
    loaded: LoadedCase, outcome: Mapping[str, OptionValue]
) -> tuple[list[str], list[str]]:
    """The standards in force on an outcome and the safeguard ids they bring, without repeats."""
    standards: list[str] = []
    safeguards: list[str] = []
    for standard in loaded.case.standards:
        rule = loaded.standard_rules.get(standard.id)
        if rule is None or not in_force(rule, outcome):
            continue
        standards.append(standard.id)
        for safeguard_id in standard.safeguards:
            if safeguard_id not in safeguards:
                safeguards.append(safeguard_id)
    return standards, safeguards


def outcome_values(loaded: LoadedCase, outcome: Mapping[str, OptionValue]) -> tuple[float, float]:
    """Value to us (case currency) and estimated value to them (their unit) of a full outcome."""
    ours = theirs = 0.0
    for issue in loaded.case.issues:
        choice = outcome[issue.id]
        ours += issue.value_to_us(choice)
        theirs += issue.value_to_them(choice)
    return ours, theirs


def grid_index(space: OutcomeSpace, outcome: Mapping[str, OptionValue]) -> np.ndarray:
    """Option index of each issue in ``outcome``; -1 where the value is not one of the choices."""
    indices = np.full(len(space.issues), -1, dtype=np.int64)
    for position, issue in enumerate(space.issues):
        wanted = outcome.get(issue.id)
        for index, value in enumerate(issue.values):
            if _same(value, wanted):
                indices[position] = index
                break
    return indices


def _same(left: OptionValue, right: OptionValue | None) -> bool:
    if right is None:
        return False
    if isinstance(left, int | float) and isinstance(right, int | float):
        return abs(float(left) - float(right)) <= 1e-9
    return str(left) == str(right)
