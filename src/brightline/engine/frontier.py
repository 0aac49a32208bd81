"""The exact two-party Pareto frontier, without enumerating the outcome space.

With additive values an outcome's value pair is the sum of its components' pairs. If one component's
pair were dominated inside that component, swapping in the dominating row would dominate the whole
outcome; so every frontier outcome is built from per-component frontier rows, and every prefix of
components contributes a non-dominated partial sum. Merging components one at a time and keeping
only the non-dominated partial sums is therefore exact, and the work grows with the frontier's size,
not with the number of outcomes (a 30-issue, 10-option domain has 10^30 outcomes but a frontier of
a few thousand points).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from brightline.engine.space import (
    BoolArray,
    Component,
    FloatArray,
    IndexArray,
    OutcomeSpace,
    enumerate_outcomes,
)

ENUMERATION_LIMIT = 512
"""Spaces this small are simply listed: merging would do the same work with more steps."""


@dataclass(frozen=True, slots=True)
class Frontier:
    """Distinct non-dominated (ours, theirs) value pairs, each with one outcome attaining it.

    Attributes:
        ours: Value to us, in the case currency, strictly decreasing.
        theirs: Estimated value to them, in their value unit, strictly increasing.
        choices: ``(points, issues)`` option index of each issue for the outcome of each point.
    """

    ours: FloatArray
    theirs: FloatArray
    choices: IndexArray

    def __len__(self) -> int:
        return int(self.ours.shape[0])

    @property
    def empty(self) -> bool:
        """True when no outcome is allowed at all."""
        return len(self) == 0


def pareto_indices(ours: FloatArray, theirs: FloatArray) -> IndexArray:
    """Positions of the distinct pairs not weakly dominated by another pair, by ``ours`` descending.

    Sorting by ours (descending) then theirs (descending) puts every dominating pair before the
    pairs it dominates; a pair survives when its ``theirs`` beats every pair before it. Equal pairs
    keep only their first copy.
    """
    if ours.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-theirs, -ours))
    sorted_theirs = theirs[order]
    best_before = np.maximum.accumulate(sorted_theirs)
    keep = np.empty(order.shape[0], dtype=np.bool_)
    keep[0] = True
    keep[1:] = sorted_theirs[1:] > best_before[:-1]
    return np.asarray(order[keep], dtype=np.int64)


def _component_frontier(
    component: Component, allowed: BoolArray
) -> tuple[FloatArray, FloatArray, IndexArray]:
    rows = np.flatnonzero(allowed)
    keep = rows[pareto_indices(component.ours[rows], component.theirs[rows])]
    return component.ours[keep], component.theirs[keep], np.asarray(keep, dtype=np.int64)


def merged_frontier(space: OutcomeSpace, standard_ids: Sequence[str] | None = None) -> Frontier:
    """The frontier by merging component frontiers (the general method).

    Args:
        space: The compiled space.
        standard_ids: Standards that must hold (default all compiled ones; ``[]`` for none).
    """
    selection = space.standard_positions(standard_ids)
    ours = np.zeros(1, dtype=np.float64)
    theirs = np.zeros(1, dtype=np.float64)
    picked = np.zeros((1, 0), dtype=np.int64)  # row of each merged component, per point
    for component in space.components:
        part_ours, part_theirs, part_rows = _component_frontier(
            component, component.allowed(selection)
        )
        if part_rows.shape[0] == 0:
            return _empty(space)
        sum_ours = (ours[:, None] + part_ours[None, :]).ravel()
        sum_theirs = (theirs[:, None] + part_theirs[None, :]).ravel()
        keep = pareto_indices(sum_ours, sum_theirs)
        previous, current = np.divmod(keep, part_rows.shape[0])
        ours, theirs = sum_ours[keep], sum_theirs[keep]
        picked = np.concatenate([picked[previous], part_rows[current][:, None]], axis=1)
    choices = np.zeros((ours.shape[0], len(space.issues)), dtype=np.int64)
    for position, component in enumerate(space.components):
        rows = picked[:, position]
        for column, issue in enumerate(component.issues):
            choices[:, issue] = component.choices[rows, column]
    return Frontier(ours, theirs, choices)


def enumerated_frontier(space: OutcomeSpace, standard_ids: Sequence[str] | None = None) -> Frontier:
    """The frontier by listing every outcome: the reference, and the method for tiny spaces."""
    listed = enumerate_outcomes(space, standard_ids)
    rows = np.flatnonzero(listed.compliant)
    keep = rows[pareto_indices(listed.ours[rows], listed.theirs[rows])]
    return Frontier(listed.ours[keep], listed.theirs[keep], listed.choices[keep])


def pareto_frontier(space: OutcomeSpace, standard_ids: Sequence[str] | None = None) -> Frontier:
    """The exact frontier: listed for tiny spaces, merged otherwise.

    Args:
        space: The compiled space.
        standard_ids: Standards that must hold (default all compiled ones; ``[]`` for the
            unconstrained frontier).
    """
    if space.size <= ENUMERATION_LIMIT:
        return enumerated_frontier(space, standard_ids)
    return merged_frontier(space, standard_ids)


def _empty(space: OutcomeSpace) -> Frontier:
    return Frontier(
        np.zeros(0, dtype=np.float64),
        np.zeros(0, dtype=np.float64),
        np.zeros((0, len(space.issues)), dtype=np.int64),
    )
