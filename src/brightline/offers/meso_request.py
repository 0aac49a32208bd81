"""The resolved MESO request and the solver dispatch that generation and relaxation share.

Kept apart from :mod:`brightline.offers.meso` so that the grid search and the relaxation ladder
(:mod:`brightline.offers.meso_diagnosis`) both call one dispatch (exact search over listed
outcomes for small spaces, the MILP otherwise) without importing each other. Every solve is given
the same wall-clock deadline: the time limit covers the whole command, not each solve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from brightline.amounts import amount, quantity
from brightline.engine.space import (
    MAX_ENUMERATED_OUTCOMES,
    FloatArray,
    IndexArray,
    OutcomeSpace,
    enumerate_outcomes,
)
from brightline.errors import UsageError
from brightline.offers.meso_search import (
    GridRules,
    SearchBudgetExceeded,
    SolverOutcome,
    exact_search,
    milp_search,
    slack_of,
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

DEFAULT_TIME_LIMIT = 20.0
"""Seconds a MESO request may take in all (listing, every solve, the relaxation ladder)."""

DEFAULT_COUNT = 3
"""Offers in a grid unless told otherwise: the article's "two or three"."""

DEFAULT_MIN_DIFFERENCE = 2
"""Issues in which every pair of offers differs unless told otherwise: one differing issue is a
concession on a single term, not a different package. A case with fewer issues than this asks
for a difference in all of them (see :func:`default_min_difference`)."""


def default_min_difference(issues: int) -> int:
    """The default pairwise difference for a case with ``issues`` issues.

    :data:`DEFAULT_MIN_DIFFERENCE`, capped at the number of issues: a one-issue case (a
    leadership call on a single term) can only differ in that issue, and a default the case
    cannot meet would refuse every grid before the search starts.
    """
    return min(DEFAULT_MIN_DIFFERENCE, max(issues, 0))


@dataclass(frozen=True, slots=True)
class MesoRequest:
    """A resolved request: every default filled in, in the case currency.

    ``floor`` is the least value to us any offer may have: the reservation point, or the least
    compliant value when the case has none. No target is ever below it.
    """

    count: int
    target: float
    tolerance: float
    min_difference: int
    method: str
    time_limit: float
    groups: tuple[int, ...] = ()
    min_dimensions: int = 1
    floor: float = -np.inf

    def rules(self) -> GridRules:
        """The pairwise rules of the grid asked for."""
        return GridRules(self.count, self.min_difference, self.spread(), self.min_dimensions)

    def spread(self) -> IndexArray | None:
        """Dimension index per issue, when pairs must span several dimensions."""
        if self.min_dimensions <= 1 or not self.groups:
            return None
        return np.array(self.groups, dtype=np.int64)


def resolve_request(
    scale: ValueScale,
    issues: int,
    count: int = DEFAULT_COUNT,
    target: float | None = None,
    tolerance: float | None = None,
    min_difference: int | None = None,
    method: str = "auto",
    time_limit: float = DEFAULT_TIME_LIMIT,
    groups: tuple[int, ...] = (),
    min_dimensions: int = 1,
) -> MesoRequest:
    """Check the request and fill in the defaults.

    ``min_difference`` left as None takes :func:`default_min_difference`; an explicit value
    outside 0 to the number of issues is refused, never silently capped.

    Raises:
        UsageError: for a count outside 2..5, a negative tolerance, an impossible difference, a
            target below the reservation point (an offer there is worse than walking away).
    """
    if not 2 <= count <= 5:
        raise UsageError(f"must be from 2 to 5, got {count}", parameter="count")
    if min_difference is None:
        min_difference = default_min_difference(issues)
    if not 0 <= min_difference <= issues:
        raise UsageError(
            f"must be from 0 to the number of issues ({issues}), got {min_difference}",
            parameter="min_difference",
        )
    available = len(set(groups))
    if not 1 <= min_dimensions <= max(available, 1):
        raise UsageError(
            f"must be from 1 to the number of dimensions the issues are tagged with "
            f"({available}), got {min_dimensions}",
            parameter="min_dimensions",
        )
    for name, number in (
        ("target", target),
        ("tolerance", tolerance),
        ("time_limit", time_limit),
    ):
        if number is not None and not np.isfinite(number):
            raise UsageError(f"must be a finite number, got {number}", parameter=name)
    if method not in ("auto", "exact", "milp"):
        raise UsageError(f"must be auto, exact or milp, not {method!r}", parameter="method")
    chosen_tolerance = DEFAULT_TOLERANCE_SHARE * scale.span if tolerance is None else tolerance
    if chosen_tolerance < 0:
        raise UsageError(
            f"must not be negative, got {amount(chosen_tolerance)}", parameter="tolerance"
        )
    if time_limit <= 0:
        raise UsageError(
            f"must be more than 0 seconds, got {quantity(time_limit)}", parameter="time_limit"
        )
    slack = slack_of(np.array([scale.floor]))
    if target is not None and target < scale.floor - slack:
        raise UsageError(
            f"the target {amount(target)} is below the reservation point {amount(scale.floor)}: an "
            "offer worth less than the reservation point is worse than walking away; ask for a "
            "target at or above it"
        )
    chosen_target = scale.at_share(DEFAULT_TARGET_SHARE) if target is None else target
    return MesoRequest(
        count,
        max(chosen_target, scale.floor),
        chosen_tolerance,
        min_difference,
        method,
        time_limit,
        groups,
        min_dimensions,
        scale.floor,
    )


@dataclass(slots=True)
class CompliantListing:
    """The listed outcomes of a small space, computed once and reused across target probes."""

    choices: IndexArray
    ours: FloatArray
    theirs: FloatArray
    slack: float


def compliant_listing(space: OutcomeSpace, request: MesoRequest) -> CompliantListing | None:
    """The compliant outcomes listed once when the space is small enough; None: use the MILP.

    Refuses the exact method on a space too large to list, since it could only time out.
    """
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
    theirs = listed.theirs[keep]
    slack = max(slack_of(listed.ours[keep]), slack_of(theirs))
    return CompliantListing(listed.choices[keep], listed.ours[keep], theirs, slack)


def search_band(
    space: OutcomeSpace, request: MesoRequest, listing: CompliantListing | None, deadline: float
) -> tuple[str, SolverOutcome]:
    """Solve one request, exactly when the band's candidates are listed, else with the MILP."""
    low, high = request.target, request.target + request.tolerance
    if listing is not None:
        slack = slack_of(np.array([low, high]))
        rows = np.flatnonzero((listing.ours >= low - slack) & (listing.ours <= high + slack))
        if request.method == "exact" or rows.shape[0] <= EXACT_CANDIDATE_LIMIT:
            try:
                return "exhaustive", exact_search(
                    listing.choices[rows],
                    listing.ours[rows],
                    listing.theirs[rows],
                    request.rules(),
                    listing.slack,
                )
            except SearchBudgetExceeded:
                if request.method == "exact":
                    raise UsageError(
                        "the exact search ran over its step budget; use the MILP"
                    ) from None
    if time.perf_counter() >= deadline:
        return "milp", SolverOutcome(None, False, None, False, True)
    return "milp", milp_search(space, low, high, request.rules(), deadline)
