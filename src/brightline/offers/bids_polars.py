"""Read a regular bids CSV with polars: the fast path for tender-sized files.

polars splits the file on every core in native code and casts whole columns at once, which the
numpy splitter of :mod:`brightline.offers.bids_table` cannot match from Python (its threads spend
most of their time waiting on each other). polars is only trusted where its reading and the
reference readers of :mod:`brightline.offers.bids_numbers` cannot differ. Two entry points:

* :func:`read_typed` is tried first, on the raw bytes, before any check of them: polars types
  every number column as a float, and refuses the file on the first cell that is not one;
  every option column's cells must then each be exactly one of the option names. Its checks replace the byte scans the
  careful path needs (they cost as much as the parse on a 100 MB file): every text column, the
  columns the case does not read included, is searched for a quote, a control character or a
  byte-order mark (a quote changes how the reference splits the row; the others are reported
  there with their row and column), and any empty cell or ragged row refuses the file. A float
  cast that succeeds and is finite is the reference's reading of that cell (polars' float
  grammar, with leading blanks, is within the reference's plain numbers, and both round
  correctly); a cell that is not valid UTF-8 makes polars refuse the file.
* :func:`read_regular` runs after the careful path's byte checks (no quotes, control characters,
  carriage returns or byte-order marks): every cell is read as a string, and a number cell is kept
  from polars' cast only when the cast gives a finite float (in files that may write decimal
  commas, only plain digits); any other spelling (thousands separators, currencies, units,
  ``inf``) is read by the reference reader, one cell at a time; an option cell is taken only when
  it is exactly one of the option names.

Anything irregular (a row with too few or too many fields, an empty cell, a blank line, text that
is not UTF-8, a name with padding or longer than a spreadsheet allows) makes both return ``None``,
and the caller reads the file the careful way, which reports every such cell with its row and
column.

polars is optional (``brightline[fast]``): without it both return ``None``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from brightline.offers.bids_kernels import FloatArray, IntArray
from brightline.offers.bids_numbers import (
    MAX_CELL_CHARACTERS,
    NumberStyle,
    Remedy,
    number_remedy,
    read_number,
    read_option,
)

__all__ = ["available", "read_regular", "read_typed"]

_WHOLE_NUMBER = r"^[0-9]{1,15}$"

Failed = list[tuple[int, str, Remedy | None]]


def available() -> bool:
    """Whether polars is installed (the ``fast`` extra)."""
    return importlib.util.find_spec("polars") is not None


def read_regular(
    data: bytes,
    start: int,
    header: Sequence[str],
    kinds: Sequence[tuple[str, str, tuple[str, ...], str | None, str]],
    delimiter: str,
    style: NumberStyle,
) -> tuple[IntArray, dict[str, Any], dict[str, Failed]] | None:
    """Read a regular CSV body with polars, or ``None`` when it is not regular or polars is absent.

    Args:
        data: The whole file (LF line ends, no quotes, no control characters).
        start: Offset where the data rows start (after the header line).
        header: The header cells.
        kinds: Per column to read: (header, kind, options, currency, unit).
        delimiter: The field separator.
        style: Which mark separates decimals.

    Returns:
        Row numbers (the header is row 1), the values per column (floats, option indices, or a
        polars text Series) and the unreadable cells per column as (row position, message,
        remedy).
    """
    if not available() or len(data) <= start:
        return None
    if any(len(set(options)) != len(options) for _, _, options, *_ in kinds):
        return None
    if data.startswith(b"\n", start) or data.find(b"\n\n", start) >= 0:
        return None  # blank lines: the careful reader keeps the row numbers right
    import polars as pl

    # Every column is read: polars refuses a row with too many fields only when the last column
    # is in the projection, and a row with too few shows as a null in it.
    names = [f"column_{index + 1}" for index in range(len(header))]
    wanted = list(range(len(header)))
    rows = data.count(b"\n", start) + (0 if data.endswith(b"\n") else 1)
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_rows=1,
            separator=delimiter,
            quote_char=None,
            schema={name: pl.String for name in names},
            columns=[names[index] for index in wanted],
            encoding="utf8",
            raise_if_empty=True,
            truncate_ragged_lines=False,
        )
    except Exception:  # polars refuses the file: the careful reader says why
        return None
    if frame.height != rows or frame.null_count().sum_horizontal().item():
        return None
    expressions: list[Any] = []
    for name, kind, options, _currency, _unit in kinds:
        cell = pl.col(names[header.index(name)])
        if kind == "number":
            number = cell.cast(pl.Float64, strict=False)
            if style is NumberStyle.POINT:
                # polars' float grammar is a subset of the reference's plain numbers, bar inf/nan.
                number = pl.when(number.is_finite()).then(number)
            else:
                number = pl.when(cell.str.contains(_WHOLE_NUMBER)).then(number)
            expressions.append(number.alias(f"{name} value"))
            expressions.append(number.is_null().alias(f"{name} unsure"))
        elif kind == "option":
            index = cell.replace_strict(
                list(options), list(range(len(options))), default=None, return_dtype=pl.Int64
            )
            expressions.append(index.alias(f"{name} value"))
            expressions.append(index.is_null().alias(f"{name} unsure"))
        else:
            expressions.append(
                (
                    (cell.str.strip_chars() != cell)
                    | (cell.str.len_chars() > MAX_CELL_CHARACTERS)
                    | (cell.str.len_bytes() == 0)
                ).alias(f"{name} irregular")
            )
    read = frame.select(expressions)
    values: dict[str, Any] = {}
    failed: dict[str, Failed] = {}
    for name, kind, options, currency, unit in kinds:
        if kind == "text":
            if read[f"{name} irregular"].any():
                return None
            values[name] = frame[names[header.index(name)]]
            failed[name] = []
            continue
        unsure = read[f"{name} unsure"].to_numpy()
        positions = np.flatnonzero(unsure)
        cells = (
            frame[names[header.index(name)]].gather(positions).to_list() if positions.size else []
        )
        if kind == "number":
            numbers: FloatArray = read[f"{name} value"].fill_null(np.nan).to_numpy().copy()
            values[name], failed[name] = (
                numbers,
                _numbers(numbers, positions, cells, style, currency, unit),
            )
        else:
            picked: IntArray = read[f"{name} value"].fill_null(-1).to_numpy().astype(np.int64)
            values[name], failed[name] = picked, _options(picked, positions, cells, options)
    return np.arange(2, rows + 2, dtype=np.int64), values, failed


_IRREGULAR_TEXT = r'["\x00-\x08\x0b-\x1f\x7f-\x9f\x{FEFF}]'
"""A quote, a control character other than tab (C0, DEL, C1) or a byte-order mark, anywhere."""

_PADDED = r"|^[^\S\n]|[^\S\n]$|\n[^\S\n]|[^\S\n]\n"
"""White space (bar the line feed) at the start or end of a cell, in cells joined by line feeds."""


def read_typed(
    data: bytes | tuple[Path, int],
    start: int,
    header: Sequence[str],
    kinds: Sequence[tuple[str, str, tuple[str, ...], str | None, str]],
    delimiter: str,
    limits: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[IntArray, Any, bool | None] | None:
    """The common case in one pass: every number a plain decimal, every option spelled exactly.

    Tried on the raw bytes before any scan of them (see the module's docstring for why that is
    safe): polars parses numbers and matches option names while it splits the file; on the first
    cell that is neither, or on any quote, control character, empty cell or ragged row, it gives
    up and the caller reads the file the careful way.

    Args:
        data: The whole file, LF line ends (a file with CR line ends is converted first), or its
            file and its size, for polars to read in place (a carriage return in it makes a
            cell polars refuses).
        start: Offset where the data rows start (after the header line).
        header: The header cells.
        kinds: Per column to read: (header, kind, options, currency, unit).
        delimiter: The field separator.
        limits: Header -> (lowest, highest) value its numbers may take (the issues' ranges),
            checked in the same pass as the cells.

    Returns:
        Row numbers (the header is row 1), a polars frame of the columns ``kinds`` names, each
        headed by its header: floats, option names (text, each cell exactly one of the
        options: :func:`~brightline.offers.bids_frame.option_lookup`) or text, and whether every
        number lies within ``limits`` (``None`` without limits); ``None`` when the file is not
        regular.
    """
    source, size = data if isinstance(data, tuple) else (data, len(data))
    if not available() or size <= start:
        return None
    wanted = {name for name, *_ in kinds}
    if len(wanted) != len(kinds) or any(name not in header for name in wanted):
        return None
    for _name, kind, options, _currency, _unit in kinds:
        if kind == "option" and (
            len(set(options)) != len(options)
            or any(not option or '"' in option or option != option.strip() for option in options)
        ):
            return None
    import polars as pl

    names = [f"column_{index + 1}" for index in range(len(header))]
    schema: dict[str, Any] = {name: pl.String for name in names}
    for name, kind, *_ in kinds:
        if kind == "number":
            schema[names[header.index(name)]] = pl.Float64
    # Option columns are read as text and matched to the option names after the parse: an
    # ``Enum`` in the schema would do the same matching inside the parse, at about a tenth more
    # of its time on the benchmark's two option columns (the comparisons below cost a fiftieth).
    chosen = {
        names[header.index(name)]: options for name, kind, options, *_ in kinds if kind == "option"
    }
    try:
        # Every column is read: polars refuses a row with too many fields only when the last
        # column is in the projection, and a row with too few shows as a null in it.
        frame = pl.read_csv(
            source,
            has_header=False,
            skip_rows=1,
            separator=delimiter,
            quote_char=None,
            schema=schema,
            encoding="utf8",
            raise_if_empty=True,
            truncate_ragged_lines=False,
        )
    except Exception:  # a cell polars cannot type, or bytes that are not UTF-8
        return None
    texts = [names[header.index(name)] for name, kind, *_ in kinds if kind == "text"]
    # Every check is one aggregate of one select, so polars computes them in a single pass.
    bounded = {names[header.index(name)]: bounds for name, bounds in (limits or {}).items()}
    checks: list[Any] = [pl.all_horizontal(pl.all().null_count() == 0)]  # no empty cell
    for column, dtype in schema.items():
        if column in chosen:
            # Every cell exactly one of the option names, as an ``Enum`` would parse it.
            checks.append(
                pl.any_horizontal(pl.col(column) == option for option in chosen[column]).all()
            )
        elif dtype == pl.String:
            # One regex pass per text column, over its cells joined by line feeds (which no cell
            # holds): a regex per cell costs more than the scan. A name the case reads must not
            # be padded either (``\s`` is Unicode white space, what ``str.strip`` removes bar the
            # C0 separators that the first class already refuses).
            # The column is scanned in slices, one per thread, each its own expression of the
            # select, so the scan runs in parallel (an anchor matches at each slice's ends,
            # which are the ends of cells).
            pattern = _IRREGULAR_TEXT + (_PADDED if column in texts else "")
            checks.extend(
                pl.col(column).slice(offset, length).str.join("\n").str.contains(pattern).not_()
                for offset, length in _slices(frame.height)
            )
        elif dtype == pl.Float64 and column not in bounded:
            # A NaN or an infinity makes the sum so; so do numbers whose sum overflows, which
            # the careful path then reads (a file of such numbers is no tender).
            checks.append(pl.col(column).sum().is_finite())
    # A cell has at least as many bytes as characters: only a column with a long cell in bytes
    # has its characters counted.
    checks.extend(pl.col(column).str.len_bytes().max() <= MAX_CELL_CHARACTERS for column in texts)
    # A column with a range: its least and greatest number, a NaN or an infinity among them
    # (``nan_min`` and ``nan_max`` keep a NaN, which fails both comparisons).
    checks.extend(
        (pl.col(column).nan_min() >= low) & (pl.col(column).nan_max() <= high)
        for column, (low, high) in bounded.items()
    )
    named = [check.alias(f"check {index}") for index, check in enumerate(checks)]
    passed = frame.select(named).row(0)
    regular = len(passed) - len(texts) - len(bounded)
    if not all(passed[:regular]):
        return None  # an empty cell, a short row or a blank line: the careful reader says which
    long = [
        column
        for column, short in zip(texts, passed[regular : regular + len(texts)], strict=True)
        if not short
    ]
    if (
        long
        and frame.select(
            pl.max_horizontal(pl.col(column).str.len_chars().max() for column in long)
        ).item()
        > MAX_CELL_CHARACTERS
    ):
        return None
    inside = all(passed[regular + len(texts) :]) if limits is not None else None
    if inside is False and not all(frame.select(pl.col(list(bounded)).is_finite().all()).row(0)):
        return None  # a NaN or an infinity, which the reference refuses to read (not a range error)
    # The columns the case reads, named by their headers: numpy copies are only made of the
    # columns something asks for (:class:`~brightline.offers.bids_frame.FrameColumns`); the
    # evaluation itself runs on the frame (:func:`~brightline.offers.bids_frame.evaluate_frame`).
    typed = frame.select(pl.col(names[header.index(name)]).alias(name) for name, *_ in kinds)
    # Row numbers by numpy: polars' eager ``int_range`` took about three times as long on 10^6
    # rows (7 ms against 2 ms of the thread that waits for polars, median of 20 at load 10).
    rows = np.arange(2, frame.height + 2, dtype=np.int64)
    return rows, typed, inside


_SLICE_ROWS = 1 << 16
"""Fewest rows worth a slice of their own in a scan (a thread's start costs more below)."""


def _slices(rows: int) -> list[tuple[int, int]]:
    """(offset, length) of consecutive slices covering ``rows``, one per thread of polars' pool."""
    import polars as pl

    count = max(1, min(int(pl.thread_pool_size()), rows // _SLICE_ROWS))
    size = -(-rows // count) if rows else 0
    return [(offset, size) for offset in range(0, max(rows, 1), max(size, 1))]


def _numbers(
    read: FloatArray,
    positions: IntArray,
    cells: list[str],
    style: NumberStyle,
    currency: str | None,
    unit: str,
) -> Failed:
    """Cells polars was not trusted with, read by the reference reader."""
    failed: Failed = []
    for position, raw in zip(positions.tolist(), cells, strict=True):
        cell = read_number(raw, style, currency, unit)
        if isinstance(cell, str):
            failed.append((position, cell, number_remedy(raw, style)))
            read[position] = np.nan
        else:
            read[position] = cell
    return failed


def _options(
    read: IntArray, positions: IntArray, cells: list[str], options: tuple[str, ...]
) -> Failed:
    failed: Failed = []
    for position, raw in zip(positions.tolist(), cells, strict=True):
        cell = read_option(raw, options)
        if isinstance(cell, str):
            failed.append((position, cell, None))
            read[position] = -1
        else:
            read[position] = cell
    return failed
