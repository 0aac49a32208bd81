"""How ``brightline bids`` prints its result: text, Markdown, JSON, and ranking files (CSV, XLSX).

Adapter code only: every number and sentence comes from :class:`~brightline.offers.bids.BidsResult`
and its recommendation; this module lays them out and words the few things that name a flag (the
core never does). Money is printed with thousands separators and its currency, never in exponent
form; counts agree with their nouns.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from brightline.amounts import finite_json, plural
from brightline.errors import UsageError
from brightline.report.sections.bids import money, off_grid_cells

_REMEDIES = {"decimal-comma": "--decimal-comma", "decimal-point": "--decimal-point"}


def number(value: float) -> str:
    """A non-money number: grouped, never in exponent form."""
    from brightline.amounts import quantity

    return quantity(float(value))


def instruction(recommendation: dict[str, Any]) -> str:
    """The one line that names flags: what to do when unreadable rows block an award."""
    rows = recommendation.get("rows", [])
    from brightline.offers.bids import row_list

    return f"fix {'row' if len(rows) == 1 else 'rows'} {row_list(rows)} first, or pass --ignore-unreadable"


def error_line(error: dict[str, Any]) -> str:
    """``sheet 'Bids' row 8 column price: message (try --decimal-comma)``."""
    sheet = f"sheet {error['sheet']!r} " if error.get("sheet") else ""
    column = f" column {error['column']}" if error["column"] else ""
    remedy = _REMEDIES.get(error.get("remedy", ""), "")
    tail = f" (with {remedy} it reads)" if remedy else ""
    return f"{sheet}row {error['row']}{column}: {error['message']}{tail}"


def _more(shown: int, total: int, markdown: bool = False) -> str:
    """The line that says a list was cut by --limit, or "" when it was not."""
    if total <= shown:
        return ""
    text = f"... and {total - shown:,} more (--limit 0 shows every row)"
    return f"\n{text}\n" if markdown else f"  {text}\n"


def print_text(loaded: Any, result: Any, document: dict[str, Any], limit: int = 0) -> None:
    """The human summary: ranked, knocked out, unreadable, off grid, recommendation."""
    unit = loaded.case.case.currency
    out = sys.stdout.write
    passing = result.ranked.shape[0]
    verb = "passes" if passing == 1 else "pass"
    out(f"Ranked ({plural(passing, 'bid')} {verb} every must-have):\n")
    for place, entry in enumerate(document["ranked"], start=1):
        out(f"  {place}. row {entry['row']} {entry['bidder']}: {money(entry['score'], unit)}\n")
    out(_more(len(document["ranked"]), passing))
    knocked = result.knocked_out.shape[0]
    out(f"Knocked out ({plural(knocked, 'bid')}):\n")
    for entry in document["knocked_out"]:
        out(f"  row {entry['row']} {entry['bidder']}: {'; '.join(entry['reasons'])}\n")
    out(_more(len(document["knocked_out"]), knocked))
    if result.table.errors:
        count = len(result.table.errors)
        out(f"Unreadable ({plural(count, 'problem')}; these rows are not scored):\n")
        for error in document["errors"]:
            out(f"  {error_line(error)}\n")
        out(_more(len(document["errors"]), count))
    flagged = sum(result.off_grid_counts().values())
    if flagged:
        out(f"Off the case's grid ({plural(flagged, 'value')}; scored on the value curve):\n")
        cells = off_grid_cells(result, limit)
        for row, column, value in cells:
            out(f"  row {row} column {column}: {number(value)}\n")
        out(_more(len(cells), flagged))
    if result.mapping.unscored:
        out(f"Not in the table, left out of the score: {', '.join(result.mapping.unscored)}\n")
    recommendation = document["recommendation"]
    out(f"Recommendation: {recommendation['action']}\n")
    for reason in recommendation.get("reasons", []):
        out(f"  - {reason}\n")
    if recommendation.get("two_stage_award"):
        out(f"  - {recommendation['two_stage_award']}\n")
    if recommendation["action"] == "fix-unreadable":
        out(f"  - {instruction(recommendation)}\n")


def print_markdown(loaded: Any, result: Any, document: dict[str, Any], limit: int = 0) -> None:
    """The same content as Markdown: the report's bids document, its flags worded here."""
    from brightline.report.markdown import render_markdown
    from brightline.report.sections.bids import bids_document

    built = bids_document(
        loaded,
        result,
        document,
        limit,
        more=lambda left: f"... and {left:,} more (--limit 0 shows every row)",
        fix_unreadable=instruction,
        remedies=_REMEDIES,
    )
    sys.stdout.write(render_markdown(built))


def json_chunks(loaded: Any, result: Any, batch: int = 20_000) -> Iterator[str]:
    """The JSON document in pieces, one list entry per line, never all of it in memory.

    ``json.dumps`` with ``indent`` runs in pure Python. Each entry of the two long lists is
    encoded compactly on its own line, by polars a batch at a time
    (:mod:`brightline.offers.bids_json_lines`), so a million bids stay fast and the output stays
    readable and valid; the short lists go through CPython's C encoder.
    """
    from brightline.offers.bids_json import json_sections

    encode = _entry_encoder()
    yield "{"
    current = ""
    first_entry = True
    opened = False
    for key, value, kind in json_sections(result, loaded, batch):
        if key != current:
            if current:
                yield "\n  ]," if opened else ","
            current, opened, first_entry = key, False, True
            if kind != "value" and value:
                yield f"\n  {json.dumps(key)}: ["
                opened = True
            else:
                text = json.dumps(finite_json(value), ensure_ascii=False, allow_nan=False, indent=2)
                yield f"\n  {json.dumps(key)}: {text.replace(chr(10), chr(10) + '  ')}"
                continue
        yield "\n    " if first_entry else ",\n    "
        yield value if kind == "block" else ",\n    ".join(map(encode, value))
        first_entry = False
    yield "\n  ]\n}\n" if opened else "\n}\n"


def _entry_encoder() -> Any:
    """A compact JSON encoder for one entry, built once.

    ``JSONEncoder.encode`` builds a new C encoder on every call, which costs more than encoding a
    small entry; over a million entries the C encoder is built once and called directly
    (the pure-Python encoder where CPython's accelerator is missing).
    """
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    basestring = getattr(encoder, "c_encode_basestring", None)
    if make is None or basestring is None:
        return json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode

    def refuse(value: Any) -> Any:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    c_encoder = make(None, refuse, basestring, None, ": ", ", ", False, False, False)
    return lambda value: "".join(c_encoder(value, 0))


def ranking_rows(result: Any, loaded: Any) -> Iterator[list[Any]]:
    """The ranking as a table: header, then every bid (ranked, knocked out, unreadable)."""
    names = list(result.points)
    yield ["status", "rank", "row", "bidder", "score", *names, "reasons"]
    for place, position in enumerate(result.ranked, start=1):
        breakdown = result.breakdown(int(position))
        yield [
            "ranked",
            place,
            result.row(int(position)),
            result.bidder(int(position)),
            float(result.scores[position]),
            *(breakdown[name] for name in names),
            "",
        ]
    for position in result.knocked_out:
        yield [
            "knocked out",
            None,
            result.row(int(position)),
            result.bidder(int(position)),
            None,
            *(None for _ in names),
            "; ".join(result.reasons(loaded, int(position))),
        ]
    messages: dict[int, list[str]] = {}
    for error in result.table.errors:
        column = f"{error.column}: " if error.column else ""
        messages.setdefault(error.row, []).append(column + error.message)
    for position in [int(p) for p in range(result.table.rows.shape[0]) if result.table.bad[p]]:
        yield [
            "unreadable",
            None,
            result.row(position),
            result.bidder(position),
            None,
            *(None for _ in names),
            "; ".join(messages.get(result.row(position), [])),
        ]


def write_ranking(path: Path, result: Any, loaded: Any) -> None:
    """Write the ranking with each criterion's part of the score: ``.csv``, ``.xlsx`` or ``.json``."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        with path.open("w", encoding="utf-8") as handle:
            for chunk in json_chunks(loaded, result):
                handle.write(chunk)
        return
    if suffix == ".csv":
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in ranking_rows(result, loaded):
            writer.writerow(["" if value is None else value for value in row])
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return
    if suffix == ".xlsx":
        try:
            import openpyxl  # type: ignore[import-untyped]
        except ImportError:
            raise UsageError(
                "writing .xlsx needs the xlsx extra: pip install 'brightline[xlsx]' (or write .csv)"
            ) from None
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Ranking")
        for row in ranking_rows(result, loaded):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a bidder named "=HYPERLINK(...)" stays text
                cells.append(cell)
            sheet.append(cells)
        book.save(path)
        return
    raise UsageError(f"--output {path}: write a .csv, .xlsx or .json file")
