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

    __slots__ = ("_compute", "_known", "_values")

    def __init__(
        self,
        values: FloatArray,
        known: BoolArray | None = None,
        compute: Callable[[IntArray], FloatArray] | None = None,
    ) -> None:
        if known is not None and compute is None:
            raise ValueError("scores with unknown rows need a way to compute them")
        self._values = values
        self._known = None if known is None or known.all() else known
        self._compute = compute

    @classmethod
    def of(
        cls,
        rows: int,
        positions: IntArray,
        scores: FloatArray,
        compute: Callable[[IntArray], FloatArray],
    ) -> Scores:
        """The scores of some rows (``positions``), the others computed when first asked for."""
        values = np.empty(rows, dtype=np.float64)
        values[positions] = scores
        known = np.zeros(rows, dtype=np.bool_)
        known[positions] = True
        return cls(values, known, compute)

    def _complete(self) -> FloatArray:
        if self._known is not None and self._compute is not None:
            missing = np.flatnonzero(~self._known)
            self._values[missing] = self._compute(missing)
            self._known = None
        return self._values

    def __getitem__(self, key: Any) -> Any:
        """Scores of a row (a float) or of rows (an array), as ``values[key]`` would give them."""
        if self._known is not None and not np.all(self._known[key]):
            self._complete()
        return self._values[key]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> FloatArray:
        values = self._complete()
        return values if dtype is None else values.astype(dtype)

    def __len__(self) -> int:
        return int(self._values.shape[0])

    def complete(self) -> bool:
        """Whether every row is scored already (asking for any would cost nothing)."""
        return self._known is None
