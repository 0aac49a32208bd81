"""Bids from .xlsx: a stale <dimension> loses no bid, --sheet picks a sheet and errors name it,
damaged parts are refused cleanly (exit 2, never a traceback), and bombs answer in under 2 s and
200 MB. Every malformed workbook is generated here, not kept as a binary blob."""

from __future__ import annotations

import contextlib
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_bids import bids_case

from brightline.errors import InputFileError
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_reading import read_bids
from budget import examples
from factories import to_yaml
from meso_cases import load

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_xml(rows: list[list[Any]], dimension: str = "", shared: list[str] | None = None) -> str:
    """A worksheet part; strings go to `shared` when given (as Excel writes them), else inline."""
    lines = [f"<worksheet {NS}>"]
    if dimension:
        lines.append(f'<dimension ref="{dimension}"/>')
    lines.append("<sheetData>")
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            reference = f"{chr(65 + index)}{number}"
            if value is None:
                continue
            if isinstance(value, int | float):
                cells.append(f'<c r="{reference}"><v>{value}</v></c>')
            elif shared is not None:
                shared.append(value)
                cells.append(f'<c r="{reference}" t="s"><v>{len(shared) - 1}</v></c>')
            else:
                text = escape(value)
                cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>')
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    lines.append("</sheetData></worksheet>")
    return "".join(lines)


def shared_xml(strings: list[str]) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return f'<sst {NS} count="{len(strings)}">{items}</sst>'


def workbook(sheets: dict[str, str], shared: str | None = None, **parts: bytes) -> bytes:
    """An .xlsx workbook from sheet parts (name -> XML), optional shared strings and extra parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>',
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        relations += (
            f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relations}</Relationships>",
        )
        for i, xml in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        for name, data in parts.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


HEADER = ["bidder", "residency", "discount"]


def bids_rows(count: int) -> list[list[Any]]:
    return [HEADER] + [[f"Bidder {i}", "eu_only", i % 5 * 5] for i in range(count)]


def read(data: bytes, sheet: str | None = None) -> Any:
    loaded = load(bids_case())
    mapping, table = read_bids(loaded, data, "bids.xlsx", sheet=sheet)
    return loaded, evaluate_bids(loaded, mapping, table)


def test_a_stale_dimension_loses_no_bid() -> None:
    """<dimension ref="A1:F3"> with 10 bids ranked 2 of them, exit 0."""
    shared: list[str] = []
    xml = sheet_xml(bids_rows(10), dimension="A1:C3", shared=shared)
    loaded, result = read(workbook({"Bids": xml}, shared_xml(shared)))
    assert result.ranked.shape[0] == 10
    assert {entry["bidder"] for entry in result.to_json(loaded)["ranked"]} == {
        f"Bidder {i}" for i in range(10)
    }


def test_the_sheet_option_picks_a_sheet_and_errors_name_it(cli: Any, write_file: Any) -> None:
    notes = sheet_xml([["note"], ["not bids"]])
    bids = sheet_xml([HEADER, ["Alpha", "eu_only", 5], ["Beta", "eu_only", "ten"]])
    data = workbook({"Notes": notes, "Round 2": bids})
    loaded, result = read(data, sheet="Round 2")
    errors = result.to_json(loaded)["errors"]
    assert errors == [
        {
            "row": 3,
            "column": "discount",
            "message": "cannot read 'ten' as a number",
            "sheet": "Round 2",
        }
    ]
    with pytest.raises(InputFileError) as caught:
        read(data)  # the first sheet has no bids columns
    assert caught.value.problems[0].path == "sheet 'Notes'"
    with pytest.raises(InputFileError, match=r"no sheet named 'Round 3'.*'Notes', 'Round 2'"):
        read(data, sheet="Round 3")
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = write_file("bids.xlsx", "")
    path.write_bytes(data)
    result = cli("bids", str(case_path), str(path), "--sheet", "Round 2", "--ignore-unreadable")
    assert result.exit_code == 0, result.output
    assert "sheet 'Round 2' row 3 column discount: cannot read 'ten'" in result.stdout


def test_openpyxl_workbooks_read_like_csv(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tender"
    for row in bids_rows(4):
        sheet.append(row)
    path = tmp_path / "bids.xlsx"
    book.save(path)
    _loaded, result = read(path.read_bytes())
    assert result.table.sheet == "Tender" and result.ranked.shape[0] == 4


def only_part(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


MALFORMED: dict[str, Callable[[], bytes]] = {
    "not a zip": lambda: b"PK\x03\x04 not really",
    "no workbook": lambda: only_part("notes.txt", b"hello"),
    "workbook without sheets": lambda: only_part("xl/workbook.xml", f"<workbook {NS}/>".encode()),
    "sheet not XML": lambda: workbook({"S": "<worksheet><sheetData><row>"}),
    "shared string out of range": lambda: workbook(
        {
            "S": sheet_xml(bids_rows(1)).replace(
                't="inlineStr"><is><t>Bidder 0</t></is>', 't="s"><v>7</v>'
            )
        }
    ),
    "shared string not a number": lambda: workbook(
        {
            "S": sheet_xml(bids_rows(1)).replace(
                't="inlineStr"><is><t>Bidder 0</t></is>', 't="s"><v>x</v>'
            )
        }
    ),
    "document type": lambda: workbook(
        {
            "S": '<!DOCTYPE x [<!ENTITY a "aaaa">]>'
            + sheet_xml(bids_rows(1)).replace("Bidder 0", "&a;")
        }
    ),
    "rows out of order": lambda: workbook(
        {"S": sheet_xml(bids_rows(2)).replace('<row r="3">', '<row r="1">')}
    ),
    "empty sheet": lambda: workbook({"S": f"<worksheet {NS}><sheetData/></worksheet>"}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_workbooks_are_refused_cleanly(
    name: str, cli: Any, write_file: Any, tmp_path: Path
) -> None:
    data = MALFORMED[name]()
    with pytest.raises(InputFileError):
        read(data)
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    result = cli("bids", str(case_path), str(path))
    assert result.exit_code == 2, result.output
    assert "bad.xlsx" in result.stderr and "Traceback" not in result.output + result.stderr


def within_budget(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds and peak traced MB of one call that must refuse its input."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputFileError) as caught:
            action()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    assert "bids.xlsx" in str(caught.value)
    return seconds, peak


def huge_cell() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        template = workbook({"S": "PLACEHOLDER"})
        with zipfile.ZipFile(io.BytesIO(template)) as source:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(item, source.read(item))
        with archive.open("xl/worksheets/sheet1.xml", "w") as handle:
            handle.write(
                f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode()
            )
            block = b"A" * (1 << 20)
            for _ in range(64):
                handle.write(block)
            handle.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def shared_strings_bomb() -> bytes:
    strings = "<si><t>x</t></si>" * 3_000_000
    return workbook(
        {"S": sheet_xml(bids_rows(2))},
        f"<sst {NS}>{strings}</sst>",
    )


def sparse_dimension() -> bytes:
    xml = sheet_xml(bids_rows(3), dimension="A1:XFD1048576").replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    return workbook({"S": xml})


def test_a_sparse_dimension_costs_nothing() -> None:
    """5 KB claiming A1:XFD1048576 reached 6 GB: rows are only the <row> elements there are."""
    data = sparse_dimension()
    assert len(data) < 5_000
    tracemalloc.start()
    started = time.perf_counter()
    loaded, result = read(data)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert seconds < 2 and peak < 200, (seconds, peak)
    assert result.ranked.shape[0] == 3
    # The far cell is reported as a row wider than the header, never padded out to 16,384 cells.
    assert [(e["row"], e["column"]) for e in result.to_json(loaded)["errors"]] == [(1048576, "")]


@pytest.mark.parametrize(
    "make", [huge_cell, shared_strings_bomb], ids=["64 MB cell", "shared-strings bomb"]
)
def test_bombs_answer_in_under_2_s_and_200_mb(make: Callable[[], bytes]) -> None:
    data = make()
    assert len(data) < 1_000_000
    seconds, peak = within_budget(lambda: read(data))
    assert seconds < 2 and peak < 200, (seconds, peak)


def test_bomb_refusal_through_the_cli_names_the_file_and_sheet(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = write_file("bids.xlsx", "")
    path.write_bytes(huge_cell())
    result = cli("bids", str(case_path), str(path), "-f", "json")
    assert result.exit_code == 2
    assert "bids.xlsx" in result.stderr and "sheet 'S'" in result.stderr
    assert "zip bomb" in result.stderr and not result.stdout


def test_a_cell_longer_than_excel_allows_is_refused_with_its_cell() -> None:
    import random

    text = "".join(random.Random(3).choices("abcdefghijklmnopqrstuvwxyz ", k=40_000))
    rows = [HEADER, ["Alpha", "eu_only", 5], [text, "eu_only", 5]]
    with pytest.raises(InputFileError) as caught:
        read(workbook({"Bids": sheet_xml(rows)}))
    problem = caught.value.problems[0]
    assert problem.path == "sheet 'Bids'" and (problem.line, problem.column) == (3, 1)
    assert "more than 32,767 characters" in problem.message


@examples(40, derandomize=True)
@given(
    cut=st.integers(0, 2000),
    flip=st.integers(0, 2000),
    byte=st.integers(0, 255),
)
def test_fuzzed_workbooks_raise_only_input_errors(cut: int, flip: int, byte: int) -> None:
    """Damage a valid workbook's sheet XML (truncate it, change a byte): never a traceback."""
    xml = bytearray(sheet_xml(bids_rows(5), dimension="A1:C2").encode())
    if flip < len(xml):
        xml[flip] = byte
    data = workbook({"S": bytes(xml[: len(xml) - cut]).decode("utf-8", "replace")})
    with contextlib.suppress(InputFileError):
        read(data)
