"""The two long lists of ``brightline bids --format json``, encoded by polars a batch at a time.

A tender of 10^6 bids gives 10^6 ranked or knocked-out entries. Formatting them in Python (a
template or an f-string per bid, a list of reasons appended per clause) cost about 4 s of the
command's 7; here each batch (20,000 entries) is one polars frame, built from whole columns: rows, names (gathered
from polars' own text column where the file was read by polars), rounded amounts, and each
knock-out reason as a slot column (per standard, the k-th failing clause of the row's pattern of
atom truths, worded once per distinct value). polars encodes the entries as compact JSON in native
code on every core (``concat_str`` of pre-escaped pieces: three times faster than encoding a
struct with a list of reasons per row), and the batch comes back as one string.

The values are those of :func:`brightline.offers.bids_json.ranked_entries` and
:func:`~brightline.offers.bids_json.knocked_entries` (a test compares the streamed document with
the one built from dicts): the same keys in the same order, floats written as the shortest text
that reads back as the same float, strings escaped as JSON requires.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from brightline.case.validate import LoadedCase
from brightline.offers.bids_json import amount_column, value_index

if TYPE_CHECKING:
    from brightline.offers.bids import BidsResult

__all__ = ["SEPARATOR", "encoded_blocks", "knocked_block", "ranked_block"]

SEPARATOR = ",\n    "
"""Between two entries of a list: one entry per line, indented under its key."""

THREADS = 2
"""Batches encoded at once: polars releases the GIL while it encodes, so two batches use two cores."""

AHEAD = 3
"""Batches encoded ahead of the one being written, at most: memory stays a few blocks."""


def encoded_blocks(
    result: BidsResult, loaded: LoadedCase, ranked: bool, positions: np.ndarray, batch: int
) -> Iterator[str]:
    """The ranked (or knocked-out) entries of ``positions``, a block per batch, in order.

    Batches are encoded on :data:`THREADS` threads, each block by one polars query that releases
    the GIL, so one batch's numpy preparation overlaps another's encoding. What every batch reads
    from the result (the failing clauses per pattern, the worded values) is computed first, here,
    so no two threads compute it.
    """
    escaped: dict[str, Any] = {}
    encode: Callable[[np.ndarray], str]
    if ranked:
        encode = partial(ranked_block, result)
    else:
        _prepare(result, loaded, positions, escaped)
        encode = partial(knocked_block, result, loaded, escaped=escaped)
    parts = [positions[start : start + batch] for start in range(0, positions.shape[0], batch)]
    if len(parts) == 1:
        yield encode(parts[0])
        return
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        pending: deque[Future[str]] = deque()
        for part in parts:
            pending.append(pool.submit(encode, part))
            if len(pending) > AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _prepare(
    result: BidsResult, loaded: LoadedCase, positions: np.ndarray, escaped: dict[str, Any]
) -> None:
    """Compute the caches knocked-out blocks share: clauses per pattern, each cited value worded."""
    cited: dict[str, None] = {}
    for column, standard_id in enumerate(result.standard_ids):
        if not result.failing[positions, column].any():
            continue
        _, blamed = result.blame_patterns(loaded, standard_id, column)
        cited.update((issue_id, None) for clauses in blamed for issue_id, _ in clauses)
    for issue_id in cited:
        _value_texts(result, loaded, issue_id, positions[:1], escaped)


def _names(result: BidsResult, positions: np.ndarray) -> Any:
    """The bidder column of some rows as a polars Series ("" where a row names none)."""
    import polars as pl

    if not result.mapping.bidder:
        return pl.Series("bidder", [""] * positions.shape[0], dtype=pl.String)
    column = result.table.texts[result.mapping.bidder]
    if column.column is not None:
        return column.column.gather(positions).alias("bidder")
    return pl.Series("bidder", column.many(positions), dtype=pl.String)


def _frame(result: BidsResult, positions: np.ndarray, extra: dict[str, Any]) -> Any:
    """Rows and names of some rows, plus extra columns; a nameless row is called ``row N``."""
    import polars as pl

    frame = pl.DataFrame({"row": result.table.rows[positions], "bidder": _names(result, positions)})
    frame = frame.with_columns(
        pl.when(pl.col("bidder") == "")
        .then(pl.concat_str([pl.lit("row "), pl.col("row").cast(pl.String)]))
        .otherwise(pl.col("bidder"))
        .alias("bidder"),
        *(pl.Series(name, values) for name, values in extra.items()),
    )
    return frame


def _number(name: str) -> Any:
    """A float column as JSON numbers: the shortest text that reads back as the same float.

    A value that is not finite (never one of a ranked bid's amounts) is written as ``null``, as
    the document built from dicts writes it.
    """
    import polars as pl

    column = pl.col(name)
    return pl.when(column.is_finite()).then(column.cast(pl.String)).otherwise(pl.lit("null"))


def _quoted(text: str) -> str:
    """A JSON string literal (escaped as :func:`json.dumps` does, non-ASCII kept)."""
    return json.dumps(text, ensure_ascii=False)


def _bidder() -> Any:
    """The bidder column as JSON string literals (polars escapes them)."""
    import polars as pl

    encoded = pl.struct(pl.col("bidder")).struct.json_encode()
    return encoded.str.strip_prefix('{"bidder":').str.strip_suffix("}")


def ranked_block(result: BidsResult, positions: np.ndarray) -> str:
    """The ranked entries of some rows, ``{row, bidder, score, by_criterion}``, one per line."""
    import polars as pl

    criteria = list(result.points)
    extra: dict[str, Any] = {"score": amount_column(result.scores[positions])}
    pieces: list[Any] = [
        pl.lit('{"row":'),
        pl.col("row").cast(pl.String),
        pl.lit(',"bidder":'),
        _bidder(),
        pl.lit(',"score":'),
        _number("score"),
        pl.lit(',"by_criterion":{'),
    ]
    for index, name in enumerate(criteria):
        extra[f"part {index}"] = amount_column(result.part_points(name, positions))
        pieces += [pl.lit(("," if index else "") + _quoted(name) + ":"), _number(f"part {index}")]
    pieces.append(pl.lit("}}"))
    frame = _frame(result, positions, extra)
    return str(frame.select(pl.concat_str(pieces).str.join(SEPARATOR)).item())


def knocked_block(
    result: BidsResult,
    loaded: LoadedCase,
    positions: np.ndarray,
    escaped: dict[str, Any] | None = None,
) -> str:
    """The knocked-out entries of some rows, ``{row, bidder, reasons}``, one per line.

    Each row's reasons are, per standard in order, the clauses its pattern of atom truths fails
    (:meth:`~brightline.offers.bids.BidsResult.blame_patterns`), each with the bid's value: one
    slot column per standard and clause position, already a JSON string literal, so the reasons
    are joined by polars' ``concat_str`` (slots a row does not use are null and skipped).
    """
    import polars as pl

    extra: dict[str, Any] = {}
    slots: list[Any] = []
    worded: dict[str, str] = {}
    escaped = {} if escaped is None else escaped
    for column, standard_id in enumerate(result.standard_ids):
        failing = result.failing[positions, column]
        if not failing.any():
            continue
        pattern_of_row, blamed = result.blame_patterns(loaded, standard_id, column)
        patterns = np.where(failing, pattern_of_row[positions], -1)
        extra[f"pattern {column}"] = patterns
        present = [int(pattern) for pattern in np.unique(patterns) if pattern >= 0]
        for slot in range(max(len(blamed[pattern]) for pattern in present)):
            reason: Any = None
            for pattern in present:
                if len(blamed[pattern]) <= slot:
                    continue
                issue_id, clause = blamed[pattern][slot]
                if issue_id not in worded:
                    worded[issue_id] = f"value {len(worded)}"
                    extra[worded[issue_id]] = _value_texts(
                        result, loaded, issue_id, positions, escaped
                    )
                prefix = _quoted(f"{standard_id}: needs {clause}, bid has {issue_id} = ")[:-1]
                text = pl.concat_str([pl.lit(prefix), pl.col(worded[issue_id]), pl.lit('"')])
                matches = pl.col(f"pattern {column}") == pattern
                reason = (pl.when if reason is None else reason.when)(matches).then(text)
            if reason is not None:
                slots.append(reason.otherwise(pl.lit(None, dtype=pl.String)))
    frame = _frame(result, positions, extra)
    reasons = (
        pl.concat_str(slots, separator=",", ignore_nulls=True).fill_null("")
        if slots
        else pl.lit("")
    )
    line = pl.concat_str(
        [
            pl.lit('{"row":'),
            pl.col("row").cast(pl.String),
            pl.lit(',"bidder":'),
            _bidder(),
            pl.lit(',"reasons":['),
            reasons,
            pl.lit("]}"),
        ]
    )
    return str(frame.select(line.str.join(SEPARATOR)).item())


def _value_texts(
    result: BidsResult,
    loaded: LoadedCase,
    issue_id: str,
    positions: np.ndarray,
    escaped: dict[str, Any],
) -> Any:
    """Each row's value of one issue as people read it, escaped for a JSON string (worded once)."""
    import polars as pl

    texts, index = value_index(result, loaded, issue_id, positions)
    if issue_id not in escaped:
        escaped[issue_id] = pl.Series([_quoted(text)[1:-1] for text in texts], dtype=pl.String)
    return escaped[issue_id].gather(np.where(index < 0, len(texts) - 1, index))
