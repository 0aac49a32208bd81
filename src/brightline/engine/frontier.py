"""The exact two-party Pareto frontier, without enumerating the outcome space.

With additive values an outcome's value pair is the sum of its components' pairs. If one component's
pair were dominated inside that component, swapping in the dominating row would dominate the whole
outcome; so every frontier outcome is built from per-component frontier rows, and every prefix of
components contributes a non-dominated partial sum. Merging components one at a time and keeping
only the non-dominated partial sums is therefore exact, and the work grows with the frontier's size,
not with the number of outcomes (a 30-issue, 10-option domain has 10^30 outcomes but a frontier of
a few hundred points, found in milliseconds).
"""

from __future__ import annotations

import itertools
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
from brightline.errors import UsageError

RELATIVE_TOLERANCE = 1e-12
"""Values closer than this share of the largest magnitude compare as equal (rounding noise)."""

BLOCK_SUMS = 2_000_000
"""Merges up to this many partial sums form them all at once (about 50 MB of temporaries)."""

TILE = 64
"""Side of the tiles a larger merge is cut into (4,096 sums per tile)."""

TILE_BATCH = 64
"""Tiles formed between two rounds of pruning."""

MAX_MERGE_SUMS = 300_000_000
"""Partial sums one merge may form after pruning (about 20 s of work); beyond it the case needs
coarser grids. The bound is checked before any tile is formed."""

MAX_MERGE_TILES = 400_000
"""Tiles a merge may consider at all (their corners and seed sums take about 100 MB); a table of
sums larger than this many tiles is refused before anything is allocated."""

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
    keep only their first copy. Values are compared after snapping to a grid of
    :data:`RELATIVE_TOLERANCE` times the largest magnitude, so two sums that differ only by
    floating-point rounding (the same values added in another order) count as equal instead of
    leaving a near-duplicate point on the frontier.
    """
    if ours.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    ours_key, theirs_key = _snapped(ours), _snapped(theirs)
    order = np.lexsort((-theirs_key, -ours_key))
    sorted_theirs = theirs_key[order]
    best_before = np.maximum.accumulate(sorted_theirs)
    keep = np.empty(order.shape[0], dtype=np.bool_)
    keep[0] = True
    keep[1:] = sorted_theirs[1:] > best_before[:-1]
    return np.asarray(order[keep], dtype=np.int64)


def _snapped(values: FloatArray) -> FloatArray:
    scale = float(np.abs(values).max())
    if scale == 0.0 or not np.isfinite(scale):
        return values
    return np.asarray(np.round(values / (scale * RELATIVE_TOLERANCE)), dtype=np.float64)


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
        previous, current = _merge(
            ours, theirs, part_ours, part_theirs, _issue_names(space, component)
        )
        ours = ours[previous] + part_ours[current]
        theirs = theirs[previous] + part_theirs[current]
        picked = np.concatenate([picked[previous], part_rows[current][:, None]], axis=1)
    choices = np.zeros((ours.shape[0], len(space.issues)), dtype=np.int64)
    for position, component in enumerate(space.components):
        rows = picked[:, position]
        for column, issue in enumerate(component.issues):
            choices[:, issue] = component.choices[rows, column]
    return Frontier(ours, theirs, choices)


def _issue_names(space: OutcomeSpace, component: Component) -> str:
    return ", ".join(space.issues[index].id for index in component.issues)


def _merge(
    ours: FloatArray,
    theirs: FloatArray,
    part_ours: FloatArray,
    part_theirs: FloatArray,
    names: str = "",
) -> tuple[IndexArray, IndexArray]:
    """Pairs (point of the merged prefix, row of the new part) whose sums are non-dominated.

    Both inputs are frontiers sorted by ours descending (so theirs ascending). Small merges form
    every sum. Large ones (fine numeric grids give frontiers of thousands of points) cut the table
    of sums into tiles: a tile's best corner (its largest ours plus largest theirs) bounds every sum
    inside it, so a tile whose corner is weakly dominated by a known sum cannot add a frontier
    point and is skipped. Known sums come from the tiles' own corners; only the surviving tiles,
    usually those along the two edges of the table, are formed in full.

    The tiles that survive the corner seeds bound the work from above (later rounds only prune
    more), so a merge over :data:`MAX_MERGE_SUMS` is refused before any tile is formed.

    Raises:
        UsageError: when the table has more than :data:`MAX_MERGE_TILES` tiles, or the tiles that
            the seeds cannot prune hold more than :data:`MAX_MERGE_SUMS` sums.
    """
    rows, width = ours.shape[0], part_ours.shape[0]
    if rows * width <= BLOCK_SUMS:
        return _merge_tile(ours, theirs, part_ours, part_theirs, 0, rows, 0, width)
    straight = _run_merge(ours, theirs, part_ours, part_theirs)
    if straight is not None:
        return straight
    tiles = -(-rows // TILE) * -(-width // TILE)
    if tiles > MAX_MERGE_TILES:
        raise _too_large(rows, width, rows * width, names)
    row_starts = np.arange(0, rows, TILE, dtype=np.int64)
    row_ends = np.minimum(row_starts + TILE, rows)
    column_starts = np.arange(0, width, TILE, dtype=np.int64)
    column_ends = np.minimum(column_starts + TILE, width)
    # Real sums at the four corners of every tile seed the set of known sums.
    seed_rows = np.concatenate([row_starts, row_ends - 1])
    seed_columns = np.concatenate([column_starts, column_ends - 1])
    seed_previous = np.repeat(seed_rows, seed_columns.shape[0])
    seed_current = np.tile(seed_columns, seed_rows.shape[0])
    seed_keep = pareto_indices(
        ours[seed_previous] + part_ours[seed_current],
        theirs[seed_previous] + part_theirs[seed_current],
    )
    known_previous, known_current = seed_previous[seed_keep], seed_current[seed_keep]
    known_ours = ours[known_previous] + part_ours[known_current]
    known_theirs = theirs[known_previous] + part_theirs[known_current]
    corner_ours = (ours[row_starts][:, None] + part_ours[column_starts][None, :]).ravel()
    corner_theirs = (theirs[row_ends - 1][:, None] + part_theirs[column_ends - 1][None, :]).ravel()
    open_tiles = np.arange(corner_ours.shape[0], dtype=np.int64)
    open_tiles = open_tiles[
        ~_covered(known_ours, known_theirs, corner_ours[open_tiles], corner_theirs[open_tiles])
    ]
    # Up-front bound: every tile formed below is one of these.
    tile_rows, tile_columns = np.divmod(open_tiles, column_starts.shape[0])
    bound = int(
        (
            (row_ends[tile_rows] - row_starts[tile_rows])
            * (column_ends[tile_columns] - column_starts[tile_columns])
        ).sum()
    )
    if bound > MAX_MERGE_SUMS:
        raise _too_large(rows, width, bound, names)
    # Most promising tiles first; after each batch the known sums grow and prune more tiles.
    while True:
        open_tiles = open_tiles[
            ~_covered(known_ours, known_theirs, corner_ours[open_tiles], corner_theirs[open_tiles])
        ]
        if open_tiles.shape[0] == 0:
            break
        order = np.argsort(-(corner_ours[open_tiles] + corner_theirs[open_tiles]), kind="stable")
        batch, open_tiles = open_tiles[order[:TILE_BATCH]], open_tiles[order[TILE_BATCH:]]
        found_previous = [known_previous]
        found_current = [known_current]
        for tile in batch.tolist():
            row, column = divmod(tile, column_starts.shape[0])
            previous, current = _merge_tile(
                ours,
                theirs,
                part_ours,
                part_theirs,
                int(row_starts[row]),
                int(row_ends[row]),
                int(column_starts[column]),
                int(column_ends[column]),
            )
            found_previous.append(previous)
            found_current.append(current)
        previous = np.concatenate(found_previous)
        current = np.concatenate(found_current)
        keep = pareto_indices(
            ours[previous] + part_ours[current], theirs[previous] + part_theirs[current]
        )
        known_previous, known_current = previous[keep], current[keep]
        known_ours = ours[known_previous] + part_ours[known_current]
        known_theirs = theirs[known_previous] + part_theirs[known_current]
    return known_previous, known_current


RUN_PAIR_LIMIT = 20_000
"""Pairs of straight runs (one from each frontier) the run merge considers; more and the frontiers
are not made of long straight pieces, so the tiled merge is the better tool."""

RUN_CANDIDATE_LIMIT = 20_000_000
"""Candidate sums the run merge may collect before pruning (about 500 MB of temporaries)."""

_PAIR_BLOCK = 4_096
"""A pair of runs with at most this many sums simply forms them all."""


def _runs(ours: FloatArray, theirs: FloatArray, eps: float) -> list[tuple[int, int]] | None:
    """Maximal straight, evenly spaced runs ``[start, end)`` of a frontier (None: too many).

    A run's points lie within ``eps`` of evenly spaced points on the line through its ends,
    checked point by point, so sums of two runs with equal steps coincide up to ``4 * eps``.
    """
    count = ours.shape[0]
    if count <= 2:
        return [(0, count)]
    step_ours, step_theirs = np.diff(ours), np.diff(theirs)
    breaks = np.flatnonzero(
        (np.abs(np.diff(step_ours)) > eps) | (np.abs(np.diff(step_theirs)) > eps)
    )
    if breaks.shape[0] > RUN_PAIR_LIMIT:
        return None
    # Step k and step k + 1 differ: point k + 1 bends, and ends its run.
    bounds = [0, *(int(k) + 2 for k in breaks), count]
    runs: list[tuple[int, int]] = []
    pending = [(start, end) for start, end in itertools.pairwise(bounds) if end > start]
    while pending:
        start, end = pending.pop()
        if end - start <= 2 or _evenly_spaced(ours, theirs, start, end, eps):
            runs.append((start, end))
        else:  # a slow drift no single step shows: halve until straight
            middle = (start + end) // 2
            pending.extend([(start, middle), (middle, end)])
    if len(runs) > RUN_PAIR_LIMIT:
        return None
    return sorted(runs)


def _evenly_spaced(ours: FloatArray, theirs: FloatArray, start: int, end: int, eps: float) -> bool:
    offsets = np.arange(end - start, dtype=np.float64) / (end - 1 - start)
    return bool(
        (
            np.abs(ours[start:end] - (ours[start] + offsets * (ours[end - 1] - ours[start]))) <= eps
        ).all()
        and (
            np.abs(
                theirs[start:end] - (theirs[start] + offsets * (theirs[end - 1] - theirs[start]))
            )
            <= eps
        ).all()
    )


def _run_merge(
    ours: FloatArray,
    theirs: FloatArray,
    part_ours: FloatArray,
    part_theirs: FloatArray,
) -> tuple[IndexArray, IndexArray] | None:
    """The merge of two frontiers made of long straight pieces, without forming every sum.

    A price from 0 to 100,000 in steps of 1 with linear values is one straight run of 100,001
    evenly spaced points; two such issues give 10^10 sums but only 200,001 distinct value pairs,
    because sums of two runs with the same step coincide whenever their positions add up to the
    same number. So each pair of runs, one from each side, contributes either every sum (when it
    is small) or one sum per position total (when the steps are equal); the non-dominated sums of
    those candidates are the merged frontier, exactly. None when a pair of long runs has unequal
    steps or the frontiers are not made of few runs: the tiled merge handles those.
    """
    scale = float(
        max(np.abs(ours).max(), np.abs(theirs).max(), np.abs(part_ours).max(), 1.0)
        + max(np.abs(part_theirs).max(), 0.0)
    )
    eps = RELATIVE_TOLERANCE * scale / 8
    left = _runs(ours, theirs, eps)
    right = _runs(part_ours, part_theirs, eps)
    if left is None or right is None or len(left) * len(right) > RUN_PAIR_LIMIT:
        return None
    previous: list[IndexArray] = []
    current: list[IndexArray] = []
    collected = 0
    for left_start, left_end in left:
        left_count = left_end - left_start
        for right_start, right_end in right:
            right_count = right_end - right_start
            if left_count * right_count <= _PAIR_BLOCK or min(left_count, right_count) <= 4:
                rows = np.repeat(np.arange(left_start, left_end), right_count)
                columns = np.tile(np.arange(right_start, right_end), left_count)
            elif _equal_steps(
                ours,
                theirs,
                part_ours,
                part_theirs,
                (left_start, left_end),
                (right_start, right_end),
                eps,
            ):
                total = np.arange(left_count + right_count - 1, dtype=np.int64)
                rows = np.minimum(total, left_count - 1)
                columns = total - rows
                rows, columns = rows + left_start, columns + right_start
            else:
                return None
            collected += rows.shape[0]
            if collected > RUN_CANDIDATE_LIMIT:
                return None
            previous.append(np.asarray(rows, dtype=np.int64))
            current.append(np.asarray(columns, dtype=np.int64))
    rows = np.concatenate(previous)
    columns = np.concatenate(current)
    keep = pareto_indices(ours[rows] + part_ours[columns], theirs[rows] + part_theirs[columns])
    return rows[keep], columns[keep]


def _equal_steps(
    ours: FloatArray,
    theirs: FloatArray,
    part_ours: FloatArray,
    part_theirs: FloatArray,
    left: tuple[int, int],
    right: tuple[int, int],
    eps: float,
) -> bool:
    """Whether two runs step by the same amount on both sides (so equal position totals coincide)."""

    def step(values: FloatArray, run: tuple[int, int]) -> float:
        start, end = run
        return float((values[end - 1] - values[start]) / (end - 1 - start))

    shorter = min(left[1] - left[0], right[1] - right[0])
    return (
        abs(step(ours, left) - step(part_ours, right)) * shorter <= eps
        and abs(step(theirs, left) - step(part_theirs, right)) * shorter <= eps
    )


def _too_large(rows: int, width: int, sums: int, names: str) -> UsageError:
    where = f" when adding issue(s) {names}" if names else ""
    return UsageError(
        f"the frontier merge{where} would form up to {sums:,} partial sums (frontiers of "
        f"{rows:,} and {width:,} points), over the {MAX_MERGE_SUMS:,} the engine allows; use a "
        "coarser `range.step` on the numeric issues with the finest grids (a step 10 times "
        "coarser on one of them cuts the work about 10-fold)"
    )


def _covered(
    known_ours: FloatArray,
    known_theirs: FloatArray,
    corner_ours: FloatArray,
    corner_theirs: FloatArray,
) -> BoolArray:
    """Corners weakly dominated by a known sum (known sums sorted by ours descending)."""
    # The known sums with ours >= a corner's form a prefix; its last one has the most theirs.
    reach = np.searchsorted(-known_ours, -corner_ours, side="right")
    best = known_theirs[np.maximum(reach - 1, 0)]
    return np.asarray((reach > 0) & (best >= corner_theirs), dtype=np.bool_)


def _merge_tile(
    ours: FloatArray,
    theirs: FloatArray,
    part_ours: FloatArray,
    part_theirs: FloatArray,
    row_start: int,
    row_end: int,
    column_start: int,
    column_end: int,
) -> tuple[IndexArray, IndexArray]:
    """Non-dominated sums of one rectangle of the table, as (prefix point, part row) pairs."""
    width = column_end - column_start
    sum_ours = (ours[row_start:row_end, None] + part_ours[None, column_start:column_end]).ravel()
    sum_theirs = (
        theirs[row_start:row_end, None] + part_theirs[None, column_start:column_end]
    ).ravel()
    keep = pareto_indices(sum_ours, sum_theirs)
    previous, current = np.divmod(keep, width)
    return (
        np.asarray(previous + row_start, dtype=np.int64),
        np.asarray(current + column_start, dtype=np.int64),
    )


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
