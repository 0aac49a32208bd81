"""A streaming ``.xlsx`` reader for bids tables, bounded in memory and time, that trusts nothing.

Why not openpyxl: its read-only mode pads every row to the width the sheet's ``<dimension>`` claims
(a 5 KB file claiming ``A1:XFD1048576`` grows to gigabytes), it stops at a stale ``<dimension>``
that claims fewer rows than the sheet holds (bids silently lost), and damaged parts raise
``ParseError`` or ``IndexError`` from deep inside. This reader:

* reads only the parts a table needs (workbook, its relationships, shared strings, one sheet), each
  streamed through expat in chunks, and ignores ``<dimension>``: the rows are the ``<row>`` elements;
* caps the decompressed bytes of each part (:data:`MAX_PART_BYTES`, and at most
  :data:`MAX_RATIO` times its compressed size once past :data:`RATIO_FLOOR`: a zip bomb is refused
  before it unpacks), the rows (Excel's 1,048,576), the columns (16,384) and each cell's text (32,767
  characters, Excel's limit), so a hostile file is refused in well under a second;
* refuses document type declarations (no entity expansion, no external entities);
* reports every problem as an :class:`~brightline.errors.InputFileError` naming the file, the sheet
  and, where there is one, the cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from brightline.errors import InputFileError, Problem
from brightline.offers.bids_numbers import MAX_CELL_CHARACTERS

MAX_PART_BYTES = 1024**3
"""No part of a bids workbook needs more than 1 GiB of XML."""
MAX_RATIO = 50
"""XML compresses 5 to 20 times in real workbooks; a part past 50 times is a bomb."""
RATIO_FLOOR = 1024**2
"""The ratio is checked only past 1 MiB: a tiny, very regular part may exceed it harmlessly."""
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
_CHUNK = 1 << 20
_CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


@dataclass(frozen=True, slots=True)
class SheetRows:
    """The header and the rows of one sheet.

    Attributes:
        sheet: The sheet's name.
        header: The first row's cells as text.
        rows: ``(row number, cells)`` for every later row that has a cell.
    """

    sheet: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]


class _Refused(Exception):
    """A located problem found while streaming, turned into an InputFileError by the caller."""

    def __init__(self, message: str, hint: str, row: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.hint, self.row, self.column = message, hint, row, column


def read_sheet(data: bytes, file: str, sheet: str | None = None) -> SheetRows:
    """The rows of one sheet (``sheet`` by name, or the first) of an ``.xlsx`` workbook.

    Raises:
        InputFileError: for anything that is not a readable workbook, a missing sheet, or a part
            past its caps; the message names the sheet and the cell where there is one.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _error(file, "", f"not a readable .xlsx workbook ({error})", "re-save it") from None
    name = ""
    try:
        with archive:
            workbook = _find_workbook(archive)
            sheets = _sheets(archive, workbook)
            if not sheets:
                raise _Refused(
                    "the workbook lists no sheets", "re-save it in a spreadsheet program"
                )
            if sheet is None:
                name, path = sheets[0]
            else:
                found = [item for item in sheets if item[0] == sheet]
                if not found:
                    names = ", ".join(repr(item[0]) for item in sheets)
                    raise _Refused(f"no sheet named {sheet!r}", f"the workbook has {names}")
                name, path = found[0]
            strings = _shared_strings(archive, workbook)
            header, rows = _rows(archive, path, strings)
    except _Refused as refused:
        where = f"sheet {name!r}" if name else ""
        raise _error(
            file, where, refused.message, refused.hint, refused.row, refused.column
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        where = f"sheet {name!r}" if name else ""
        raise _error(file, where, f"damaged workbook ({error})", "re-save it") from None
    return SheetRows(name, header, rows)


def _error(
    file: str, where: str, message: str, hint: str, row: int = 0, column: int = 0
) -> InputFileError:
    return InputFileError([Problem(file, row, column, where, message, hint)])


def _member(archive: zipfile.ZipFile, path: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(path)
    except KeyError:
        return None


def _stream(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed one part through expat in chunks, counting decompressed bytes against the caps."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def no_doctype(*_: Any) -> None:
        raise _Refused(
            f"{info.filename} declares a document type, which spreadsheets never write",
            "re-save the file in a spreadsheet program",
        )

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = lambda tag, attributes: start(tag.rpartition(":")[2], attributes)
    if end is not None:
        parser.EndElementHandler = lambda tag: end(tag.rpartition(":")[2])
    if text is not None:
        parser.CharacterDataHandler = text
    # zipfile never yields more than the size the archive declares, so checking the declared
    # size and ratio before parsing bounds the work: a bomb is refused before it unpacks.
    declared = info.file_size
    ratio = declared / max(info.compress_size, 1)
    if declared > MAX_PART_BYTES or (declared > RATIO_FLOOR and ratio > MAX_RATIO):
        raise _Refused(
            f"{info.filename} unpacks to {declared:,} bytes from {info.compress_size:,} "
            f"({ratio:,.0f} times): a zip bomb, or not a bids table",
            "save the bids alone in a new workbook, or as CSV",
        )
    read = 0
    with archive.open(info) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            read += len(chunk)
            if read > declared:
                raise _Refused(
                    f"{info.filename} unpacks to more than the {declared:,} bytes it declares",
                    "the file is damaged: re-save it in a spreadsheet program",
                )
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise _Refused(
                    f"{info.filename} is not well-formed XML ({expat.ErrorString(error.code)} at "
                    f"line {error.lineno}, column {error.offset})",
                    "re-save the file in a spreadsheet program",
                ) from None
            if not chunk:
                return


def _find_workbook(archive: zipfile.ZipFile) -> str:
    relations = _relations(archive, "_rels/.rels")
    for target, kind in relations.values():
        if kind.endswith("/officeDocument"):
            return target.lstrip("/")
    if _member(archive, "xl/workbook.xml") is not None:
        return "xl/workbook.xml"
    raise _Refused("no workbook part (xl/workbook.xml)", "is this an .xlsx file? re-save it")


def _relations(archive: zipfile.ZipFile, path: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (target path resolved against the part's folder, type)."""
    info = _member(archive, path)
    found: dict[str, tuple[str, str]] = {}
    if info is None:
        return found
    base = posixpath.dirname(posixpath.dirname(path))

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attributes:
            target = attributes.get("Target", "")
            if not target.startswith("/"):
                target = posixpath.normpath(posixpath.join(base, target))
            found[attributes["Id"]] = (target.lstrip("/"), attributes.get("Type", ""))

    _stream(archive, info, start)
    return found


def _sheets(archive: zipfile.ZipFile, workbook: str) -> list[tuple[str, str]]:
    """(name, part path) of every sheet, in the workbook's order."""
    info = _member(archive, workbook)
    if info is None:
        raise _Refused(f"no workbook part ({workbook})", "re-save the file")
    folder = posixpath.dirname(workbook)
    relations = _relations(
        archive, posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    )
    sheets: list[tuple[str, str]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag != "sheet":
            return
        relation = next(
            (v for k, v in attributes.items() if k.endswith("id") and k != "sheetId"), ""
        )
        target = relations.get(relation, ("", ""))[0]
        if not target:
            target = posixpath.join(folder, "worksheets", f"sheet{len(sheets) + 1}.xml")
        sheets.append((attributes.get("name", f"Sheet{len(sheets) + 1}"), target))

    _stream(archive, info, start)
    return sheets


def _shared_strings(archive: zipfile.ZipFile, workbook: str) -> list[str]:
    folder = posixpath.dirname(workbook)
    relations = _relations(
        archive, posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    )
    path = next(
        (target for target, kind in relations.values() if kind.endswith("/sharedStrings")),
        posixpath.join(folder, "sharedStrings.xml"),
    )
    info = _member(archive, path)
    strings: list[str] = []
    if info is None:
        return strings
    parts: list[str] = []
    state = {"in_text": False, "phonetic": 0, "length": 0}

    def start(tag: str, _: dict[str, str]) -> None:
        if tag == "si":
            parts.clear()
            state["length"] = 0
        elif tag == "t" and not state["phonetic"]:
            state["in_text"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(tag: str) -> None:
        if tag == "si":
            strings.append("".join(parts))
        elif tag == "t":
            state["in_text"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1

    def text(value: str) -> None:
        if state["in_text"]:
            state["length"] += len(value)
            if state["length"] > MAX_CELL_CHARACTERS:
                raise _Refused(
                    f"shared string {len(strings)} holds more than {MAX_CELL_CHARACTERS:,} "
                    "characters, more than a spreadsheet cell can",
                    "the file is damaged: re-save it, or save the bids as CSV",
                )
            parts.append(value)

    _stream(archive, info, start, end, text)
    return strings


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _rows(
    archive: zipfile.ZipFile, path: str, strings: list[str]
) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Every ``<row>`` of the sheet, cells placed by their reference, ``<dimension>`` ignored."""
    info = _member(archive, path)
    if info is None:
        raise _Refused(f"the sheet's part {path} is missing", "re-save the file")
    rows: list[tuple[int, list[Any]]] = []
    current: dict[int, Any] = {}
    cell: dict[str, Any] = {"kind": "n", "column": -1, "value": None, "parts": [], "length": 0}
    state = {"row": 0, "in_value": False, "in_inline": False, "width": MAX_COLUMNS}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "row":
            number = attributes.get("r")
            row = int(number) if number and number.isdigit() else state["row"] + 1
            if row <= state["row"] or row > MAX_ROWS:
                raise _Refused(
                    f"row {row} comes after row {state['row']} or past Excel's last row",
                    "re-save the file in a spreadsheet program",
                    row,
                )
            state["row"] = row
            current.clear()
        elif tag == "c":
            reference = attributes.get("r", "")
            match = _CELL_REFERENCE.fullmatch(reference)
            column = _column_index(match.group(1)) if match else max(current, default=-1) + 1
            if column >= MAX_COLUMNS:
                raise _Refused(
                    f"cell {reference} is past Excel's last column", "re-save it", state["row"]
                )
            cell.update(kind=attributes.get("t", "n"), column=column, value=None, length=0)
            cell["parts"] = []
        elif tag == "v" or (tag == "t" and state["in_inline"]):
            state["in_value"] = True
        elif tag == "is":
            state["in_inline"] = True

    def end(tag: str) -> None:
        if tag in ("v", "t"):
            state["in_value"] = False
        elif tag == "is":
            state["in_inline"] = False
        elif tag == "c":
            value = _cell_value(cell, strings, state["row"])
            if value is not None:
                current[cell["column"]] = value
        elif tag == "row" and current:
            # Cells past the header are kept as one: enough to report the row, never a
            # 16,384-wide list per row of a hostile sheet.
            limit = state["width"]
            cells = [current.get(index) for index in range(min(max(current) + 1, limit))]
            extra = [current[index] for index in sorted(current) if index >= limit]
            rows.append((state["row"], cells + extra[:1]))
            if len(rows) == 1:
                state["width"] = len(cells)

    def text(value: str) -> None:
        if state["in_value"]:
            cell["length"] += len(value)
            if cell["length"] > MAX_CELL_CHARACTERS:
                raise _Refused(
                    f"a cell of row {state['row']} holds more than {MAX_CELL_CHARACTERS:,} "
                    "characters, more than a spreadsheet cell can",
                    "the file is damaged: re-save it, or save the bids as CSV",
                    state["row"],
                    cell["column"] + 1,
                )
            cell["parts"].append(value)

    _stream(archive, info, start, end, text)
    if not rows or rows[0][0] != 1:
        raise _Refused("the sheet has no header in row 1", "put a header row first", 1)
    header = [str(item).strip() if item is not None else "" for item in rows[0][1]]
    width = len(header)
    # A spreadsheet has no short rows: cells it does not store are empty.
    return header, [(row, cells + [None] * (width - len(cells))) for row, cells in rows[1:]]


def _cell_value(cell: dict[str, Any], strings: list[str], row: int) -> Any:
    raw = "".join(cell["parts"])
    kind = cell["kind"]
    if kind == "s":
        if not raw.strip():
            return None
        try:
            index = int(raw)
            if index < 0:
                raise IndexError(index)
            return strings[index]
        except (ValueError, IndexError):
            raise _Refused(
                f"a cell refers to shared string {raw.strip()!r}, the workbook has {len(strings):,}",
                "the file is damaged: re-save it in a spreadsheet program",
                row,
                cell["column"] + 1,
            ) from None
    if kind in ("inlineStr", "str"):
        return raw if raw else None
    if kind == "b":
        return raw.strip() == "1"
    if kind == "e":
        return raw  # #N/A and friends: read as text, so the cell is refused by its column
    if not raw.strip():
        return None
    try:
        return float(raw)
    except ValueError:
        return raw
