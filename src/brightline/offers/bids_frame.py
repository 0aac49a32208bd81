"""Knock out, score and rank a bids table inside polars, on every core: the fast path's evaluation.

A table read by polars' typed pass (:func:`brightline.offers.bids_polars.read_typed`) stays a polars
frame; its numpy columns are only made when something asks for them
(:class:`FrameColumns`). Where every row was read and every number lies in its issue's range, the
must-haves, the score and the ranking are one polars query (:func:`evaluate_frame`): the rows
that meet every rule, their scores and their ranking (polars' stable parallel sort); which rule
each other row breaks is worked out when a report asks (:mod:`brightline.offers.bids_knockouts`,
a second query with the same expressions). The parts of the score and the rules are expressions evaluated on the thread pool. On 10^6
bids the numpy evaluation spent 0.1 s of one core in ``np.interp`` and 0.05 s in a stable
``argsort``, while the other core waited; scoring every row, the knocked out too, cost a third
of the evaluation (they are scored on demand: :mod:`brightline.offers.bids_scores`).

The results are those of the numpy evaluation in :mod:`brightline.offers.bids`, to the last bit
(``tests/offers/test_bids_frame.py`` and the every-path tests of ``test_bids_fast_path.py``):

* a value curve is ``np.interp``'s own formula: the first anchor's value at or below it, the last
  one's at or above the last, and ``slope * (x - x_j) + y_j`` between anchors ``j`` and ``j + 1``,
  with the slope computed in Python as numpy computes it; two IEEE operations in the same order
  round the same way. Only the sign of a zero can differ (numpy returns the anchor's own value at
  an anchor), and the sum of the parts starts at ``+0.0`` in numpy, so it is never ``-0.0``: the
  score here is normalised the same way. Curves with two anchors at one value (a step) go to numpy;
* the parts are summed in the same order (issues in mapping order, then criteria);
* the rules compare the same float64 values with the same literals;
* ties keep row order (a stable sort of the score, best first).

Anything else (an unreadable row, a number out of range, a step curve) returns ``None`` and the
numpy evaluation runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np

from brightline.case.model import DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.offers.bids_kernels import BoolArray, FloatArray, IntArray
from brightline.offers.bids_knockouts import KnockOuts
from brightline.offers.bids_reading import BidMapping
from brightline.offers.bids_table import BidTable
from brightline.rules import (
    Comparison,
    Expression,
    Implies,
    Membership,
    Not,
    Or,
    evaluate,
)

__all__ = ["FrameColumns", "evaluate_frame", "option_lookup", "out_of_range", "value_curve"]


class FrameColumns(Mapping[str, np.ndarray]):
    """The numpy columns of a polars frame, each made on first use and kept.

    Args:
        frame: The typed frame, one column per header.
        headers: The headers to offer.
        options: For option columns (text, each cell one of the names): header -> the option
            names, and the column becomes each cell's option index (int64). ``None`` for
            number columns.
    """

    def __init__(
        self,
        frame: Any,
        headers: Sequence[str],
        options: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._frame = frame
        self._headers = tuple(headers)
        self._options = options
        self._found: dict[str, np.ndarray] = {}

    def __getitem__(self, header: str) -> np.ndarray:
        if header not in self._found:
            if header not in self._headers:
                raise KeyError(header)
            import polars as pl

            if self._options is None:
                self._found[header] = self._frame.get_column(header).to_numpy()
            else:
                names = self._options[header]
                index = option_lookup(pl.col(header), names, range(len(names)), pl.Int64)
                self._found[header] = self._frame.select(index).to_series().to_numpy()
        return self._found[header]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers)

    def made(self) -> tuple[str, ...]:
        """The headers whose numpy column has been made so far."""
        return tuple(self._found)

    def __len__(self) -> int:
        return len(self._headers)


def option_lookup(column: Any, names: Sequence[str], values: Iterable[Any], dtype: Any) -> Any:
    """Each cell's value by its option name: ``values[k]`` where the cell is ``names[k]``.

    The cells are known to be option names (the typed reader checks every one), so the last
    option needs no comparison of its own: it is what no earlier name matched.
    """
    import polars as pl

    pairs = list(zip(names, values, strict=True))
    last = pl.lit(pairs[-1][1], dtype=dtype)
    if len(pairs) == 1:
        return pl.repeat(last, pl.len())
    chain: Any = pl.when(column == pairs[0][0]).then(pl.lit(pairs[0][1], dtype=dtype))
    for name, value in pairs[1:-1]:
        chain = chain.when(column == name).then(pl.lit(value, dtype=dtype))
    return chain.otherwise(last)


def out_of_range(frame: Any, limits: Mapping[str, tuple[float, float]]) -> bool:
    """Whether any number of a column lies outside its issue's range (one polars pass for all)."""
    if not limits:
        return False
    import polars as pl

    checks = [
        ((pl.col(header) < low) | (pl.col(header) > high)).any().alias(header)
        for header, (low, high) in limits.items()
    ]
    return any(frame.select(checks).row(0))


def evaluate_frame(
    loaded: LoadedCase, mapping: BidMapping, table: BidTable
) -> tuple[FloatArray, np.ndarray, KnockOuts] | None:
    """The ranking of the rows that pass every must-have and their scores, in one polars query.

    Only the rows that pass are scored (:mod:`brightline.offers.bids_scores` scores the others
    when something asks): on the benchmark two bids in three are knocked out. Which standards
    each knocked-out row breaks is worked out when a report first asks
    (:mod:`brightline.offers.bids_knockouts`). The columns handed back are views of polars' own
    memory where numpy can read it as it is (the scores, the positions), so a million bids
    allocate little fresh numpy memory for them.

    Returns:
        ``(ranked_scores, ranked, knock_outs)``: the scores of the ranked rows in ranking order,
        the ranked rows' positions, and the knock-outs; ``None`` when the table is not a clean
        polars frame (then the numpy evaluation runs).
    """
    frame = table.frame
    if frame is None or table.bad.any():
        return None
    score = _score(loaded, mapping)
    if score is None:
        return None
    import polars as pl

    rules = [_rule(rule, loaded, mapping) for rule in loaded.standard_rules.values()]
    total = pl.col("score")
    query = frame.lazy().with_row_index("position")
    if rules:
        query = query.filter(pl.all_horizontal(rules))
    # The streaming engine splits the rows among the threads; the in-memory one would give each
    # expression a thread (the score is one expression). As the numpy sum from +0.0, a score is
    # never a negative zero (polars skips adding a zero).
    ranked = (
        query.select("position", score.alias("score"))
        .with_columns(pl.when(total == 0.0).then(0.0).otherwise(total).alias("score"))
        .sort("score", descending=True, maintain_order=True)
        .collect(engine="streaming")
    )
    return (
        ranked.get_column("score").rechunk().to_numpy(),
        ranked.get_column("position").cast(pl.Int64).to_numpy(),
        KnockOuts(compute=partial(_knock_outs, frame, rules)),
    )


def _knock_outs(frame: Any, rules: Sequence[Any]) -> tuple[BoolArray, IntArray]:
    """The standards each row breaks (the ranking's own rule expressions) and the rows that break one.

    Each column comes back from polars as bytes (a ``UInt8`` cast on the thread pool), which
    numpy reads in place as booleans: polars' packed booleans would be unpacked on this thread.
    """
    import polars as pl

    failing = np.empty((frame.height, len(rules)), dtype=np.bool_, order="F")
    if rules:
        breaks = [
            (~rule).cast(pl.UInt8).alias(f"breaks {index}") for index, rule in enumerate(rules)
        ]
        judged = frame.lazy().select(*breaks).collect(engine="streaming")
        for index in range(len(rules)):
            failing[:, index] = judged.to_series(index).to_numpy().view(np.bool_)
    return failing, np.flatnonzero(failing.any(axis=1))


def _score(loaded: LoadedCase, mapping: BidMapping) -> Any:
    """The sum of every part of the score as one expression, in the numpy order; ``None`` for a step."""
    import polars as pl

    total: Any = pl.lit(0.0, dtype=pl.Float64)
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        column = pl.col(header)
        if isinstance(issue, DiscreteIssue):
            ours = [float(option.ours) for option in issue.options]
            total = total + option_lookup(column, _names(issue), ours, pl.Float64)
            continue
        within = (float(issue.range.min), float(issue.range.max))
        part = value_curve(column, [(float(x), float(y)) for x, y in issue.ours], within)
        if part is None:
            return None
        total = total + part
    for header, weight in mapping.criteria.items():
        total = total + pl.lit(float(weight), dtype=pl.Float64) * pl.col(header)
    return total


def value_curve(
    column: Any,
    anchors: list[tuple[float, float]],
    within: tuple[float, float] | None = None,
) -> Any:
    """``np.interp`` of a column on a value curve, operation for operation (see the module).

    ``within`` is a range every value is known to lie in (the issue's range, once the reader has
    checked it): the branches no value there can take are left out, since polars computes every
    branch of a ``when`` chain on every row. Where the range starts at the first anchor, that
    anchor is reached by the first segment's own formula, exact there (``0 * slope + y``, bar the
    sign of a zero); where it ends before the last anchor, or at it when the last segment's
    formula gives the last anchor's value there exactly (computed here with the same two IEEE
    operations), the last segment needs no test. A segment from ``x = 0`` or from a value of 0
    skips the subtraction or the addition of that zero (again exact, bar the sign of a zero).

    ``None`` for a curve it cannot follow exactly: a step (two anchors at one value) or a value
    that is not finite.
    """
    import polars as pl

    xs = [x for x, _ in anchors]
    if any(right <= left for left, right in itertools.pairwise(xs)):
        return None
    if not all(np.isfinite(value) for anchor in anchors for value in anchor):
        return None

    def literal(value: float) -> Any:
        return pl.lit(float(value))  # a float literal: float64 against a float64 column

    segments: list[tuple[float, float, Any, bool]] = []
    for (left_x, left_y), (right_x, right_y) in itertools.pairwise(anchors):
        slope = (right_y - left_y) / (right_x - left_x)
        if not np.isfinite(slope):
            return None
        shifted = column if left_x == 0 else column - literal(left_x)
        piece = shifted * literal(slope)
        piece = piece if left_y == 0 else piece + literal(left_y)
        at_right = (right_x - left_x) * slope + left_y  # the piece's value at its right anchor
        segments.append((left_x, right_x, piece, at_right == right_y))
    (first_x, first_y), (last_x, last_y) = anchors[0], anchors[-1]
    low, high = within if within is not None else (-np.inf, np.inf)
    taken = [segment for segment in segments if segment[1] > low and segment[0] <= high]
    if within is None or not taken:
        low, high = -np.inf, np.inf  # every value at one end of the curve: keep every branch
        taken = segments
    # (condition, value) in order; a condition of None is the branch every other value takes.
    branches: list[tuple[Any, Any]] = []
    if low < first_x or not taken:
        branches.append((column <= first_x, literal(first_y)))
    branches.extend((column < right_x, piece) for _, right_x, piece, _ in taken)
    reaches_last = high > last_x or (high == last_x and not (taken and taken[-1][3]))
    if reaches_last or not taken:
        branches.append((None, literal(last_y)))
    else:
        branches[-1] = (None, branches[-1][1])  # no value needs the next anchor's own value
    if len(branches) == 1:
        return branches[0][1]
    curve: Any = pl.when(branches[0][0]).then(branches[0][1])
    for condition, value in branches[1:-1]:
        curve = curve.when(condition).then(value)
    return curve.otherwise(branches[-1][1])


def _names(issue: DiscreteIssue) -> list[str]:
    """The option names as the table spells them (the reader's ``ColumnSpec.options``)."""
    return [str(value) for value in issue.values()]


def _rule(expression: Expression, loaded: LoadedCase, mapping: BidMapping) -> Any:
    """Truth of a rule on every bid, as :func:`~brightline.offers.bids_scoring.rule_holds`."""
    import polars as pl

    if isinstance(expression, Comparison | Membership):
        issue = loaded.case.issue(expression.issue)
        column = pl.col(mapping.issues[expression.issue])
        if isinstance(issue, DiscreteIssue):
            truths = [evaluate(expression, {issue.id: option}) for option in issue.values()]
            return option_lookup(column, _names(issue), truths, pl.Boolean)
        if isinstance(expression, Membership):
            # == per value, as np.isin compares (no hashing of floats).
            equal = [column == float(value) for value in expression.values]
            inside = pl.any_horizontal(equal) if equal else pl.repeat(False, pl.len())
            return ~inside if expression.negated else inside
        literal = float(expression.value)
        compare = {
            "==": column.__eq__,
            "!=": column.__ne__,
            "<": column.__lt__,
            "<=": column.__le__,
            ">": column.__gt__,
            ">=": column.__ge__,
        }[expression.operator.value]
        return compare(literal)
    if isinstance(expression, Not):
        return ~_rule(expression.operand, loaded, mapping)
    if isinstance(expression, Implies):
        return ~_rule(expression.antecedent, loaded, mapping) | _rule(
            expression.consequent, loaded, mapping
        )
    parts = [_rule(operand, loaded, mapping) for operand in expression.operands]
    return pl.any_horizontal(parts) if isinstance(expression, Or) else pl.all_horizontal(parts)
