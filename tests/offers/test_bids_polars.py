"""The polars path reads every file exactly as the careful reader does, or hands it over."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.offers import bids_polars
from brightline.offers.bids_numbers import NumberStyle
from brightline.offers.bids_table import BidTable, ColumnSpec, read_csv
from budget import examples

pytest.importorskip("polars")

SPECS = [
    ColumnSpec("bidder", "text"),
    ColumnSpec("price", "number", currency="EUR"),
    ColumnSpec("weeks", "number", unit="weeks"),
    ColumnSpec("tier", "option", ("bronze", "silver", "gold", "2")),
]
HEADER = "bidder,price,weeks,tier,notes\n"

NUMBER_CELLS = [
    "12",
    "12.50",
    "-3.25",
    "+4",
    "007",
    "1e3",
    "845,000",
    "EUR 1,265,000",
    "USD 5",
    "1,5",
    " 9 ",
    "",
    "18 weeks",
    "abc",
    "0.1",
    "99999999999999999999",
    "1.",
    ".5",
    "inf",
    "NaN",
    "-infinity",
    "1_000",
    "0x10",
    "1e",
    "--5",
    "1d5",
    "1E+2",
    "٣",
    "1.5.2",
    "\t5",
    "-0",
    "5\x00",
]
UNSEPARATED = [cell for cell in NUMBER_CELLS if "," not in cell]
OPTION_CELLS = ["bronze", "silver", "gold", "Gold", " gold", "2", "2.0", "platinum", ""]
NAME_CELLS = [
    "Acme",
    "Bolt GmbH",
    " padded",
    "ünïcode",
    "",
    "x" * 40,
    '"Quoted"',
    "Nul\x00l",
    "C1\x85x",
    "Bom\ufeff",
    "Tab\tinside",
]


def _careful(data: bytes, style: NumberStyle | None, monkeypatch: pytest.MonkeyPatch) -> BidTable:
    with monkeypatch.context() as patch:
        patch.setattr(bids_polars, "available", lambda: False)
        return read_csv(data, SPECS, style)


def _same(fast: BidTable, careful: BidTable) -> None:
    assert fast.rows.tolist() == careful.rows.tolist()
    assert fast.bad.tolist() == careful.bad.tolist()
    assert fast.errors == careful.errors
    for header, values in careful.numbers.items():
        np.testing.assert_array_equal(fast.numbers[header], values)
    for header, picked in careful.options.items():
        assert fast.options[header].tolist() == picked.tolist()
    positions = np.arange(len(careful.rows), dtype=np.int64)
    for header, texts in careful.texts.items():
        assert fast.texts[header].many(positions) == texts.many(positions)
        assert len(fast.texts[header]) == len(texts)


@st.composite
def tables(draw: Any) -> bytes:
    lines = [HEADER]
    for _ in range(draw(st.integers(1, 12))):
        cells = [
            draw(st.sampled_from(NAME_CELLS)),
            draw(st.sampled_from(UNSEPARATED)),
            draw(st.sampled_from(UNSEPARATED)),
            draw(st.sampled_from(OPTION_CELLS)),
            "note",
        ]
        if draw(st.integers(0, 9)) == 0:
            cells = cells[: draw(st.integers(1, 4))]
        elif draw(st.integers(0, 9)) == 0:
            cells.append("extra")
        lines.append(",".join(cells) + ("\n\n" if draw(st.integers(0, 14)) == 0 else "\n"))
    return "".join(lines).encode()


@examples(60, derandomize=True)
@given(tables(), st.sampled_from([None, NumberStyle.POINT, NumberStyle.EITHER]))
def test_the_polars_path_reads_any_table_as_the_careful_reader(
    data: bytes, style: NumberStyle | None
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(read_csv(data, SPECS, style), _careful(data, style, monkeypatch))


def test_a_regular_file_takes_the_polars_path(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (HEADER + "Acme,12.50,18 weeks,gold,n\nBolt,EUR 845,3,Gold,n\n").encode()
    table = read_csv(data, SPECS)
    assert table.texts["bidder"].column is not None
    assert table.numbers["price"].tolist() == [12.5, 845.0]
    assert table.numbers["weeks"].tolist() == [18.0, 3.0]
    assert table.options["tier"].tolist() == [2, -1]
    assert [(error.row, error.column) for error in table.errors] == [(3, "tier")]
    assert table.text("bidder", 1) == "Bolt"
    _same(table, _careful(data, None, monkeypatch))


@pytest.mark.parametrize(
    "body",
    [
        "Acme,1,2,gold\n",  # a short row
        "Acme,1,2,gold,n,extra\n",  # a long row
        "Acme,1,2,gold,n\n\nBolt,1,2,gold,n\n",  # a blank line
        ",1,2,gold,n\n",  # an empty name
        " Acme,1,2,gold,n\n",  # a padded name
    ],
)
def test_irregular_files_are_handed_to_the_careful_reader(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (HEADER + body).encode()
    table = read_csv(data, SPECS)
    assert table.texts["bidder"].column is None
    _same(table, _careful(data, None, monkeypatch))


def test_text_that_is_not_utf8_is_handed_to_the_careful_reader() -> None:
    data = HEADER.encode() + b"Acme\xff,1,2,gold,n\n"
    table = read_csv(data, SPECS)
    assert table.texts["bidder"].column is None
    assert table.text("bidder", 0) == "Acme\ufffd"


@pytest.mark.parametrize(
    ("position", "name"),
    [
        (3, "Acme "),  # padded at the end of the first slice
        (4, " Acme"),  # padded at the start of the second
        (4, 'Ac"me'),  # a quote in the second slice
        (9, "Ac\x01me"),  # a control character in the last slice
        (5, "Acme\u00a0"),  # Unicode white space inside a slice
    ],
)
def test_text_is_checked_in_every_slice_of_a_long_column(
    position: int, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bids_polars, "_slices", _three_slices)
    rows = [f"Bidder {index},1,2,gold,n\n" for index in range(10)]
    assert read_csv((HEADER + "".join(rows)).encode(), SPECS).texts["bidder"].column is not None
    rows[position] = f"{name},1,2,gold,n\n"
    data = (HEADER + "".join(rows)).encode()
    table = read_csv(data, SPECS)
    assert table.texts["bidder"].column is None  # handed to the careful reader
    _same(table, _careful(data, None, monkeypatch))


def _three_slices(rows: int) -> list[tuple[int, int]]:
    assert rows == 10
    return [(0, 4), (4, 4), (8, 4)]


@pytest.mark.parametrize("rows", [0, 1, 65_535, 65_536 * 2, 1_000_001])
def test_slices_cover_every_row_once(rows: int) -> None:
    import polars as pl

    slices = bids_polars._slices(rows)
    assert 1 <= len(slices) <= max(1, pl.thread_pool_size())
    ends = [offset + length for offset, length in slices]
    assert [offset for offset, _ in slices] == [0, *ends[:-1]]  # consecutive, no overlap
    assert ends[-1] >= rows and (len(slices) == 1 or slices[-1][0] < rows)  # every row, once


@pytest.mark.parametrize("cell", ["Gold", " gold", "gold ", "2.0", "platinum"])
def test_an_option_cell_that_is_not_exactly_an_option_name_goes_to_the_careful_reader(
    cell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Option columns are read as text and matched after the parse: only exact names pass.
    clean = (HEADER + "Acme,1,2,gold,n\nBolt,1,2,2,n\nCarr,1,2,bronze,n\n").encode()
    table = read_csv(clean, SPECS)
    assert table.frame is not None  # the typed path
    assert table.options["tier"].tolist() == [2, 3, 0]
    data = clean.replace(b"Bolt,1,2,2,", f"Bolt,1,2,{cell},".encode())
    table = read_csv(data, SPECS)
    assert table.frame is None
    _same(table, _careful(data, None, monkeypatch))
