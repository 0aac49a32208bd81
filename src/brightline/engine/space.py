"""Compile a case into an outcome space: per-issue value arrays and rule masks.

Values are additive across issues, so the space is stored per *component* instead of per outcome: a
component is one issue, or several issues that a cross-issue standard joins (its rows are then every
combination of their options). A standard reads the issues of exactly one component, so whether it
holds is a boolean per row of that component. The full space is the product of the components; it
is never materialised except by :func:`enumerate_outcomes`, the reference for small spaces.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from brightline.case.model import Case, NumericIssue, OptionValue
from brightline.case.validate import LoadedCase
from brightline.errors import UsageError
from brightline.rules import And, Comparison, Expression, Implies, Membership, Not, Or, evaluate
from brightline.rules import issues_of as rule_issues

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MAX_COMPONENT_ROWS = 4_000_000
"""Combinations of a compound issue we are willing to hold (about 100 MB with its masks)."""

MAX_ENUMERATED_OUTCOMES = 2_000_000
"""Largest space :func:`enumerate_outcomes` materialises; it exists for tests and tiny cases."""


@dataclass(frozen=True, slots=True)
class IssueAxis:
    """One issue of the case: its choices and the value of each to us and to them.

    Attributes:
        id: The issue id, as rules name it.
        values: Every choice (option ids, or the grid of a numeric range), in file order.
        ours: Value to us of each choice, in the case currency.
        theirs: Estimated value to them of each choice, in their value unit.
        numeric: Whether the issue is a numeric range (its values then lie on a grid, and both
            curves are piecewise linear between them).
        unit: The range's unit of a numeric issue, for sentences.
    """

    id: str
    values: tuple[OptionValue, ...]
    ours: FloatArray
    theirs: FloatArray
    numeric: bool = False
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Component:
    """A group of issues settled together because a standard reads them jointly.

    Attributes:
        issues: Positions (in :attr:`OutcomeSpace.issues`) of the issues in this component.
        choices: ``(rows, len(issues))`` option index of each issue on each row.
        ours: Value to us of each row (sum over its issues).
        theirs: Value to them of each row.
        satisfies: ``(rows, standards)``: whether each standard holds on the row; standards that
            read other components are True everywhere.
    """

    issues: tuple[int, ...]
    choices: IndexArray
    ours: FloatArray
    theirs: FloatArray
    satisfies: BoolArray

    @property
    def rows(self) -> int:
        """Number of joint choices in the component."""
        return int(self.ours.shape[0])

    def allowed(self, standards: Sequence[int] | None) -> BoolArray:
        """Rows on which every listed standard holds (all standards when None)."""
        if standards is None:
            return np.asarray(self.satisfies.all(axis=1), dtype=np.bool_)
        if len(standards) == 0:
            return np.ones(self.rows, dtype=np.bool_)
        return np.asarray(self.satisfies[:, list(standards)].all(axis=1), dtype=np.bool_)


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """A compiled case: issues, components and the standards that constrain them.

    Attributes:
        issues: Every issue, in case order.
        components: The independent parts whose choices sum to an outcome.
        standard_ids: Standards compiled into :attr:`Component.satisfies`, in that column order.
    """

    issues: tuple[IssueAxis, ...]
    components: tuple[Component, ...]
    standard_ids: tuple[str, ...]

    @property
    def size(self) -> int:
        """Number of outcomes (a Python int: it can be far beyond 64 bits)."""
        return math.prod(len(issue.values) for issue in self.issues)

    def standard_positions(self, standard_ids: Iterable[str] | None) -> list[int] | None:
        """Column positions of the named standards; None means all of them."""
        if standard_ids is None:
            return None
        return [self.standard_ids.index(standard_id) for standard_id in standard_ids]

    def outcome(self, choice: Sequence[int] | IndexArray) -> dict[str, OptionValue]:
        """The outcome (issue id -> chosen option) of one row of option indices."""
        return {
            issue.id: issue.values[int(index)]
            for issue, index in zip(self.issues, choice, strict=True)
        }


def issue_axis(case: Case, issue_id: str) -> IssueAxis:
    """The values of one issue as arrays."""
    issue = case.issue(issue_id)
    values = issue.values()
    if isinstance(issue, NumericIssue):
        points = np.array(values, dtype=np.float64)
        ours = interpolated(issue.ours, points)
        theirs = interpolated(issue.theirs, points)
        return IssueAxis(issue.id, tuple(values), ours, theirs, True, issue.range.unit)
    ours = np.array([issue.value_to_us(value) for value in values], dtype=np.float64)
    theirs = np.array([issue.value_to_them(value) for value in values], dtype=np.float64)
    return IssueAxis(issue.id, tuple(values), ours, theirs)


def interpolated(curve: Sequence[tuple[float, float]], points: FloatArray) -> FloatArray:
    """:func:`brightline.case.model.interpolate` at many points at once, bit for bit.

    The same segment is chosen (the first anchor at or right of the point) and the same
    operations run in the same order, so a value here equals the case model's value exactly;
    a Python loop over a 100,001-point grid took most of a second.
    """
    xs = np.array([x for x, _ in curve], dtype=np.float64)
    ys = np.array([y for _, y in curve], dtype=np.float64)
    right = np.minimum(np.searchsorted(xs, points, side="left"), xs.shape[0] - 1)
    left = np.maximum(right - 1, 0)
    left_x, left_y, right_x, right_y = xs[left], ys[left], xs[right], ys[right]
    width = right_x - left_x
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        inside = left_y + (right_y - left_y) * (points - left_x) / np.where(width == 0, 1, width)
    result = np.where(width == 0, right_y, inside)
    result = np.where(points <= xs[0], ys[0], result)
    result = np.where(points > xs[-1], ys[-1], result)
    return np.asarray(result, dtype=np.float64)


def rule_mask(
    expression: Expression,
    columns: dict[str, IndexArray],
    axes: dict[str, IssueAxis],
) -> BoolArray:
    """Truth of a rule on many rows at once.

    Each atom is evaluated once per option with the reference semantics of
    :func:`brightline.rules.evaluate` (so the engine cannot disagree with it), then looked up by
    the option index of each row; the logic combines those vectors.

    Args:
        expression: A type-checked rule.
        columns: Issue id -> option index per row, for every issue the rule reads.
        axes: Issue id -> its values.
    """
    if isinstance(expression, Comparison | Membership):
        axis = axes[expression.issue]
        table = np.array(
            [evaluate(expression, {axis.id: value}) for value in axis.values], dtype=np.bool_
        )
        return np.asarray(table[columns[expression.issue]], dtype=np.bool_)
    if isinstance(expression, Not):
        return ~rule_mask(expression.operand, columns, axes)
    if isinstance(expression, Implies):
        antecedent = rule_mask(expression.antecedent, columns, axes)
        return ~antecedent | rule_mask(expression.consequent, columns, axes)
    masks = [rule_mask(operand, columns, axes) for operand in expression.operands]
    if isinstance(expression, And):
        return np.asarray(np.logical_and.reduce(masks), dtype=np.bool_)
    assert isinstance(expression, Or)
    return np.asarray(np.logical_or.reduce(masks), dtype=np.bool_)


def product_rows(sizes: Sequence[int]) -> IndexArray:
    """Every combination of option indices for issues with these option counts, ``(rows, k)``."""
    count = math.prod(sizes)
    if not sizes:
        return np.zeros((1, 0), dtype=np.int64)
    grids = np.indices(tuple(sizes), dtype=np.int64).reshape(len(sizes), count)
    return np.ascontiguousarray(grids.T)


def _groups(issue_ids: list[str], rules: Iterable[Expression]) -> list[list[int]]:
    """Union-find of issues joined by rules; groups keep case order."""
    parent = list(range(len(issue_ids)))
    position = {issue_id: index for index, issue_id in enumerate(issue_ids)}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for rule in rules:
        members = sorted(position[issue_id] for issue_id in rule_issues(rule))
        for member in members[1:]:
            parent[root(member)] = root(members[0])
    groups: dict[int, list[int]] = {}
    for index in range(len(issue_ids)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values(), key=lambda group: group[0])


def _check_finite(axes: Sequence[IssueAxis]) -> None:
    """Refuse values whose sums would overflow to infinity (and then NaN) in any total.

    The case model refuses infinite numbers, but values near the float limit (about 1.8e308) can
    still overflow when interpolated or added up; every total the engine reports is bounded by the
    sum of the largest magnitudes checked here, so past this check none is infinite or NaN.
    """
    for axis in axes:
        if not (np.isfinite(axis.ours).all() and np.isfinite(axis.theirs).all()):
            raise UsageError(
                f"issue {axis.id!r} has values too large to compute with (they overflow when "
                "interpolated); express ours/theirs in a larger unit, such as thousands"
            )
    with np.errstate(over="ignore"):
        total = sum(
            float(np.abs(axis.ours).max()) + float(np.abs(axis.theirs).max()) for axis in axes
        )
    if not math.isfinite(total):
        raise UsageError(
            "the values of the issues add up beyond the largest representable number; express "
            "ours/theirs in a larger unit, such as thousands"
        )


def compile_space(loaded: LoadedCase, standard_ids: Sequence[str] | None = None) -> OutcomeSpace:
    """Compile a validated case into its outcome space.

    Args:
        loaded: The case with its parsed rules.
        standard_ids: Standards to compile (default: every standard whose rule parsed). Fewer
            standards give smaller compound issues.

    Raises:
        UsageError: when a cross-issue standard joins issues into more than
            :data:`MAX_COMPONENT_ROWS` combinations.
    """
    case = loaded.case
    chosen = list(loaded.standard_rules) if standard_ids is None else list(standard_ids)
    rules = [loaded.standard_rules[standard_id] for standard_id in chosen]
    issue_ids = [issue.id for issue in case.issues]
    axes = tuple(issue_axis(case, issue_id) for issue_id in issue_ids)
    _check_finite(axes)
    by_id = {axis.id: axis for axis in axes}
    components: list[Component] = []
    for group in _groups(issue_ids, rules):
        sizes = [len(axes[index].values) for index in group]
        rows = math.prod(sizes)
        if rows > MAX_COMPONENT_ROWS:
            names = ", ".join(issue_ids[index] for index in group)
            raise UsageError(
                f"standards join issues {names} into {rows:,} combinations, over the "
                f"{MAX_COMPONENT_ROWS:,} the engine holds; use a coarser numeric step "
                "or split the cross-issue rule"
            )
        choices = product_rows(sizes)
        ours = np.zeros(rows, dtype=np.float64)
        theirs = np.zeros(rows, dtype=np.float64)
        columns: dict[str, IndexArray] = {}
        for column, index in enumerate(group):
            picked = choices[:, column]
            ours += axes[index].ours[picked]
            theirs += axes[index].theirs[picked]
            columns[issue_ids[index]] = picked
        satisfies = np.ones((rows, len(rules)), dtype=np.bool_)
        members = {issue_ids[index] for index in group}
        for position, rule in enumerate(rules):
            if rule_issues(rule) <= members:
                satisfies[:, position] = rule_mask(rule, columns, by_id)
        components.append(Component(tuple(group), choices, ours, theirs, satisfies))
    return OutcomeSpace(axes, tuple(components), tuple(chosen))


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Every outcome of a small space, for reference computations and tests.

    Attributes:
        choices: ``(outcomes, issues)`` option index per issue.
        ours: Value to us of each outcome.
        theirs: Value to them of each outcome.
        compliant: Whether the selected standards all hold.
    """

    choices: IndexArray
    ours: FloatArray
    theirs: FloatArray
    compliant: BoolArray


def enumerate_outcomes(
    space: OutcomeSpace, standard_ids: Sequence[str] | None = None
) -> Enumeration:
    """Materialise every outcome (only for spaces up to :data:`MAX_ENUMERATED_OUTCOMES`).

    Values are summed issue by issue in case order, independently of the components, so tests can
    use this as a brute-force reference for the merged frontier.
    """
    if space.size > MAX_ENUMERATED_OUTCOMES:
        raise UsageError(
            f"the space has {space.size:,} outcomes, too many to list; "
            "use the frontier, which does not enumerate"
        )
    choices = product_rows([len(issue.values) for issue in space.issues])
    ours = np.zeros(choices.shape[0], dtype=np.float64)
    theirs = np.zeros(choices.shape[0], dtype=np.float64)
    for column, issue in enumerate(space.issues):
        ours += issue.ours[choices[:, column]]
        theirs += issue.theirs[choices[:, column]]
    selection = space.standard_positions(standard_ids)
    compliant = np.ones(choices.shape[0], dtype=np.bool_)
    for component in space.components:
        allowed = component.allowed(selection)
        if allowed.all():
            continue
        # Row index of this component in each outcome, from its issues' option indices.
        sizes = [len(space.issues[index].values) for index in component.issues]
        flat = np.ravel_multi_index(
            tuple(choices[:, index] for index in component.issues), tuple(sizes)
        )
        compliant &= allowed[flat]
    return Enumeration(choices, ours, theirs, compliant)
