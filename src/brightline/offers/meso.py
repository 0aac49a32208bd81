"""MESO: multiple equivalent simultaneous offers, all compliant, spread across dimensions.

The article's grid: put two or three packages on the table at once, each meeting every standard,
each worth the same to us, differing in scope, timing and verification, each with its remedies and
audits. The counterpart's choice among them tells us what they value, and no choice costs us.

Defaults (the issue leaves them to us):

* target: halfway from our reservation point (or, without one, the worst compliant value) to the
  best case: the most value to us of a compliant deal they are estimated to prefer to their
  alternative (the best compliant value when the case has no such estimate);
* tolerance: 2% of our value range (best minus worst value over all outcomes, standards ignored);
* when no grid exists at the default target, the target is moved, and the move is always reported
  (``target_requested`` next to ``target`` in JSON, both in text). Targets half a tolerance apart
  are tried upward first (from the midpoint to the best case: moving up never gives away value),
  then downward (from the midpoint to the reservation point). An explicit ``--target`` is never
  moved;
* when the grid of K offers only exists below the midpoint, a smaller grid that fits at or above
  the midpoint is looked for and named ("3 offers need a target of 68,200 EUR; 2 offers fit at
  219,400 EUR"): the K offers asked for are still returned, but the user learns what the extra
  offer costs and can ask for ``--count 2`` instead;
* every offer is worth at least the target and at most target + tolerance, so any two offers are
  within the tolerance of each other and none gives away value below the target.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from brightline.case.model import OptionValue
from brightline.case.validate import LoadedCase
from brightline.engine.space import IndexArray, OutcomeSpace, compile_space
from brightline.offers.meso_diagnosis import Infeasibility, _diagnose
from brightline.offers.meso_request import (
    DEFAULT_TIME_LIMIT,
    MesoRequest,
    _default_targets,
    _Listing,
    _listing,
    _solve,
    resolve_request,
)
from brightline.offers.meso_search import SolverOutcome
from brightline.offers.valuation import (
    ValueScale,
    amount,
    json_amount,
    offer_safeguards,
    value_scale,
)


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
    """

    outcome: dict[str, OptionValue]
    ours: float
    theirs: float
    standards: tuple[str, ...]
    safeguards: tuple[str, ...]
    dimensions: tuple[str, ...]
    below_their_alternative: bool = False


@dataclass(frozen=True, slots=True)
class MesoResult:
    """A MESO grid with how it was found.

    Attributes:
        offers: The offers, most attractive to them first (empty when none exists).
        target: Least value to us of any offer, in the case currency.
        tolerance: Width of the value band, in the case currency.
        min_difference: Issues in which every pair differs.
        method: ``exhaustive`` (exact search over listed outcomes) or ``milp`` (HiGHS).
        gap: Relative optimality gap of the least value to them (0 when proven optimal, None when
            no set was found and none was proven impossible).
        seconds: Solve time in seconds.
        infeasible: Set when the requested grid does not exist; ``offers`` may then hold the best
            achievable grid.
        currency: The case currency, for display.
        min_dimensions: Distinct dimensions in which every pair differs.
        target_requested: The target asked for (or the default midpoint) before any move.
        notes: Sentences about how the request was met (a moved target, a smaller grid that fits
            at the target asked for, offers worth less to them than their alternative).
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

    def to_json(self) -> dict[str, Any]:
        """The document of ``brightline meso --format json``."""
        return {
            "offers": [
                {
                    "outcome": offer.outcome,
                    "ours": json_amount(offer.ours),
                    "theirs": json_amount(offer.theirs),
                    "below_their_alternative": offer.below_their_alternative,
                    "safeguards": list(offer.safeguards),
                    "standards": list(offer.standards),
                    "dimensions": list(offer.dimensions),
                }
                for offer in self.offers
            ],
            "gap": self.gap,
            "target_requested": json_amount(
                self.target if self.target_requested is None else self.target_requested
            ),
            "target": json_amount(self.target),
            "tolerance": json_amount(self.tolerance),
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
                "best_achievable": {
                    key: value if key == "count" else json_amount(value)
                    for key, value in self.infeasible.best_achievable.items()
                },
            },
        }


def generate_meso(
    loaded: LoadedCase,
    count: int = 3,
    target: float | None = None,
    tolerance: float | None = None,
    min_difference: int = 2,
    method: str = "auto",
    time_limit: float = DEFAULT_TIME_LIMIT,
    space: OutcomeSpace | None = None,
    min_dimensions: int | None = None,
) -> MesoResult:
    """Build the MESO grid of a case.

    Args:
        loaded: The validated case.
        count: Number of offers, 2 to 5.
        target: Least value to us of each offer (case currency); default halfway from the
            reservation point to the best case (see :class:`~brightline.offers.valuation.ValueScale`),
            moved by half tolerances when no grid exists there.
        tolerance: Width of the value band (case currency); default 2% of our value range.
        min_difference: Issues in which every pair of offers must differ.
        method: ``auto`` (exact when small, MILP otherwise), ``exact`` or ``milp``.
        time_limit: Seconds the MILP may run.
        space: The compiled space, when the caller already has it.
        min_dimensions: Distinct dimensions (scope, timing, ...) in which every pair must
            differ; 1 adds nothing to ``min_difference``. Default: 2 when the issues span two
            or more dimensions and ``min_difference`` is at least 2, falling back to 1 (with a
            note) when no such grid exists; else 1.

    Raises:
        UsageError: for a malformed request.
    """
    space = compile_space(loaded) if space is None else space
    dimensions = len({issue.dimension for issue in loaded.case.issues})
    arguments = (count, target, tolerance, min_difference, method, time_limit, space)
    if min_dimensions is not None:
        return _generate(loaded, *arguments, min_dimensions)
    if dimensions < 2 or min_difference < 2:
        return _generate(loaded, *arguments, 1)
    spread = _generate(loaded, *arguments, 2)
    if spread.infeasible is None:
        return spread
    narrow = _generate(loaded, *arguments, 1)
    if narrow.offers:
        note = (
            f"no grid of {count} offers differs pairwise across 2 dimensions (the default when "
            "the issues span several); these offers may differ within one dimension"
        )
        return replace(
            narrow,
            notes=(note, *narrow.notes),
            seconds=spread.seconds + narrow.seconds,
        )
    return spread


def _generate(
    loaded: LoadedCase,
    count: int,
    target: float | None,
    tolerance: float | None,
    min_difference: int,
    method: str,
    time_limit: float,
    space: OutcomeSpace,
    min_dimensions: int,
) -> MesoResult:
    """:func:`generate_meso` with the spread across dimensions decided."""
    scale = value_scale(loaded, space)
    names = sorted({issue.dimension.value for issue in loaded.case.issues})
    groups = tuple(names.index(issue.dimension.value) for issue in loaded.case.issues)
    request = resolve_request(
        scale,
        len(space.issues),
        count,
        target,
        tolerance,
        min_difference,
        method,
        time_limit,
        groups,
        min_dimensions,
    )
    started = time.perf_counter()
    listing = _listing(space, request)
    probes = [request.target] if target is not None else _default_targets(scale, request)
    deadline = started + request.time_limit
    first: tuple[str, SolverOutcome] | None = None
    for probe in probes:
        remaining = max(deadline - time.perf_counter(), 0.5)
        method_used, outcome = _solve(
            space, replace(request, target=probe, time_limit=remaining), listing
        )
        if outcome.choices is not None:
            found = _result(
                loaded, space, replace(request, target=probe), method_used, outcome, started
            )
            notes = _moved_notes(loaded, space, scale, request, probe, listing, deadline)
            notes += _alternative_notes(loaded, found.offers)
            return replace(
                found,
                target_requested=request.target,
                notes=notes,
                seconds=time.perf_counter() - started,
            )
        first = first or (method_used, outcome)
        if time.perf_counter() > deadline:
            break
    assert first is not None
    method_used, outcome = first
    if outcome.infeasible:
        why = _diagnose(loaded, space, scale, request, probes, listing)
    else:
        why = Infeasibility(
            (
                f"the solver found no grid within {request.time_limit:g} s and could not prove "
                "that none exists",
                "raise --time-limit, or lower --count or --min-difference",
            ),
            (),
            {},
        )
    fallback: tuple[MesoOffer, ...] = ()
    achievable_count = int(why.best_achievable.get("count", 0))
    shown_target = request.target
    if 2 <= achievable_count < request.count:
        shown_target = float(why.best_achievable.get("target", request.target))
        smaller = replace(request, count=achievable_count, target=shown_target)
        method_used, retry = _solve(space, smaller, listing)
        if retry.choices is not None:
            fallback = _result(loaded, space, smaller, method_used, retry, started).offers
    gap = 0.0 if outcome.infeasible else None
    return MesoResult(
        fallback,
        shown_target,
        request.tolerance,
        request.min_difference,
        method_used,
        gap,
        time.perf_counter() - started,
        why,
        loaded.case.case.currency,
        request.min_dimensions,
        request.target,
        _alternative_notes(loaded, fallback),
    )


def _moved_notes(
    loaded: LoadedCase,
    space: OutcomeSpace,
    scale: ValueScale,
    request: MesoRequest,
    used: float,
    listing: _Listing | None,
    deadline: float,
) -> tuple[str, ...]:
    """Say how far the default target moved and, when it moved down, what fits where it was."""
    unit = loaded.case.case.currency
    slack = 1e-9 * max(1.0, abs(request.target))
    if abs(used - request.target) <= slack:
        return ()
    asked = amount(request.target, unit)
    if used > request.target:
        return (
            f"no grid of {request.count} offers at the default target of {asked}; the nearest "
            f"above it is at {amount(used, unit)} (more value to us, not less)",
        )
    notes = [
        f"{request.count} offers need a target of {amount(used, unit)}, "
        f"{amount(request.target - used, unit)} below the default target of {asked}"
    ]
    upward = [probe for probe in _default_targets(scale, request) if probe >= request.target]
    for smaller in range(request.count - 1, 1, -1):
        for probe in upward:
            remaining = max(deadline - time.perf_counter(), 0.5)
            _, found = _solve(
                space,
                replace(request, count=smaller, target=probe, time_limit=remaining),
                listing,
            )
            if found.choices is not None:
                notes[0] += (
                    f"; {smaller} offers fit at {amount(probe, unit)}: ask for --count {smaller} "
                    "to keep the target"
                )
                return tuple(notes)
            if time.perf_counter() > deadline:
                return tuple(notes)
    return tuple(notes)


def _alternative_notes(loaded: LoadedCase, offers: tuple[MesoOffer, ...]) -> tuple[str, ...]:
    """Name offers we estimate they would turn down (for us only: it reads their_batna)."""
    below = [number for number, offer in enumerate(offers, 1) if offer.below_their_alternative]
    if not below or loaded.case.their_batna is None:
        return ()
    alternative = amount(loaded.case.their_batna.value, loaded.case.case.their_unit)
    which = ", ".join(str(number) for number in below)
    return (
        f"offer{'s' if len(below) > 1 else ''} {which} {'are' if len(below) > 1 else 'is'} "
        f"estimated to be worth less to them than their alternative ({alternative}): expect "
        "a refusal, or raise --tolerance or lower --target to make room",
    )


def _result(
    loaded: LoadedCase,
    space: OutcomeSpace,
    request: MesoRequest,
    method: str,
    outcome: SolverOutcome,
    started: float,
) -> MesoResult:
    assert outcome.choices is not None
    choices: IndexArray = outcome.choices
    offers = [_offer(loaded, space, choices, row) for row in range(choices.shape[0])]
    offers.sort(key=lambda offer: -offer.theirs)
    least = min(offer.theirs for offer in offers)
    if outcome.optimal:
        gap: float | None = 0.0
    elif outcome.bound is None:
        gap = None
    else:
        gap = max(0.0, outcome.bound - least) / max(abs(outcome.bound), 1e-9)
    return MesoResult(
        tuple(offers),
        request.target,
        request.tolerance,
        request.min_difference,
        method,
        gap,
        time.perf_counter() - started,
        None,
        loaded.case.case.currency,
        request.min_dimensions,
    )


def _offer(loaded: LoadedCase, space: OutcomeSpace, choices: IndexArray, row: int) -> MesoOffer:
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
    )
