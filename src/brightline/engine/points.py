"""Single points on a frontier: Nash, Kalai–Smorodinsky, maximum joint value, and the ZOPA.

Each of these maximises a function that never decreases when either side gains, so a maximiser is
always found among the frontier points: searching the frontier is exact and cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brightline.engine.frontier import Frontier
from brightline.engine.space import BoolArray


@dataclass(frozen=True, slots=True)
class Reservations:
    """The two reservation values the bargaining points are measured from.

    Attributes:
        ours: Our reservation value, in the case currency.
        theirs: Our estimate of theirs, in their value unit.
    """

    ours: float
    theirs: float


@dataclass(frozen=True, slots=True)
class Zopa:
    """The zone of possible agreement on one frontier: outcomes both sides prefer to walking away.

    "Prefer" is read as "at least as good as the reservation value". The ranges are over the
    efficient deals in the zone (the frontier points inside it).

    Attributes:
        exists: Whether any outcome reaches both reservation values.
        ours_low: Least value to us among efficient deals in the zone (case currency).
        ours_high: Most value to us among them.
        theirs_low: Least value to them among them (their value unit).
        theirs_high: Most value to them among them.
        points: Number of frontier points inside the zone.
    """

    exists: bool
    ours_low: float | None
    ours_high: float | None
    theirs_low: float | None
    theirs_high: float | None
    points: int


def acceptable(frontier: Frontier, reservations: Reservations) -> BoolArray:
    """Frontier points both sides weakly prefer to their reservation values."""
    return np.asarray(
        (frontier.ours >= reservations.ours) & (frontier.theirs >= reservations.theirs),
        dtype=np.bool_,
    )


def zopa(frontier: Frontier, reservations: Reservations) -> Zopa:
    """The ZOPA of a frontier; empty when no point reaches both reservation values.

    Any outcome in the zone is weakly dominated by a frontier point, which is then in the zone too,
    so the zone is non-empty exactly when some frontier point is in it.
    """
    inside = acceptable(frontier, reservations)
    if not inside.any():
        return Zopa(False, None, None, None, None, 0)
    ours = frontier.ours[inside]
    theirs = frontier.theirs[inside]
    return Zopa(
        True,
        float(ours.min()),
        float(ours.max()),
        float(theirs.min()),
        float(theirs.max()),
        int(inside.sum()),
    )


def nash_point(frontier: Frontier, reservations: Reservations) -> int | None:
    """Index of the frontier point maximising the product of both sides' gains over reservation.

    None when no point reaches both reservation values. Ties go to the larger joint value, then to
    the higher value to us (the frontier order).
    """
    inside = np.flatnonzero(acceptable(frontier, reservations))
    if inside.shape[0] == 0:
        return None
    gains = (frontier.ours[inside] - reservations.ours) * (
        frontier.theirs[inside] - reservations.theirs
    )
    joint = frontier.ours[inside] + frontier.theirs[inside]
    best = np.lexsort((-joint, -gains))[0]
    return int(inside[best])


def kalai_point(frontier: Frontier, reservations: Reservations) -> int | None:
    """Index of the Kalai–Smorodinsky point: equal shares of each side's best possible gain.

    On a discrete frontier it is the point maximising the smaller of the two normalised gains
    ``(value - reservation) / (ideal - reservation)``, the ideal being each side's best value within
    the ZOPA. None when the ZOPA is empty. Ties go to the larger joint value.
    """
    inside = np.flatnonzero(acceptable(frontier, reservations))
    if inside.shape[0] == 0:
        return None
    ours = frontier.ours[inside] - reservations.ours
    theirs = frontier.theirs[inside] - reservations.theirs
    ours_ideal = float(ours.max())
    theirs_ideal = float(theirs.max())
    ours_share = ours / ours_ideal if ours_ideal > 0 else np.ones_like(ours)
    theirs_share = theirs / theirs_ideal if theirs_ideal > 0 else np.ones_like(theirs)
    smaller = np.minimum(ours_share, theirs_share)
    joint = ours + theirs
    best = np.lexsort((-joint, -smaller))[0]
    return int(inside[best])


def max_joint_point(frontier: Frontier) -> int | None:
    """Index of the frontier point with the largest sum of both values; None for an empty one."""
    if frontier.empty:
        return None
    return int(np.argmax(frontier.ours + frontier.theirs))
