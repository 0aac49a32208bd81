"""Read a regular bids CSV with polars: the fast path for tender-sized files.

polars splits the file on every core in native code and casts whole columns at once, which the
numpy splitter of :mod:`brightline.offers.bids_table` cannot match from Python (its threads spend
most of their time waiting on each other). polars is only trusted where its reading and the
reference readers of :mod:`brightline.offers.bids_numbers` cannot differ:

* the file is read as text, every cell a string, with no quoting (files with quotes, control
  characters, carriage returns or a byte-order mark never reach this module);
* a number cell is kept from polars' cast only when the cast gives a finite float: polars' float
  grammar (sign, digits, decimal point, exponent) is within the reference's plain numbers, and both
  round correctly, so they agree; in files that may write decimal commas, only plain digits are
  kept. Any other spelling (thousands separators, currencies, units, ``inf``) is read by the
  reference reader, one cell at a time;
* an option cell is taken only when it is exactly one of the option names; any other goes through
  the reference reader;
* anything irregular (a row with too few or too many fields, an empty cell, a blank line, text
  that is not UTF-8, a name with padding or longer than a spreadsheet allows) makes
  :func:`read_regular` return ``None``, and the caller reads the file the careful way, which
  reports every such cell with its row and column.

polars is optional (``brightline[fast]``): without it :func:`read_regular` returns ``None``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
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

__all__ = ["available", "read_regular"]

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
    if style is NumberStyle.POINT:
        typed = _typed(data, header, names, wanted, kinds, delimiter, rows)
        if typed is not None:
            return np.arange(2, rows + 2, dtype=np.int64), typed, {name: [] for name, *_ in kinds}
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


def _typed(
    data: bytes,
    header: Sequence[str],
    names: list[str],
    wanted: list[int],
    kinds: Sequence[tuple[str, str, tuple[str, ...], str | None, str]],
    delimiter: str,
    rows: int,
) -> dict[str, Any] | None:
    """The common case in one pass: every number a plain decimal, every option spelled exactly.

    polars parses numbers and matches option names while it splits the file; on the first cell
    that is neither it refuses, and :func:`read_regular` reads the columns as text instead.
    """
    import polars as pl

    schema: dict[str, Any] = {name: pl.String for name in names}
    for name, kind, options, _currency, _unit in kinds:
        column = names[header.index(name)]
        if kind == "number":
            schema[column] = pl.Float64
        elif kind == "option":
            schema[column] = pl.Enum(list(options))
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_rows=1,
            separator=delimiter,
            quote_char=None,
            schema=schema,
            columns=[names[index] for index in wanted],
            encoding="utf8",
            raise_if_empty=True,
            truncate_ragged_lines=False,
        )
    except Exception:  # a cell polars cannot type: read the columns as text
        return None
    if frame.height != rows or frame.null_count().sum_horizontal().item():
        return None
    checks: list[Any] = []
    for name, kind, _options, _currency, _unit in kinds:
        cell = pl.col(names[header.index(name)])
        if kind == "number":
            checks.append(cell.is_finite().all())
        elif kind == "text":
            checks.append(
                (
                    (cell.str.strip_chars() == cell)
                    & (cell.str.len_chars() <= MAX_CELL_CHARACTERS)
                    & (cell.str.len_bytes() > 0)
                ).all()
            )
    if checks and not all(frame.select(checks).row(0)):
        return None
    values: dict[str, Any] = {}
    for name, kind, _options, _currency, _unit in kinds:
        series = frame[names[header.index(name)]]
        if kind == "number":
            values[name] = series.to_numpy().astype(np.float64, copy=True)
        elif kind == "option":
            values[name] = series.to_physical().to_numpy().astype(np.int64)
        else:
            values[name] = series
    return values


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
