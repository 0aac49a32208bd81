"""A bounded outcome space for the searches that cannot work on every grid point.

A price from 0 to 100,000 in steps of 1 is what people type, and it gives one issue 100,001
options. The frontier merge handles that exactly (:mod:`brightline.engine.frontier`), but a MILP
with one binary per grid point and offer (MESO, counters) or a listing of outcomes does not. This
module gives those searches a smaller space with the same issues, whose numeric issues keep at
most :data:`MAX_SEARCH_OPTIONS` grid points:

- both ends of the range, and evenly spaced points between them (the stated resolution);
- every bend of either value curve, so between two kept points both curves are straight lines;
- both sides of every threshold a standard puts on the issue (``price >= 40000``), so between
  two kept points every standard holds or fails throughout;
- the option of an offer being countered, when the caller names one.

Between two neighbouring kept points the values move linearly and no standard changes, so every
extreme a search reports (the best and worst compliant value to either side, the value scale of
MESO) is exact on the bounded space: a linear function on an interval is extreme at an end. What
a search on it may miss is a better choice *between* kept points; :class:`Thinning` says which
issues were thinned and how far apart the kept points are, so every result can state it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from brightline.amounts import quantity
from brightline.engine.space import (
    Component,
    IndexArray,
    IssueAxis,
    OutcomeSpace,
)
from brightline.errors import UsageError

if TYPE_CHECKING:
    from brightline.engine.frontier import Frontier

MAX_SEARCH_OPTIONS = 201
"""Most evenly spaced grid points kept per numeric issue (bends and thresholds come on top)."""

MIN_SEARCH_OPTIONS = 11
"""Fewest evenly spaced grid points kept per thinned issue."""

SEARCH_SPACE_TARGET = 200_000
"""Outcomes the bounded space aims at when the rest of the case is small: searches list spaces
this size exactly (MESO's exhaustive search, the counters' listing) in well under a second, while
a MILP over two 201-point price grids took HiGHS 20 s."""

_BEND_TOLERANCE = 1e-9
"""Relative change of slope below which two grid steps count as one straight segment."""


@dataclass(frozen=True, slots=True)
class IssueThinning:
    """How one issue was thinned for a search.

    Attributes:
        issue: The issue id.
        options: Grid points of the issue in the case.
        kept: Grid points the search considers.
        spacing: Largest distance between two neighbouring kept points, in the issue's unit.
        unit: The issue's unit (may be empty).
    """

    issue: str
    options: int
    kept: int
    spacing: float
    unit: str

    def describe(self) -> str:
        """``price on 201 of 100,001 grid points, at most 500 EUR apart``."""
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"{self.issue} on {self.kept:,} of {self.options:,} grid points, at most "
            f"{quantity(self.spacing)}{unit} apart"
        )


@dataclass(frozen=True, slots=True)
class Thinning:
    """A bounded space and how it relates to the full one.

    Attributes:
        space: The bounded space (the full one when nothing was thinned).
        kept: Per issue, the full space's option index of each option of the bounded space.
        issues: The issues that were thinned (empty: the bounded space is the full one).
    """

    space: OutcomeSpace
    kept: tuple[IndexArray, ...]
    issues: tuple[IssueThinning, ...]

    @property
    def exact(self) -> bool:
        """True when nothing was thinned: a search on :attr:`space` is a search on the case."""
        return not self.issues

    def to_full(self, choices: IndexArray) -> IndexArray:
        """Option indices of the bounded space (``(..., issues)``) as indices of the full one."""
        mapped = np.array(choices, dtype=np.int64, copy=True)
        for column, kept in enumerate(self.kept):
            mapped[..., column] = kept[mapped[..., column]]
        return mapped

    def to_bounded(self, choices: IndexArray) -> IndexArray:
        """Full-space option indices as bounded ones; -1 where a choice was not kept."""
        mapped = np.full(np.shape(choices), -1, dtype=np.int64)
        for column, kept in enumerate(self.kept):
            wanted = np.asarray(choices, dtype=np.int64)[..., column]
            position = np.searchsorted(kept, wanted)
            position = np.minimum(position, kept.shape[0] - 1)
            mapped[..., column] = np.where(kept[position] == wanted, position, -1)
        return mapped

    def describe(self) -> str:
        """One sentence for a result that was searched on the bounded space ('' when exact)."""
        if self.exact:
            return ""
        parts = "; ".join(issue.describe() for issue in self.issues)
        return (
            f"searched {parts} (with every bend of the value curves and every threshold of the "
            "standards); choices between those points were not tried"
        )


def search_limit(space: OutcomeSpace) -> int:
    """Evenly spaced points to keep per fine numeric issue so searches stay quick.

    When the rest of the case is small, the fine issues share :data:`SEARCH_SPACE_TARGET`
    outcomes (a whole space that small is not thinned at all); when it is large, searches go to
    the MILP, whose size grows with the points per issue, and each issue keeps
    :data:`MAX_SEARCH_OPTIONS`.
    """
    fine = [len(axis.values) for axis in space.issues if axis.numeric]
    fine = [count for count in fine if count > MIN_SEARCH_OPTIONS]
    if not fine or space.size <= SEARCH_SPACE_TARGET:
        return max([MAX_SEARCH_OPTIONS, *fine])
    rest = space.size // math.prod(fine)
    if rest >= SEARCH_SPACE_TARGET:
        return MAX_SEARCH_OPTIONS
    share = int((SEARCH_SPACE_TARGET / rest) ** (1 / len(fine)))
    return min(max(share, MIN_SEARCH_OPTIONS), MAX_SEARCH_OPTIONS)


def thin_space(
    space: OutcomeSpace,
    keep: IndexArray | None = None,
    limit: int | None = None,
) -> Thinning:
    """The space with every numeric issue of more than ``limit`` grid points thinned.

    Discrete issues are never thinned: between two options of a discrete issue nothing is
    linear. The standards' thresholds are read from the compiled masks, so whatever rule a case
    writes, every point where a standard starts or stops holding stays.

    Args:
        space: The compiled case (any selection of standards).
        keep: Option index per issue that must stay (an offer being countered); -1 for none.
        limit: Evenly spaced points kept per numeric issue with more grid points than this
            (default: :func:`search_limit`).
    """
    limit = search_limit(space) if limit is None else limit
    kept: list[IndexArray] = []
    thinned: list[IssueThinning] = []
    for position, axis in enumerate(space.issues):
        options = len(axis.values)
        if options <= limit or not axis.numeric:
            kept.append(np.arange(options, dtype=np.int64))
            continue
        wanted = None if keep is None or keep[position] < 0 else int(keep[position])
        indices = _kept_options(space, position, limit, wanted)
        kept.append(indices)
        numbers = np.array([float(value) for value in axis.values], dtype=np.float64)[indices]
        thinned.append(
            IssueThinning(
                axis.id,
                options,
                int(indices.shape[0]),
                float(np.diff(numbers).max()) if indices.shape[0] > 1 else 0.0,
                axis.unit,
            )
        )
    if not thinned:
        return Thinning(space, tuple(kept), ())
    return Thinning(_restricted(space, kept), tuple(kept), tuple(thinned))


def _kept_options(space: OutcomeSpace, position: int, limit: int, wanted: int | None) -> IndexArray:
    axis = space.issues[position]
    options = len(axis.values)
    stride = math.ceil((options - 1) / (limit - 1))
    chosen = [np.arange(0, options, stride, dtype=np.int64), np.array([options - 1])]
    for values in (axis.ours, axis.theirs):
        chosen.append(_bends(values))
        chosen.append(np.array([int(values.argmax()), int(values.argmin())]))
    chosen.append(_thresholds(space, position))
    if wanted is not None:
        chosen.append(np.array([wanted]))
    return np.unique(np.concatenate(chosen).astype(np.int64))


def _thresholds(space: OutcomeSpace, position: int) -> IndexArray:
    """Both options around every step of the issue at which some standard's truth changes.

    A component's rows are every combination of its issues' options in C order, so its masks
    reshape to one axis per issue; a change along this issue's axis, whatever the other issues
    hold, is a threshold.
    """
    component = next(c for c in space.components if position in c.issues)
    sizes = [len(space.issues[issue].values) for issue in component.issues]
    axis = component.issues.index(position)
    masks = component.satisfies.reshape(*sizes, component.satisfies.shape[1])
    changes = np.diff(masks.astype(np.int8), axis=axis) != 0
    other = tuple(dimension for dimension in range(changes.ndim) if dimension != axis)
    steps = np.flatnonzero(changes.any(axis=other)) if other else np.flatnonzero(changes)
    return np.concatenate([steps, steps + 1]).astype(np.int64)


def _bends(values: np.ndarray) -> IndexArray:
    """Grid positions where the slope changes (the value curve bends there)."""
    if values.shape[0] < 3:
        return np.zeros(0, dtype=np.int64)
    slopes = np.diff(values)
    scale = max(float(np.abs(slopes).max()), 1e-300)
    turns = np.abs(np.diff(slopes)) > _BEND_TOLERANCE * scale
    return np.asarray(np.flatnonzero(turns) + 1, dtype=np.int64)


def _restricted(space: OutcomeSpace, kept: list[IndexArray]) -> OutcomeSpace:
    """The space on the kept options only: issues cut down, component rows filtered and renumbered."""
    issues = tuple(
        IssueAxis(
            axis.id,
            tuple(axis.values[int(index)] for index in indices),
            axis.ours[indices],
            axis.theirs[indices],
        )
        for axis, indices in zip(space.issues, kept, strict=True)
    )
    components: list[Component] = []
    for component in space.components:
        rows = np.ones(component.rows, dtype=np.bool_)
        renumbered = np.empty_like(component.choices)
        for column, issue in enumerate(component.issues):
            indices = kept[issue]
            picked = component.choices[:, column]
            position = np.minimum(np.searchsorted(indices, picked), indices.shape[0] - 1)
            rows &= indices[position] == picked
            renumbered[:, column] = position
        components.append(
            Component(
                component.issues,
                np.ascontiguousarray(renumbered[rows]),
                component.ours[rows],
                component.theirs[rows],
                component.satisfies[rows],
            )
        )
    return OutcomeSpace(issues, tuple(components), space.standard_ids)


def best_theirs_from(
    space: OutcomeSpace, floor: float, frontier: Frontier | None = None
) -> float | None:
    """The most a compliant outcome of the full space worth ``floor`` to us is worth to them.

    Exact, from the compliant Pareto frontier: the frontier point with the least value to us at
    or above ``floor`` has the most value to them among all such outcomes. It bounds from above
    whatever a search on the bounded space finds at that floor, which turns "not every grid point
    was tried" into a stated gap. None when no compliant outcome reaches the floor, or when the
    full frontier is beyond what the engine merges (then no gap can be stated). ``frontier`` is
    the compliant frontier of ``space`` when the caller already has it.
    """
    from brightline.engine.frontier import pareto_frontier

    if frontier is None:
        try:
            frontier = pareto_frontier(space)
        except UsageError:
            return None
    slack = 1e-9 * max(1.0, abs(floor))
    reaching = np.flatnonzero(frontier.ours >= floor - slack)
    if reaching.shape[0] == 0:
        return None
    return float(frontier.theirs[reaching].max())
