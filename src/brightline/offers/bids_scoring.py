"""Scoring a bids table column by column: value curves, must-have rules, parts kept on demand.

Every function here works on whole columns (one numpy call per issue, never a Python call per
bid), because a tender can bring a million bids. (Blocks of rows on two threads were tried: no
faster on this machine, as ``np.interp`` holds the GIL, so the code stays whole-column.)

Two things a ranking does not need are computed only when a caller asks for them, and then kept
(:class:`Deferred`): each issue's and criterion's part of every score (the score itself is summed
from parts that are freed at once) and the off-grid flags. On a million bids the kept parts alone
are ten columns of 8 MB; allocating memory that stays is what costs most on a busy machine, and a
ranking, a summary or a recommendation never reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from brightline.case.model import DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.offers.bids_reading import BidMapping
from brightline.offers.bids_table import BidTable, BoolArray, FloatArray
from brightline.rules import (
    Comparison,
    Expression,
    Implies,
    Membership,
    Not,
    Or,
    evaluate,
)

__all__ = [
    "Deferred",
    "ScorePart",
    "first_positions",
    "off_grid",
    "off_grid_flags",
    "readable",
    "rule_holds",
    "rule_known",
    "score_parts",
    "truth",
]


class Deferred(Mapping[str, np.ndarray]):
    """Columns computed on first use and kept, each key on its own or all of them at once.

    Args:
        each: Key -> how to compute that one column (the keys are known up front).
        whole: How to compute every column at once (the keys are only known after).
    """

    def __init__(
        self,
        each: dict[str, Callable[[], np.ndarray]] | None = None,
        whole: Callable[[], dict[str, np.ndarray]] | None = None,
    ) -> None:
        self._each = each or {}
        self._whole = whole
        self._found: dict[str, np.ndarray] = {}

    def kept(self, key: str) -> bool:
        """Whether a column is computed already (asking for it would then cost nothing)."""
        return key in self._found

    def _all(self) -> dict[str, np.ndarray]:
        if self._whole is not None:
            self._found, self._whole = self._whole(), None
        return self._found

    def __getitem__(self, key: str) -> np.ndarray:
        found = self._all()
        if key not in found and key in self._each:
            found[key] = self._each[key]()
        return found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._each) if self._each else iter(self._all())

    def __len__(self) -> int:
        return len(self._each) if self._each else len(self._all())


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One issue's or one criterion's part of a score, and how to compute it from its column.

    Attributes:
        columns: The table's numbers or options (:attr:`values` is ``columns[header]``, looked up
            when first needed: a table read by polars makes numpy columns on demand).
        header: The column's header.
        options: For a discrete issue, value to us per option, then NaN (for index -1).
        anchors: For a numeric issue, its value curve as (x, value) rows.
        weight: For a criterion, value to us per unit.
        best: The most this part can add to a score (the bound for an unreadable cell).
    """

    columns: Mapping[str, np.ndarray]
    header: str
    options: FloatArray | None = None
    anchors: FloatArray | None = None
    weight: float = 0.0
    best: float = 0.0

    @property
    def values(self) -> np.ndarray:
        """The column: option indices (-1 unreadable) or numbers (NaN unreadable)."""
        return self.columns[self.header]

    def points(self, positions: np.ndarray | slice | None = None) -> FloatArray:
        """This part of each row's score (NaN where its cell is unreadable), a new array."""
        values = self.values if positions is None else self.values[positions]
        if self.options is not None:
            return np.asarray(self.options[values], dtype=np.float64)
        if self.anchors is not None:
            return np.asarray(
                np.interp(values, self.anchors[:, 0], self.anchors[:, 1]), dtype=np.float64
            )
        return np.asarray(self.weight * values, dtype=np.float64)


def score_parts(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> dict[str, ScorePart]:
    """Issue id or criterion header -> its part of the score, issues first, in mapping order."""
    parts: dict[str, ScorePart] = {}
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            ours = np.array([option.ours for option in issue.options] + [np.nan])
            parts[issue_id] = ScorePart(
                table.options, header, options=ours, best=float(np.nanmax(ours))
            )
        else:
            anchors = np.array(issue.ours, dtype=np.float64)
            # The curve is piecewise linear: its best over the range is at an anchor or an end.
            inside = [float(issue.range.min), float(issue.range.max)]
            inside += [x for x in anchors[:, 0] if issue.range.min <= x <= issue.range.max]
            best = float(np.interp(inside, anchors[:, 0], anchors[:, 1]).max())
            parts[issue_id] = ScorePart(table.numbers, header, anchors=anchors, best=best)
    for header, weight in mapping.criteria.items():
        parts[header] = ScorePart(
            table.numbers, header, weight=weight, best=np.inf if weight else 0.0
        )
    return parts


def off_grid(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> dict[str, np.ndarray]:
    """Header -> row positions whose number lies inside the range but between grid steps."""
    flags = off_grid_flags(loaded, mapping, table)
    return {header: np.flatnonzero(flagged) for header, flagged in flags.items()}


def off_grid_flags(
    loaded: LoadedCase, mapping: BidMapping, table: BidTable
) -> dict[str, BoolArray]:
    """Header -> which rows hold a number inside the range but between grid steps.

    On the grid: a whole number of steps from min (to a relative 1e-9), or max itself (the grid
    always ends there). Only columns with a flagged row are listed. Flags cost one byte a row
    where positions cost eight: a tender quoting exact prices has nearly every value off a
    coarse grid, and a report lists the first few (:func:`first_positions`) and the count.
    """
    grids: list[tuple[str, float, float, float]] = []
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if not isinstance(issue, DiscreteIssue):
            low, high = float(issue.range.min), float(issue.range.max)
            grids.append((header, low, float(issue.range.step), high))
    rows = table.rows.shape[0]
    # Scratch columns shared by every issue, each step in place: fresh 8 MB temporaries per step
    # and issue are given back to the system and faulted in again, which costs more than the
    # arithmetic on a busy machine. The steps are those of the plain expression
    # ``|s - round(s)| > 1e-9 * max(1, |s|)`` with ``s = (v - min) / step``, so the flags are too.
    steps, distance = np.empty(rows), np.empty(rows)
    off_max = np.empty(rows, dtype=np.bool_)
    readable_rows = ~table.bad
    found: dict[str, BoolArray] = {}
    for header, low, step, high in grids:
        values = table.numbers[header]
        between = np.empty(rows, dtype=np.bool_)
        np.divide(np.subtract(values, low, out=steps), step, out=steps)
        np.abs(np.subtract(steps, np.round(steps, out=distance), out=distance), out=distance)
        np.multiply(np.maximum(np.abs(steps, out=steps), 1.0, out=steps), 1e-9, out=steps)
        np.greater(distance, steps, out=between)
        np.abs(np.subtract(values, high, out=distance), out=distance)
        np.greater(distance, 1e-9 * max(1.0, abs(high)), out=off_max)
        between &= off_max
        between &= readable_rows
        if between.any():
            found[header] = between
    return found


def first_positions(flags: BoolArray, count: int | None = None) -> np.ndarray:
    """Positions of the first ``count`` true flags (all with ``None``), scanning in blocks."""
    if count is None:
        return np.flatnonzero(flags)
    found: list[np.ndarray] = []
    total, block = 0, max(4096, 4 * count)
    for start in range(0, flags.shape[0], block):
        if total >= count:
            break
        positions = np.flatnonzero(flags[start : start + block]) + start
        found.append(positions)
        total += positions.shape[0]
    joined = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    return joined[:count]


def readable(column: np.ndarray) -> BoolArray:
    """Cells that could be read: numbers not NaN, option indices not -1."""
    if column.dtype.kind == "f":
        return np.asarray(~np.isnan(column), dtype=np.bool_)
    return np.asarray(column >= 0, dtype=np.bool_)


def rule_holds(
    expression: Expression, columns: dict[str, np.ndarray], loaded: LoadedCase
) -> BoolArray:
    """Truth of a rule on every bid at once (numbers compared directly; options by lookup)."""
    if isinstance(expression, Comparison | Membership):
        issue = loaded.case.issue(expression.issue)
        values = columns[expression.issue]
        if isinstance(issue, DiscreteIssue):
            table = np.array(
                [evaluate(expression, {issue.id: option}) for option in issue.values()] + [False],
                dtype=np.bool_,
            )
            return np.asarray(table[values], dtype=np.bool_)
        if isinstance(expression, Membership):
            inside = np.isin(values, np.array(expression.values, dtype=np.float64))
            return np.asarray(~inside if expression.negated else inside, dtype=np.bool_)
        literal = float(expression.value)
        compare = {
            "==": np.equal,
            "!=": np.not_equal,
            "<": np.less,
            "<=": np.less_equal,
            ">": np.greater,
            ">=": np.greater_equal,
        }[expression.operator.value]
        return np.asarray(compare(values, literal), dtype=np.bool_)
    if isinstance(expression, Not):
        return ~rule_holds(expression.operand, columns, loaded)
    if isinstance(expression, Implies):
        return ~rule_holds(expression.antecedent, columns, loaded) | rule_holds(
            expression.consequent, columns, loaded
        )
    parts = [rule_holds(operand, columns, loaded) for operand in expression.operands]
    reduce = np.logical_or if isinstance(expression, Or) else np.logical_and
    return np.asarray(reduce.reduce(parts), dtype=np.bool_)


def rule_known(
    expression: Expression,
    columns: dict[str, np.ndarray],
    known: dict[str, BoolArray],
    loaded: LoadedCase,
) -> tuple[BoolArray, BoolArray]:
    """Where a rule is surely true and surely false, given which cells could be read.

    Three-valued: an atom on an unreadable cell is unknown; ``and`` is surely false when one part
    is, ``or`` surely true when one part is. A row whose readable cells already break a must-have
    could not have won, whatever its unreadable cells hold.
    """
    if isinstance(expression, Comparison | Membership):
        holds = rule_holds(expression, columns, loaded)
        mask = known[expression.issue]
        return holds & mask, ~holds & mask
    if isinstance(expression, Not):
        true, false = rule_known(expression.operand, columns, known, loaded)
        return false, true
    if isinstance(expression, Implies):
        a_true, a_false = rule_known(expression.antecedent, columns, known, loaded)
        b_true, b_false = rule_known(expression.consequent, columns, known, loaded)
        return a_false | b_true, a_true & b_false
    parts = [rule_known(operand, columns, known, loaded) for operand in expression.operands]
    trues = np.array([part[0] for part in parts])
    falses = np.array([part[1] for part in parts])
    if isinstance(expression, Or):
        return np.asarray(trues.any(axis=0)), np.asarray(falses.all(axis=0))
    return np.asarray(trues.all(axis=0)), np.asarray(falses.any(axis=0))


def truth(expression: Expression, atom_truth: dict[int, bool]) -> bool:
    """Truth of a rule from the known truth of each of its atoms (by identity)."""
    if isinstance(expression, Comparison | Membership):
        return atom_truth[id(expression)]
    if isinstance(expression, Not):
        return not truth(expression.operand, atom_truth)
    if isinstance(expression, Implies):
        return (not truth(expression.antecedent, atom_truth)) or truth(
            expression.consequent, atom_truth
        )
    values = [truth(operand, atom_truth) for operand in expression.operands]
    return any(values) if isinstance(expression, Or) else all(values)
