"""Which must-haves each bid breaks, worked out when a report first asks for it.

Ranking a tender needs only whether each bid passes: the polars evaluation
(:func:`brightline.offers.bids_frame.evaluate_frame`) filters on the rules inside the query that
scores and ranks, as the polars peer of ``benchmarks/bench_bids.py`` does. Which standard each
knocked-out bid breaks (the matrix behind every knock-out reason, the counts a re-bid names) is
for the report, so it is made here on first use, with the same expressions and so the same
truths, and kept. On 10^6 bids the matrix as numpy, its row-wise ``any`` and the positions took
about 20 ms of the one thread that waits for polars, before the ranking could start.

The numpy evaluation computes both at once and hands them over as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from brightline.offers.bids_kernels import BoolArray, IntArray

__all__ = ["KnockOuts"]


class KnockOuts:
    """The ``(rows, standards)`` matrix of broken standards and the readable rows knocked out.

    Args:
        failing: The matrix, when known already.
        knocked: The row positions of readable bids that break a must-have, when known.
        compute: How to make both (for a table evaluated in polars).
    """

    __slots__ = ("_compute", "_failing", "_knocked")

    def __init__(
        self,
        failing: BoolArray | None = None,
        knocked: IntArray | None = None,
        compute: Callable[[], tuple[BoolArray, IntArray]] | None = None,
    ) -> None:
        if (failing is None or knocked is None) and compute is None:
            raise ValueError("knock-outs not known need a way to compute them")
        self._failing = failing
        self._knocked = knocked
        self._compute = compute

    def _made(self) -> tuple[BoolArray, IntArray]:
        if self._failing is None or self._knocked is None:
            assert self._compute is not None
            self._failing, self._knocked = self._compute()
            self._compute = None
        return self._failing, self._knocked

    def failing(self) -> BoolArray:
        """Per row and standard, whether the row breaks it (readable rows only are ever true)."""
        return self._made()[0]

    def knocked(self) -> IntArray:
        """Row positions of readable bids that break at least one must-have, in row order."""
        return self._made()[1]

    def known(self) -> bool:
        """Whether both are made already."""
        return self._failing is not None and self._knocked is not None
