"""Read a bids table (CSV bytes, or rows from a spreadsheet) into typed numpy columns.

A tender can bring a million rows. Readers are tried from the fastest (:func:`read_csv`):

1. polars types a regular CSV in one pass, before any scan of its bytes
   (:func:`read_csv_typed`); its own checks hand back any file it cannot read exactly as the
   reference would (:mod:`brightline.offers.bids_polars`).
2. The careful path (:func:`read_csv_careful`) scans the bytes: files with quotes or control
   characters go to the reference reader; the rest are split by polars as text, cell spellings
   it cannot type going through the reference readers of :mod:`brightline.offers.bids_numbers`;
   without polars, or when it hands the file back again, by the numpy splitter of
   :mod:`brightline.offers.bids_splitter`, whose text cells (bidder names) are slices of the
   file's bytes, at full width: two bidders whose names share their first 33 bytes stay two.

Files with quotes take the reference path, Python's :mod:`csv` in strict mode: a quote that is never
closed is refused with the row where it opens, instead of swallowing the rest of the file into one
cell. Control characters (a NUL, a stray byte-order mark) in a cell are reported with row and column.

Every unreadable cell becomes a :class:`CellError` with its row number (as a spreadsheet shows it:
the header is row 1) and column; such rows are flagged, never scored and never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from brightline.errors import InputFileError, Problem
from brightline.offers.bids_kernels import (
    BoolArray,
    FloatArray,
    IntArray,
)
from brightline.offers.bids_numbers import (
    MAX_CELL_CHARACTERS,
    NumberStyle,
    Remedy,
    control_character,
    number_remedy,
    read_number,
    read_option,
)

__all__ = [
    "BidTable",
    "BoolArray",
    "CellError",
    "ColumnSpec",
    "FloatArray",
    "IntArray",
    "TextColumn",
    "read_csv",
    "read_csv_careful",
    "read_csv_typed",
    "read_rows",
    "sniff_delimiter",
    "split_header",
    "unix_line_ends",
]


@dataclass(frozen=True, slots=True)
class CellError:
    """An unreadable cell (or row).

    Attributes:
        row: Row number as a spreadsheet shows it (header row is 1).
        column: The column header ("" for a problem with the whole row).
        message: What is wrong, showing the value.
        remedy: What would make it readable, when a reading option would.
    """

    row: int
    column: str
    message: str
    remedy: Remedy | None = None


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """How to read one column: as numbers, as one of some option names, or as plain text.

    ``currency`` and ``unit`` say which currency or unit a number cell may name (``EUR 1,265,000``,
    ``18 weeks``); a cell naming another currency is refused.
    """

    header: str
    kind: str  # "number", "option" or "text"
    options: tuple[str, ...] = ()
    currency: str | None = None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class TextColumn:
    """Text cells: slices of the file's bytes (fast path) or strings (reference path).

    Keeping offsets instead of a fixed-width copy reads every name at full width and costs two
    integers per row, however long the longest name is.
    """

    data: bytes = b""
    starts: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ends: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    values: tuple[str, ...] | None = None
    column: Any = None  # a polars Series of stripped strings (the polars path)

    def __getitem__(self, position: int) -> str:
        if self.values is not None:
            return self.values[position]
        if self.column is not None:
            return str(self.column[position])
        start, end = int(self.starts[position]), int(self.ends[position])
        return self.data[start:end].decode("utf-8", errors="replace").strip()

    def __len__(self) -> int:
        if self.values is not None:
            return len(self.values)
        return len(self.column) if self.column is not None else int(self.starts.shape[0])

    def many(self, positions: IntArray) -> list[str]:
        """The texts of many rows at once: one decode for all of them instead of one per row.

        The fast path only keeps files without control characters, so a NUL cannot occur inside
        a cell and joins the slices safely.
        """
        if self.values is not None:
            return [self.values[position] for position in positions.tolist()]
        if self.column is not None:
            return [str(text) for text in self.column.gather(positions).to_list()]
        data = self.data
        slices = [
            data[start:end]
            for start, end in zip(
                self.starts[positions].tolist(), self.ends[positions].tolist(), strict=True
            )
        ]
        found = b"\0".join(slices).decode("utf-8", errors="replace").split("\0")
        if not positions.shape[0]:
            return []
        return [text.strip() for text in found] if _padded_text(found) else found


@dataclass(frozen=True, slots=True)
class BidTable:
    """The readable content of a bids table.

    Attributes:
        rows: Row number of each data row (header is row 1).
        numbers: Header -> float per row (NaN where unreadable) for ``number`` columns.
        options: Header -> option index per row (-1 where unreadable) for ``option`` columns.
        texts: Header -> text per row for ``text`` columns.
        bad: Rows with at least one error: reported, not scored.
        errors: Every unreadable cell or row.
        sheet: The spreadsheet's sheet name ("" for CSV).
        frame: The polars frame the columns come from, headed by the headers, when polars' typed
            pass read the file (then ``numbers`` and ``options`` are made from it on first use,
            and the evaluation runs in polars: :mod:`brightline.offers.bids_frame`).
        in_range: Whether every number lies in its issue's range, when the reader checked it
            (``None``: not checked yet, :func:`~brightline.offers.bids_reading.check_ranges` does).
        beyond: Header -> (row positions, bound) of its numbers outside the issue's range that
            break no must-have (errors: not scored); the bound is the most each could add to a
            score (:func:`~brightline.offers.bids_reading.beyond_bound`).
    """

    rows: IntArray
    numbers: Mapping[str, FloatArray]
    options: Mapping[str, IntArray]
    texts: dict[str, TextColumn]
    bad: BoolArray
    errors: tuple[CellError, ...]
    sheet: str = ""
    frame: Any = None
    in_range: bool | None = None
    beyond: Mapping[str, tuple[IntArray, FloatArray]] = field(default_factory=dict)

    def text(self, header: str, position: int) -> str:
        """The text of one cell."""
        return self.texts[header][position]


def _padded_text(texts: list[str]) -> bool:
    """Whether any text starts or ends with whitespace (then every one is stripped)."""
    return any(text[:1].isspace() or text[-1:].isspace() for text in texts)


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


def default_style(delimiter: str) -> NumberStyle:
    """Comma-separated files write decimal points; ``;`` and tab files come from locales that may not."""
    return NumberStyle.POINT if delimiter in ",|" else NumberStyle.EITHER


def split_header(data: bytes, delimiter: str = ",") -> tuple[list[str], int]:
    """The header cells of CSV bytes and the offset where the data starts."""
    import csv
    import io

    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    line = data[:end].decode("utf-8-sig", errors="replace").rstrip("\r")
    cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return [cell.strip() for cell in cells], min(end + 1, len(data))


_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")


def _has_control_characters(data: bytes, start: int) -> bool:
    """Whether the body holds a control character other than tab and line feed (or a BOM).

    One vectorised count instead of a regular expression: on a 100 MB file the count takes tens of
    milliseconds, a regex alternation seconds.
    """
    body = np.frombuffer(data, dtype=np.uint8)[start:]
    below_space = int(np.count_nonzero(body < 32))
    if below_space != data.count(b"\n", start) + data.count(b"\t", start):
        return True
    if data.find(b"\x7f", start) >= 0:
        return True
    if data.isascii():
        return False
    return data.find(b"\xef\xbb\xbf", start) >= 0 or _C1_CONTROL.search(data, start) is not None


def read_csv(
    data: bytes,
    specs: Sequence[ColumnSpec],
    style: NumberStyle | None = None,
    file: str = "<bids>",
) -> BidTable:
    """Parse CSV bytes: the typed polars path first, the careful one when it hands the file back.

    Raises:
        InputFileError: for a quote that is never closed or text after a closing quote.
    """
    data = unix_line_ends(data)
    found = read_csv_typed(data, specs, style)
    return found if found is not None else read_csv_careful(data, specs, style, file)


def unix_line_ends(data: bytes) -> bytes:
    """Windows and old Mac line ends alike as line feeds (one scan when there are none)."""
    if b"\r" in data:
        return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def read_csv_typed(
    data: bytes,
    specs: Sequence[ColumnSpec],
    style: NumberStyle | None = None,
    limits: Mapping[str, tuple[float, float]] | None = None,
    in_place: tuple[Path, int] | None = None,
) -> BidTable | None:
    """A regular file (plain decimals, exact option names) read by polars in one pass, or ``None``.

    No scan of the bytes comes first: polars' own checks decide whether the file is regular
    (:func:`brightline.offers.bids_polars.read_typed`), and check the numbers against ``limits``
    (header -> lowest and highest value) in the same pass. Only files written with decimal points
    take this path; ``data`` must have LF line ends (:func:`unix_line_ends`). With ``in_place`` (a file
    and its size), polars reads that file and ``data`` need only hold its header line.
    """
    from brightline.offers.bids_polars import read_typed

    delimiter = sniff_delimiter(data)
    if (style or default_style(delimiter)) is not NumberStyle.POINT:
        return None
    header, start = split_header(data, delimiter)
    kinds = [(spec.header, spec.kind, spec.options, spec.currency, spec.unit) for spec in specs]
    found = read_typed(
        data if in_place is None else in_place, start, header, kinds, delimiter, limits
    )
    if found is None:
        return None
    from brightline.offers.bids_frame import FrameColumns

    rows, frame, inside = found
    return BidTable(
        rows,
        FrameColumns(frame, [spec.header for spec in specs if spec.kind == "number"]),
        FrameColumns(
            frame,
            [spec.header for spec in specs if spec.kind == "option"],
            {spec.header: spec.options for spec in specs if spec.kind == "option"},
        ),
        {
            spec.header: TextColumn(column=frame.get_column(spec.header))
            for spec in specs
            if spec.kind == "text"
        },
        np.zeros(rows.shape[0], dtype=np.bool_),
        (),
        frame=frame,
        in_range=inside,
    )


def read_csv_careful(
    data: bytes,
    specs: Sequence[ColumnSpec],
    style: NumberStyle | None = None,
    file: str = "<bids>",
) -> BidTable:
    """Parse CSV bytes with LF line ends; files with quotes or control characters take the reference path.

    Raises:
        InputFileError: for a quote that is never closed or text after a closing quote.
    """
    delimiter = sniff_delimiter(data)
    chosen = style or default_style(delimiter)
    header, start = split_header(data, delimiter)
    if data.find(b'"', start) >= 0 or _has_control_characters(data, start):
        return _reference(data, start, header, specs, delimiter, chosen, file)
    if len(data) > start and not data.endswith(b"\n"):
        data += b"\n"
    regular = _regular(data, start, header, specs, delimiter, chosen)
    if regular is not None:
        return regular
    from brightline.offers.bids_splitter import split_fast

    return split_fast(data, start, header, specs, delimiter, chosen)


def _regular(
    data: bytes,
    start: int,
    header: Sequence[str],
    specs: Sequence[ColumnSpec],
    delimiter: str,
    style: NumberStyle,
) -> BidTable | None:
    """The polars path (:mod:`brightline.offers.bids_polars`), or ``None`` to read carefully."""
    from brightline.offers.bids_polars import read_regular

    kinds = [(spec.header, spec.kind, spec.options, spec.currency, spec.unit) for spec in specs]
    found = read_regular(data, start, header, kinds, delimiter, style)
    if found is None:
        return None
    rows, values, failed = found
    bad = np.zeros(rows.shape[0], dtype=np.bool_)
    errors: list[CellError] = []
    for spec in specs:
        for index, message, remedy in failed[spec.header]:
            errors.append(CellError(int(rows[index]), spec.header, message, remedy))
            bad[index] = True
    return BidTable(
        rows,
        {spec.header: values[spec.header] for spec in specs if spec.kind == "number"},
        {spec.header: values[spec.header] for spec in specs if spec.kind == "option"},
        {
            spec.header: TextColumn(column=values[spec.header])
            for spec in specs
            if spec.kind == "text"
        },
        bad,
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
    )


def _reference(
    data: bytes,
    start: int,
    header: list[str],
    specs: Sequence[ColumnSpec],
    delimiter: str,
    style: NumberStyle,
    file: str,
) -> BidTable:
    """Python's csv module in strict mode, with no field-size limit (cells are checked after)."""
    import csv
    import io

    text = data[start:].decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        while True:
            line = reader.line_num
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                problem = _quote_problem(file, len(records) + 2, line + 2, error)
                raise InputFileError([problem]) from None
            records.append((len(records) + 2, cells))
    finally:
        csv.field_size_limit(limit)
    return read_rows(header, records, specs, style)


def _quote_problem(file: str, row: int, line: int, error: Exception) -> Problem:
    if "end of data" in str(error):
        message = (
            f"row {row}: a quote opens and is never closed; everything after it would be read "
            "as one cell"
        )
        hint = 'close the quote, or remove it (a quote inside a cell is written twice: "")'
    else:
        message = f"row {row}: a quoted cell has text after its closing quote ({error})"
        hint = 'quote the whole cell and write each quote inside it twice ("")'
    return Problem(file, line, 0, "", message, hint)


def read_rows(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[Any]]],
    specs: Sequence[ColumnSpec],
    style: NumberStyle = NumberStyle.POINT,
    sheet: str = "",
) -> BidTable:
    """Parse rows of Python values (from the csv module or a spreadsheet): the reference path."""
    where = {name: header.index(name) for name in (spec.header for spec in specs)}
    numbers: dict[str, list[float]] = {spec.header: [] for spec in specs if spec.kind == "number"}
    options: dict[str, list[int]] = {spec.header: [] for spec in specs if spec.kind == "option"}
    texts: dict[str, list[str]] = {spec.header: [] for spec in specs if spec.kind == "text"}
    row_numbers: list[int] = []
    bad: list[bool] = []
    errors: list[CellError] = []
    for number, cells in rows:
        if not cells or all(cell is None or cell == "" for cell in cells):
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
            if isinstance(cell, str):
                problem = control_character(cell) or (
                    long_cell(cell) if len(cell) > MAX_CELL_CHARACTERS else ""
                )
                if problem:
                    errors.append(CellError(number, spec.header, problem))
                    broken, cell = True, None
                    if spec.kind != "text":
                        _append_unreadable(spec, numbers, options)
                        continue
            if spec.kind == "text":
                texts[spec.header].append(_text(cell))
            elif spec.kind == "number":
                read = np.nan if short else read_number(cell, style, spec.currency, spec.unit)
                if isinstance(read, str):
                    if not short:
                        remedy = number_remedy(cell, style)
                        errors.append(CellError(number, spec.header, read, remedy))
                    read, broken = np.nan, True
                numbers[spec.header].append(read)
            else:
                picked = -1 if short else read_option(cell, spec.options)
                if isinstance(picked, str):
                    errors.append(CellError(number, spec.header, picked))
                    picked, broken = -1, True
                options[spec.header].append(picked)
        bad.append(broken)
    return BidTable(
        np.array(row_numbers, dtype=np.int64),
        {key: np.array(value, dtype=np.float64) for key, value in numbers.items()},
        {key: np.array(value, dtype=np.int64) for key, value in options.items()},
        {key: TextColumn(values=tuple(value)) for key, value in texts.items()},
        np.array(bad, dtype=np.bool_),
        tuple(sorted(errors, key=lambda error: (error.row, error.column))),
        sheet,
    )


def _append_unreadable(
    spec: ColumnSpec, numbers: dict[str, list[float]], options: dict[str, list[int]]
) -> None:
    if spec.kind == "number":
        numbers[spec.header].append(np.nan)
    else:
        options[spec.header].append(-1)


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def long_cell(cell: str) -> str:
    """The message for a cell longer than a spreadsheet allows."""
    return (
        f"the cell holds {len(cell):,} characters, more than a spreadsheet cell can "
        f"({MAX_CELL_CHARACTERS:,}); the file is damaged or the column is wrong"
    )


def _padded(cells: Sequence[Any], header: Sequence[str]) -> bool:
    """Spreadsheets report trailing empty cells; a longer row of blanks still fits the header."""
    return len(cells) > len(header) and all(
        cell is None or not str(cell).strip() for cell in cells[len(header) :]
    )
