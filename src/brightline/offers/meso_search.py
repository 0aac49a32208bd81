"""The two MESO solvers: an exact search over listed candidates, and a MILP for large spaces.

Both solve the same problem. Pick ``count`` outcomes that meet every standard, are each worth
between the target and target + tolerance to us, differ pairwise in at least ``min_difference``
issues, and make the least attractive of them as attractive to the counterpart as possible.

The exact search walks candidates from most to least attractive to them. The first candidate that
completes a set with earlier (more attractive) candidates is the least attractive member of an
optimal set: any better set would have been completed at its own least attractive member, earlier.

The MILP (HiGHS (see :mod:`brightline.offers.milp`)) picks one allowed row per component per offer,
so every standard holds by construction; a continuous indicator per pair and issue can be 1 only
where the two offers choose different options, and each pair needs ``min_difference`` of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brightline.engine.space import FloatArray, IndexArray, OutcomeSpace

EXACT_NODE_BUDGET = 200_000
"""Search steps the exact method may take before handing the problem to the MILP."""

EXACT_COMPARE_BUDGET = 40_000_000
"""Candidate-to-candidate comparisons the exact method may make before handing over."""


class SearchBudgetExceeded(Exception):
    """The exact search would take too long; the caller switches to the MILP."""


@dataclass(frozen=True, slots=True)
class SolverOutcome:
    """What a solver found.

    Attributes:
        choices: ``(count, issues)`` option indices of the offers, or None when none was found.
        optimal: Whether the set is proven optimal.
        bound: Upper bound on the least value to them of any feasible set (their unit), when known.
        infeasible: Whether the solver proved that no set exists.
    """

    choices: IndexArray | None
    optimal: bool
    bound: float | None
    infeasible: bool


def exact_search(
    choices: IndexArray,
    theirs: FloatArray,
    count: int,
    min_difference: int,
    groups: IndexArray | None = None,
    min_dimensions: int = 1,
) -> SolverOutcome:
    """Optimal set among listed candidates (each already compliant and inside the value band).

    Raises:
        SearchBudgetExceeded: after :data:`EXACT_NODE_BUDGET` steps or
            :data:`EXACT_COMPARE_BUDGET` comparisons.
    """
    order = np.lexsort((np.arange(theirs.shape[0]), -theirs))
    listed = choices[order]
    steps = [0]

    compared = [0]
    spread = None  # issue -> dimension one-hot, when pairs must also span dimensions
    if groups is not None and min_dimensions > 1:
        spread = np.zeros((groups.shape[0], int(groups.max()) + 1), dtype=np.int64)
        spread[np.arange(groups.shape[0]), groups] = 1

    def differs(rows: IndexArray, row: int) -> IndexArray:
        compared[0] += rows.shape[0]
        if compared[0] > EXACT_COMPARE_BUDGET:
            raise SearchBudgetExceeded
        different = listed[rows] != listed[row]
        keep = different.sum(axis=1) >= min_difference
        if spread is not None:
            keep &= ((different.astype(np.int64) @ spread) > 0).sum(axis=1) >= min_dimensions
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
            found = extend([*chosen, member], differs(pool[place + 1 :], member), need - 1)
            if found is not None:
                return found
        return None

    for position in range(listed.shape[0]):
        pool = differs(np.arange(position, dtype=np.int64), position)
        if pool.shape[0] < count - 1:
            continue
        found = extend([position], pool, count - 1)
        if found is not None:
            picked = listed[np.array(sorted(found), dtype=np.int64)]
            return SolverOutcome(picked, True, float(theirs[order[position]]), False)
    return SolverOutcome(None, True, None, True)


def milp_search(
    space: OutcomeSpace,
    low: float,
    high: float,
    count: int,
    min_difference: int,
    time_limit: float,
    groups: IndexArray | None = None,
    min_dimensions: int = 1,
) -> SolverOutcome:
    """Solve the MESO problem as a mixed-integer program with HiGHS.

    Args:
        space: The compiled case; only rows meeting every standard are offered to the solver.
        low: Least value to us an offer may have (case currency).
        high: Most value to us an offer may have.
        count: Number of offers.
        min_difference: Issues in which every pair of offers must differ.
        time_limit: Seconds HiGHS may run; the best set found so far and its gap are kept.
        groups: Dimension index of each issue, when pairs must differ in ``min_dimensions``
            dimensions (a continuous indicator per pair and dimension, at most the sum of its
            issues' indicators).
        min_dimensions: Distinct dimensions in which every pair must differ (1: no constraint).
    """
    from scipy.sparse import coo_array

    from brightline.offers.milp import solve_milp

    rows_of = [np.flatnonzero(component.allowed(None)) for component in space.components]
    if any(rows.shape[0] == 0 for rows in rows_of):
        return SolverOutcome(None, True, None, True)
    per_offer = sum(rows.shape[0] for rows in rows_of)
    offsets = np.cumsum([0, *[rows.shape[0] for rows in rows_of]])
    pairs = [(first, second) for first in range(count) for second in range(first + 1, count)]
    issues = len(space.issues)
    m_column = count * per_offer
    d_start = m_column + 1
    spread = groups is not None and min_dimensions > 1
    dimensions = int(groups.max()) + 1 if groups is not None and spread else 0
    f_start = d_start + len(pairs) * issues
    columns = f_start + len(pairs) * dimensions
    ours = np.concatenate([space.components[c].ours[rows] for c, rows in enumerate(rows_of)])
    theirs = np.concatenate([space.components[c].theirs[rows] for c, rows in enumerate(rows_of)])

    entries_row: list[IndexArray] = []
    entries_col: list[IndexArray] = []
    entries_val: list[FloatArray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(cols: IndexArray, vals: FloatArray, lo: float, hi: float) -> None:
        entries_row.append(np.full(cols.shape[0], len(lower), dtype=np.int64))
        entries_col.append(np.asarray(cols, dtype=np.int64))
        entries_val.append(np.asarray(vals, dtype=np.float64))
        lower.append(lo)
        upper.append(hi)

    slack = 1e-9 * max(1.0, abs(low), abs(high))
    block = np.arange(per_offer, dtype=np.int64)
    for offer in range(count):
        base = offer * per_offer
        for component in range(len(rows_of)):
            span = np.arange(offsets[component], offsets[component + 1], dtype=np.int64)
            add(base + span, np.ones(span.shape[0]), 1.0, 1.0)
        add(base + block, ours, low - slack, high + slack)
        add(
            np.append(base + block, m_column),
            np.append(-theirs, 1.0),
            -np.inf,
            0.0,
        )
        if offer + 1 < count:  # symmetry: offers in increasing value to them
            add(
                np.concatenate([base + block, base + per_offer + block]),
                np.concatenate([theirs, -theirs]),
                -np.inf,
                0.0,
            )
    for pair_index, (first, second) in enumerate(pairs):
        indicators = d_start + pair_index * issues + np.arange(issues, dtype=np.int64)
        add(indicators, np.ones(issues), float(min_difference), np.inf)
        if spread and groups is not None:
            spans = f_start + pair_index * dimensions + np.arange(dimensions, dtype=np.int64)
            add(spans, np.ones(dimensions), float(min_dimensions), np.inf)
            for dimension in range(dimensions):
                members = indicators[groups == dimension]
                add(
                    np.append(members, spans[dimension]),
                    np.append(-np.ones(members.shape[0]), 1.0),
                    -np.inf,
                    0.0,
                )
        for component, rows in enumerate(rows_of):
            owner = space.components[component]
            local = offsets[component] + np.arange(rows.shape[0], dtype=np.int64)
            for column, issue in enumerate(owner.issues):
                # One row per option: indicator + (offer `first` picks it) + (`second` does) <= 2.
                options, which = np.unique(owner.choices[rows, column], return_inverse=True)
                base = len(lower)
                entries_row.append(
                    np.concatenate([base + np.arange(options.shape[0]), base + which, base + which])
                )
                entries_col.append(
                    np.concatenate(
                        [
                            np.full(options.shape[0], indicators[issue], dtype=np.int64),
                            first * per_offer + local,
                            second * per_offer + local,
                        ]
                    )
                )
                entries_val.append(np.ones(options.shape[0] + 2 * local.shape[0]))
                lower.extend([-np.inf] * options.shape[0])
                upper.extend([2.0] * options.shape[0])

    matrix = coo_array(
        (
            np.concatenate(entries_val),
            (np.concatenate(entries_row), np.concatenate(entries_col)),
        ),
        shape=(len(lower), columns),
    ).tocsr()
    objective = np.zeros(columns)
    objective[m_column] = -1.0
    integrality = np.zeros(columns, dtype=np.int64)
    integrality[:m_column] = 1
    lower_bounds = np.zeros(columns)
    upper_bounds = np.ones(columns)
    lower_bounds[m_column] = -np.inf
    upper_bounds[m_column] = np.inf
    result = solve_milp(
        objective,
        integrality,
        lower_bounds,
        upper_bounds,
        matrix,
        np.array(lower),
        np.array(upper),
        time_limit,
    )
    bound = None if result.dual_bound is None else -result.dual_bound
    if result.status == "infeasible":
        return SolverOutcome(None, True, None, True)
    if result.x is None:
        return SolverOutcome(None, False, bound, False)
    picked_choices = np.zeros((count, issues), dtype=np.int64)
    for offer in range(count):
        values = result.x[offer * per_offer : (offer + 1) * per_offer]
        for component, rows in enumerate(rows_of):
            owner = space.components[component]
            local = values[offsets[component] : offsets[component + 1]]
            row = int(rows[int(np.argmax(local))])
            for column, issue in enumerate(owner.issues):
                picked_choices[offer, issue] = owner.choices[row, column]
    return SolverOutcome(picked_choices, result.status == "optimal", bound, False)
