"""The numpy splitter: the careful path's reader for files polars hands back or without polars.

Kept apart from :mod:`brightline.offers.bids_table` (which owns the table types and the order in
which readers are tried): it parses a file with no quotes and no control characters without a
Python loop per row. Separators are found with numpy, and each column's cells are read by the
kernels of :mod:`brightline.offers.bids_kernels`; any cell those cannot decide goes through the
reference readers of :mod:`brightline.offers.bids_numbers`, so both agree.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from brightline.offers.bids_kernels import (
    MAX_FAST_WIDTH,
    BoolArray,
    FloatArray,
    IntArray,
    gather,
    numbers_in_words,
)
from brightline.offers.bids_kernels import numbers as number_kernel
from brightline.offers.bids_kernels import options as option_kernel
from brightline.offers.bids_numbers import (
    MAX_CELL_CHARACTERS,
    NumberStyle,
    Remedy,
    number_remedy,
    read_number,
    read_option,
)
from brightline.offers.bids_table import BidTable, CellError, ColumnSpec, TextColumn, long_cell

__all__ = ["split_fast"]


def split_fast(
    data: bytes,
    start: int,
    header: Sequence[str],
    specs: Sequence[ColumnSpec],
    delimiter: str,
    style: NumberStyle,
) -> BidTable:
    """Parse a file with no quotes and no control characters (see the module's docstring)."""
    # Positions are offsets into `padded`: the whole file, used in place (no copy).
    padded = np.frombuffer(data, dtype=np.uint8)
    body = padded[start:]
    ends = np.flatnonzero(body == 10) + start
    starts = np.concatenate([[start], ends[:-1] + 1]).astype(np.int64)
    commas = np.flatnonzero(body == ord(delimiter)) + start
    first_comma = np.searchsorted(commas, starts)
    fields = np.searchsorted(commas, ends) - first_comma + 1
    blank = ends == starts
    line_numbers = np.arange(2, ends.shape[0] + 2, dtype=np.int64)
    keep = ~blank
    starts, ends, first_comma, fields, line_numbers = (
        starts[keep],
        ends[keep],
        first_comma[keep],
        fields[keep],
        line_numbers[keep],
    )
    columns = len(header)
    wrong = fields != columns
    errors: list[CellError] = [
        CellError(
            int(line_numbers[i]), "", f"row has {int(fields[i])} fields, the header has {columns}"
        )
        for i in np.flatnonzero(wrong)
    ]
    bad = wrong.copy()
    good = np.flatnonzero(~wrong)
    allow_dot = style is NumberStyle.POINT

    def column(spec: ColumnSpec) -> tuple[Any, list[tuple[int, str, Remedy | None]]]:
        """Read one column; returns its values and (row position, message, remedy) per bad cell."""
        position = header.index(spec.header)
        field_start = np.zeros(starts.shape[0], dtype=np.int64)
        field_end = np.zeros(starts.shape[0], dtype=np.int64)
        if position == 0:
            field_start[good] = starts[good]
        else:
            field_start[good] = commas[first_comma[good] + position - 1] + 1
        if position == columns - 1:
            field_end[good] = ends[good]
        else:
            field_end[good] = commas[first_comma[good] + position]
        if spec.kind == "text":
            return _text_column(data, field_start, field_end, wrong)
        read: Any
        if spec.kind == "number" and int((field_end - field_start).max(initial=0)) <= 8:
            read, unsure = numbers_in_words(data, field_start, field_end, allow_dot)
        else:
            cells = gather(padded, field_start, field_end, right=spec.kind == "number")
            if spec.kind == "number":
                read, unsure = number_kernel(cells, field_end - field_start, allow_dot)
            else:
                read, unsure = option_kernel(cells, spec.options)
            unsure |= (field_end - field_start) > MAX_FAST_WIDTH
        unsure &= ~wrong
        failed: list[tuple[int, str, Remedy | None]] = []
        for index in np.flatnonzero(unsure):
            raw = bytes(padded[field_start[index] : field_end[index]]).decode("utf-8", "replace")
            cell = (
                read_number(raw, style, spec.currency, spec.unit)
                if spec.kind == "number"
                else read_option(raw, spec.options)
            )
            if isinstance(cell, str):
                remedy = number_remedy(raw, style) if spec.kind == "number" else None
                failed.append((int(index), cell, remedy))
                read[index] = np.nan if spec.kind == "number" else -1
            else:
                read[index] = cell
        read[wrong] = np.nan if spec.kind == "number" else -1
        return read, failed

    # numpy releases the GIL in these kernels, so columns are read on every core.
    with ThreadPoolExecutor(max_workers=max(1, min(len(specs), os.cpu_count() or 1))) as pool:
        results = list(pool.map(column, specs))
    numbers: dict[str, FloatArray] = {}
    options: dict[str, IntArray] = {}
    texts: dict[str, TextColumn] = {}
    for spec, (read, failed) in zip(specs, results, strict=True):
        if spec.kind == "text":
            texts[spec.header] = read
        elif spec.kind == "number":
            numbers[spec.header] = read
        else:
            options[spec.header] = read
        for index, message, remedy in failed:
            errors.append(CellError(int(line_numbers[index]), spec.header, message, remedy))
            bad[index] = True
    return BidTable(
        line_numbers,
        numbers,
        options,
        texts,
        bad,
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
    )


def _text_column(
    data: bytes, start: IntArray, end: IntArray, wrong: BoolArray
) -> tuple[TextColumn, list[tuple[int, str, Remedy | None]]]:
    """Text cells as offsets into the file; cells longer than a spreadsheet allows are errors."""
    failed: list[tuple[int, str, Remedy | None]] = []
    for index in np.flatnonzero(((end - start) > MAX_CELL_CHARACTERS) & ~wrong):
        cell = data[int(start[index]) : int(end[index])].decode("utf-8", "replace")
        if len(cell) > MAX_CELL_CHARACTERS:
            failed.append((int(index), long_cell(cell), None))
    return TextColumn(data, start, end), failed
