"""The resolved MESO request and the solver dispatch that generation and diagnosis share.

Kept apart from :mod:`brightline.offers.meso` so that the grid search and the infeasibility
diagnosis (:mod:`brightline.offers.meso_diagnosis`) both call one dispatch (exact search over
listed outcomes for small spaces, the MILP otherwise) without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brightline.amounts import amount
from brightline.engine.space import (
    MAX_ENUMERATED_OUTCOMES,
    FloatArray,
    IndexArray,
    OutcomeSpace,
    enumerate_outcomes,
)
from brightline.errors import UsageError
from brightline.offers.meso_search import (
    SearchBudgetExceeded,
    SolverOutcome,
    exact_search,
    milp_search,
)
from brightline.offers.valuation import (
    DEFAULT_TARGET_SHARE,
    DEFAULT_TOLERANCE_SHARE,
    ValueScale,
)

EXACT_SPACE_LIMIT = 500_000
"""Spaces up to this many outcomes are listed and searched exactly."""

EXACT_CANDIDATE_LIMIT = 100_000
"""Above this many outcomes inside the value band, the MILP is used directly (the exact search also
hands over to it when it runs over its budgets)."""

MAX_TARGET_PROBES = 81
"""Without --target, targets this many half-tolerance steps around the midpoint are tried."""

DEFAULT_TIME_LIMIT = 20.0
"""Seconds the MILP may run before reporting its best set and optimality gap."""


@dataclass(frozen=True, slots=True)
class MesoRequest:
    """A resolved request: every default filled in, in the case currency."""

    count: int
    target: float
    tolerance: float
    min_difference: int
    method: str
    time_limit: float
    groups: tuple[int, ...] = ()
    min_dimensions: int = 1

    def spread(self) -> IndexArray | None:
        """Dimension index per issue, when pairs must span several dimensions."""
        if self.min_dimensions <= 1 or not self.groups:
            return None
        return np.array(self.groups, dtype=np.int64)


def resolve_request(
    scale: ValueScale,
    issues: int,
    count: int = 3,
    target: float | None = None,
    tolerance: float | None = None,
    min_difference: int = 2,
    method: str = "auto",
    time_limit: float = DEFAULT_TIME_LIMIT,
    groups: tuple[int, ...] = (),
    min_dimensions: int = 1,
) -> MesoRequest:
    """Check the request and fill in the defaults.

    Raises:
        UsageError: for a count outside 2..5, a negative tolerance, an impossible difference.
    """
    if not 2 <= count <= 5:
        raise UsageError(f"--count must be from 2 to 5, got {count}")
    if not 0 <= min_difference <= issues:
        raise UsageError(
            f"--min-difference must be from 0 to the number of issues ({issues}), "
            f"got {min_difference}"
        )
    available = len(set(groups))
    if not 1 <= min_dimensions <= max(available, 1):
        raise UsageError(
            f"--min-dimensions must be from 1 to the number of dimensions the issues are tagged "
            f"with ({available}), got {min_dimensions}"
        )
    for name, number in (
        ("--target", target),
        ("--tolerance", tolerance),
        ("--time-limit", time_limit),
    ):
        if number is not None and not np.isfinite(number):
            raise UsageError(f"{name} must be a finite number, got {number}")
    if method not in ("auto", "exact", "milp"):
        raise UsageError(f"method must be auto, exact or milp, not {method!r}")
    chosen_tolerance = DEFAULT_TOLERANCE_SHARE * scale.span if tolerance is None else tolerance
    if chosen_tolerance < 0:
        raise UsageError(f"--tolerance must not be negative, got {amount(chosen_tolerance)}")
    chosen_target = scale.at_share(DEFAULT_TARGET_SHARE) if target is None else target
    return MesoRequest(
        count,
        chosen_target,
        chosen_tolerance,
        min_difference,
        method,
        max(time_limit, 0.1),
        groups,
        min_dimensions,
    )


@dataclass(slots=True)
class _Listing:
    """The listed outcomes of a small space, computed once and reused across target probes."""

    choices: IndexArray
    ours: FloatArray
    theirs: FloatArray


def _listing(space: OutcomeSpace, request: MesoRequest) -> _Listing | None:
    small = space.size <= min(EXACT_SPACE_LIMIT, MAX_ENUMERATED_OUTCOMES)
    if request.method == "exact" and not small:
        raise UsageError(
            f"the space has {space.size:,} outcomes, too many for the exact method "
            f"(limit {EXACT_SPACE_LIMIT:,}); use the MILP"
        )
    if request.method == "milp" or not small:
        return None
    listed = enumerate_outcomes(space)
    keep = np.flatnonzero(listed.compliant)
    return _Listing(listed.choices[keep], listed.ours[keep], listed.theirs[keep])


def _solve(
    space: OutcomeSpace, request: MesoRequest, listing: _Listing | None = None
) -> tuple[str, SolverOutcome]:
    low, high = request.target, request.target + request.tolerance
    if listing is None and request.method != "milp":
        listing = _listing(space, request)
    if listing is not None:
        slack = 1e-9 * max(1.0, abs(low), abs(high))
        rows = np.flatnonzero((listing.ours >= low - slack) & (listing.ours <= high + slack))
        if request.method == "exact" or rows.shape[0] <= EXACT_CANDIDATE_LIMIT:
            try:
                return "exhaustive", exact_search(
                    listing.choices[rows],
                    listing.theirs[rows],
                    request.count,
                    request.min_difference,
                    request.spread(),
                    request.min_dimensions,
                )
            except SearchBudgetExceeded:
                if request.method == "exact":
                    raise UsageError(
                        "the exact search ran over its step budget; use the MILP"
                    ) from None
    return "milp", milp_search(
        space,
        low,
        high,
        request.count,
        request.min_difference,
        request.time_limit,
        request.spread(),
        request.min_dimensions,
    )


def _default_targets(scale: ValueScale, request: MesoRequest) -> list[float]:
    """Targets to probe when the user gave none: the midpoint, then upward, then downward.

    Upward first: a grid above the midpoint costs us nothing; one below gives value away. Each
    direction is probed in steps of half a tolerance, at most :data:`MAX_TARGET_PROBES` steps.
    """
    step = max(request.tolerance / 2.0, 1e-9)
    upward = [request.target + distance * step for distance in range(1, MAX_TARGET_PROBES)]
    downward = [request.target - distance * step for distance in range(1, MAX_TARGET_PROBES)]
    return [
        request.target,
        *(probe for probe in upward if probe <= scale.ceiling),
        *(probe for probe in downward if probe >= scale.floor),
    ]
