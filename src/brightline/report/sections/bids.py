"""``bids``' document: the recommendation, then the ranked, knocked-out, unreadable and off-grid bids.

Built from :meth:`~brightline.offers.bids.BidsResult.to_json`'s record (the lists cut to the
command's limit) so the formats show the same rows. Two sentences name what the user can do in
the adapter's terms (see more rows, award despite unreadable rows); the adapter passes them in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from brightline.amounts import amount, plural, quantity
from brightline.report.document import Block, Bullets, Document, Paragraph, Section, Table
from brightline.rules import to_text

REMEDIES = {"decimal-comma": "decimal commas", "decimal-point": "decimal points"}
"""How a reading remedy reads in words (the CLI says its flag instead)."""


def money(value: Any, unit: str) -> str:
    """An amount as money; "n/a" where there is no finite number."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return amount(float(value), unit)


def off_grid_cells(result: Any, limit: int) -> list[tuple[int, str, float]]:
    """(row, column, value) of the first ``limit`` off-grid cells in row order (0: all)."""
    cells = [
        (result.row(int(position)), header, float(result.table.numbers[header][position]))
        for header in result.off_grid_counts()
        for position in result.off_grid_first(header, limit or None)
    ]
    cells.sort()
    return cells[: limit or None]


def cited_standards(loaded: Any, result: Any, shown: int) -> list[str]:
    """``pay_band: Base salary within the band (law: Directive ...)`` per must-have the shown knock-outs break.

    A knock-out reason names the standard by its id (short enough for a million rows); the
    label and the source that make it defensible to a bidder are said once, here.
    """
    positions = result.knocked_out[: shown or None]
    if not positions.shape[0]:
        return []
    broken = result.failing[positions].any(axis=0)
    lines = []
    for column, standard_id in enumerate(result.standard_ids):
        if not broken[column]:
            continue
        standard = next(s for s in loaded.case.standards if s.id == standard_id)
        label = standard.name or to_text(loaded.standard_rules[standard_id])
        source = (
            f" ({standard.source.kind.value}: {standard.source.reference})"
            if standard.source
            else ""
        )
        lines.append(f"{standard_id}: {label}{source}")
    return lines


def advice_lines(
    recommendation: dict[str, Any], fix_unreadable: Callable[[dict[str, Any]], str]
) -> list[str]:
    """The recommendation's reasons, then the two-stage award and what to do about unreadable rows."""
    advice = list(recommendation.get("reasons", []))
    if recommendation.get("two_stage_award"):
        advice.append(recommendation["two_stage_award"])
    if recommendation["action"] == "fix-unreadable":
        advice.append(fix_unreadable(recommendation))
    return advice


def bids_document(
    loaded: Any,
    result: Any,
    record: dict[str, Any],
    limit: int,
    *,
    more: Callable[[int], str],
    fix_unreadable: Callable[[dict[str, Any]], str],
    remedies: Mapping[str, str] = REMEDIES,
) -> Document:
    """The bids evaluation as a document titled ``Bids: {case title}``.

    Args:
        loaded: The case.
        result: The evaluation (:class:`~brightline.offers.bids.BidsResult`).
        record: Its JSON record with the lists cut to ``limit`` rows.
        limit: Rows shown per list (0: all).
        more: The line saying how many rows were left out and how to see them.
        fix_unreadable: The line saying what to do when unreadable rows block the award.
        remedies: How each reading remedy (``decimal-comma``, ...) is named.
    """
    unit = loaded.case.case.currency
    recommendation = record["recommendation"]
    advice = advice_lines(recommendation, fix_unreadable)
    opening = Section(
        "recommendation",
        "",
        (Paragraph(f"**Recommendation: {recommendation['action']}**"), Bullets(tuple(advice))),
    )

    def rest(shown: int, total: int) -> tuple[Block, ...]:
        return (Paragraph(more(total - shown)),) if total > shown else ()

    passing = result.ranked.shape[0]
    verb = "passes" if passing == 1 else "pass"
    ranked: tuple[Block, ...] = ()
    if record["ranked"]:
        names = list(record["ranked"][0]["by_criterion"])
        rows = tuple(
            (
                str(place),
                str(entry["row"]),
                entry["bidder"],
                money(entry["score"], unit),
                *(money(entry["by_criterion"][name], unit) for name in names),
            )
            for place, entry in enumerate(record["ranked"], start=1)
        )
        columns = ("#", "row", "bidder", "score", *names)
        numeric = (True, True, False, True, *(True for _ in names))
        ranked = (
            Table(columns, rows, numeric),
            *rest(len(record["ranked"]), passing),
            Paragraph(f"Scores and their parts are values to us in {unit}."),
        )
    sections = [
        opening,
        Section("ranked", f"Ranked: {plural(passing, 'bid')} {verb} every must-have", ranked),
    ]
    knocked = result.knocked_out.shape[0]
    knocked_blocks: tuple[Block, ...] = ()
    if record["knocked_out"]:
        rows = tuple(
            (str(entry["row"]), entry["bidder"], "; ".join(entry["reasons"]))
            for entry in record["knocked_out"]
        )
        cited = cited_standards(loaded, result, len(record["knocked_out"]))
        knocked_blocks = (
            Table(("row", "bidder", "fails"), rows, (True, False, False)),
            *rest(len(record["knocked_out"]), knocked),
            Paragraph("Must-haves broken:"),
            Bullets(tuple(cited)),
        )
    sections.append(
        Section("knocked_out", f"Knocked out: {plural(knocked, 'bid')}", knocked_blocks)
    )
    if result.table.errors:
        count = len(result.table.errors)
        rows = tuple(
            (str(error["row"]), error["column"], problem_text(error, remedies))
            for error in record["errors"]
        )
        sections.append(
            Section(
                "errors",
                f"Unreadable: {plural(count, 'problem')} (these rows are not scored)",
                (
                    Table(("row", "column", "problem"), rows, (True, False, False)),
                    *rest(len(record["errors"]), count),
                ),
            )
        )
    flagged = sum(result.off_grid_counts().values())
    if flagged:
        cells = off_grid_cells(result, limit)
        rows = tuple((str(row), column, quantity(value)) for row, column, value in cells)
        sections.append(
            Section(
                "off_grid",
                f"Off the case's grid: {plural(flagged, 'value')} (scored on the value curve)",
                (
                    Table(("row", "column", "value"), rows, (True, False, True)),
                    *rest(len(cells), flagged),
                ),
            )
        )
    if result.mapping.unscored:
        unscored = ", ".join(result.mapping.unscored)
        sections.append(
            Section(
                "unscored",
                "",
                (Paragraph(f"Not in the table, left out of the score: {unscored}"),),
            )
        )
    return Document("Bids", loaded.case.case.title, tuple(sections), loaded.case.case.id)


def error_line(error: dict[str, Any], remedies: Mapping[str, str] = REMEDIES) -> str:
    """``sheet 'Bids' row 8 column price: message (with decimal commas it reads)``."""
    sheet = f"sheet {error['sheet']!r} " if error.get("sheet") else ""
    column = f" column {error['column']}" if error["column"] else ""
    words = remedies.get(error.get("remedy", ""), "")
    tail = f" (with {words} it reads)" if words else ""
    return f"{sheet}row {error['row']}{column}: {error['message']}{tail}"


def bids_text_document(
    loaded: Any,
    result: Any,
    record: dict[str, Any],
    limit: int,
    *,
    more: Callable[[int], str],
    fix_unreadable: Callable[[dict[str, Any]], str],
    remedies: Mapping[str, str] = REMEDIES,
    width: int | None = None,
) -> Document:
    """``bids``' report for the terminal (:func:`brightline.report.text.render_text`).

    One list after another, each under a line that counts it: ranked, knocked out, unreadable,
    off the grid; then the recommendation and its reasons. Arguments as in
    :func:`bids_document`, plus ``width``: the terminal's columns, to which the recommendation's
    reasons (sentences, not data lines) are wrapped under a hanging indent (``None``: one line
    each, as for a file or a pipe).
    """
    unit = loaded.case.case.currency
    blocks: list[Block] = []

    def listed(heading: str, items: list[str], shown: int, total: int) -> None:
        blocks.append(Paragraph(heading))
        blocks.append(Bullets(tuple(items), mark=""))
        if total > shown:
            blocks.append(Bullets((more(total - shown),), mark=""))

    passing = result.ranked.shape[0]
    verb = "passes" if passing == 1 else "pass"
    listed(
        f"Ranked ({plural(passing, 'bid')} {verb} every must-have):",
        [
            f"{place}. row {entry['row']} {entry['bidder']}: {money(entry['score'], unit)}"
            for place, entry in enumerate(record["ranked"], start=1)
        ],
        len(record["ranked"]),
        passing,
    )
    knocked = result.knocked_out.shape[0]
    listed(
        f"Knocked out ({plural(knocked, 'bid')}):",
        [
            f"row {entry['row']} {entry['bidder']}: {'; '.join(entry['reasons'])}"
            for entry in record["knocked_out"]
        ],
        len(record["knocked_out"]),
        knocked,
    )
    cited = cited_standards(loaded, result, len(record["knocked_out"]))
    if cited:
        blocks.append(Paragraph("Must-haves broken:"))
        blocks.append(Bullets(tuple(cited), mark=""))
    if result.table.errors:
        count = len(result.table.errors)
        listed(
            f"Unreadable ({plural(count, 'problem')}; these rows are not scored):",
            [error_line(error, remedies) for error in record["errors"]],
            len(record["errors"]),
            count,
        )
    flagged = sum(result.off_grid_counts().values())
    if flagged:
        cells = off_grid_cells(result, limit)
        listed(
            f"Off the case's grid ({plural(flagged, 'value')}; scored on the value curve):",
            [f"row {row} column {column}: {quantity(value)}" for row, column, value in cells],
            len(cells),
            flagged,
        )
    if result.mapping.unscored:
        unscored = ", ".join(result.mapping.unscored)
        blocks.append(Paragraph(f"Not in the table, left out of the score: {unscored}"))
    recommendation = record["recommendation"]
    advice = advice_lines(recommendation, fix_unreadable)
    if width is not None:
        advice = [hanging(item, width) for item in advice]
    blocks += [Paragraph(f"Recommendation: {recommendation['action']}"), Bullets(tuple(advice))]
    section = Section("bids", "", tuple(blocks))
    return Document("Bids", loaded.case.case.title, (section,), loaded.case.case.id)


def hanging(text: str, width: int) -> str:
    """A bullet's text wrapped to ``width`` columns after its ``  - ``, continued 4 spaces in."""
    import textwrap

    lines = textwrap.wrap(text, max(width - 4, 20), break_on_hyphens=False)
    return "\n    ".join(lines) if lines else text


def problem_text(error: dict[str, Any], remedies: Mapping[str, str] = REMEDIES) -> str:
    """An unreadable cell's problem, with the reading that would succeed when there is one."""
    words = remedies.get(error.get("remedy", ""), "")
    return f"{error['message']} (with {words} it reads)" if words else error["message"]
