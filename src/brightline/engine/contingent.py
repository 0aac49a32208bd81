"""What contingent terms add: the compliant frontier with them against the one without them.

A contingent option is an ordinary option of its issue once compiled (its value to each side is
that side's expectation, see :mod:`brightline.case.contingent`), so the frontier, the gate, MESO and
counters already include it. This module answers the question the sweep adds: how much joint value
do the contingent terms create over the best plain deal, and is there a contingent deal both sides
prefer to every plain deal they could agree on? Where the two sides' beliefs differ, each values
the bet at its own odds, and that difference is value neither plain option holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brightline.case.model import DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.engine.frontier import pareto_frontier
from brightline.engine.points import acceptable
from brightline.engine.space import Component, IssueAxis, OutcomeSpace
from brightline.engine.sweep import Sweep


@dataclass(frozen=True, slots=True)
class ContingentValue:
    """The contingent deal worth most to both sides together, against the best plain deal.

    Attributes:
        index: Index into the sweep's compliant frontier of that contingent deal.
        ours: Its value to us (our expectation), in the case currency.
        theirs: Its value to them (their expectation, as we estimate it), in their value unit.
        plain_ours: Value to us of the plain compliant deal with the largest joint value.
        plain_theirs: Value to them of that plain deal.
        created: Joint value the contingent deal adds over that plain deal (may be negative).
        beats_every_plain_deal: Whether both sides prefer it to every plain compliant deal they
            could agree on (each side at least its best value among plain deals both accept, and
            itself acceptable to both). True also when no plain deal is acceptable to both and this
            one is.
        plain_ceiling: Each side's best value among the plain compliant deals both accept (ours,
            theirs), or None when no plain deal is acceptable to both.
        terms: The contingent options the deal uses, as ``issue=option``.
    """

    index: int
    ours: float
    theirs: float
    plain_ours: float
    plain_theirs: float
    created: float
    beats_every_plain_deal: bool
    plain_ceiling: tuple[float, float] | None
    terms: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The numbers for the sweep's JSON section."""
        return {
            "ours": self.ours,
            "theirs": self.theirs,
            "plain_max_joint": {"ours": self.plain_ours, "theirs": self.plain_theirs},
            "created": self.created,
            "beats_every_plain_deal": self.beats_every_plain_deal,
            "plain_ceiling": None
            if self.plain_ceiling is None
            else {"ours": self.plain_ceiling[0], "theirs": self.plain_ceiling[1]},
            "terms": list(self.terms),
        }


def plain_space(loaded: LoadedCase, space: OutcomeSpace) -> OutcomeSpace:
    """The space without its contingent options: what the deal could be with plain terms only.

    Contingent options come after the plain ones in each issue's values, so a row is plain when
    every issue's choice index is below that issue's count of plain options.
    """
    plain_counts = [_plain_count(loaded, axis) for axis in space.issues]
    axes = tuple(
        IssueAxis(
            axis.id,
            axis.values[:count],
            axis.ours[:count],
            axis.theirs[:count],
            axis.numeric,
            axis.unit,
        )
        for axis, count in zip(space.issues, plain_counts, strict=True)
    )
    components = []
    for component in space.components:
        limits = np.array([plain_counts[index] for index in component.issues], dtype=np.int64)
        keep = np.flatnonzero((component.choices < limits).all(axis=1))
        components.append(
            Component(
                component.issues,
                np.ascontiguousarray(component.choices[keep]),
                component.ours[keep],
                component.theirs[keep],
                component.satisfies[keep],
            )
        )
    return OutcomeSpace(axes, tuple(components), space.standard_ids)


def has_contingent(loaded: LoadedCase) -> bool:
    """Whether any issue of the case holds a contingent option."""
    return any(
        isinstance(issue, DiscreteIssue) and issue.contingent for issue in loaded.case.issues
    )


def contingent_value(loaded: LoadedCase, found: Sweep) -> ContingentValue | None:
    """The best contingent deal on the compliant frontier against the best plain one.

    None when the case has no contingent option, when none reaches the compliant frontier, or when
    no plain compliant deal exists to compare with. "Best" is the largest joint value among the
    contingent frontier deals both sides accept (among all of them when none is acceptable).
    """
    if not has_contingent(loaded) or found.frontier.empty:
        return None
    plain = plain_space(loaded, found.space)
    plain_frontier = pareto_frontier(plain)
    if plain_frontier.empty:
        return None
    counts = np.array([_plain_count(loaded, axis) for axis in found.space.issues])
    uses = (found.frontier.choices >= counts).any(axis=1)
    if not uses.any():
        return None
    both = acceptable(found.frontier, found.reservations)
    pool = np.flatnonzero(uses & both) if (uses & both).any() else np.flatnonzero(uses)
    joint = found.frontier.ours[pool] + found.frontier.theirs[pool]
    index = int(pool[int(joint.argmax())])
    ours, theirs = float(found.frontier.ours[index]), float(found.frontier.theirs[index])
    plain_joint = plain_frontier.ours + plain_frontier.theirs
    best_plain = int(plain_joint.argmax())
    plain_both = acceptable(plain_frontier, found.reservations)
    ceiling = (
        (
            float(plain_frontier.ours[plain_both].max()),
            float(plain_frontier.theirs[plain_both].max()),
        )
        if plain_both.any()
        else None
    )
    beats = bool(both[index]) and (ceiling is None or (ours >= ceiling[0] and theirs >= ceiling[1]))
    outcome = found.space.outcome(found.frontier.choices[index])
    terms = tuple(
        f"{axis.id}={outcome[axis.id]}"
        for axis, count, choice in zip(
            found.space.issues, counts, found.frontier.choices[index], strict=True
        )
        if choice >= count
    )
    plain_ours = float(plain_frontier.ours[best_plain])
    plain_theirs = float(plain_frontier.theirs[best_plain])
    return ContingentValue(
        index,
        ours,
        theirs,
        plain_ours,
        plain_theirs,
        ours + theirs - plain_ours - plain_theirs,
        beats,
        ceiling,
        terms,
    )


def _plain_count(loaded: LoadedCase, axis: IssueAxis) -> int:
    issue = loaded.case.issue(axis.id)
    if isinstance(issue, DiscreteIssue):
        return len(issue.options)
    return len(axis.values)
