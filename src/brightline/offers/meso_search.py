"""The two MESO solvers: an exact search over listed candidates, and a MILP for large spaces.

Both solve the same problem. Pick ``count`` outcomes that meet every standard, are each worth
between the target and target + tolerance to us, differ pairwise in at least ``min_difference``
issues (and ``min_dimensions`` dimensions), and of which none is dominated by another (no offer of
the grid is at least as good for both sides as another and better for one: a counterpart who sees
both would never pick the weaker one, and we would never prefer it). Among those grids, the values
to them sorted from least to most attractive are maximised lexicographically (leximin): first
the least attractive offer, then the next. A leximin grid has the property a negotiator needs:
no single offer can be swapped for a compliant outcome of the band that keeps the grid's rules and
is better for them, because that swap would raise the sorted vector.

The exact search walks candidates from most to least attractive to them. The first candidate that
completes a set with earlier (more attractive) candidates is the least attractive member of a
maximin set; each offer is then replaced, while any replacement improves it, by the best candidate
that keeps the rules with the others (best-response ascent, which ends at a grid where no single
swap helps them: exactly the property above, checked over every listed candidate).

The MILP (HiGHS (see :mod:`brightline.offers.milp`)) picks one allowed row per component per offer,
so every standard holds by construction; a continuous indicator per pair and issue can be 1 only
where the two offers choose different options, and each pair needs ``min_difference`` of them.
Offers are ordered by value to them (ascending); non-domination is then "value to us descending,
strictly unless both values tie", one binary per adjacent pair. The leximin is solved in stages,
each fixing the floors of the offers before it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from brightline.engine.space import FloatArray, IndexArray, OutcomeSpace

EXACT_NODE_BUDGET = 200_000
"""Search steps the exact method may take before handing the problem to the MILP."""

EXACT_COMPARE_BUDGET = 40_000_000
"""Candidate-to-candidate comparisons the exact method may make before handing over."""

RELATIVE_SLACK = 1e-6
"""Values closer than this share of the largest value are the same value (float sums of the same
options in another order differ in the last digits)."""


class SearchBudgetExceeded(Exception):
    """The exact search would take too long; the caller switches to the MILP."""


@dataclass(frozen=True, slots=True)
class GridRules:
    """What every pair of offers in a grid must satisfy, besides the value band.

    Attributes:
        count: Number of offers.
        min_difference: Issues in which every pair differs.
        groups: Dimension index per issue, or None when pairs need not span dimensions.
        min_dimensions: Distinct dimensions in which every pair differs (1: no constraint).
    """

    count: int
    min_difference: int
    groups: IndexArray | None = None
    min_dimensions: int = 1


@dataclass(frozen=True, slots=True)
class SolverOutcome:
    """What a solver found.

    Attributes:
        choices: ``(count, issues)`` option indices of the offers, or None when none was found.
        optimal: Whether the grid is proven leximin-optimal (every offer a best response).
        bound: Upper bound on the least value to them of any feasible grid (their unit), when known.
        infeasible: Whether the solver proved that no grid exists.
        stopped: Whether a time limit stopped the solver (``optimal`` is then False).
    """

    choices: IndexArray | None
    optimal: bool
    bound: float | None
    infeasible: bool
    stopped: bool = False


def slack_of(values: FloatArray) -> float:
    """The tie tolerance for a set of values: :data:`RELATIVE_SLACK` of the largest magnitude."""
    largest = float(np.abs(values).max()) if values.shape[0] else 1.0
    return RELATIVE_SLACK * max(1.0, largest)


def dominates(
    ours: FloatArray, theirs: FloatArray, other_ours: float, other_theirs: float, slack: float
) -> np.ndarray:
    """Which points are at least as good for both sides as the other point and better for one."""
    up_ours, up_theirs = ours - other_ours, theirs - other_theirs
    weakly = (up_ours >= -slack) & (up_theirs >= -slack)
    return np.asarray(weakly & ((up_ours > slack) | (up_theirs > slack)))


def exact_search(
    choices: IndexArray,
    ours: FloatArray,
    theirs: FloatArray,
    rules: GridRules,
    slack: float,
) -> SolverOutcome:
    """Leximin grid among listed candidates (each already compliant and inside the value band).

    Raises:
        SearchBudgetExceeded: after :data:`EXACT_NODE_BUDGET` steps or
            :data:`EXACT_COMPARE_BUDGET` comparisons.
    """
    order = np.lexsort((np.arange(theirs.shape[0]), -ours, -theirs))
    listed, listed_ours, listed_theirs = choices[order], ours[order], theirs[order]
    steps = [0]
    compared = [0]
    spread = None  # issue -> dimension one-hot, when pairs must also span dimensions
    if rules.groups is not None and rules.min_dimensions > 1:
        groups = rules.groups
        spread = np.zeros((groups.shape[0], int(groups.max()) + 1), dtype=np.int64)
        spread[np.arange(groups.shape[0]), groups] = 1

    def compatible(rows: IndexArray, row: int) -> IndexArray:
        compared[0] += rows.shape[0]
        if compared[0] > EXACT_COMPARE_BUDGET:
            raise SearchBudgetExceeded
        different = listed[rows] != listed[row]
        keep = different.sum(axis=1) >= rules.min_difference
        if spread is not None:
            spans = ((different.astype(np.int64) @ spread) > 0).sum(axis=1)
            keep &= spans >= rules.min_dimensions
        up_ours = listed_ours[rows] - listed_ours[row]
        up_theirs = listed_theirs[rows] - listed_theirs[row]
        they_win = (
            (up_ours >= -slack) & (up_theirs >= -slack) & ((up_ours > slack) | (up_theirs > slack))
        )
        it_wins = (
            (up_ours <= slack) & (up_theirs <= slack) & ((up_ours < -slack) | (up_theirs < -slack))
        )
        keep &= ~they_win & ~it_wins
        return np.asarray(rows[keep], dtype=np.int64)

    def extend(chosen: list[int], pool: IndexArray, need: int) -> list[int] | None:
        if need == 0:
            return chosen
        for place in range(pool.shape[0]):
            if pool.shape[0] - place < need:
                return None
            steps[0] += 1
            if steps[0] > EXACT_NODE_BUDGET:
                raise SearchBudgetExceeded
            member = int(pool[place])
            found = extend([*chosen, member], compatible(pool[place + 1 :], member), need - 1)
            if found is not None:
                return found
        return None

    everything = np.arange(listed.shape[0], dtype=np.int64)
    for position in range(listed.shape[0]):
        pool = compatible(np.arange(position, dtype=np.int64), position)
        if pool.shape[0] < rules.count - 1:
            continue
        found = extend([position], pool, rules.count - 1)
        if found is None:
            continue
        bound = float(listed_theirs[position])
        grid = _ascend(found, everything, compatible)
        picked = listed[np.array(sorted(grid), dtype=np.int64)]
        return SolverOutcome(picked, True, bound, False)
    return SolverOutcome(None, True, None, True)


def _ascend(
    grid: list[int],
    everything: IndexArray,
    compatible: Callable[[IndexArray, int], IndexArray],
) -> list[int]:
    """Replace offers by better ones for them while one exists (best-response ascent).

    Candidates are listed best for them first (then best for us), so the first candidate that
    keeps the rules with every other offer is the best replacement; each replacement moves an
    offer to an earlier position, so the ascent ends.
    """
    improved = True
    while improved:
        improved = False
        for slot in range(len(grid)):
            others = [member for slot_other, member in enumerate(grid) if slot_other != slot]
            pool = everything[: grid[slot]]
            pool = pool[~np.isin(pool, others)]
            for member in others:
                pool = compatible(pool, member)
                if pool.shape[0] == 0:
                    break
            if pool.shape[0]:
                grid[slot] = int(pool[0])
                improved = True
    return grid


def milp_search(
    space: OutcomeSpace,
    low: float,
    high: float,
    rules: GridRules,
    deadline: float,
) -> SolverOutcome:
    """Solve the MESO problem as a sequence of mixed-integer programs with HiGHS.

    Args:
        space: The compiled case; only rows meeting every standard are offered to the solver.
        low: Least value to us an offer may have (case currency).
        high: Most value to us an offer may have.
        rules: The grid's pairwise rules.
        deadline: ``time.perf_counter()`` value by which every stage must have returned; a stage
            stopped by it keeps the best grid found so far, and the grid is then not proven.
    """
    model = _Model(space, low, high, rules)
    if model.empty:
        return SolverOutcome(None, True, None, True)
    floors: list[float] = []
    best: IndexArray | None = None
    first_bound: float | None = None
    for stage in range(rules.count):
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return SolverOutcome(best, False, first_bound, False, True)
        status, x, bound = model.solve(stage, floors, remaining)
        if status == "infeasible":
            if stage == 0:
                return SolverOutcome(None, True, None, True)
            break  # the floors came from a solution, so only rounding can get here
        if stage == 0:
            first_bound = bound
        if x is None:
            return SolverOutcome(best, False, first_bound, False, status == "stopped")
        best = model.choices(x)
        floors.append(float(model.theirs_of(x)[stage]))
        if status != "optimal":
            return SolverOutcome(best, False, first_bound, False, True)
    return SolverOutcome(best, True, first_bound, False)


class _Model:
    """The MESO mixed-integer program over the allowed rows of each component."""

    def __init__(self, space: OutcomeSpace, low: float, high: float, rules: GridRules) -> None:
        from scipy.sparse import coo_array

        self.space = space
        self.rules = rules
        self.rows_of = [np.flatnonzero(component.allowed(None)) for component in space.components]
        self.empty = any(rows.shape[0] == 0 for rows in self.rows_of)
        if self.empty:
            return
        count = rules.count
        per_offer = sum(rows.shape[0] for rows in self.rows_of)
        self.per_offer = per_offer
        self.offsets = np.cumsum([0, *[rows.shape[0] for rows in self.rows_of]])
        pairs = [(first, second) for first in range(count) for second in range(first + 1, count)]
        issues = len(space.issues)
        groups = rules.groups
        spread = groups is not None and rules.min_dimensions > 1
        dimensions = int(groups.max()) + 1 if groups is not None and spread else 0
        d_start = count * per_offer
        f_start = d_start + len(pairs) * issues
        z_start = f_start + len(pairs) * dimensions
        columns = z_start + max(count - 1, 0)
        ours = np.concatenate(
            [space.components[c].ours[rows] for c, rows in enumerate(self.rows_of)]
        )
        theirs = np.concatenate(
            [space.components[c].theirs[rows] for c, rows in enumerate(self.rows_of)]
        )
        self.ours_rows, self.theirs_rows = ours, theirs
        slack_ours = slack_of(np.array([low, high, float(np.abs(ours).max())]))
        slack_theirs = slack_of(theirs * len(self.rows_of))
        spread_theirs = float(
            sum(
                space.components[c].theirs[rows].max() - space.components[c].theirs[rows].min()
                for c, rows in enumerate(self.rows_of)
            )
        )
        rows_i: list[IndexArray] = []
        cols_i: list[IndexArray] = []
        vals_i: list[FloatArray] = []
        lower: list[float] = []
        upper: list[float] = []

        def add(cols: IndexArray, vals: FloatArray, lo: float, hi: float) -> None:
            rows_i.append(np.full(cols.shape[0], len(lower), dtype=np.int64))
            cols_i.append(np.asarray(cols, dtype=np.int64))
            vals_i.append(np.asarray(vals, dtype=np.float64))
            lower.append(lo)
            upper.append(hi)

        block = np.arange(per_offer, dtype=np.int64)
        for offer in range(count):
            base = offer * per_offer
            for component in range(len(self.rows_of)):
                span = np.arange(self.offsets[component], self.offsets[component + 1])
                add(base + span, np.ones(span.shape[0]), 1.0, 1.0)
            add(base + block, ours, low - slack_ours, high + slack_ours)
        # Adjacent offers: theirs ascending, ours descending; strictly both unless both tie (z=1).
        tie_theirs = 2 * slack_theirs
        tie_ours = 2 * slack_ours
        big_theirs = spread_theirs + 1.0
        big_ours = (high - low) + 2 * slack_ours + 1.0
        for offer in range(count - 1):
            this, following = offer * per_offer + block, (offer + 1) * per_offer + block
            z = z_start + offer
            both = np.concatenate([following, this])
            gain_theirs = np.concatenate([theirs, -theirs])
            gain_ours = np.concatenate([-ours, ours])
            add(np.append(both, z), np.append(gain_theirs, tie_theirs), tie_theirs, np.inf)
            add(np.append(both, z), np.append(gain_theirs, big_theirs), -np.inf, big_theirs)
            add(np.append(both, z), np.append(gain_ours, tie_ours), tie_ours, np.inf)
            add(np.append(both, z), np.append(gain_ours, big_ours), -np.inf, big_ours)
            add(both, gain_theirs, 0.0, np.inf)
        for pair_index, (first, second) in enumerate(pairs):
            indicators = d_start + pair_index * issues + np.arange(issues, dtype=np.int64)
            add(indicators, np.ones(issues), float(rules.min_difference), np.inf)
            if spread and groups is not None:
                spans = f_start + pair_index * dimensions + np.arange(dimensions, dtype=np.int64)
                add(spans, np.ones(dimensions), float(rules.min_dimensions), np.inf)
                for dimension in range(dimensions):
                    members = indicators[groups == dimension]
                    add(
                        np.append(members, spans[dimension]),
                        np.append(-np.ones(members.shape[0]), 1.0),
                        -np.inf,
                        0.0,
                    )
            for component, rows in enumerate(self.rows_of):
                owner = space.components[component]
                local = self.offsets[component] + np.arange(rows.shape[0], dtype=np.int64)
                for column, issue in enumerate(owner.issues):
                    # One row per option: indicator + (`first` picks it) + (`second` does) <= 2.
                    options, which = np.unique(owner.choices[rows, column], return_inverse=True)
                    base = len(lower)
                    rows_i.append(
                        np.concatenate(
                            [base + np.arange(options.shape[0]), base + which, base + which]
                        )
                    )
                    cols_i.append(
                        np.concatenate(
                            [
                                np.full(options.shape[0], indicators[issue], dtype=np.int64),
                                first * per_offer + local,
                                second * per_offer + local,
                            ]
                        )
                    )
                    vals_i.append(np.ones(options.shape[0] + 2 * local.shape[0]))
                    lower.extend([-np.inf] * options.shape[0])
                    upper.extend([2.0] * options.shape[0])
        self.matrix = coo_array(
            (np.concatenate(vals_i), (np.concatenate(rows_i), np.concatenate(cols_i))),
            shape=(len(lower), columns),
        ).tocsr()
        self.row_lower, self.row_upper = np.array(lower), np.array(upper)
        self.columns = columns
        self.integrality = np.zeros(columns, dtype=np.int64)
        self.integrality[: count * per_offer] = 1
        self.integrality[z_start:] = 1
        self.slack_theirs = slack_theirs

    def theirs_of(self, x: FloatArray) -> FloatArray:
        """Value to them of each offer in a solution."""
        block = x[: self.rules.count * self.per_offer].reshape(self.rules.count, self.per_offer)
        return np.asarray(block @ self.theirs_rows, dtype=np.float64)

    def solve(
        self, stage: int, floors: list[float], time_limit: float
    ) -> tuple[str, FloatArray | None, float | None]:
        """Maximise the value to them of offer ``stage`` with the earlier offers held at floors."""
        from scipy.sparse import coo_array, vstack

        from brightline.offers.milp import solve_milp

        objective = np.zeros(self.columns)
        objective[stage * self.per_offer : (stage + 1) * self.per_offer] = -self.theirs_rows
        matrix, row_lower, row_upper = self.matrix, self.row_lower, self.row_upper
        if floors:
            entries = [
                (offer, offer * self.per_offer + np.arange(self.per_offer))
                for offer in range(len(floors))
            ]
            extra = coo_array(
                (
                    np.concatenate([self.theirs_rows for _ in entries]),
                    (
                        np.concatenate([np.full(self.per_offer, row) for row, _ in entries]),
                        np.concatenate([cols for _, cols in entries]),
                    ),
                ),
                shape=(len(floors), self.columns),
            )
            matrix = vstack([matrix, extra], format="csr")
            row_lower = np.concatenate([row_lower, np.array(floors) - self.slack_theirs])
            row_upper = np.concatenate([row_upper, np.full(len(floors), np.inf)])
        result = solve_milp(
            objective,
            self.integrality,
            np.zeros(self.columns),
            np.ones(self.columns),
            matrix,
            row_lower,
            row_upper,
            time_limit,
        )
        bound = None if result.dual_bound is None else -result.dual_bound
        return result.status, result.x, bound

    def choices(self, x: FloatArray) -> IndexArray:
        """Option index per offer and issue of a solution."""
        count, issues = self.rules.count, len(self.space.issues)
        picked = np.zeros((count, issues), dtype=np.int64)
        for offer in range(count):
            values = x[offer * self.per_offer : (offer + 1) * self.per_offer]
            for component, rows in enumerate(self.rows_of):
                owner = self.space.components[component]
                local = values[self.offsets[component] : self.offsets[component + 1]]
                row = int(rows[int(np.argmax(local))])
                for column, issue in enumerate(owner.issues):
                    picked[offer, issue] = owner.choices[row, column]
        return picked
