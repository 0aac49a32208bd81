"""Reading a bids table: match its header to the case, parse its cells, check numbers' ranges.

Kept apart from the scoring and advice in :mod:`brightline.offers.bids`: everything here turns
bytes (CSV or ``.xlsx``) into a :class:`~brightline.offers.bids_table.BidTable` whose bad cells are
errors with a row and a column, so evaluation never sees a value it could not read. A number
outside its issue's range is such an error (the value curves are not defined there); one inside
the range but between grid steps is kept and only flagged
(:func:`brightline.offers.bids_scoring.off_grid`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from brightline.amounts import quantity
from brightline.case.model import BidsSetup, DiscreteIssue, NumericIssue
from brightline.case.validate import LoadedCase
from brightline.errors import InputFileError, Problem
from brightline.offers.bids_numbers import NumberStyle, control_character
from brightline.offers.bids_table import (
    BidTable,
    CellError,
    ColumnSpec,
    read_csv_careful,
    read_csv_typed,
    read_rows,
    sniff_delimiter,
    split_header,
    unix_line_ends,
)
from brightline.rules import issues_of as rule_issues


@dataclass(frozen=True, slots=True)
class BidMapping:
    """Which column holds what.

    Attributes:
        bidder: Header of the bidder column ("" when the table has none: rows are then named by
            their row number).
        issues: Issue id -> header, for the issues the table has.
        criteria: Header -> weight (value to us per unit, case currency).
        unscored: Issues with no column and no standard reading them (left out of the score).
    """

    bidder: str
    issues: dict[str, str]
    criteria: dict[str, float]
    unscored: tuple[str, ...]

    def specs(self, loaded: LoadedCase) -> list[ColumnSpec]:
        """How to read each mapped column (with the currency and unit a cell may name)."""
        found = [ColumnSpec(self.bidder, "text")] if self.bidder else []
        for issue_id, header in self.issues.items():
            issue = loaded.case.issue(issue_id)
            if isinstance(issue, DiscreteIssue):
                names = tuple(str(value) for value in issue.values())
                found.append(ColumnSpec(header, "option", names))
            else:
                unit = issue.range.unit.strip()
                currency = _currency(loaded, unit, issue.dimension.value == "price")
                found.append(ColumnSpec(header, "number", currency=currency, unit=unit))
        found.extend(ColumnSpec(header, "number", currency="") for header in self.criteria)
        return found


def _currency(loaded: LoadedCase, unit: str, price: bool) -> str:
    """The currency a column's cells may name: the one its unit starts with, else none.

    ``USD million / year`` counts in USD (a cell reading ``USD 16.5`` is accepted, one reading
    ``EUR 16.5`` refused); a price issue without a unit counts in the case currency; any other
    unit (``weeks``, ``level``) takes none, so ``EUR 18`` in a column of weeks is an error.
    """
    match = re.match(r"([A-Z]{3})\b", unit)
    if match:
        return match.group(1)
    return loaded.case.case.currency if price and not unit else ""


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def map_columns(
    loaded: LoadedCase, header: Sequence[str], file: str, sheet: str = ""
) -> BidMapping:
    """Match the table's header to the case's issues and criteria.

    Raises:
        InputFileError: when a column the standards or ``bids:`` need is missing.
    """
    setup = loaded.case.bids or BidsSetup()
    where = f"sheet {sheet!r}" if sheet else ""
    if not any(cell.strip() for cell in header):
        raise InputFileError(
            [
                Problem(
                    file,
                    1,
                    0,
                    where,
                    "the file is empty or its first row is blank",
                    "put a header row first: bidder, then one column per issue",
                )
            ]
        )
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        if not cell.strip():
            continue
        if _normal(cell) in seen:
            first = seen[_normal(cell)]
            raise InputFileError(
                [
                    Problem(
                        file,
                        1,
                        position,
                        where,
                        f"column {position} repeats the header {cell!r} of column {first}",
                        "keep one column per issue: delete or rename the copy",
                    )
                ]
            )
        seen[_normal(cell)] = position
    by_name = {_normal(cell): cell for cell in header}
    needed = set().union(*(rule_issues(rule) for rule in loaded.standard_rules.values()))
    problems: list[Problem] = []
    issues: dict[str, str] = {}
    unscored: list[str] = []
    for issue in loaded.case.issues:
        wanted = setup.columns.get(issue.id)
        names = [wanted] if wanted else [issue.id, issue.name]
        match = next((by_name[_normal(n)] for n in names if n and _normal(n) in by_name), None)
        if match is not None:
            issues[issue.id] = match
        elif wanted or issue.id in needed:
            why = "bids.columns names it" if wanted else "a standard reads it"
            problems.append(
                Problem(
                    file,
                    1,
                    0,
                    where,
                    f"no column for issue {issue.id!r} ({why})",
                    f"add a column headed {wanted or issue.id!r}, or map it under bids.columns "
                    "in the case",
                )
            )
        else:
            unscored.append(issue.id)
    criteria: dict[str, float] = {}
    for criterion in setup.criteria:
        header_cell = by_name.get(_normal(criterion.column))
        if header_cell is None:
            problems.append(
                Problem(
                    file,
                    1,
                    0,
                    where,
                    f"no column {criterion.column!r} (bids.criteria names it)",
                    "add the column or remove the criterion",
                )
            )
        else:
            criteria[header_cell] = criterion.weight
    if problems:
        raise InputFileError(problems)
    candidates = [setup.bidder_column, "bidder", "supplier", "vendor", "name"]
    bidder = next((by_name[_normal(c)] for c in candidates if _normal(c) in by_name), "")
    return BidMapping(bidder, issues, criteria, tuple(unscored))


def read_bids(
    loaded: LoadedCase,
    data: bytes | TableSource,
    file: str,
    style: NumberStyle | None = None,
    sheet: str | None = None,
) -> tuple[BidMapping, BidTable]:
    """Read a bids table from bytes or a source: ``.xlsx`` files by name, everything else as CSV.

    Given a :class:`TableSource` (the services pass one for a file), a regular CSV is parsed by
    polars from the file itself, which it maps, instead of from a copy of it in fresh memory (on
    10^6 bids the copy was about a tenth of the whole evaluation, on one core, and 40 MB of
    peak memory); any other table is read whole by the source and judged as bytes are, with the
    same messages. This module opens nothing itself: the source does, or polars on its behalf.

    Args:
        loaded: The case.
        data: The file's bytes, or a source for them.
        file: Its name, for messages (and ``.xlsx`` by its ending).
        style: Which mark separates decimals (default: a decimal point in comma-separated files,
            either in ``;`` and tab files, where an ambiguous ``1.265`` is refused).
        sheet: The workbook's sheet to read (default: the first).

    Raises:
        InputFileError: for a missing column, an unreadable file or sheet, or a bad header.
    """
    typed_tried = False
    if not isinstance(data, bytes):
        if not file.lower().endswith((".xlsx", ".xlsm")):
            in_place, typed_tried = _typed_in_place(loaded, data, file, style)
            if in_place is not None:
                return in_place
        data = data.content()
    if file.lower().endswith((".xlsx", ".xlsm")):
        from brightline.offers.bids_xlsx import read_sheet

        found = read_sheet(data, file, sheet)
        _check_header(found.header, file, f"sheet {found.sheet!r}")
        mapping = map_columns(loaded, found.header, file, found.sheet)
        table = read_rows(
            found.header, found.rows, mapping.specs(loaded), style or NumberStyle.POINT, found.sheet
        )
        return mapping, check_ranges(loaded, mapping, table)
    raw = data
    original = _without_byte_order_marks(data)
    data = unix_line_ends(original)
    # Text that is not UTF-8 is reported before anything else, as it always was; but the scan of
    # a large body is left to polars where it reads the file (it refuses such bytes), so the
    # body is only scanned here when polars hands the file back or the header cannot be used.
    header_end = original.find(b"\n")
    _require_utf8(original[: len(original) if header_end < 0 else header_end], file)
    try:
        header, _ = split_header(data, sniff_delimiter(data))
        _check_header(header, file, "")
        mapping = map_columns(loaded, header, file)
    except InputFileError:
        _require_utf8(original, file)
        raise
    specs = mapping.specs(loaded)
    # A file polars could not type from its path is not typed again from its bytes, unless the
    # bytes differ (line ends or byte-order marks dropped).
    again = not typed_tried or data is not raw
    typed = read_csv_typed(data, specs, style, _limits(loaded, mapping)) if again else None
    if typed is None:
        _require_utf8(original, file)
    parsed = typed if typed is not None else read_csv_careful(data, specs, style, file)
    return mapping, check_ranges(loaded, mapping, parsed)


_BOM = b"\xef\xbb\xbf"

_HEAD_BYTES = 1 << 16
"""Bytes read to find a file's header line before polars reads the file itself."""


class TableSource(Protocol):
    """A bids table the caller can hand to polars in place, or read whole (a file on disk)."""

    @property
    def location(self) -> Path:
        """Where polars reads the table from."""

    def head(self, size: int) -> bytes:
        """The table's first ``size`` bytes (fewer for a shorter table)."""

    def content(self) -> bytes:
        """The whole table."""

    def size(self) -> int:
        """The table's length in bytes."""


def _typed_in_place(
    loaded: LoadedCase, data: TableSource, file: str, style: NumberStyle | None
) -> tuple[tuple[BidMapping, BidTable] | None, bool]:
    """A regular CSV typed by polars where it lies (``None`` to read it whole), and whether polars tried.

    Only the plain case: a header line within the first 64 KiB, no byte-order mark, no carriage
    return in the header (one in the body makes polars' typed pass refuse the file: a number, an
    option name or a text cell would hold it). Whatever is refused is read whole and again as
    bytes, so every message comes from one place.
    """
    head = data.head(_HEAD_BYTES)
    end = head.find(b"\n")
    if end < 0 or head.startswith(_BOM) or b"\r" in head[:end]:
        return None, False
    try:
        _require_utf8(head[:end], file)
        header, _ = split_header(head, sniff_delimiter(head))
        _check_header(header, file, "")
        mapping = map_columns(loaded, header, file)
    except InputFileError:
        return None, False
    typed = read_csv_typed(
        head, mapping.specs(loaded), style, _limits(loaded, mapping), (data.location, data.size())
    )
    if typed is None:
        return None, True
    return (mapping, check_ranges(loaded, mapping, typed)), True


def _without_byte_order_marks(data: bytes) -> bytes:
    """Drop every byte-order mark at the start: files re-saved by several tools collect two."""
    count = 0
    while data.startswith(_BOM, count * 3):
        count += 1
    return data[count * 3 :] if count else data


def _check_header(header: Sequence[str], file: str, where: str) -> None:
    """Refuse a header cell with a NUL or another control character (it would match nothing)."""
    for position, cell in enumerate(header, start=1):
        problem = control_character(cell)
        if problem:
            raise InputFileError(
                [
                    Problem(
                        file,
                        1,
                        position,
                        where,
                        f"header cell {position} ({cell[:40]!r}): {problem.split('; ')[0]}",
                        "retype the header row and save again",
                    )
                ]
            )


def _require_utf8(data: bytes, file: str) -> None:
    """Refuse bytes that are not UTF-8, at the row and byte where they stop being text.

    Replacing them would turn ``Müller`` into ``M\ufffdller`` silently, and an option name with such
    a byte into a different error; spreadsheets save "CSV UTF-8" on request.
    """
    if data.isascii():
        return  # plain ASCII: nothing to decode (the common case, checked without a copy)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        raise InputFileError(
            [
                Problem(
                    file,
                    row,
                    error.start - line_start + 1,
                    "",
                    f"byte {error.start} (0x{data[error.start]:02x}, row {row}) is not UTF-8 text",
                    "save the file as CSV UTF-8 (Excel: Save As > CSV UTF-8)",
                )
            ]
        ) from None


def _limits(loaded: LoadedCase, mapping: BidMapping) -> dict[str, tuple[float, float]]:
    """Header -> the range of its issue, for every numeric issue the table has."""
    return {
        header: (float(issue.range.min), float(issue.range.max))
        for issue_id, header in mapping.issues.items()
        if not isinstance(issue := loaded.case.issue(issue_id), DiscreteIssue)
    }


def check_ranges(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> BidTable:
    """Judge numbers outside their issue's range: a knock-out when they break a must-have, else errors.

    A number outside the range is readable: a salary of 1,265,000 where the pay band stops at
    130,000 breaks the band on its face, so the bid is knocked out with the band as its reason,
    like any other bid that breaks it (it is not a row to "fix"). A number outside the range that
    breaks no must-have is another matter: the value curves end at the range, so the bid cannot be
    scored, and it stays a cell error (the row is not ranked). It blocks an award only if it could
    have won (:func:`brightline.offers.bids._could_win`), bounded by :func:`beyond_bound`.
    """
    if table.in_range:
        return table  # checked while reading (polars' typed pass)
    if table.frame is not None and table.in_range is None:
        from brightline.offers.bids_frame import out_of_range

        if not out_of_range(table.frame, _limits(loaded, mapping)):
            return table
    outside: dict[str, np.ndarray] = {}
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            continue
        values = table.numbers[header]
        low, high = float(issue.range.min), float(issue.range.max)
        found_outside = np.flatnonzero((values < low) | (values > high))
        if found_outside.shape[0]:
            outside[issue_id] = found_outside
    if not outside:
        return table
    knocked = _broken_as_stated(loaded, mapping, table, outside)
    found: list[CellError] = []
    bad = table.bad.copy()
    numbers = dict(table.numbers)
    beyond: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for issue_id, positions in outside.items():
        issue = loaded.case.issue(issue_id)
        assert not isinstance(issue, DiscreteIssue)
        header = mapping.issues[issue_id]
        positions = positions[~knocked[positions]]
        if not positions.shape[0]:
            continue
        values = numbers[header]
        low, high = float(issue.range.min), float(issue.range.max)
        unit = f" {issue.range.unit}" if issue.range.unit else ""
        found.extend(
            CellError(
                int(table.rows[position]),
                header,
                f"{quantity(float(values[position]))} is outside the range of "
                f"{issue_id} ({quantity(low)} to {quantity(high)}{unit}): its value curve ends "
                "there, so the bid is not scored",
            )
            for position in positions
        )
        beyond[header] = (positions, beyond_bound(issue, values[positions]))
        values = values.copy()
        values[positions] = np.nan
        numbers[header] = values
        bad[positions] = True
    if not found:
        # Every number outside its range breaks a must-have: the bids are knocked out, in numpy.
        return replace(table, numbers=numbers, frame=None, in_range=True)
    errors = tuple(sorted((*table.errors, *found), key=lambda error: (error.row, error.column)))
    # The frame still holds the numbers outside the range: the evaluation runs on numpy.
    return replace(table, numbers=numbers, bad=bad, errors=errors, frame=None, beyond=beyond)


def _broken_as_stated(
    loaded: LoadedCase, mapping: BidMapping, table: BidTable, outside: dict[str, np.ndarray]
) -> np.ndarray:
    """Per row, whether the values it states (out of range ones included) surely break a must-have.

    Only the rows with a number outside its range are looked at; unreadable cells are unknown
    (three-valued, as for the rows that might have won).
    """
    from brightline.offers.bids_scoring import readable, rule_known

    rows = table.rows.shape[0]
    positions = np.unique(np.concatenate(list(outside.values())))
    subset: dict[str, np.ndarray] = {}
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        source = table.options if isinstance(issue, DiscreteIssue) else table.numbers
        subset[issue_id] = source[header][positions]
    known = {issue_id: readable(column) for issue_id, column in subset.items()}
    broken = np.zeros(positions.shape[0], dtype=np.bool_)
    for rule in loaded.standard_rules.values():
        broken |= rule_known(rule, subset, known, loaded)[1]
    flags = np.zeros(rows, dtype=np.bool_)
    flags[positions[broken]] = True
    return flags


def beyond_bound(issue: NumericIssue, values: np.ndarray) -> np.ndarray:
    """The most a number outside its issue's range could add to a score (for "might it have won").

    The curve is held flat past the end of the range (as ``evaluate`` values such offers) where it
    falls or stays level toward that end: past it the value is taken to be at most the end's.
    Where the curve rises toward the end, nothing bounds the value past it (a price
    below the cheapest the case models may be worth more than any it models): infinity.
    """
    anchors = np.array(issue.ours, dtype=np.float64)
    low, high = float(issue.range.min), float(issue.range.max)
    inside = sorted({low, high, *(x for x in anchors[:, 0] if low < x < high)})
    ys = np.interp(inside, anchors[:, 0], anchors[:, 1])
    below = np.inf if len(ys) > 1 and ys[0] > ys[1] else float(ys[0])
    above = np.inf if len(ys) > 1 and ys[-1] > ys[-2] else float(ys[-1])
    return np.where(values < low, below, above).astype(np.float64)
