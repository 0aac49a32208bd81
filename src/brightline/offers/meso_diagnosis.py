"""When no MESO grid exists as asked: the relaxation ladder, and why nothing fits.

The ladder gives up as little as it can, in a fixed order a negotiator would accept (each step
is tried only when every cheaper one failed):

1. widen the value band, up to :data:`BAND_CAP_SHARE` of our value range: offers still worth at
   least the target, only less equal to each other;
2. drop the spread across dimensions (offers may then differ within one dimension only), then
   the issues in which pairs differ (down to one: offers always differ);
3. fewer offers (down to two);
4. a higher target (up to the best case: more value to us, so it costs nothing, but the offers
   are less attractive to them), keeping as many offers and as much spread as possible;
5. only then a lower target, in steps, never below the reservation point.

Steps 1-3 are tried at the target before the target moves at all; the first target, count and
spread that have a grid win. Within them the band is not simply the narrowest that fits: a
narrow band can hold only outcomes that a wider band's grid beats offer by offer for both sides
(the narrow band cuts off the better deals above it), so every width up to the cap is solved and
the narrowest grid that no other of those grids beats is returned (:func:`unbeaten`). A grid
that gives value away is never returned to save a few thousand of "equality" between offers.

Only what the user left to the defaults is relaxed. When the request has no grid even so, the
same ladder is run with everything free, and its first grid becomes a :class:`Suggestion`: a
request proven to have a grid because it was solved, so advice built from it leads somewhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from brightline.actions import Action, act
from brightline.amounts import amount
from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace
from brightline.offers.meso_request import CompliantListing, MesoRequest, search_band
from brightline.offers.meso_search import SolverOutcome, slack_of
from brightline.offers.valuation import ValueScale, best_value_with

BAND_CAP_SHARE = 0.05
"""The value band is widened to at most 5% of our value range (2.5 times the default width):
wider, and offers of "equal value" to us differ by more than a negotiator would call equal."""

TARGET_STEPS = 40
"""A lowered target is tried in at most this many steps from the target to the reservation point."""

SIGNIFICANT = 10
"""Probe values are rounded to this many significant digits, so a suggestion printed with them
and typed back is the very request that was solved."""


@dataclass(frozen=True, slots=True)
class Freedom:
    """Which parts of the request the ladder may relax (those left to the defaults)."""

    band: bool
    spread: bool
    count: bool
    target: bool
    difference: bool = True


ALL_FREE = Freedom(True, True, True, True, True)


@dataclass(frozen=True, slots=True)
class Relaxation:
    """One step the ladder took for a grid to exist.

    Attributes:
        kind: ``band`` (tolerance widened), ``spread`` (fewer dimensions), ``difference``
            (fewer differing issues), ``count`` (fewer offers) or ``target`` (a moved target).
        asked: The value asked for (or the default).
        used: The value the grid needed.
        cost: What the step costs us against the requested target, in the case currency: the
            requested target minus the least value any offer may now have (0 unless the target
            was lowered: a wider band, less spread or fewer offers keep every offer at or above
            the target).
        beaten: For a wider band: a grid existed at the narrower band too, but this one beats it
            offer by offer for both sides (False: the narrower band had no grid at all).
    """

    kind: str
    asked: float
    used: float
    cost: float
    beaten: bool = False


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A request that has a grid, proven by solving it.

    Attributes:
        count: Offers.
        target: Least value to us of each offer (case currency).
        tolerance: Width of the value band (case currency).
        min_difference: Issues in which every pair differs.
        min_dimensions: Dimensions in which every pair differs.
        offers_least: Least value to us of the offers of that grid.
    """

    count: int
    target: float
    tolerance: float
    min_difference: int
    min_dimensions: int
    offers_least: float

    def action(self) -> Action:
        """The MESO request to make for this grid, every number as it was solved."""
        return act("meso", **self.to_json())

    def to_json(self) -> dict[str, float | int]:
        """The suggestion as data: the request's parameters (``generate_meso`` takes them)."""
        return {
            "count": self.count,
            "target": self.target,
            "tolerance": self.tolerance,
            "min_difference": self.min_difference,
            "min_dimensions": self.min_dimensions,
        }


@dataclass(frozen=True, slots=True)
class Infeasibility:
    """Why no grid of the requested shape exists, and what can be had instead.

    Attributes:
        reasons: Sentences with numbers and units.
        standards: Standards that conflict with the target (empty when the standards are not what
            blocks it).
        suggestion: The nearest request that has a grid, solved (None when none was found).
        walk_away: No compliant outcome reaches the reservation point: holding the standards
            means walking away, which the warrant gate weighs.
        stopped: The time limit ended the search before it could prove that no grid exists.
    """

    reasons: tuple[str, ...]
    standards: tuple[str, ...]
    suggestion: Suggestion | None
    walk_away: bool = False
    stopped: bool = False


@dataclass(frozen=True, slots=True)
class LadderFound:
    """The first request of the ladder that has a grid."""

    request: MesoRequest
    method: str
    outcome: SolverOutcome
    beat_narrower: bool = False
    """A narrower band had a grid too, and this grid beats it offer by offer for both sides."""


def _rounded(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT}g}")


def band_cap(scale: ValueScale, tolerance: float) -> float:
    """Widest band the ladder tries: :data:`BAND_CAP_SHARE` of the value range, or the width asked."""
    return max(tolerance, _rounded(BAND_CAP_SHARE * scale.span))


def climb(
    space: OutcomeSpace,
    scale: ValueScale,
    request: MesoRequest,
    free: Freedom,
    listing: CompliantListing | None,
    deadline: float,
) -> LadderFound | None:
    """The first request of the ladder that has a grid (None when none does or time ran out)."""
    cap = band_cap(scale, request.tolerance)
    widths = [request.tolerance]
    if free.band and cap > request.tolerance:
        step = max(request.tolerance / 2.0, (cap - request.tolerance) / 6.0)
        widths += [
            _rounded(request.tolerance + k * step)
            for k in range(1, 7)
            if request.tolerance + k * step < cap - 1e-9 * max(1.0, cap)
        ]
        widths.append(cap)
    shapes = [(request.min_dimensions, request.min_difference)]
    if free.spread:
        shapes += [
            (spread, request.min_difference) for spread in range(request.min_dimensions - 1, 0, -1)
        ]
    if free.difference:
        spread = shapes[-1][0]
        shapes += [(spread, difference) for difference in range(request.min_difference - 1, 0, -1)]
    counts = list(range(request.count, 1, -1)) if free.count else [request.count]
    upward: list[float] = []
    downward: list[float] = []
    if free.target and scale.ceiling > request.target:
        step = max(request.tolerance / 2.0, (scale.ceiling - request.target) / TARGET_STEPS)
        probe = request.target + step
        while probe <= scale.ceiling:
            upward.append(_rounded(probe))
            probe += step
    if free.target and request.target > request.floor:
        step = max(request.tolerance / 2.0, (request.target - request.floor) / TARGET_STEPS)
        probe = request.target - step
        while probe > request.floor:
            downward.append(_rounded(probe))
            probe -= step
        downward.append(request.floor)
    tried: dict[tuple[float, int, tuple[int, int], float], LadderFound | None] = {}

    def attempt(
        target: float, count: int, shape: tuple[int, int], width: float
    ) -> LadderFound | None:
        key = (target, count, shape, width)
        if key not in tried:
            if time.perf_counter() >= deadline:
                raise _OutOfTime
            asked = replace(
                request,
                target=target,
                count=count,
                min_dimensions=shape[0],
                min_difference=shape[1],
                tolerance=width,
            )
            method, outcome = search_band(space, asked, listing, deadline)
            if outcome.stopped and outcome.choices is None:
                raise _OutOfTime
            tried[key] = None if outcome.choices is None else LadderFound(asked, method, outcome)
        return tried[key]

    def first(order: list[tuple[float, int, tuple[int, int]]]) -> LadderFound | None:
        for target, count, shape in order:
            if attempt(target, counts[-1], shapes[-1], widths[-1]) is None:
                continue  # not even the loosest request has a grid at this target
            if attempt(target, count, shape, widths[-1]) is None:
                continue
            grids = [
                found
                for found in (attempt(target, count, shape, width) for width in widths)
                if found is not None
            ]
            return unbeaten(space, grids)
        return None

    at_target = [(request.target, count, shape) for count in counts for shape in shapes]
    up = [(target, count, shape) for count in counts for shape in shapes for target in upward]
    down = [(target, count, shape) for target in downward for count in counts for shape in shapes]
    try:
        return first(at_target) or first(up) or first(down)
    except _OutOfTime:
        return None


def _values(space: OutcomeSpace, outcome: SolverOutcome) -> list[tuple[float, float]]:
    """(value to us, value to them) of each offer of a solved grid."""
    assert outcome.choices is not None
    return [
        (
            float(sum(issue.ours[int(i)] for issue, i in zip(space.issues, row, strict=True))),
            float(sum(issue.theirs[int(i)] for issue, i in zip(space.issues, row, strict=True))),
        )
        for row in outcome.choices
    ]


def beats_offer_by_offer(
    better: list[tuple[float, float]], worse: list[tuple[float, float]], slack: float
) -> bool:
    """Whether one grid beats another offer by offer for both sides.

    True when the offers can be paired one to one so that each offer of ``better`` is at least as
    good for both sides as its partner in ``worse``, and one pair is better for one side: a
    counterpart shown either grid would take ``better``, and so would we.
    """
    from itertools import permutations

    if len(better) != len(worse):
        return False
    for order in permutations(range(len(better))):
        pairs = [(better[index], worse[other]) for other, index in enumerate(order)]
        if all(a[0] >= b[0] - slack and a[1] >= b[1] - slack for a, b in pairs) and any(
            a[0] > b[0] + slack or a[1] > b[1] + slack for a, b in pairs
        ):
            return True
    return False


def unbeaten(space: OutcomeSpace, grids: list[LadderFound]) -> LadderFound | None:
    """The first grid (narrowest band first) that no other grid beats offer by offer.

    ``grids`` are the same request solved at widening bands. Leximin at a wider band is at least
    as good for them, but a narrow band may hold worse offers for both sides; the first grid that
    none of the others beats is the narrowest that gives nothing away against them.
    """
    values = [_values(space, found.outcome) for found in grids]
    everything = [number for grid in values for pair in grid for number in pair]
    slack = slack_of(np.array(everything)) if everything else 0.0
    for position, grid in enumerate(values):
        if not any(
            beats_offer_by_offer(other, grid, slack)
            for number, other in enumerate(values)
            if number != position
        ):
            return replace(grids[position], beat_narrower=position > 0)
    return grids[-1] if grids else None


class _OutOfTime(Exception):
    """The deadline passed during the ladder."""


def relaxations(
    asked: MesoRequest, used: MesoRequest, beaten: bool = False
) -> tuple[Relaxation, ...]:
    """The steps between the request and the one that had a grid, in ladder order.

    ``beaten``: the band was widened because the narrower grid was beaten, not because it had none.
    """
    steps: list[Relaxation] = []
    if used.tolerance != asked.tolerance:
        steps.append(Relaxation("band", asked.tolerance, used.tolerance, 0.0, beaten))
    if used.min_dimensions != asked.min_dimensions:
        steps.append(Relaxation("spread", asked.min_dimensions, used.min_dimensions, 0.0))
    if used.min_difference != asked.min_difference:
        steps.append(Relaxation("difference", asked.min_difference, used.min_difference, 0.0))
    if used.count != asked.count:
        steps.append(Relaxation("count", asked.count, used.count, 0.0))
    if used.target != asked.target:
        cost = max(0.0, asked.target - used.target)
        steps.append(Relaxation("target", asked.target, used.target, cost))
    return tuple(steps)


def diagnose(
    loaded: LoadedCase,
    space: OutcomeSpace,
    scale: ValueScale,
    request: MesoRequest,
    free: Freedom,
    listing: CompliantListing | None,
    deadline: float,
) -> Infeasibility:
    """Explain why no grid exists and find the nearest request that has one."""
    unit = loaded.case.case.currency
    all_ids = list(space.standard_ids)
    if not scale.feasible:
        conflicting = _conflicting(space, all_ids)
        return Infeasibility(
            (
                "no outcome meets every standard at once; these contradict each other: "
                + ", ".join(conflicting),
            ),
            tuple(conflicting),
            None,
        )
    slack = slack_of(np.array([scale.floor, scale.best]))
    if scale.best < scale.floor - slack:
        return Infeasibility(
            (
                f"no compliant outcome reaches our reservation point of {amount(scale.floor, unit)}"
                f": the best is worth {amount(scale.best, unit)} to us, so no offer can both meet "
                "every standard and beat walking away",
                "hold the standards and prepare the walk-away; the warrant gate says whether the "
                "stance is warranted",
            ),
            _blocking(space, all_ids, scale.floor),
            None,
            walk_away=True,
        )
    if time.perf_counter() >= deadline:
        return _stopped(request)
    reasons: list[str] = []
    standards: tuple[str, ...] = ()
    high = request.target + request.tolerance
    if scale.best < request.target - slack:
        standards = _blocking(space, all_ids, request.target)
        reasons.append(
            f"the best compliant outcome is worth {amount(scale.best, unit)} to us, below the "
            f"target of {amount(request.target, unit)}; the target conflicts with: "
            + (", ".join(standards) or "the standards together")
        )
    else:
        reasons.append(
            f"no {request.count} compliant offers worth {amount(request.target, unit)} to "
            f"{amount(high, unit)} to us differ pairwise in {request.min_difference} issues"
            f"{_spread_text(request)} without one being better for both sides than another"
        )
    suggestion = _suggest(space, scale, request, free, listing, deadline)
    if suggestion is None and time.perf_counter() >= deadline:
        return replace(_stopped(request), reasons=(*reasons, *_stopped(request).reasons))
    if suggestion is None:
        reasons.append(
            f"no grid of 2 offers exists at any target from our reservation point of "
            f"{amount(request.floor, unit)} up, however the request is relaxed"
        )
    return Infeasibility(tuple(reasons), standards, suggestion)


def _suggest(
    space: OutcomeSpace,
    scale: ValueScale,
    request: MesoRequest,
    free: Freedom,
    listing: CompliantListing | None,
    deadline: float,
) -> Suggestion | None:
    """The first grid of the ladder with everything free (None when the request was free)."""
    if free == ALL_FREE:
        return None
    found = climb(space, scale, request, ALL_FREE, listing, deadline)
    if found is None:
        return None
    used = found.request
    return Suggestion(
        used.count,
        used.target,
        used.tolerance,
        used.min_difference,
        used.min_dimensions,
        _least_ours(space, found.outcome),
    )


def _least_ours(space: OutcomeSpace, outcome: SolverOutcome) -> float:
    assert outcome.choices is not None
    return float(
        min(
            sum(issue.ours[int(index)] for issue, index in zip(space.issues, row, strict=True))
            for row in outcome.choices
        )
    )


def _stopped(request: MesoRequest) -> Infeasibility:
    return Infeasibility(
        (
            f"the time limit of {request.time_limit:.1f} s ended the search before it found a grid "
            "or proved that none exists",
        ),
        (),
        None,
        stopped=True,
    )


def _blocking(space: OutcomeSpace, all_ids: list[str], value: float) -> tuple[str, ...]:
    """Standards whose removal alone lets our value reach ``value``; else those capping it."""
    blocking = [
        standard_id
        for standard_id in all_ids
        if (best_value_with(space, [s for s in all_ids if s != standard_id]) or -np.inf) >= value
    ]
    if not blocking:
        blocking = [
            standard_id
            for standard_id in all_ids
            if (best_value_with(space, [standard_id]) or -np.inf) < value
        ]
    return tuple(blocking)


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
