"""The bid matrix: every bid, every criterion's score, knock-outs with reasons, the rank.

One :class:`BidMatrix` of typed cells is written three ways: as a document (a table in any text
format), as CSV and as an XLSX workbook. Numbers stay numbers in CSV and XLSX (so the committee
can sort and sum them), with their units in the column titles. Text cells that a spreadsheet
would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are
neutralised with a leading apostrophe, so a bidder named ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brightline.amounts import amount, plural, quantity
from brightline.case.model import DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.report.document import Document, Paragraph, Provenance, Section, Table
from brightline.report.labels import (
    issue_label,
    lowered,
    option_label,
    rule_words,
    standard_label,
)

if TYPE_CHECKING:
    from brightline.offers.bids import BidsResult

Cell = str | float | int | None
"""A matrix cell: text, a number, or nothing."""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a text cell as a formula."""


@dataclass(frozen=True, slots=True)
class BidMatrix:
    """The matrix: column titles (units included), which columns hold numbers, and the rows."""

    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[Cell, ...], ...]
    unit: str
    criteria: tuple[str, ...] = ()
    """The criteria's labels (issue labels, units included), in the order of the value columns."""
    failed: tuple[tuple[str, ...], ...] = ()
    """Per row (in :attr:`rows` order), the labels of the standards a knocked-out bid fails."""


def neutralised(text: str) -> str:
    """Text a spreadsheet will not run: a leading apostrophe before a formula lead."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def _issue_value(loaded: LoadedCase, result: BidsResult, issue_id: str, position: int) -> Cell:
    header = result.mapping.issues[issue_id]
    issue = loaded.case.issue(issue_id)
    if isinstance(issue, DiscreteIssue):
        index = int(result.table.options[header][position])
        return option_label(loaded.case, issue_id, issue.options[index].id) if index >= 0 else None
    value = float(result.table.numbers[header][position])
    return value if math.isfinite(value) else None


def bid_outcome(loaded: LoadedCase, result: BidsResult, position: int) -> dict[str, object]:
    """One bid's readable values as an outcome (issue id -> option id or number)."""
    found: dict[str, object] = {}
    for issue_id, header in result.mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            index = int(result.table.options[header][position])
            if index >= 0:
                found[issue_id] = issue.options[index].id
        else:
            value = float(result.table.numbers[header][position])
            if math.isfinite(value):
                found[issue_id] = value
    return found


class _KnockOutWords:
    """Why knocked-out bids fail, in labels: each standard, the clause it needs, the bid's value.

    The bids engine explains a knock-out as data (per standard, the failing clauses of each
    pattern of atom truths, :meth:`BidsResult.blame_patterns`); this words them the way a
    committee reads them, each clause and each value once however many bids share it.
    """

    def __init__(self, loaded: LoadedCase, result: BidsResult) -> None:
        self.loaded = loaded
        self.result = result
        self.standards = {s.id: standard_label(s) for s in loaded.case.standards}
        self.clauses: dict[str, str] = {}

    def _clause(self, clause: str) -> str:
        if clause not in self.clauses:
            from brightline.errors import BrightlineError
            from brightline.rules import parse_rule

            try:
                self.clauses[clause] = rule_words(self.loaded.case, parse_rule(clause))
            except (BrightlineError, KeyError):  # pragma: no cover - clauses come from the case
                self.clauses[clause] = clause
        return self.clauses[clause]

    def reasons(self, position: int) -> list[str]:
        """One sentence per failing clause of each standard the bid at ``position`` fails."""
        case = self.loaded.case
        outcome = bid_outcome(self.loaded, self.result, position)
        found = []
        for column, standard_id in enumerate(self.result.standard_ids):
            if not bool(self.result.failing[position, column]):
                continue
            pattern_of_row, blamed = self.result.blame_patterns(self.loaded, standard_id, column)
            for issue_id, clause in blamed[int(pattern_of_row[position])]:
                value = outcome.get(issue_id)
                has = (
                    option_label(case, issue_id, value)
                    if isinstance(value, str | int | float)
                    else "?"
                )
                found.append(
                    f"{self.standards.get(standard_id, standard_id)}: needs that "
                    f"{lowered(self._clause(clause))}; the bid has {has}"
                )
        return found


def bid_matrix(loaded: LoadedCase, result: BidsResult) -> BidMatrix:
    """Every row of the table: rank, bidder, its values, each criterion's score, total, status."""
    import numpy as np

    case = loaded.case
    unit = case.case.currency
    issues = list(result.mapping.issues)
    criteria = list(result.points)
    value_titles = []
    for issue_id in issues:
        issue = case.issue(issue_id)
        suffix = (
            f" ({issue.range.unit})"
            if not isinstance(issue, DiscreteIssue) and issue.range.unit
            else ""
        )
        value_titles.append(issue_label(case, issue_id) + suffix)
    score_titles = [
        f"score: {issue_label(case, name) if name in result.mapping.issues else name} ({unit})"
        for name in criteria
    ]
    columns = (
        "rank",
        "row",
        "bidder",
        *value_titles,
        *score_titles,
        f"total score ({unit})",
        "status",
        "reasons",
    )
    numeric = (
        True,
        True,
        False,
        *(not isinstance(case.issue(i), DiscreteIssue) for i in issues),
        *(True for _ in criteria),
        True,
        False,
        False,
    )
    labels = {standard.id: standard_label(standard) for standard in case.standards}
    words = _KnockOutWords(loaded, result)
    ranks = {int(position): place for place, position in enumerate(result.ranked.tolist(), 1)}
    knocked = set(result.knocked_out.tolist())
    errors: dict[int, list[str]] = {}
    headers = {header: issue for issue, header in result.mapping.issues.items()}
    for error in result.table.errors:  # the column as the issue's label, not the table's header
        column = headers.get(error.column)
        named = issue_label(case, column) if column is not None else error.column
        where = f"{named}: " if error.column else ""
        errors.setdefault(error.row, []).append(where + error.message)
    rows: list[tuple[Cell, ...]] = []
    failed: list[tuple[str, ...]] = []
    for position in range(result.table.rows.shape[0]):
        row = result.row(position)
        bad = bool(result.table.bad[position])
        if bad:
            status, reasons = "unreadable", "; ".join(errors.get(row, []))
        elif position in knocked:
            status, reasons = "knocked out", " | ".join(words.reasons(position))
        else:
            status, reasons = "passes", ""
        scores: list[Cell] = []
        for name in criteria:
            value = float(result.part_points(name, np.array([position], dtype=np.int64))[0])
            scores.append(None if bad or not math.isfinite(value) else round(value, 2))
        total = float(result.scores[position])
        failed.append(
            tuple(
                labels.get(standard_id, standard_id)
                for column, standard_id in enumerate(result.standard_ids)
                if status == "knocked out" and bool(result.failing[position, column])
            )
        )
        rows.append(
            (
                ranks.get(position),
                row,
                result.bidder(position),
                *(_issue_value(loaded, result, issue_id, position) for issue_id in issues),
                *scores,
                None if bad or not math.isfinite(total) else round(total, 2),
                status,
                reasons,
            )
        )
    order = sorted(
        range(len(rows)),
        key=lambda n: (rows[n][0] is None, rows[n][0] or 0, rows[n][1] or 0),
    )
    return BidMatrix(
        columns,
        numeric,
        tuple(rows[n] for n in order),
        unit,
        tuple(value_titles),
        tuple(failed[n] for n in order),
    )


def _shown(cell: Cell, unit: str, money: bool) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, str):
        return cell
    if money:
        return amount(float(cell), unit)
    return quantity(float(cell))


def bid_matrix_document(loaded: LoadedCase, matrix: BidMatrix, provenance: Provenance) -> Document:
    """The matrix as a document, fit for a landscape page: criteria keyed C1, C2, ...

    The CSV and XLSX keep one column per value with its full title; in a document sixteen
    full titles would not fit a page, so each criterion gets a short key (its value column
    ``C1``, its score ``C1 score``) explained above the table, and a knocked-out bid names the
    standards it fails by their labels (the clause-by-clause reasons stay in the CSV).
    """
    count = len(matrix.criteria)
    keys = [f"C{n}" for n in range(1, count + 1)]
    money = tuple(f"({matrix.unit})" in column for column in matrix.columns)
    rows = []
    for cells, fails in zip(matrix.rows, matrix.failed or ((),) * len(matrix.rows), strict=True):
        shown = [_shown(cell, matrix.unit, money[index]) for index, cell in enumerate(cells)]
        status = shown[-2]
        why = (
            "fails " + "; ".join(fails) if fails else (shown[-1] if status == "unreadable" else "")
        )
        rows.append((*shown[:-1], why))
    passing = sum(1 for row in matrix.rows if row[0] is not None)
    lead = Paragraph(
        f"{plural(len(rows), 'bid')}, {passing} passing every must-have. Scores are values to "
        f"us in {matrix.unit}; a knocked-out bid is listed with the standards it fails."
    )
    key = Paragraph(
        "Criteria: "
        + "; ".join(f"{k}: {title}" for k, title in zip(keys, matrix.criteria, strict=True))
        + "."
    )
    columns = (
        "rank",
        "row",
        "bidder",
        *keys,
        *(f"{k} score" for k in keys),
        "total score",
        "status",
        "why",
    )
    table = Table(columns, tuple(rows), matrix.numeric)
    info = loaded.case.case
    return Document(
        "Bid matrix", info.title, (Section("matrix", "", (lead, key, table)),), info.id, provenance
    )


def matrix_csv(matrix: BidMatrix) -> bytes:
    """The matrix as UTF-8 CSV: numbers as numbers, text neutralised against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralised(column) for column in matrix.columns])
    for row in matrix.rows:
        writer.writerow(
            [
                ""
                if cell is None
                else neutralised(cell)
                if isinstance(cell, str)
                else repr(float(cell)).removesuffix(".0")
                for cell in row
            ]
        )
    return buffer.getvalue().encode("utf-8")


def matrix_xlsx(matrix: BidMatrix, title: str = "Bid matrix") -> bytes:
    """The matrix as an XLSX workbook (openpyxl): a bold header row, numbers as numbers."""
    from brightline.errors import UsageError

    try:
        from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.styles import Font  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - the [docs] extra is installed in CI
        raise UsageError(
            "XLSX needs openpyxl: install the documents extra, pip install 'brightline[docs]'",
            parameter="format",
        ) from None
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([neutralised(column) for column in matrix.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in matrix.rows:
        sheet.append([neutralised(cell) if isinstance(cell, str) else cell for cell in row])
    for index, column in enumerate(matrix.columns, start=1):
        width = max([len(column), *(len(str(row[index - 1] or "")) for row in matrix.rows)])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 60)
    sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
