"""BATNA costing: three-point estimates, the resulting value distribution, and a tornado.

Each component's low / likely / high estimate is read as a Beta-PERT distribution (Malcolm et al.,
1959; Vose, *Risk Analysis*, 2008): the likely value gets four times the weight of each extreme,
which matches how people give three-point estimates better than a triangle does (the triangle
over-weights the tails). Components are treated as independent.

Two kinds of numbers come out, and the report says which is which:

- **Analytic**: the mean ``(low + 4 likely + high) / 6`` and variance
  ``(mean - low)(high - mean) / 7`` of each component, summed (exact for independent parts).
- **Sampled**: percentiles and the chance that the BATNA beats the reservation point, from a
  seeded Monte Carlo sample of the sum (``seed=`` makes every run reproducible).

The tornado moves one component at a time from its low to its high estimate, the others held at
their likely values, and sorts components by the swing this causes in the BATNA. The reservation
point is tied to the BATNA by one stated relation: the *reservation point implied by the BATNA* is
``BATNA (likely) + margin``, where the margin is the case's ``reservation.value − BATNA likely``
(0 without a reservation) and is held fixed. So each component moves the implied reservation point
one-for-one with the BATNA, the bars give both, and the component at the top is the one whose
estimate most deserves work before the reservation point is fixed. If you would set the margin
itself differently for a different BATNA, that is not modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brightline.case.model import Batna, ThreePoint

PERT_WEIGHT = 4.0
"""Weight of the likely value in the Beta-PERT distribution."""


@dataclass(frozen=True, slots=True)
class ComponentCost:
    """One BATNA component as a distribution, in the case currency."""

    name: str
    kind: str
    low: float
    likely: float
    high: float
    mean: float
    standard_deviation: float


TORNADO_RELATION = (
    "reservation point implied by the BATNA = BATNA (likely) + margin, margin = "
    "reservation.value − BATNA likely (0 without a reservation), held fixed; each component "
    "moves it one-for-one with the BATNA"
)
"""The relation between BATNA and reservation point the tornado uses, shown with it."""


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """One component at its low and at its high estimate, the others at their likely values.

    Attributes:
        name, kind: The component.
        batna_at_low, batna_at_high: The BATNA, in the case currency.
        margin: Reservation margin (reservation.value − BATNA likely, 0 without a reservation).
    """

    name: str
    kind: str
    batna_at_low: float
    batna_at_high: float
    margin: float = 0.0

    @property
    def swing(self) -> float:
        """How far this component alone moves the BATNA, and so the implied reservation point."""
        return self.batna_at_high - self.batna_at_low

    @property
    def reservation_at_low(self) -> float:
        """Reservation point implied by the BATNA with this component at its low estimate."""
        return self.batna_at_low + self.margin

    @property
    def reservation_at_high(self) -> float:
        """Reservation point implied by the BATNA with this component at its high estimate."""
        return self.batna_at_high + self.margin


@dataclass(frozen=True, slots=True)
class BatnaCosting:
    """The BATNA as a distribution, and how it sits against the reservation point.

    Attributes:
        components: Each component's three points and PERT moments.
        low, likely, high: Sums of the components' three points (the deterministic envelope).
        mean, standard_deviation: Analytic PERT moments of the sum.
        percentile_5, percentile_50, percentile_95: Sampled percentiles of the sum.
        samples: Number of Monte Carlo samples behind the percentiles.
        seed: The seed that reproduces them.
        reservation: Our reservation value, if the case has one.
        chance_batna_above_reservation: Sampled share of BATNA draws above the reservation point
            (high means the reservation point is set below what walking away is likely worth).
        reservation_margin: reservation − likely (0 without a reservation), see the module notes.
        tornado: Bars sorted by swing, largest first.
    """

    components: tuple[ComponentCost, ...]
    low: float
    likely: float
    high: float
    mean: float
    standard_deviation: float
    percentile_5: float
    percentile_50: float
    percentile_95: float
    samples: int
    seed: int
    reservation: float | None
    chance_batna_above_reservation: float | None
    reservation_margin: float
    tornado: tuple[TornadoBar, ...]


def pert_moments(estimate: ThreePoint) -> tuple[float, float]:
    """Mean and standard deviation of the Beta-PERT distribution of a three-point estimate."""
    mean = (estimate.low + PERT_WEIGHT * estimate.likely + estimate.high) / (PERT_WEIGHT + 2.0)
    variance = max(0.0, (mean - estimate.low) * (estimate.high - mean) / (PERT_WEIGHT + 3.0))
    return mean, math.sqrt(variance)


def cost_batna(
    batna: Batna, reservation: float | None = None, *, seed: int = 0, samples: int = 20_000
) -> BatnaCosting:
    """Cost a BATNA: analytic PERT moments, sampled percentiles, and the tornado.

    Args:
        batna: The case's BATNA with its components.
        reservation: Our reservation value in the case currency, to compare against.
        seed: Seed of the sampler; the same seed gives the same percentiles.
        samples: Monte Carlo sample size for the percentiles.
    """
    import numpy as np

    estimates = [component.contribution() for component in batna.components]
    costs: list[ComponentCost] = []
    rng = np.random.default_rng(seed)
    total = np.zeros(samples)
    for component, estimate in zip(batna.components, estimates, strict=True):
        mean, deviation = pert_moments(estimate)
        costs.append(
            ComponentCost(
                component.name,
                component.kind.value,
                estimate.low,
                estimate.likely,
                estimate.high,
                mean,
                deviation,
            )
        )
        span = estimate.high - estimate.low
        if span <= 0:
            total += estimate.low
            continue
        alpha = 1.0 + PERT_WEIGHT * (estimate.likely - estimate.low) / span
        beta = 1.0 + PERT_WEIGHT * (estimate.high - estimate.likely) / span
        total += estimate.low + span * rng.beta(alpha, beta, size=samples)
    value = batna.value()
    chance = None if reservation is None else float(np.mean(total > reservation))
    percentiles = np.percentile(total, [5.0, 50.0, 95.0]) if samples else np.zeros(3)
    margin = 0.0 if reservation is None else reservation - value.likely
    return BatnaCosting(
        components=tuple(costs),
        low=value.low,
        likely=value.likely,
        high=value.high,
        mean=sum(cost.mean for cost in costs),
        standard_deviation=math.sqrt(sum(cost.standard_deviation**2 for cost in costs)),
        percentile_5=float(percentiles[0]),
        percentile_50=float(percentiles[1]),
        percentile_95=float(percentiles[2]),
        samples=samples,
        seed=seed,
        reservation=reservation,
        chance_batna_above_reservation=chance,
        reservation_margin=margin,
        tornado=tornado(batna, margin),
    )


def tornado(batna: Batna, margin: float = 0.0) -> tuple[TornadoBar, ...]:
    """One bar per component, largest swing first, with that component at its low and high estimate.

    Each bar carries ``margin`` so it also gives the implied reservation point, BATNA + margin.
    """
    estimates = [component.contribution() for component in batna.components]
    likely_total = sum(estimate.likely for estimate in estimates)
    bars = [
        TornadoBar(
            component.name,
            component.kind.value,
            likely_total - estimate.likely + estimate.low,
            likely_total - estimate.likely + estimate.high,
            margin,
        )
        for component, estimate in zip(batna.components, estimates, strict=True)
    ]
    return tuple(sorted(bars, key=lambda bar: bar.swing, reverse=True))
