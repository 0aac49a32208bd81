"""Nearest compliant counter-offers: fewest changed issues first, then most attractive to them.

A counter that changes little is easy to accept (the other side keeps most of what they asked for),
so the number of changed issues comes first; among counters with as many changes, the one worth most
to them comes first. Small spaces are listed; large ones are solved as a MILP whose objective weighs
each changed issue above the whole spread of value to them, so the order is lexicographic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brightline.engine.space import IndexArray, OutcomeSpace, enumerate_outcomes

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
    """

    choices: IndexArray
    changed: int
    ours: float
    theirs: float


def nearest_counters(
    space: OutcomeSpace,
    offer: IndexArray,
    floor: float,
    limit: int = 3,
    time_limit: float = 10.0,
    their_floor: float | None = None,
) -> list[CounterChoice]:
    """The ``limit`` compliant outcomes worth at least ``floor`` to us nearest to the offer.

    Args:
        space: The compiled case (every standard compiled).
        offer: Option index per issue of the offer; -1 where its value is off the grid (any grid
            value then counts as a change).
        floor: Least value to us a counter may have (case currency).
        limit: How many counters to return.
        time_limit: Seconds per MILP solve on large spaces.
        their_floor: When given, only counters estimated to be worth at least this to them
            (their unit): ones they would prefer to their alternative.
    """
    low = -np.inf if their_floor is None else their_floor
    if space.size <= LISTING_LIMIT:
        return _listed(space, offer, floor, limit, low)
    return _solved(space, offer, floor, limit, time_limit, low)


def _listed(
    space: OutcomeSpace, offer: IndexArray, floor: float, limit: int, their_floor: float
) -> list[CounterChoice]:
    listed = enumerate_outcomes(space)
    slack = 1e-9 * max(1.0, abs(floor))
    rows = np.flatnonzero(
        listed.compliant
        & (listed.ours >= floor - slack)
        & (listed.theirs >= their_floor - 1e-9 * max(1.0, abs(their_floor)))
    )
    changed = (listed.choices[rows] != offer[None, :]).sum(axis=1)
    rows_changed = changed > 0
    rows, changed = rows[rows_changed], changed[rows_changed]
    order = np.lexsort((rows, -listed.theirs[rows], changed))[:limit]
    return [
        CounterChoice(
            listed.choices[rows[position]],
            int(changed[position]),
            float(listed.ours[rows[position]]),
            float(listed.theirs[rows[position]]),
        )
        for position in order
    ]


def _solved(
    space: OutcomeSpace,
    offer: IndexArray,
    floor: float,
    limit: int,
    time_limit: float,
    their_floor: float,
) -> list[CounterChoice]:
    from scipy.sparse import coo_array

    from brightline.offers.milp import solve_milp

    rows_of = [np.flatnonzero(component.allowed(None)) for component in space.components]
    if any(rows.shape[0] == 0 for rows in rows_of):
        return []
    ours = np.concatenate([space.components[c].ours[r] for c, r in enumerate(rows_of)])
    theirs = np.concatenate([space.components[c].theirs[r] for c, r in enumerate(rows_of)])
    changes = np.concatenate(
        [
            (space.components[c].choices[r] != offer[list(space.components[c].issues)]).sum(axis=1)
            for c, r in enumerate(rows_of)
        ]
    ).astype(np.float64)
    weight = float(theirs.max() - theirs.min()) * len(rows_of) + 1.0
    objective = changes * weight - theirs
    columns = ours.shape[0]
    offsets = np.cumsum([0, *[rows.shape[0] for rows in rows_of]])
    row_index: list[IndexArray] = []
    col_index: list[IndexArray] = []
    values: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(cols: IndexArray, vals: np.ndarray, lo: float, hi: float) -> None:
        row_index.append(np.full(cols.shape[0], len(lower), dtype=np.int64))
        col_index.append(cols)
        values.append(vals)
        lower.append(lo)
        upper.append(hi)

    for component in range(len(rows_of)):
        span = np.arange(offsets[component], offsets[component + 1], dtype=np.int64)
        add(span, np.ones(span.shape[0]), 1.0, 1.0)
    everything = np.arange(columns, dtype=np.int64)
    add(everything, ours, floor - 1e-9 * max(1.0, abs(floor)), np.inf)
    add(everything, changes, 1.0, np.inf)  # a counter changes something
    if np.isfinite(their_floor):
        add(everything, theirs, their_floor - 1e-9 * max(1.0, abs(their_floor)), np.inf)
    found: list[CounterChoice] = []
    for _ in range(limit):
        matrix = coo_array(
            (np.concatenate(values), (np.concatenate(row_index), np.concatenate(col_index))),
            shape=(len(lower), columns),
        ).tocsr()
        result = solve_milp(
            objective,
            np.ones(columns, dtype=np.int64),
            np.zeros(columns),
            np.ones(columns),
            matrix,
            np.array(lower),
            np.array(upper),
            time_limit,
        )
        if result.x is None:
            break
        picked = np.flatnonzero(result.x > 0.5)
        choices = np.zeros(len(space.issues), dtype=np.int64)
        for component, rows in enumerate(rows_of):
            local = picked[(picked >= offsets[component]) & (picked < offsets[component + 1])]
            row = int(rows[int(local[0] - offsets[component])])
            owner = space.components[component]
            choices[list(owner.issues)] = owner.choices[row]
        found.append(
            CounterChoice(
                choices,
                int(changes[picked].sum()),
                float(ours[picked].sum()),
                float(theirs[picked].sum()),
            )
        )
        add(picked.astype(np.int64), np.ones(picked.shape[0]), -np.inf, len(rows_of) - 1.0)
    return found
