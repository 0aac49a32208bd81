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

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
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


def read_number(value: Any, decimal_comma: bool = False) -> float | str:
    """A cell as a number, or the error message (the reference the fast path agrees with).

    Args:
        value: The cell.
        decimal_comma: Accept ``18,5`` and ``1.234,5`` (files separated by ``;`` or tabs, as
            spreadsheets in many European locales write them).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    if isinstance(value, bool):
        return f"cannot read {value!r} as a number"
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if decimal_comma and "," in text:
            if "." in text and text.rfind(".") > text.rfind(","):
                text = text.replace(",", "")  # 1,234.5
            else:
                text = text.replace(".", "").replace(",", ".")  # 1.234,5
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


def sniff_delimiter(data: bytes) -> str:
    """The separator of a CSV file: whichever of ``,`` ``;`` tab ``|`` its header uses most.

    Spreadsheets in locales that write decimal commas save CSV with ``;``; tab-separated exports
    are common too.
    """
    end = data.find(b"\n")
    line = data[: len(data) if end < 0 else end]
    counts = {delimiter: line.count(delimiter.encode()) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def split_header(data: bytes, delimiter: str = ",") -> tuple[list[str], int]:
    """The header cells of CSV bytes and the offset where the data starts."""
    import csv
    import io

    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    line = data[:end].decode("utf-8-sig", errors="replace").rstrip("\r")
    cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return [cell.strip() for cell in cells], min(end + 1, len(data))


def read_csv(data: bytes, specs: Sequence[ColumnSpec]) -> BidTable:
    """Parse CSV bytes; quoted files take the slow path, every other file the fast one."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    delimiter = sniff_delimiter(data)
    decimal_comma = delimiter != ","
    header, start = split_header(data, delimiter)
    if data.find(b'"', start) >= 0:
        import csv
        import io

        text = data[start:].decode("utf-8", errors="replace")
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = ((number, cells) for number, cells in enumerate(reader, 2))
        return read_rows(header, rows, specs, decimal_comma)
    if len(data) > start and not data.endswith(b"\n"):
        data += b"\n"
    return _fast(data, start, header, specs, delimiter, decimal_comma)


def read_rows(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[Any]]],
    specs: Sequence[ColumnSpec],
    decimal_comma: bool = False,
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
        if not cells or all(cell is None for cell in cells):
            continue  # a blank line, or an empty spreadsheet row
        row_numbers.append(number)
        short = len(cells) != len(header) and not _padded(cells, header)
        if short:
            errors.append(
                CellError(number, "", f"row has {len(cells)} fields, the header has {len(header)}")
            )
        broken = short
        for spec in specs:
            position = where[spec.header]
            cell = None if short or position >= len(cells) else cells[position]
            if spec.kind == "text":
                texts[spec.header].append(str(cell if cell is not None else "").strip().encode())
            elif spec.kind == "number":
                read = np.nan if short else read_number(cell, decimal_comma)
                if isinstance(read, str):
                    errors.append(CellError(number, spec.header, read))
                    read, broken = np.nan, True
                numbers[spec.header].append(read)
            else:
                picked = -1 if short else read_option(cell, spec.options)
                if isinstance(picked, str):
                    errors.append(CellError(number, spec.header, picked))
                    picked, broken = -1, True
                options[spec.header].append(picked)
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


def _fast(
    data: bytes,
    start: int,
    header: Sequence[str],
    specs: Sequence[ColumnSpec],
    delimiter: str = ",",
    decimal_comma: bool = False,
) -> BidTable:
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
    numbers: dict[str, FloatArray] = {}
    options: dict[str, IntArray] = {}
    texts: dict[str, npt.NDArray[np.bytes_]] = {}

    def column(spec: ColumnSpec) -> tuple[Any, list[tuple[int, str]]]:
        """Read one column; returns its array and (row position, message) for unreadable cells."""
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
        read: Any
        if spec.kind == "number" and int((field_end - field_start).max(initial=0)) <= 8:
            read, unsure = _numbers_in_words(data, field_start, field_end)
        else:
            cells = _gather(padded, field_start, field_end, right=spec.kind == "number")
            if spec.kind == "text":
                return cells.view(f"S{cells.shape[1]}").ravel(), []
            if spec.kind == "number":
                read, unsure = _numbers(cells, field_end - field_start)
            else:
                read, unsure = _options(cells, spec.options)
        unsure &= ~wrong
        failed: list[tuple[int, str]] = []
        for index in np.flatnonzero(unsure):
            raw = bytes(padded[field_start[index] : field_end[index]]).decode("utf-8", "replace")
            cell = (
                read_number(raw, decimal_comma)
                if spec.kind == "number"
                else read_option(raw, spec.options)
            )
            if isinstance(cell, str):
                failed.append((int(index), cell))
                read[index] = np.nan if spec.kind == "number" else -1
            else:
                read[index] = cell
        read[wrong] = np.nan if spec.kind == "number" else -1
        return read, failed

    # numpy releases the GIL in these kernels, so columns are read on every core.
    with ThreadPoolExecutor(max_workers=max(1, min(len(specs), os.cpu_count() or 1))) as pool:
        results = list(pool.map(column, specs))
    for spec, (read, failed) in zip(specs, results, strict=True):
        if spec.kind == "text":
            texts[spec.header] = read
        elif spec.kind == "number":
            numbers[spec.header] = read
        else:
            options[spec.header] = read
        for index, message in failed:
            errors.append(CellError(int(line_numbers[index]), spec.header, message))
            bad[index] = True
    return BidTable(
        line_numbers,
        numbers,
        options,
        texts,
        bad,
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
    )


def _gather(
    padded: npt.NDArray[np.uint8], start: IntArray, end: IntArray, right: bool
) -> npt.NDArray[np.uint8]:
    """Fields as a zero-padded ``(rows, width)`` byte matrix, right- or left-aligned.

    Rows are copied out of a sliding-window view of the buffer (no index matrix is built). Fields
    longer than the width cap are cut and later marked unsure by their length.
    """
    length = end - start
    width = int(min(max(int(length.max(initial=0)), 1), _MAX_FAST_WIDTH + 1))
    if right:  # a multiple of 8, so rows can be counted as 64-bit words
        width = -(-width // 8) * 8
    if padded.shape[0] < width:
        padded = np.concatenate([padded, np.zeros(width, dtype=np.uint8)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    offsets = np.arange(width)[None, :]
    first = end - width if right else start
    last = padded.shape[0] - width
    cells = windows[np.clip(first, 0, last)]
    if right:
        cells[offsets < (width - length)[:, None]] = 0
    else:
        cells[offsets >= length[:, None]] = 0
    # Windows cut by the start or end of the file (a few fields at most) are copied by hand.
    for row in np.flatnonzero((first < 0) | (first > last)):
        field = padded[start[row] : start[row] + min(int(length[row]), width)]
        cells[row] = 0
        if right:
            cells[row, width - field.shape[0] :] = field
        else:
            cells[row, : field.shape[0]] = field
    return np.ascontiguousarray(cells)


_ONES = np.uint64(0x0101010101010101)
_HIGH = np.uint64(0x8080808080808080)


def _bytes_equal(words: npt.NDArray[np.uint64], byte: int) -> npt.NDArray[np.uint64]:
    """High bit set in each byte of the words equal to ``byte`` (exact for ASCII words)."""
    y = words ^ (_ONES * np.uint64(byte))
    low = np.uint64(0x7F7F7F7F7F7F7F7F)
    return ~(((y & low) + low) | y) & _HIGH


def _numbers_in_words(data: bytes, start: IntArray, end: IntArray) -> tuple[FloatArray, BoolArray]:
    """Fields of at most 8 bytes read as one little-endian 64-bit word each (SWAR).

    The word ending at the field's last byte holds the field in its high bytes (right-aligned);
    bytes before the field are shifted out. Digits are combined with three multiply-and-shift
    steps, so a column costs a few dozen operations on one integer per row instead of a pass
    per character. Same results as :func:`_numbers`; anything unusual is marked unsure.
    """
    length = end - start
    rows = start.shape[0]
    size = len(data)
    if size < 8:
        data = data + bytes(8 - size)
        size = 8
    view = np.ndarray((size - 7,), dtype="<u8", buffer=data, offset=0, strides=(1,))
    first = end - 8
    words = view[np.clip(first, 0, size - 8)].copy()
    for row in np.flatnonzero(first < 0):  # a field in the file's first 8 bytes
        field = data[start[row] : end[row]]
        words[row] = int.from_bytes(bytes(8 - len(field)) + field, "little")
    cut = (np.uint64(8) - np.clip(length, 0, 8).astype(np.uint64)) * np.uint64(8)
    words = np.where(cut >= np.uint64(64), np.uint64(0), (words >> cut) << cut)
    ascii_only = (words & _HIGH) == 0
    at_least_0 = (words + _ONES * np.uint64(0x50)) & _HIGH
    above_9 = (words + _ONES * np.uint64(0x46)) & _HIGH
    digit = at_least_0 & ~above_9
    dot = _bytes_equal(words, 0x2E)
    sign = _bytes_equal(words, 0x2D) | _bytes_equal(words, 0x2B)
    digits = np.bitwise_count(digit).astype(np.int64)
    dots = np.bitwise_count(dot).astype(np.int64)
    signs = np.bitwise_count(sign).astype(np.int64)
    unsure = ~ascii_only | (digits + dots + signs != length) | (dots > 1) | (digits == 0)
    unsure |= length > 8
    # Digit values (dot, sign and padding read as 0), then 8 digits -> one integer.
    value = words & np.uint64(0x0F0F0F0F0F0F0F0F) & ((digit >> np.uint64(7)) * np.uint64(0xFF))
    value = (value * np.uint64(2561)) >> np.uint64(8)
    value = ((value & np.uint64(0x00FF00FF00FF00FF)) * np.uint64(6553601)) >> np.uint64(16)
    value = ((value & np.uint64(0x0000FFFF0000FFFF)) * np.uint64(42949672960001)) >> np.uint64(32)
    packed = (value & np.uint64(0xFFFFFFFF)).astype(np.float64)
    negative = np.zeros(rows, dtype=np.bool_)
    signed = np.flatnonzero(signs > 0)
    if signed.shape[0]:
        first_byte = (8 - length[signed]) * 8
        lead = (words[signed] >> first_byte.astype(np.uint64)) & np.uint64(0xFF)
        unsure[signed] |= (signs[signed] > 1) | ((lead != 0x2D) & (lead != 0x2B))
        negative[signed] = lead == 0x2D
    with_dot = dots == 1
    dot_byte = np.zeros(rows, dtype=np.int64)
    if with_dot.any():
        dot_byte[with_dot] = (np.log2(dot[with_dot].astype(np.float64)).astype(np.int64) - 7) // 8
    fraction = np.where(with_dot, 7 - dot_byte, 0)
    scale = _POWERS[np.clip(fraction, 0, 18)]
    remainder = packed - np.floor(packed / scale) * scale
    number = ((packed - remainder) / np.where(with_dot, 10.0, 1.0) + remainder) / scale
    number[negative] = -number[negative]
    number[unsure] = np.nan
    return np.asarray(number, dtype=np.float64), np.asarray(unsure, dtype=np.bool_)


def _count(mask: BoolArray) -> FloatArray:
    """True cells per row of a boolean matrix whose width is a multiple of 8 (popcount)."""
    words = np.ascontiguousarray(mask).view(np.uint64)
    return np.asarray(np.bitwise_count(words).sum(axis=1, dtype=np.int64), dtype=np.float64)


def _numbers(cells: npt.NDArray[np.uint8], length: IntArray) -> tuple[FloatArray, BoolArray]:
    """Plain decimals (``-12``, ``3.50``) exactly; everything else is marked unsure.

    With fields right-aligned, reading the dot as a zero digit gives ``A = 10·L + R`` where ``L``
    is the integer part's contribution and ``R < 10**k`` the ``k`` fraction digits; so ``R`` is
    ``A`` modulo ``10**k`` and the number is ``(L + R) / 10**k``. Every step is exact in float64
    for up to 15 digits, so the result equals Python's ``float()`` of the text. Per-row counts are
    popcounts and matrix products, far faster in numpy than reductions over short rows.
    """
    rows, width = cells.shape
    digit = (cells >= 48) & (cells <= 57)
    dot = cells == 46
    sign = (cells == 45) | (cells == 43)
    digits, dots, signs = _count(digit), _count(dot), _count(sign)
    unsure = (digits + dots + signs != length) | (dots > 1) | (digits == 0) | (digits > 15)
    unsure |= length > _MAX_FAST_WIDTH
    powers = 10.0 ** np.arange(width - 1, -1, -1)
    packed = ((cells - np.uint8(48)) * digit).astype(np.float64) @ powers
    unsure |= packed >= 2.0**53  # beyond this a float64 no longer holds every integer
    negative = np.zeros(rows, dtype=np.bool_)
    signed = np.flatnonzero(signs > 0)
    if signed.shape[0]:
        lead = cells[signed, np.clip(width - length[signed], 0, width - 1)]
        unsure[signed] |= (signs[signed] > 1) | ((lead != 45) & (lead != 43))
        negative[signed] = lead == 45
    with_dot = dots == 1
    dot_at = dot.astype(np.float32) @ np.arange(width, dtype=np.float32)
    fraction = np.where(with_dot, width - 1 - dot_at, 0).astype(np.int64)
    scale = _POWERS[np.clip(fraction, 0, 18)]
    remainder = packed - np.floor(packed / scale) * scale
    number = ((packed - remainder) / np.where(with_dot, 10.0, 1.0) + remainder) / scale
    number[negative] = -number[negative]
    number[unsure] = np.nan
    return np.asarray(number, dtype=np.float64), np.asarray(unsure, dtype=np.bool_)


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
