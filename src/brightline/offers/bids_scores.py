"""Each bid's value to us, computed for the bids that pass up front and for the rest on first use.

A ranking needs the score of every bid that meets the must-haves and of no other: on the
benchmark's million bids two in three are knocked out, and scoring them was a third of the
evaluation's time. So the polars evaluation (:mod:`brightline.offers.bids_frame`) scores only the
passing bids, and the others are scored here the first time something asks for one of them (a
bid matrix lists every row with its score), all at once: one numpy pass over the missing rows,
the same sums as :func:`brightline.offers.bids._evaluate_numpy` computes (bit for bit, as the
polars scores are: ``tests/offers/test_bids_frame.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from brightline.offers.bids_kernels import BoolArray, FloatArray, IntArray

__all__ = ["Scores"]


class Scores:
    """Value to us per row (case currency; NaN for rows with an unreadable cell), indexable as an array.

    Args:
        values: A score per row; only the rows in ``known`` are meaningful.
        known: Which rows are scored already (``None``: every row).
        compute: How to score some rows (positions in, scores out), for the rest.
    """

    __slots__ = ("_compute", "_known", "_ranked", "_rows", "_values")

    def __init__(
        self,
        values: FloatArray | None,
        known: BoolArray | None = None,
        compute: Callable[[IntArray], FloatArray] | None = None,
    ) -> None:
        if known is not None and compute is None:
            raise ValueError("scores with unknown rows need a way to compute them")
        self._values = values
        self._known = None if known is None or known.all() else known
        self._compute = compute
        self._ranked: tuple[IntArray, FloatArray] | None = None
        self._rows = 0 if values is None else int(values.shape[0])

    @classmethod
    def of(
        cls,
        rows: int,
        positions: IntArray,
        scores: FloatArray,
        compute: Callable[[IntArray], FloatArray],
    ) -> Scores:
        """The scores of some rows (``positions``), the others computed when first asked for.

        Until another row is asked for, nothing of the size of the table is made: the scores of
        ``positions`` (the ranking) are handed back as they are when that very array is asked
        for, and the best bid's by its position. On 10^6 bids a full array and its "known" flags
        cost about 6 ms of the one thread that waits for polars, a gather of the ranked scores
        14 ms more.
        """
        found = cls(None, None, compute)
        found._ranked = (positions, scores)
        found._rows = rows
        return found

    def _array(self) -> FloatArray:
        """Every row's array, the ranked rows' scores put in place on first use."""
        if self._values is None:
            assert self._ranked is not None
            positions, scores = self._ranked
            values = np.empty(self._rows, dtype=np.float64)
            values[positions] = scores
            known = np.zeros(self._rows, dtype=np.bool_)
            known[positions] = True
            self._values = values
            self._known = None if known.all() else known
        return self._values

    def _complete(self) -> FloatArray:
        values = self._array()
        if self._known is not None and self._compute is not None:
            missing = np.flatnonzero(~self._known)
            values[missing] = self._compute(missing)
            self._known = None
        return values

    def __getitem__(self, key: Any) -> Any:
        """Scores of a row (a float) or of rows (an array), as ``values[key]`` would give them."""
        if self._values is None and self._ranked is not None:
            positions, scores = self._ranked
            if key is positions:
                return scores  # the ranking's own scores, in its order
            if isinstance(key, int | np.integer) and positions.shape[0] and key == positions[0]:
                return scores[0]
        values = self._array()
        if self._known is not None and not np.all(self._known[key]):
            values = self._complete()
        return values[key]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> FloatArray:
        values = self._complete()
        return values if dtype is None else values.astype(dtype)

    def __len__(self) -> int:
        return self._rows

    def complete(self) -> bool:
        """Whether every row is scored already (asking for any would cost nothing)."""
        if self._values is None:
            assert self._ranked is not None
            return int(self._ranked[0].shape[0]) == self._rows  # every row ranked
        return self._known is None
