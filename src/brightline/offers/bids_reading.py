"""Reading a bids table: match its header to the case, parse its cells, check numbers' ranges.

Kept apart from the scoring and advice in :mod:`brightline.offers.bids`: everything here turns
bytes (CSV or ``.xlsx``) into a :class:`~brightline.offers.bids_table.BidTable` whose bad cells are
errors with a row and a column, so evaluation never sees a value it could not read. A number
outside its issue's range is such an error (the value curves are not defined there); one inside
the range but between grid steps is kept and only flagged (:func:`off_grid`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from brightline.amounts import quantity
from brightline.case.model import BidsSetup, DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.errors import InputFileError, Problem
from brightline.offers.bids_table import (
    BidTable,
    CellError,
    ColumnSpec,
    read_csv,
    read_rows,
    sniff_delimiter,
    split_header,
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
        """How to read each mapped column."""
        found = [ColumnSpec(self.bidder, "text")] if self.bidder else []
        for issue_id, header in self.issues.items():
            issue = loaded.case.issue(issue_id)
            if isinstance(issue, DiscreteIssue):
                names = tuple(str(value) for value in issue.values())
                found.append(ColumnSpec(header, "option", names))
            else:
                found.append(ColumnSpec(header, "number"))
        found.extend(ColumnSpec(header, "number") for header in self.criteria)
        return found


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def map_columns(loaded: LoadedCase, header: Sequence[str], file: str) -> BidMapping:
    """Match the table's header to the case's issues and criteria.

    Raises:
        InputFileError: when a column the standards or ``bids:`` need is missing.
    """
    setup = loaded.case.bids or BidsSetup()
    if not any(cell.strip() for cell in header):
        raise InputFileError(
            [
                Problem(
                    file,
                    1,
                    0,
                    "",
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
                        "",
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
                    "",
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
                    "",
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


def read_bids(loaded: LoadedCase, data: bytes, file: str) -> tuple[BidMapping, BidTable]:
    """Read a bids table from bytes: ``.xlsx`` files by name, everything else as CSV.

    Raises:
        InputFileError: for a missing column or an unreadable spreadsheet.
        UsageError: when ``.xlsx`` needs the optional ``xlsx`` extra.
    """
    if file.lower().endswith((".xlsx", ".xlsm")):
        header, rows = _xlsx_rows(data, file)
        mapping = map_columns(loaded, header, file)
        return mapping, check_ranges(
            loaded, mapping, read_rows(header, rows, mapping.specs(loaded))
        )
    _require_utf8(data, file)
    header, _ = split_header(data, sniff_delimiter(data))
    mapping = map_columns(loaded, header, file)
    return mapping, check_ranges(loaded, mapping, read_csv(data, mapping.specs(loaded)))


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


def check_ranges(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> BidTable:
    """Turn numbers outside their issue's range into cell errors (the row is then not scored)."""
    found: list[CellError] = []
    bad = table.bad.copy()
    numbers = dict(table.numbers)
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            continue
        values = numbers[header]
        low, high = float(issue.range.min), float(issue.range.max)
        outside = np.flatnonzero((values < low) | (values > high))
        if not outside.shape[0]:
            continue
        unit = f" {issue.range.unit}" if issue.range.unit else ""
        found.extend(
            CellError(
                int(table.rows[position]),
                header,
                f"{quantity(float(values[position]))} is outside the range of "
                f"{issue_id} ({quantity(low)} to {quantity(high)}{unit})",
            )
            for position in outside
        )
        values = values.copy()
        values[outside] = np.nan
        numbers[header] = values
        bad[outside] = True
    if not found:
        return table
    errors = tuple(sorted((*table.errors, *found), key=lambda error: (error.row, error.column)))
    return replace(table, numbers=numbers, bad=bad, errors=errors)


def off_grid(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> dict[str, np.ndarray]:
    """Header -> row positions whose number lies inside the range but between grid steps."""
    found: dict[str, np.ndarray] = {}
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            continue
        values = table.numbers[header]
        low, step, high = float(issue.range.min), float(issue.range.step), float(issue.range.max)
        steps = (values - low) / step
        # On the grid: a whole number of steps from min, or max itself (the grid always ends there).
        between = np.abs(steps - np.round(steps)) > 1e-9 * np.maximum(1.0, np.abs(steps))
        between &= np.abs(values - high) > 1e-9 * max(1.0, abs(high))
        positions = np.flatnonzero(between & ~table.bad)
        if positions.shape[0]:
            found[header] = positions
    return found


def _xlsx_rows(data: bytes, file: str) -> tuple[list[str], list[tuple[int, Sequence[Any]]]]:
    import io
    import zipfile

    from brightline.errors import UsageError

    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            "reading .xlsx needs the xlsx extra: pip install 'brightline[xlsx]' (or save the "
            "sheet as CSV)"
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputFileError(
            [Problem(file, 0, 0, "", f"not a readable .xlsx workbook ({error})", "re-save it")]
        ) from None
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    first = next(iterator, None)
    if first is None:
        raise InputFileError([Problem(file, 1, 0, "", "the sheet is empty", "add a header row")])
    header = [str(cell).strip() if cell is not None else "" for cell in first]
    rows: list[tuple[int, Sequence[Any]]] = [
        (number, list(cells)) for number, cells in enumerate(iterator, start=2)
    ]
    book.close()
    return header, rows
