"""Counters that never overpay: the minimal repair of their offer, and a few of equal value to us.

A counter is an answer to what they asked for, so it is measured against their offer issue by
issue. The rules, in order:

1. Every counter meets every standard and is worth at least ``floor`` to us (the caller never
   passes a floor below our reservation point).
2. No counter gives them more than they asked on an issue (an option estimated to be worth more to
   them than the one they offered) unless the repair within their ask leaves them below their
   estimated alternative: only then do the counters give the least such extra that clears it
   (``overpay``, the sum over issues of what a counter gives above their ask, in their unit), and
   no more. Reaching our own ``floor`` is a reason to give them more than they asked only when
   the counter is then better for both sides than their own offer (more of what both value, as a
   full rollout instead of one division: no value given away); otherwise, when no counter within
   their ask reaches it, there is no counter at that floor (the caller tries a lower one). When no
   counter clears their alternative at all, the counters stay within what they asked, and the
   caller flags them "likely refused".
3. The first counter is the minimal repair: fewest changed issues, then the one worth most to them
   (the smallest move away from their ask).
4. The others lie within half a ``band`` of the first in value to us (so no two differ by more than
   ``band``), so they can be shown together as a
   small MESO: equal to us, they pick the one they like best. None is dominated by another shown
   (worth no more to either side and less to one): they would never pick it. Each is a real
   trade against the first: better for them on at least one issue (an option estimated to be
   worth more to them than the first counter's). An alternative that only adds demands to the
   first (a smaller discount *and* a later start) is worse for them on every issue: shown
   beside the first it is no choice, only a harder version of it, so it is left out.

Small spaces are listed; large ones are solved as MILPs with the same rules (the number of changes
weighs above the whole spread of value to them, so the order is lexicographic).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from brightline.engine.space import FloatArray, IndexArray, OutcomeSpace, enumerate_outcomes
from brightline.engine.thinning import thin_space

LISTING_LIMIT = 400_000
"""Spaces up to this many outcomes are listed; larger ones go to the MILP."""


@dataclass(frozen=True, slots=True)
class CounterChoice:
    """One counter-offer as option indices, with its values.

    Attributes:
        choices: Option index per issue.
        changed: Number of issues that differ from the offer.
        ours: Value to us, in the case currency.
        theirs: Estimated value to them, in their value unit.
        overpay: What it gives them above their ask, summed over issues (their unit; 0 when every
            issue stays at or below what they asked).
    """

    choices: IndexArray
    changed: int
    ours: float
    theirs: float
    overpay: float


@dataclass(frozen=True, slots=True)
class CounterRequest:
    """What a counter search needs.

    Attributes:
        offer: Option index per issue of their offer; -1 where its value is off the grid (any
            grid value is then a change).
        asked: Estimated value to them of each issue's value in their offer (their unit), read
            from the value curve, so off-grid numbers count too.
        floor: Least value to us a counter may have (case currency).
        their_floor: Their estimated alternative (their unit), or None when not estimated.
        band: Most two counters may differ in value to us (case currency): the others lie within
            half of it of the first.
        limit: How many counters to return.
        time_limit: Seconds per MILP solve on large spaces.
        offer_ours: The offer's value to us, when known: a counter that gives them more than they
            asked to reach ``floor`` must then be better than the offer for both sides.
    """

    offer: IndexArray
    asked: FloatArray
    floor: float
    their_floor: float | None
    band: float
    limit: int = 3
    time_limit: float = 10.0
    offer_ours: float | None = None

    def joint_gain(self, ours: FloatArray, theirs: FloatArray) -> np.ndarray:
        """Which counters are better than their offer for both sides (none without offer_ours)."""
        if self.offer_ours is None:
            return np.zeros(ours.shape[0], dtype=bool)
        offer_theirs = float(self.asked.sum())
        return np.asarray(
            (ours > self.offer_ours + _slack(self.offer_ours))
            & (theirs > offer_theirs + _slack(offer_theirs))
        )


def repair_counters(space: OutcomeSpace, request: CounterRequest) -> list[CounterChoice]:
    """The counters to their offer, minimal repair first (see the module docstring)."""
    if request.limit < 1:
        return []
    bounded = thin_space(space, keep=request.offer)  # fine grids: bends, thresholds, their ask
    if not bounded.exact:
        on_bounded = replace(request, offer=bounded.to_bounded(request.offer))
        found = repair_counters(bounded.space, on_bounded)
        return [replace(choice, choices=bounded.to_full(choice.choices)) for choice in found]
    if space.size <= LISTING_LIMIT:
        return _listed(space, request)
    return _solved(space, request)


def _slack(value: float) -> float:
    return 1e-9 * max(1.0, abs(value))


def _overpay_of(
    space: OutcomeSpace, asked: FloatArray, choices: IndexArray, issues: tuple[int, ...]
) -> FloatArray:
    """Sum over ``issues`` of what each row of ``choices`` gives them above their ask."""
    total = np.zeros(choices.shape[0], dtype=np.float64)
    for column, position in enumerate(issues):
        extra = space.issues[position].theirs[choices[:, column]] - asked[position]
        total += np.maximum(extra, 0.0)
    return total


def _listed(space: OutcomeSpace, request: CounterRequest) -> list[CounterChoice]:
    listed = enumerate_outcomes(space)
    positions = tuple(range(len(space.issues)))
    overpay = _overpay_of(space, request.asked, listed.choices, positions)
    changed = (listed.choices != request.offer[None, :]).sum(axis=1)
    base = listed.compliant & (listed.ours >= request.floor - _slack(request.floor)) & (changed > 0)
    if not base.any():
        return []
    within = base & (overpay <= _slack(float(np.abs(request.asked).sum())))
    usable = within
    if request.their_floor is not None:
        clears = base & (listed.theirs >= request.their_floor - _slack(request.their_floor))
        if (clears & within).any():
            usable = clears & within
        elif within.any() and clears.any():
            usable = clears  # every repair within their ask leaves them below their alternative
    if not within.any():  # our floor is out of reach within their ask: only a joint gain will do
        usable = base & request.joint_gain(listed.ours, listed.theirs)
    if not usable.any():
        return []
    need = float(overpay[usable].min())
    usable &= overpay <= need + _slack(need)
    rows = np.flatnonzero(usable)
    order = rows[np.lexsort((rows, -listed.theirs[rows], changed[rows]))]
    first = int(order[0])
    half = request.band / 2.0
    near = np.abs(listed.ours[order] - listed.ours[first]) <= half + _slack(half)
    found: list[CounterChoice] = []
    for row in order[near]:
        counter = CounterChoice(
            listed.choices[row],
            int(changed[row]),
            float(listed.ours[row]),
            float(listed.theirs[row]),
            float(overpay[row]),
        )
        if _fits(space, counter, found):
            found.append(counter)
        if len(found) == request.limit:
            break
    return found


def _trades(space: OutcomeSpace, counter: CounterChoice, first: CounterChoice) -> bool:
    """Whether ``counter`` gives them more than ``first`` on at least one issue (a real trade)."""
    for position, issue in enumerate(space.issues):
        mine, theirs = (
            issue.theirs[counter.choices[position]],
            issue.theirs[first.choices[position]],
        )
        if float(mine) > float(theirs) + _slack(float(theirs)):
            return True
    return False


def _fits(space: OutcomeSpace, counter: CounterChoice, found: list[CounterChoice]) -> bool:
    """Whether ``counter`` may be shown beside ``found``: no domination, a trade on the first."""
    if _clashes(counter, found):
        return False
    return not found or _trades(space, counter, found[0])


def _clashes(counter: CounterChoice, found: list[CounterChoice]) -> bool:
    """Whether ``counter`` would sit beside one it beats or that beats it, for both sides.

    Counters are found fewest changes first, so a later one can beat an earlier one: the first
    is the minimal repair and stays; a later counter that beats any shown is left out too (it
    is worth at most half the band more to us, and showing a beaten option only invites the
    question why we offered it).
    """
    return any(dominates(kept, counter) or dominates(counter, kept) for kept in found)


def dominates(left: CounterChoice, right: CounterChoice) -> bool:
    """Whether ``left`` is worth at least as much to both sides as ``right``, and more to one."""
    at_least = left.ours >= right.ours - _slack(
        right.ours
    ) and left.theirs >= right.theirs - _slack(right.theirs)
    more = left.ours > right.ours + _slack(right.ours) or left.theirs > right.theirs + _slack(
        right.theirs
    )
    return at_least and more


class _Model:
    """The MILP of one counter search: one binary column per allowed row of each component."""

    def __init__(self, space: OutcomeSpace, request: CounterRequest) -> None:
        self.space = space
        self.rows_of = [np.flatnonzero(component.allowed(None)) for component in space.components]
        self.feasible = all(rows.shape[0] > 0 for rows in self.rows_of)
        if not self.feasible:
            return
        components = space.components
        self.ours = np.concatenate([components[c].ours[r] for c, r in enumerate(self.rows_of)])
        self.theirs = np.concatenate([components[c].theirs[r] for c, r in enumerate(self.rows_of)])
        self.changes = np.concatenate(
            [
                (components[c].choices[r] != request.offer[list(components[c].issues)]).sum(axis=1)
                for c, r in enumerate(self.rows_of)
            ]
        ).astype(np.float64)
        self.overpay = np.concatenate(
            [
                _overpay_of(space, request.asked, components[c].choices[r], components[c].issues)
                for c, r in enumerate(self.rows_of)
            ]
        )
        self.columns = self.ours.shape[0]
        self.offsets = np.cumsum([0, *[rows.shape[0] for rows in self.rows_of]])
        self.rows: list[tuple[IndexArray, FloatArray, float, float]] = []
        for component in range(len(self.rows_of)):
            span = np.arange(self.offsets[component], self.offsets[component + 1], dtype=np.int64)
            self.add(span, np.ones(span.shape[0]), 1.0, 1.0)
        everything = np.arange(self.columns, dtype=np.int64)
        self.everything = everything
        self.add(everything, self.ours, request.floor - _slack(request.floor), np.inf)
        self.add(everything, self.changes, 1.0, np.inf)  # a counter changes something

    def add(self, cols: IndexArray, vals: FloatArray, low: float, high: float) -> None:
        self.rows.append((cols, vals, low, high))

    def solve(self, objective: FloatArray, time_limit: float) -> IndexArray | None:
        """Columns picked by the optimum, or None when infeasible or stopped without a point."""
        from scipy.sparse import coo_array

        from brightline.offers.milp import solve_milp

        row_index = [
            np.full(cols.shape[0], n, dtype=np.int64) for n, (cols, *_) in enumerate(self.rows)
        ]
        matrix = coo_array(
            (
                np.concatenate([vals for _, vals, _, _ in self.rows]),
                (np.concatenate(row_index), np.concatenate([cols for cols, *_ in self.rows])),
            ),
            shape=(len(self.rows), self.columns),
        ).tocsr()
        result = solve_milp(
            objective,
            np.ones(self.columns, dtype=np.int64),
            np.zeros(self.columns),
            np.ones(self.columns),
            matrix,
            np.array([low for *_, low, _ in self.rows]),
            np.array([high for *_, high in self.rows]),
            time_limit,
        )
        if result.x is None:
            return None
        return np.flatnonzero(result.x > 0.5).astype(np.int64)

    def choice(self, picked: IndexArray) -> CounterChoice:
        choices = np.zeros(len(self.space.issues), dtype=np.int64)
        for component, rows in enumerate(self.rows_of):
            start, stop = self.offsets[component], self.offsets[component + 1]
            local = picked[(picked >= start) & (picked < stop)]
            row = int(rows[int(local[0] - start)])
            owner = self.space.components[component]
            choices[list(owner.issues)] = owner.choices[row]
        return CounterChoice(
            choices,
            round(float(self.changes[picked].sum())),
            float(self.ours[picked].sum()),
            float(self.theirs[picked].sum()),
            float(self.overpay[picked].sum()),
        )


def _solved(space: OutcomeSpace, request: CounterRequest) -> list[CounterChoice]:
    model = _Model(space, request)
    if not model.feasible:
        return []
    everything = model.everything
    within = _slack(float(np.abs(request.asked).sum()))
    cheapest = model.solve(model.overpay, request.time_limit)
    if cheapest is None:
        return []  # nothing compliant reaches the floor
    least = None
    if float(model.overpay[cheapest].sum()) > within:
        # Our floor is out of reach within their ask: only a counter better than their offer
        # for both sides may give them more than they asked.
        if request.offer_ours is None:
            return []
        offer_theirs = float(request.asked.sum())
        model.add(everything, model.ours, request.offer_ours + _slack(request.offer_ours), np.inf)
        model.add(everything, model.theirs, offer_theirs + _slack(offer_theirs), np.inf)
        least = model.solve(model.overpay, request.time_limit)
        if least is None:
            return []
    elif request.their_floor is not None:
        model.add(
            everything, model.theirs, request.their_floor - _slack(request.their_floor), np.inf
        )
        least = model.solve(model.overpay, request.time_limit)
        if least is None:
            model.rows.pop()  # nothing clears their alternative: stay within their ask
    if least is None:
        least = cheapest
    need = float(model.overpay[least].sum())
    model.add(everything, model.overpay, -np.inf, need + _slack(need))
    spread = float(model.theirs.max() - model.theirs.min()) if model.columns else 0.0
    weight = spread * len(model.rows_of) + 1.0
    objective = model.changes * weight - model.theirs
    found: list[CounterChoice] = []
    for _ in range(4 * request.limit):  # dominated solutions are skipped, so allow a few more
        if len(found) == request.limit:
            break
        picked = model.solve(objective, request.time_limit)
        if picked is None:
            break
        counter = model.choice(picked)
        model.add(picked, np.ones(picked.shape[0]), -np.inf, len(model.rows_of) - 1.0)
        if not _fits(space, counter, found):
            continue
        if not found:
            half = request.band / 2.0
            low = counter.ours - half - _slack(half)
            model.add(everything, model.ours, low, counter.ours + half + _slack(half))
        found.append(counter)
    return found
