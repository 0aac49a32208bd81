"""Why a MESO grid does not exist, and what can be had instead.

Run only when no target gives the grid asked for, so it is kept out of the generation path
(:mod:`brightline.offers.meso`): it blames the standards (a contradiction, or standards that cap
our value below the target), the target (above every compliant outcome, or below them all), or
the shape (too many offers, too many differences, too narrow a band), and names the nearest
request that has a grid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace
from brightline.offers.meso_request import (
    MAX_TARGET_PROBES,
    MesoRequest,
    _Listing,
    _solve,
)
from brightline.offers.meso_search import milp_search
from brightline.offers.valuation import ValueScale, amount, best_value_with


@dataclass(frozen=True, slots=True)
class Infeasibility:
    """Why no grid of the requested shape exists, and what can be had instead.

    Attributes:
        reasons: Sentences with numbers and units.
        standards: Standards that conflict with the target (empty when the standards are not what
            blocks it).
        best_achievable: What is achievable instead: ``{"target": ...}`` or ``{"count": ...}``.
    """

    reasons: tuple[str, ...]
    standards: tuple[str, ...]
    best_achievable: dict[str, float | int]


def _diagnose(
    loaded: LoadedCase,
    space: OutcomeSpace,
    scale: ValueScale,
    request: MesoRequest,
    probes: list[float],
    listing: _Listing | None,
) -> Infeasibility:
    """Explain why the grid does not exist: the standards, the target, or the shape asked for."""
    unit = loaded.case.case.currency
    all_ids = list(space.standard_ids)
    high = request.target + request.tolerance
    if not scale.feasible:
        conflicting = _conflicting(space, all_ids)
        return Infeasibility(
            (
                "no outcome meets every standard at once; these contradict each other: "
                + ", ".join(conflicting),
            ),
            tuple(conflicting),
            {},
        )
    if scale.best < request.target:
        blocking = [
            standard_id
            for standard_id in all_ids
            if (best_value_with(space, [s for s in all_ids if s != standard_id]) or -np.inf)
            >= request.target
        ]
        if not blocking:
            blocking = [
                standard_id
                for standard_id in all_ids
                if (best_value_with(space, [standard_id]) or -np.inf) < request.target
            ]
        named = ", ".join(blocking) if blocking else "the standards together"
        step = max(request.tolerance / 2.0, 1e-9)
        start = scale.best - request.tolerance
        downward = [start - k * step for k in range(MAX_TARGET_PROBES)]
        grid = _first_grid(
            space,
            request,
            [probe for probe in downward if probe >= scale.worst - request.tolerance],
            listing,
        )
        if grid is None:
            advice = (
                f"no target gives a grid of {request.count} offers differing in "
                f"{request.min_difference} issues{_spread_text(request)}: lower --count or "
                "--min-difference, or widen --tolerance"
            )
            achievable: dict[str, float | int] = {}
        elif grid[0] == request.count:
            advice = (
                f"lower --target to {amount(grid[1], unit)}: the highest target (in steps of half "
                f"the tolerance) with a grid of {request.count} offers"
            )
            achievable = {"target": grid[1]}
        else:
            advice = (
                f"no target gives {request.count} offers; {grid[0]} fit at "
                f"{amount(grid[1], unit)}: ask for --count {grid[0]} --target {grid[1]:.0f}"
            )
            achievable = {"count": grid[0], "target": grid[1]}
        return Infeasibility(
            (
                f"the best compliant outcome is worth {amount(scale.best, unit)} to us, below the "
                f"target of {amount(request.target, unit)}",
                f"the target conflicts with: {named}",
                advice,
            ),
            tuple(blocking),
            achievable,
        )
    if high < scale.worst:
        return Infeasibility(
            (
                f"every compliant outcome is worth more than {amount(high, unit)} to us; the "
                f"least is {amount(scale.worst, unit)}: raise --target",
            ),
            (),
            {"target": scale.worst},
        )
    deadline = time.perf_counter() + request.time_limit
    for smaller in range(request.count - 1, 1, -1):
        for probe in probes:
            remaining = max(deadline - time.perf_counter(), 0.5)
            _, found = _solve(
                space,
                replace(request, count=smaller, target=probe, time_limit=remaining),
                listing,
            )
            if found.choices is not None:
                return Infeasibility(
                    (
                        f"no {request.count} compliant offers of equal value (within "
                        f"{amount(request.tolerance, unit)}) differ pairwise in "
                        f"{request.min_difference} issues{_spread_text(request)}; {smaller} do, "
                        "worth "
                        f"{amount(probe, unit)} to {amount(probe + request.tolerance, unit)}",
                        f"ask for --count {smaller}, lower --min-difference or --min-dimensions, "
                        "or widen --tolerance",
                    ),
                    (),
                    {"count": smaller, "target": probe},
                )
            if time.perf_counter() > deadline:
                break
    single = milp_search(space, request.target, high, 1, 0, request.time_limit)
    if single.choices is not None:
        return Infeasibility(
            (
                f"compliant outcomes worth {amount(request.target, unit)} to {amount(high, unit)} "
                f"exist, but no two of them differ in {request.min_difference} issues"
                f"{_spread_text(request)}",
                "lower --min-difference or --min-dimensions, or widen --tolerance",
            ),
            (),
            {"count": 1},
        )
    step = max(request.tolerance / 2.0, 1e-9)
    nearby = [
        *(request.target + k * step for k in range(1, MAX_TARGET_PROBES)),
        *(request.target - k * step for k in range(1, MAX_TARGET_PROBES)),
    ]
    grid = _first_grid(
        space,
        request,
        [probe for probe in nearby if scale.worst - request.tolerance <= probe <= scale.best],
        listing,
    )
    if grid is None:
        advice = "widen --tolerance (no nearby target gives a grid at this width)"
        achievable = {}
    else:
        count_text = f"--count {grid[0]} " if grid[0] != request.count else ""
        advice = (
            f"widen --tolerance, or ask for {count_text}--target {grid[1]:.0f}: a grid of "
            f"{grid[0]} offers exists there"
        )
        achievable = {"count": grid[0], "target": grid[1]}
    return Infeasibility(
        (
            f"no compliant outcome is worth between {amount(request.target, unit)} and "
            f"{amount(high, unit)} to us",
            advice,
        ),
        (),
        achievable,
    )


def _first_grid(
    space: OutcomeSpace,
    request: MesoRequest,
    probes: list[float],
    listing: _Listing | None,
) -> tuple[int, float] | None:
    """The largest count (down from the one asked) and the first probe at which a grid exists."""
    deadline = time.perf_counter() + request.time_limit
    for count in range(request.count, 1, -1):
        for probe in probes:
            remaining = max(deadline - time.perf_counter(), 0.5)
            _, found = _solve(
                space, replace(request, count=count, target=probe, time_limit=remaining), listing
            )
            if found.choices is not None:
                return count, probe
            if time.perf_counter() > deadline:
                return None
    return None


def _conflicting(space: OutcomeSpace, standard_ids: list[str]) -> list[str]:
    """The standards that cannot hold together.

    Those in an impossible pair; else the ones impossible alone; else the ones whose removal makes
    the rest possible; else all of them.
    """
    from itertools import combinations

    paired: list[str] = []
    for first, second in combinations(standard_ids, 2):
        if best_value_with(space, [first, second]) is None:
            paired.extend(item for item in (first, second) if item not in paired)
    if paired:
        return [item for item in standard_ids if item in paired]
    alone = [item for item in standard_ids if best_value_with(space, [item]) is None]
    if alone:
        return alone
    needed = [
        item
        for item in standard_ids
        if best_value_with(space, [other for other in standard_ids if other != item]) is not None
    ]
    return needed or standard_ids


def _spread_text(request: MesoRequest) -> str:
    if request.min_dimensions <= 1:
        return ""
    return f" across {request.min_dimensions} dimensions"
