"""Read a bids table (CSV bytes, or rows from a spreadsheet) into typed numpy columns.

A tender can bring a million rows, so the common CSV (no quotes) is parsed without a Python loop per
row: separators are found with numpy, each column's fields are gathered into a fixed-width byte
matrix, and numbers are built from their digits as exact integers divided by a power of ten (the
same float Python's ``float()`` gives). Any cell this fast path cannot decide (spaces, exponents,
odd spellings) goes through the same per-cell reader the slow path uses, so both paths agree.

Every unreadable cell becomes a :class:`CellError` with its row number (as a spreadsheet shows it:
the header is row 1) and column; such rows are flagged, never scored and never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_MAX_FAST_WIDTH = 32
_POWERS = 10.0 ** np.arange(0, 19)


@dataclass(frozen=True, slots=True)
class CellError:
    """An unreadable cell (or row).

    Attributes:
        row: Row number as a spreadsheet shows it (header row is 1).
        column: The column header ("" for a problem with the whole row).
        message: What is wrong, showing the value.
    """

    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """How to read one column: as numbers, as one of some option names, or as plain text."""

    header: str
    kind: str  # "number", "option" or "text"
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BidTable:
    """The readable content of a bids table.

    Attributes:
        rows: Row number of each data row (header is row 1).
        numbers: Header -> float per row (NaN where unreadable) for ``number`` columns.
        options: Header -> option index per row (-1 where unreadable) for ``option`` columns.
        texts: Header -> fixed-width bytes per row for ``text`` columns (decoded on demand).
        bad: Rows with at least one error: reported, not scored.
        errors: Every unreadable cell or row.
    """

    rows: IntArray
    numbers: dict[str, FloatArray]
    options: dict[str, IntArray]
    texts: dict[str, npt.NDArray[np.bytes_]]
    bad: BoolArray
    errors: tuple[CellError, ...]

    def text(self, header: str, position: int) -> str:
        """The text of one cell, decoded."""
        value = self.texts[header][position]
        return bytes(value).decode("utf-8", errors="replace").strip()


def read_number(value: Any) -> float | str:
    """A cell as a number, or the error message (the reference the fast path agrees with)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    if isinstance(value, bool):
        return f"cannot read {value!r} as a number"
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            return f"cannot read {text[:40]!r} as a number"
    if not np.isfinite(number):
        return f"cannot read {value!r} as a number"
    return number


def read_option(value: Any, options: Sequence[str]) -> int | str:
    """A cell as the index of an option, or the error message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    text = (
        value
        if isinstance(value, str)
        else format(value, "g")
        if isinstance(value, float)
        else str(value)
    )
    text = text.strip()
    if text in options:
        return options.index(text)
    try:
        number = float(text)
        for index, option in enumerate(options):
            try:
                if float(option) == number:
                    return index
            except ValueError:
                continue
    except ValueError:
        pass
    shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
    return f"{text[:40]!r} is not one of the options ({shown})"


def split_header(data: bytes) -> tuple[list[str], int]:
    """The header cells of CSV bytes and the offset where the data starts."""
    import csv
    import io

    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    line = data[:end].decode("utf-8-sig", errors="replace").rstrip("\r")
    cells = next(csv.reader(io.StringIO(line)), [])
    return [cell.strip() for cell in cells], min(end + 1, len(data))


def read_csv(data: bytes, specs: Sequence[ColumnSpec]) -> BidTable:
    """Parse CSV bytes; quoted files take the slow path, every other file the fast one."""
    header, start = split_header(data)
    if b'"' in data[start:]:
        import csv
        import io

        text = data[start:].decode("utf-8", errors="replace")
        rows = ((number, cells) for number, cells in enumerate(csv.reader(io.StringIO(text)), 2))
        return read_rows(header, rows, specs)
    return _fast(data[start:], header, specs)


def read_rows(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]], specs: Sequence[ColumnSpec]
) -> BidTable:
    """Parse rows of Python values (from the csv module or a spreadsheet): the reference path."""
    where = {name: header.index(name) for name in (spec.header for spec in specs)}
    numbers: dict[str, list[float]] = {spec.header: [] for spec in specs if spec.kind == "number"}
    options: dict[str, list[int]] = {spec.header: [] for spec in specs if spec.kind == "option"}
    texts: dict[str, list[bytes]] = {spec.header: [] for spec in specs if spec.kind == "text"}
    row_numbers: list[int] = []
    bad: list[bool] = []
    errors: list[CellError] = []
    for number, cells in rows:
        if not any(cell is not None and str(cell).strip() for cell in cells):
            continue
        row_numbers.append(number)
        broken = False
        if len(cells) != len(header) and not _padded(cells, header):
            errors.append(
                CellError(number, "", f"row has {len(cells)} fields, the header has {len(header)}")
            )
            broken = True
        for spec in specs:
            position = where[spec.header]
            cell = cells[position] if position < len(cells) and not broken else None
            if spec.kind == "text":
                texts[spec.header].append(str(cell if cell is not None else "").encode())
                continue
            if broken:
                numbers.get(spec.header, []).append(np.nan)
                options.get(spec.header, []).append(-1)
                continue
            if spec.kind == "number":
                read = read_number(cell)
                if isinstance(read, str):
                    errors.append(CellError(number, spec.header, read))
                    broken_cell = True
                    numbers[spec.header].append(np.nan)
                else:
                    broken_cell = False
                    numbers[spec.header].append(read)
            else:
                picked = read_option(cell, spec.options)
                broken_cell = isinstance(picked, str)
                if isinstance(picked, str):
                    errors.append(CellError(number, spec.header, picked))
                options[spec.header].append(-1 if isinstance(picked, str) else picked)
            broken = broken or broken_cell
        bad.append(broken)
    width = max((len(item) for column in texts.values() for item in column), default=1)
    return BidTable(
        np.array(row_numbers, dtype=np.int64),
        {key: np.array(value, dtype=np.float64) for key, value in numbers.items()},
        {key: np.array(value, dtype=np.int64) for key, value in options.items()},
        {key: np.array(value, dtype=f"S{max(width, 1)}") for key, value in texts.items()},
        np.array(bad, dtype=np.bool_),
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
    )


def _padded(cells: Sequence[Any], header: Sequence[str]) -> bool:
    """Spreadsheets report trailing empty cells; a longer row of blanks still fits the header."""
    return len(cells) > len(header) and all(
        cell is None or not str(cell).strip() for cell in cells[len(header) :]
    )


def _fast(body: bytes, header: Sequence[str], specs: Sequence[ColumnSpec]) -> BidTable:
    if b"\r" in body:
        body = body.replace(b"\r", b"")
    if body and not body.endswith(b"\n"):
        body += b"\n"
    buffer = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10)
    starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64)
    commas = np.flatnonzero(buffer == 44)
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
    numbers: dict[str, FloatArray] = {}
    options: dict[str, IntArray] = {}
    texts: dict[str, npt.NDArray[np.bytes_]] = {}
    for spec in specs:
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
        cells = _gather(buffer, field_start, field_end)
        if spec.kind == "text":
            texts[spec.header] = cells.view(f"S{cells.shape[1]}").ravel()
            continue
        if spec.kind == "number":
            values, unsure = _numbers(cells, field_end - field_start)
            read: Any = values
        else:
            read, unsure = _options(cells, spec.options)
        unsure &= ~wrong
        for index in np.flatnonzero(unsure):
            raw = bytes(body[field_start[index] : field_end[index]]).decode("utf-8", "replace")
            cell = read_number(raw) if spec.kind == "number" else read_option(raw, spec.options)
            if isinstance(cell, str):
                errors.append(CellError(int(line_numbers[index]), spec.header, cell))
                bad[index] = True
                read[index] = np.nan if spec.kind == "number" else -1
            else:
                read[index] = cell
        if spec.kind == "number":
            read[wrong] = np.nan
            numbers[spec.header] = read
        else:
            read[wrong] = -1
            options[spec.header] = read
    return BidTable(
        line_numbers,
        numbers,
        options,
        texts,
        bad,
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
    )


def _gather(buffer: npt.NDArray[np.uint8], start: IntArray, end: IntArray) -> npt.NDArray[np.uint8]:
    """Fields as a zero-padded ``(rows, width)`` byte matrix (width capped; longer = unsure)."""
    width = int(min(max(int((end - start).max(initial=0)), 1), _MAX_FAST_WIDTH + 1))
    offsets = np.arange(width, dtype=np.int64)
    index = start[:, None] + offsets[None, :]
    inside = offsets[None, :] < (end - start)[:, None]
    np.minimum(index, buffer.shape[0] - 1, out=index)
    cells = buffer[index]
    cells[~inside] = 0
    return np.ascontiguousarray(cells)


def _numbers(cells: npt.NDArray[np.uint8], length: IntArray) -> tuple[FloatArray, BoolArray]:
    """Plain decimals (``-12``, ``3.50``) exactly; everything else is marked unsure."""
    rows, width = cells.shape
    digit = (cells >= 48) & (cells <= 57)
    dot = cells == 46
    sign = np.zeros_like(digit)
    sign[:, 0] = (cells[:, 0] == 45) | (cells[:, 0] == 43)
    used = cells != 0
    unsure = (used & ~(digit | dot | sign)).any(axis=1)
    dots = dot.sum(axis=1)
    digits = digit.sum(axis=1)
    unsure |= (dots > 1) | (digits == 0) | (digits > 15) | (length > _MAX_FAST_WIDTH)
    # Position of the dot (or the end) per row; digits after it are the fraction.
    dot_at = np.where(dots == 1, np.argmax(dot, axis=1), length)
    column = np.arange(width)[None, :]
    after = (column > dot_at[:, None]) & digit
    fraction_digits = after.sum(axis=1)
    # Exponent of each digit inside the integer mantissa: digits to its right.
    remaining: IntArray = np.cumsum(digit[:, ::-1], axis=1)[:, ::-1] - digit
    mantissa = np.zeros(rows, dtype=np.int64)
    values = (cells.astype(np.int64) - 48) * digit
    for position in range(width):
        present = digit[:, position]
        if not present.any():
            continue
        power = np.minimum(remaining[:, position], 18)
        mantissa += values[:, position] * (10**power) * present
    number = mantissa.astype(np.float64) / _POWERS[np.minimum(fraction_digits, 18)]
    negative = cells[:, 0] == 45
    number[negative] = -number[negative]
    number[unsure] = np.nan
    return number, unsure


def _options(cells: npt.NDArray[np.uint8], names: Sequence[str]) -> tuple[IntArray, BoolArray]:
    """Option index per row by exact byte match; anything else is left to the slow reader."""
    width = cells.shape[1]
    as_bytes = cells.view(f"S{width}").ravel()
    picked = np.full(cells.shape[0], -1, dtype=np.int64)
    for index, name in enumerate(names):
        encoded = name.encode()
        if len(encoded) > width:
            continue
        picked[as_bytes == encoded] = index
    return picked, picked < 0
