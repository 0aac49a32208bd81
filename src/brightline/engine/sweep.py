"""The integrative sweep: both frontiers, the bargaining points and the ZOPA of one case.

The article's first rule is to look for a deal that meets the standards before imposing mutual
loss. The sweep answers it with numbers: the efficient deals with and without the standards, where
a fair split would land (Nash, Kalai–Smorodinsky), the largest joint value, and whether a zone of
possible agreement survives the standards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brightline.case.validate import LoadedCase
from brightline.engine.frontier import Frontier, pareto_frontier
from brightline.engine.points import (
    Reservations,
    Zopa,
    kalai_point,
    max_joint_point,
    nash_point,
    zopa,
)
from brightline.engine.space import OutcomeSpace, compile_space


@dataclass(frozen=True, slots=True)
class Sweep:
    """Everything the sweep found for one case.

    Attributes:
        space: The compiled space (all standards).
        frontier: Frontier of the outcomes that satisfy every standard.
        unconstrained: Frontier of all outcomes.
        reservations: The disagreement point used by Nash, Kalai and the ZOPA.
        reservations_assumed: True when the case lacks a reservation or their BATNA and the
            worst value of that side was used instead.
        nash: Index into ``frontier`` of the Nash point, or None when the ZOPA is empty.
        kalai: Index into ``frontier`` of the Kalai–Smorodinsky point, or None.
        max_joint: Index into ``frontier`` of the largest joint value, or None when empty.
        zopa: ZOPA of the compliant frontier.
        zopa_unconstrained: ZOPA of the unconstrained frontier.
    """

    space: OutcomeSpace
    frontier: Frontier
    unconstrained: Frontier
    reservations: Reservations
    reservations_assumed: bool
    nash: int | None
    kalai: int | None
    max_joint: int | None
    zopa: Zopa
    zopa_unconstrained: Zopa

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``brightline sweep --format json``.

        A frontier of more than :data:`MAX_LISTED_POINTS` points (a price grid of 100,001 steps
        gives one point per step) is listed thinned: every ``every``-th point from the best for
        us to the best for them, both ends included, and ``*_listing`` says so. The bargaining
        points and the ZOPA are always computed on the whole frontier.
        """
        frontier, frontier_listing = _listing(self.space, self.frontier)
        unconstrained, unconstrained_listing = _listing(self.space, self.unconstrained)
        return {
            "frontier": frontier,
            "frontier_listing": frontier_listing,
            "frontier_unconstrained": unconstrained,
            "frontier_unconstrained_listing": unconstrained_listing,
            **self.points_json(),
        }

    def points_json(self) -> dict[str, Any]:
        """The bargaining points and the ZOPA, without the frontiers (for summaries)."""
        return {
            "nash": _point(self.space, self.frontier, self.nash),
            "kalai": _point(self.space, self.frontier, self.kalai),
            "max_joint": _point(self.space, self.frontier, self.max_joint),
            "zopa": {
                "reservation_ours": self.reservations.ours,
                "reservation_theirs": self.reservations.theirs,
                "reservations_assumed": self.reservations_assumed,
                "compliant": _zopa_json(self.zopa),
                "unconstrained": _zopa_json(self.zopa_unconstrained),
            },
        }


def reservations_of(loaded: LoadedCase, space: OutcomeSpace) -> tuple[Reservations, bool]:
    """Both reservation values; a missing one becomes that side's worst possible value."""
    case = loaded.case
    assumed = case.reservation is None or case.their_batna is None
    worst_ours = sum(float(issue.ours.min()) for issue in space.issues)
    worst_theirs = sum(float(issue.theirs.min()) for issue in space.issues)
    ours = case.reservation.value if case.reservation is not None else worst_ours
    theirs = case.their_batna.value if case.their_batna is not None else worst_theirs
    return Reservations(ours, theirs), assumed


def sweep(loaded: LoadedCase, space: OutcomeSpace | None = None) -> Sweep:
    """Run the sweep on a validated case (compiling it unless a compiled space is given)."""
    if space is None:
        space = compile_space(loaded)
    frontier = pareto_frontier(space)
    unconstrained = pareto_frontier(space, [])
    reservations, assumed = reservations_of(loaded, space)
    return Sweep(
        space,
        frontier,
        unconstrained,
        reservations,
        assumed,
        nash_point(frontier, reservations),
        kalai_point(frontier, reservations),
        max_joint_point(frontier),
        zopa(frontier, reservations),
        zopa(unconstrained, reservations),
    )


def _json_value(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


MAX_LISTED_POINTS = 2_001
"""Frontier points a JSON document lists at most (about 0.5 MB); longer frontiers are thinned."""


def _listing(
    space: OutcomeSpace, frontier: Frontier
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The points to list, and how they were chosen (``every`` 1: all of them)."""
    count = len(frontier)
    every = max(1, -(-(count - 1) // (MAX_LISTED_POINTS - 1))) if count > MAX_LISTED_POINTS else 1
    indices = list(range(0, count, every))
    if count and indices[-1] != count - 1:
        indices.append(count - 1)
    listed = [_point_json(space, frontier, index) for index in indices]
    return listed, {"points": count, "listed": len(listed), "every": every}


def _point(space: OutcomeSpace, frontier: Frontier, index: int | None) -> dict[str, Any] | None:
    return None if index is None else _point_json(space, frontier, index)


def _point_json(space: OutcomeSpace, frontier: Frontier, index: int) -> dict[str, Any]:
    outcome = space.outcome(frontier.choices[index])
    return {
        "ours": float(frontier.ours[index]),
        "theirs": float(frontier.theirs[index]),
        "outcome": {issue: _json_value(value) for issue, value in outcome.items()},
    }


def _zopa_json(found: Zopa) -> dict[str, Any]:
    return {
        "exists": found.exists,
        "ours_low": found.ours_low,
        "ours_high": found.ours_high,
        "theirs_low": found.theirs_low,
        "theirs_high": found.theirs_high,
        "frontier_points": found.points,
    }
