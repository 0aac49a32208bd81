"""MESO: multiple equivalent simultaneous offers, all compliant, spread across dimensions.

The article's grid: put two or three packages on the table at once, each meeting every standard,
each worth about the same to us, differing in scope, timing and verification, each with its
remedies and audits. The counterpart's choice among them tells us what they value, and no choice
costs us. What Brightline guarantees (the rest of this docstring says how):

* every offer meets every standard and is worth at least our reservation point (when nothing
  compliant reaches it, there is no grid: the result says so and points at the walk-away);
* no offer of a grid is dominated by another (at least as good for both sides, better for one);
* each offer is the best for them among the compliant outcomes of its value band that keep the
  grid's rules (exactly when the search is exhaustive or the MILP proves optimality; otherwise the
  gap is reported);
* every offer carries the "value left on the table": the compliant outcome that beats it for both
  sides and gives us the most, if one exists;
* every relaxation is reported with its cost in money against the requested target, and every
  suggestion is a request that was solved.

Defaults (the issue leaves them to us):

* target: halfway from our reservation point (or, without one, the worst compliant value) to the
  best case: the most value to us of a compliant deal they are estimated to prefer to their
  alternative (the best compliant value when the case has no such estimate);
* tolerance: 2% of our value range (best minus worst value over all outcomes, standards ignored);
* count: 3; pairs differ in 2+ issues, across 2 dimensions when the issues span two or more;
* when no grid exists as asked, what was left to the defaults is relaxed in the order of
  :mod:`brightline.offers.meso_diagnosis` (band, spread, count, and only then the target).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from brightline.actions import action_json
from brightline.amounts import amount
from brightline.case.model import OptionValue
from brightline.case.validate import LoadedCase
from brightline.engine.space import IndexArray, OutcomeSpace, compile_space
from brightline.engine.thinning import Thinning, best_theirs_from, thin_space
from brightline.offers.meso_diagnosis import (
    Freedom,
    Infeasibility,
    Relaxation,
    band_cap,
    climb,
    diagnose,
    relaxations,
)
from brightline.offers.meso_request import (
    DEFAULT_COUNT,
    DEFAULT_TIME_LIMIT,
    compliant_listing,
    default_min_difference,
    resolve_request,
)
from brightline.offers.meso_search import SolverOutcome, dominates, slack_of
from brightline.offers.valuation import (
    json_amount,
    offer_safeguards,
    value_scale,
)

if TYPE_CHECKING:
    from brightline.engine.frontier import Frontier


@dataclass(frozen=True, slots=True)
class LeftOnTable:
    """A compliant outcome that beats an offer for both sides (for us only: it reads our values).

    Attributes:
        outcome: Issue id -> option of that outcome.
        ours: Its value to us (case currency).
        theirs: Its estimated value to them (their unit).
        more_ours: How much more it gives us than the offer.
        more_theirs: How much more it gives them.
        strictly: Whether it is better for both sides; False when no compliant outcome is, and
            this one is only as good for one side and better for the other (the words say so).
    """

    outcome: dict[str, OptionValue]
    ours: float
    theirs: float
    more_ours: float
    more_theirs: float
    strictly: bool = True


@dataclass(frozen=True, slots=True)
class MesoOffer:
    """One offer of the grid.

    Attributes:
        outcome: Issue id -> chosen option.
        ours: Value to us, in the case currency.
        theirs: Estimated value to them, in their value unit.
        standards: Standards in force on this offer (conditional ones only when their condition
            holds).
        safeguards: Safeguard ids those standards bring: the remedies and audits the offer carries.
        dimensions: Dimensions in which this offer differs from at least one other offer.
        below_their_alternative: Whether its estimated value to them is below their estimated
            alternative (``their_batna``): they would likely turn it down.
        left_on_table: The compliant outcome beating it for both sides that gives us the most
            (None when the offer is on the compliant frontier).
    """

    outcome: dict[str, OptionValue]
    ours: float
    theirs: float
    standards: tuple[str, ...]
    safeguards: tuple[str, ...]
    dimensions: tuple[str, ...]
    below_their_alternative: bool = False
    left_on_table: LeftOnTable | None = None


@dataclass(frozen=True, slots=True)
class MesoResult:
    """A MESO grid with how it was found.

    Attributes:
        offers: The offers, most attractive to them first (empty when none exists).
        target: Least value to us any offer may have, in the case currency.
        tolerance: Width of the value band, in the case currency.
        min_difference: Issues in which every pair differs.
        method: ``exhaustive`` (exact search over listed outcomes) or ``milp`` (HiGHS).
        gap: Relative optimality gap of the least value to them (0 when proven optimal, None when
            no grid was found or no bound is known).
        seconds: Wall time of the whole request, in seconds.
        infeasible: Set when no grid exists (``offers`` is then empty).
        currency: The case currency, for display.
        min_dimensions: Distinct dimensions in which every pair differs.
        target_requested: The target asked for (or the default midpoint) before any relaxation.
        notes: Sentences for us (offers below their estimated alternative).
        count_requested: Offers asked for (or the default).
        tolerance_requested: Band width asked for (or the default).
        min_dimensions_requested: Spread asked for (or the default).
        relaxations: The ladder's steps that were needed, each with its cost.
        band_cap: The widest band the ladder may use, in the case currency.
        reservation: The floor no offer goes below: our reservation point, or the least compliant
            value when the case has none.
    """

    offers: tuple[MesoOffer, ...]
    target: float
    tolerance: float
    min_difference: int
    method: str
    gap: float | None
    seconds: float
    infeasible: Infeasibility | None = None
    currency: str = field(default="")
    min_dimensions: int = 1
    target_requested: float | None = None
    notes: tuple[str, ...] = ()
    count_requested: int = DEFAULT_COUNT
    tolerance_requested: float | None = None
    min_dimensions_requested: int | None = None
    relaxations: tuple[Relaxation, ...] = ()
    band_cap: float = 0.0
    reservation: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The document of ``brightline meso --format json``."""
        suggestion = None if self.infeasible is None else self.infeasible.suggestion
        return {
            "offers": [_offer_json(offer) for offer in self.offers],
            "gap": self.gap,
            "target_requested": json_amount(
                self.target if self.target_requested is None else self.target_requested
            ),
            "target": json_amount(self.target),
            "tolerance": json_amount(self.tolerance),
            "band_cap": json_amount(self.band_cap),
            "count_requested": self.count_requested,
            "relaxations": [
                {
                    "kind": step.kind,
                    "asked": json_amount(step.asked),
                    "used": json_amount(step.used),
                    "cost": json_amount(step.cost),
                    "beaten": step.beaten,
                }
                for step in self.relaxations
            ],
            "notes": list(self.notes),
            "min_difference": self.min_difference,
            "min_dimensions": self.min_dimensions,
            "method": self.method,
            "seconds": round(self.seconds, 4),
            "infeasible": None
            if self.infeasible is None
            else {
                "reasons": list(self.infeasible.reasons),
                "standards": list(self.infeasible.standards),
                "walk_away": self.infeasible.walk_away,
                "stopped": self.infeasible.stopped,
                "suggestion": None
                if suggestion is None
                else {**suggestion.to_json(), "action": action_json(suggestion.action())},
            },
        }


def _offer_json(offer: MesoOffer) -> dict[str, Any]:
    left = offer.left_on_table
    return {
        "outcome": offer.outcome,
        "ours": json_amount(offer.ours),
        "theirs": json_amount(offer.theirs),
        "below_their_alternative": offer.below_their_alternative,
        "safeguards": list(offer.safeguards),
        "standards": list(offer.standards),
        "dimensions": list(offer.dimensions),
        "left_on_table": None
        if left is None
        else {
            "outcome": left.outcome,
            "ours": json_amount(left.ours),
            "theirs": json_amount(left.theirs),
            "more_ours": json_amount(left.more_ours),
            "more_theirs": json_amount(left.more_theirs),
            "better_for_both": left.strictly,
        },
    }


@dataclass(frozen=True, slots=True)
class MesoAsk:
    """What a caller asks of a MESO grid; ``None`` leaves a choice (and its relaxation) to us.

    One object instead of the same eight parameters written out by every function on the way
    from an adapter to the search.

    Attributes:
        count: Number of offers, 2 to 5 (default 3, lowered when no grid of 3 exists).
        target: Least value to us of each offer (case currency), never below the reservation
            point; default halfway from the reservation point to the best case (see
            :class:`~brightline.offers.valuation.ValueScale`), lowered only as the ladder's last
            step.
        tolerance: Width of the value band (case currency); default 2% of our value range,
            widened up to :data:`~brightline.offers.meso_diagnosis.BAND_CAP_SHARE` when needed.
        min_difference: Issues in which every pair of offers must differ (default 2, or every
            issue of a case with fewer; relaxed down to 1 when needed).
        min_dimensions: Distinct dimensions (scope, timing, ...) in which every pair must
            differ. Default: 2 when the issues span two or more dimensions and
            ``min_difference`` is at least 2, relaxed to 1 when needed; else 1.
        method: ``auto`` (exact when small, MILP otherwise), ``exact`` or ``milp``.
        time_limit: Seconds the whole request may take (wall clock, every solve included).
        started: The ``time.perf_counter()`` value the time limit counts from, when the caller
            already spent some of it (loading the case); default: when the search starts.
    """

    count: int | None = None
    target: float | None = None
    tolerance: float | None = None
    min_difference: int | None = None
    min_dimensions: int | None = None
    method: str = "auto"
    time_limit: float = DEFAULT_TIME_LIMIT
    started: float | None = None


def generate_meso(
    loaded: LoadedCase,
    ask: MesoAsk | None = None,
    *,
    space: OutcomeSpace | None = None,
    frontier: Frontier | None = None,
) -> MesoResult:
    """Build the MESO grid of a case.

    A case with fine numeric grids (a price from 0 to 100,000 in steps of 1) is searched on the
    bounded space of :func:`brightline.engine.thinning.thin_space`, which keeps every bend of the
    value curves and every threshold of the standards; the result then says what was searched
    and states its gap against the exact frontier of the full case.

    Args:
        loaded: The validated case.
        ask: The request (default: every choice left to the defaults).
        space: The compiled space, when the caller already has it.
        frontier: The compliant Pareto frontier of ``space``, when the caller already has it
            (the plan's context computed it for the sweep): it sets the best case and the value
            each offer leaves on the table, so it is computed at most once per report.

    Raises:
        UsageError: for a malformed request, or a target below the reservation point.
    """
    ask = MesoAsk() if ask is None else ask
    if ask.started is None:
        from dataclasses import replace

        ask = replace(ask, started=time.perf_counter())
    space = compile_space(loaded) if space is None else space
    bounded = thin_space(space)
    if bounded.exact:
        return _generate_meso(loaded, ask, space, _frontier_once(space, frontier))
    # The bounded space has outcomes of its own, so its offers are measured on its own frontier;
    # the full frontier (the caller's, if given) only bounds the gap.
    found = _generate_meso(loaded, ask, bounded.space, _frontier_once(bounded.space, None))
    return _on_bounded_space(found, bounded, space, frontier)


def _frontier_once(space: OutcomeSpace, frontier: Frontier | None) -> Callable[[], Frontier]:
    """The compliant frontier of ``space``: the given one, or computed on first use, once.

    Lazy because a request that finds no grid in a case without their alternative never needs
    it, and a case too large to merge must still be told why no grid exists.
    """
    from brightline.engine.frontier import pareto_frontier

    computed: list[Frontier] = [] if frontier is None else [frontier]

    def get() -> Frontier:
        if not computed:
            computed.append(pareto_frontier(space))
        return computed[0]

    return get


def _on_bounded_space(
    found: MesoResult, bounded: Thinning, space: OutcomeSpace, frontier: Frontier | None
) -> MesoResult:
    """A grid found on the bounded space, with what was searched and a gap against the full one.

    The grid's offers are real outcomes of the case; what the search may have missed is a better
    choice between the kept grid points, so the gap is measured against the most any compliant
    outcome at the target is worth to them (exact, from the full frontier).
    """
    note = bounded.describe()
    if not found.offers:
        return _with(found, gap=None, notes=(note, *found.notes))
    least = min(offer.theirs for offer in found.offers)
    ceiling = best_theirs_from(space, found.target, frontier)
    gap = None if ceiling is None else max(0.0, ceiling - least) / max(abs(ceiling), 1e-9)
    return _with(found, gap=gap, notes=(note, *found.notes))


def _generate_meso(
    loaded: LoadedCase, ask: MesoAsk, space: OutcomeSpace, frontier: Callable[[], Frontier]
) -> MesoResult:
    """The grid on one space (arguments as in :func:`generate_meso`; ``ask.started`` is set)."""
    assert ask.started is not None
    started = ask.started
    scale = value_scale(loaded, space, frontier)
    names = sorted({issue.dimension.value for issue in loaded.case.issues})
    groups = tuple(names.index(issue.dimension.value) for issue in loaded.case.issues)
    difference = (
        default_min_difference(len(space.issues))
        if ask.min_difference is None
        else ask.min_difference
    )
    spread = 2 if len(names) >= 2 and difference >= 2 else 1
    request = resolve_request(
        scale,
        len(space.issues),
        DEFAULT_COUNT if ask.count is None else ask.count,
        ask.target,
        ask.tolerance,
        difference,
        ask.method,
        ask.time_limit,
        groups,
        spread if ask.min_dimensions is None else ask.min_dimensions,
    )
    free = Freedom(
        ask.tolerance is None,
        ask.min_dimensions is None,
        ask.count is None,
        ask.target is None,
        ask.min_difference is None,
    )
    deadline = started + request.time_limit
    listing = compliant_listing(space, request)
    slack = slack_of(np.array([scale.floor, scale.best]))
    found = None
    if scale.feasible and scale.best >= scale.floor - slack:
        found = climb(space, scale, request, free, listing, deadline)
    base = MesoResult(
        (),
        request.target,
        request.tolerance,
        request.min_difference,
        "exhaustive" if listing is not None else "milp",
        None,
        0.0,
        None,
        loaded.case.case.currency,
        request.min_dimensions,
        request.target,
        (),
        request.count,
        request.tolerance,
        request.min_dimensions,
        (),
        band_cap(scale, request.tolerance),
        scale.floor,
    )
    if found is None:
        why = diagnose(loaded, space, scale, request, free, listing, deadline)
        return _with(base, infeasible=why, seconds=time.perf_counter() - started)
    offers = _offers(loaded, space, found.outcome, frontier())
    return _with(
        base,
        offers=offers,
        target=found.request.target,
        tolerance=found.request.tolerance,
        min_dimensions=found.request.min_dimensions,
        min_difference=found.request.min_difference,
        method=found.method,
        gap=_gap(found.outcome, offers),
        relaxations=relaxations(request, found.request, found.beat_narrower),
        notes=_alternative_notes(loaded, offers),
        seconds=time.perf_counter() - started,
    )


def _with(result: MesoResult, **changes: Any) -> MesoResult:
    from dataclasses import replace

    return replace(result, **changes)


def _gap(outcome: SolverOutcome, offers: tuple[MesoOffer, ...]) -> float | None:
    """0 when proven optimal; else the relative distance of the least value to them to its bound."""
    if outcome.optimal:
        return 0.0
    if outcome.bound is None:
        return None
    least = min(offer.theirs for offer in offers)
    return max(0.0, outcome.bound - least) / max(abs(outcome.bound), 1e-9)


def _alternative_notes(loaded: LoadedCase, offers: tuple[MesoOffer, ...]) -> tuple[str, ...]:
    """Name offers we estimate they would turn down (for us only: it reads their_batna)."""
    below = [number for number, offer in enumerate(offers, 1) if offer.below_their_alternative]
    if not below or loaded.case.their_batna is None:
        return ()
    alternative = amount(loaded.case.their_batna.value, loaded.case.case.their_unit)
    which = ", ".join(str(number) for number in below)
    plural = len(below) > 1
    return (
        f"offer{'s' if plural else ''} {which} {'are' if plural else 'is'} estimated to be worth "
        f"less to them than their alternative ({alternative}): expect a refusal",
    )


def _offers(
    loaded: LoadedCase, space: OutcomeSpace, outcome: SolverOutcome, frontier: Frontier
) -> tuple[MesoOffer, ...]:
    """The offers of a solved grid, most attractive to them first, each with what it leaves."""
    assert outcome.choices is not None
    choices: IndexArray = outcome.choices
    offers = [_offer(loaded, space, choices, row, frontier) for row in range(choices.shape[0])]
    offers.sort(key=lambda offer: (-offer.theirs, -offer.ours))
    return tuple(offers)


def _offer(
    loaded: LoadedCase, space: OutcomeSpace, choices: IndexArray, row: int, frontier: Frontier
) -> MesoOffer:
    picked = choices[row]
    outcome = space.outcome(picked)
    ours = float(
        sum(issue.ours[int(index)] for issue, index in zip(space.issues, picked, strict=True))
    )
    theirs = float(
        sum(issue.theirs[int(index)] for issue, index in zip(space.issues, picked, strict=True))
    )
    standards, safeguards = offer_safeguards(loaded, outcome)
    their_batna = loaded.case.their_batna
    below = their_batna is not None and theirs < their_batna.value - 1e-9 * max(
        1.0, abs(their_batna.value)
    )
    dimensions: list[str] = []
    for position, issue in enumerate(loaded.case.issues):
        differs = any(
            int(choices[other, position]) != int(picked[position])
            for other in range(choices.shape[0])
            if other != row
        )
        if differs and issue.dimension.value not in dimensions:
            dimensions.append(issue.dimension.value)
    return MesoOffer(
        outcome,
        ours,
        theirs,
        tuple(standards),
        tuple(safeguards),
        tuple(sorted(dimensions)),
        below,
        _left_on_table(space, frontier, ours, theirs),
    )


def _left_on_table(
    space: OutcomeSpace, frontier: Frontier, ours: float, theirs: float
) -> LeftOnTable | None:
    """The compliant frontier point beating (ours, theirs) for both sides with the most for us.

    "For both sides" means better for both: a point that is only as good for them and better for
    us is no gain they would see, so it is reported only when no point is better for both, and then
    marked (``strictly`` False) so the words say "as good for them". The frontier holds every
    non-dominated compliant pair, so any compliant outcome that beats the offer is matched or
    beaten by a frontier point that also beats it; the frontier is ordered by value to us
    descending, so the first point that beats the offer gives us the most.
    """
    slack = max(slack_of(frontier.ours), slack_of(frontier.theirs))
    strict = (frontier.ours > ours + slack) & (frontier.theirs > theirs + slack)
    beating = np.flatnonzero(strict)
    strictly = beating.shape[0] > 0
    if not strictly:
        beating = np.flatnonzero(dominates(frontier.ours, frontier.theirs, ours, theirs, slack))
    if beating.shape[0] == 0:
        return None
    point = int(beating[0])
    better_ours, better_theirs = float(frontier.ours[point]), float(frontier.theirs[point])
    return LeftOnTable(
        space.outcome(frontier.choices[point]),
        better_ours,
        better_theirs,
        better_ours - ours,
        better_theirs - theirs,
        strictly,
    )
