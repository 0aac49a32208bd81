"""Every way of reading a bids CSV gives the same ranking and the same JSON, byte for byte.

A regular file is read by polars in one typed pass (``read_csv_typed``), with no scan of its bytes
first; a file with cells polars cannot type takes polars' string path; one with a quote or a
control character takes Python's csv module; without polars the numpy splitter reads it. The
result must not depend on which one ran: the same ranks, scores, knock-out reasons, errors,
off-grid flags, recommendation, and the same streamed JSON document.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from brightline.offers import bids_polars
from brightline.offers.bids import BidsResult, evaluate_bids
from brightline.offers.bids_reading import read_bids
from brightline.offers.bids_table import ColumnSpec, read_csv_typed
from brightline.report.bids_files import json_chunks
from factories import minimal_case
from meso_cases import load

HEADER = "bidder,residency,discount,delivery,support,notes\n"


def _case() -> Any:
    document = minimal_case()
    document["case"]["context"] = "procurement"
    document["reservation"] = {"value": -30000}
    document["issues"].append(
        {
            "kind": "numeric",
            "id": "delivery",
            "dimension": "timing",
            "range": {"min": 0, "max": 8, "step": 1, "unit": "weeks"},
            "ours": [[0, 0], [2, -1000], [8, -16000]],
            "theirs": [[0, 0], [8, 8000]],
        }
    )
    document["standards"].append(
        {**document["standards"][0], "id": "cap", "rule": "discount <= 15 or delivery < 4"}
    )
    document["bids"] = {"criteria": [{"column": "support", "weight": 250}]}
    return load(document)


def _rows(count: int, seed: int) -> list[list[str]]:
    """Bids that pass, fail one or both must-haves, sit on and off the grid, and tie."""
    rng = np.random.default_rng(seed)
    discounts = ["0", "5", "10", "15", "20", "7.25", "12.5", "19.99", "-0", "1e1", "0.50"]
    rows = []
    for index in range(count):
        rows.append(
            [
                f"Bidder {index % 37} Ltd",
                str(rng.choice(["eu_only", "global"], p=[0.8, 0.2])),
                str(rng.choice(discounts)),
                f"{rng.integers(0, 800) / 100:.2f}",
                str(rng.integers(0, 5)),
                "none",
            ]
        )
    return rows


def _text(rows: list[list[str]]) -> bytes:
    return (HEADER + "".join(",".join(row) + "\n" for row in rows)).encode()


def _document(loaded: Any, result: BidsResult) -> tuple[str, dict[str, Any]]:
    streamed = "".join(json_chunks(loaded, result, batch=7))
    return streamed, result.to_json(loaded)


def _read(loaded: Any, data: bytes, careful: bool, monkeypatch: pytest.MonkeyPatch) -> BidsResult:
    with monkeypatch.context() as patch:
        if careful:
            patch.setattr(bids_polars, "available", lambda: False)
        mapping, table = read_bids(loaded, data, "bids.csv")
        return evaluate_bids(loaded, mapping, table)


def _assert_same(loaded: Any, fast: BidsResult, careful: BidsResult) -> None:
    assert fast.ranked.tolist() == careful.ranked.tolist()
    assert fast.knocked_out.tolist() == careful.knocked_out.tolist()
    np.testing.assert_array_equal(fast.scores, careful.scores)
    assert fast.summary() == careful.summary()
    assert {k: v.tolist() for k, v in fast.off_grid.items()} == {
        k: v.tolist() for k, v in careful.off_grid.items()
    }
    for name in careful.points:
        np.testing.assert_array_equal(fast.points[name], careful.points[name])
    fast_text, fast_document = _document(loaded, fast)
    careful_text, careful_document = _document(loaded, careful)
    assert fast_document == careful_document
    assert fast_text == careful_text  # the streamed JSON, byte for byte
    assert json.loads(fast_text) == json.loads(json.dumps(fast_document))
    with pytest.MonkeyPatch.context() as patch:  # without polars, the entries are built as dicts
        patch.setattr(bids_polars, "available", lambda: False)
        assert json.loads(_document(loaded, careful)[0]) == json.loads(fast_text)


def test_a_regular_mixed_file_takes_the_typed_path_and_reads_as_the_careful_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = _case()
    data = _text(_rows(400, seed=3))
    specs = [
        ColumnSpec("bidder", "text"),
        ColumnSpec("residency", "option", ("eu_only", "global")),
        ColumnSpec("discount", "number", currency="EUR"),
        ColumnSpec("delivery", "number", currency="", unit="weeks"),
        ColumnSpec("support", "number", currency=""),
    ]
    assert read_csv_typed(data, specs) is not None  # the typed path took this file
    fast = _read(loaded, data, careful=False, monkeypatch=monkeypatch)
    careful = _read(loaded, data, careful=True, monkeypatch=monkeypatch)
    assert fast.table.texts["bidder"].column is not None
    assert careful.table.texts["bidder"].column is None
    summary = fast.summary()
    assert summary.passing and summary.knocked_out and fast.off_grid
    assert summary.unreadable == 0
    _assert_same(loaded, fast, careful)


@pytest.mark.parametrize(
    ("row", "cell"),
    [
        (5, (2, "EUR 5")),  # polars cannot type it: the string path reads it
        (9, (2, "ten")),  # unreadable: an error with row and column
        (12, (1, "mars")),  # not an option
        (20, (3, "")),  # missing
        (30, (0, 'Quoted "Name" Ltd')),  # a quote inside a cell: the csv module's path
        (31, (0, '"Acme"')),  # a quoted cell: the csv module removes the quotes
        (33, (5, '"a, b"')),  # a quoted cell with a separator, in a column the case ignores
        (40, (0, "Nul\x00Ltd")),  # a control character in a name
        (44, (5, "note\x07")),  # a control character in a column the case ignores
        (47, (0, "Bolt\ufeffGmbH")),  # a byte-order mark inside a name
        (50, (0, " Padded")),  # padding is stripped
        (52, (0, "Tab\tInside")),  # a tab inside a name is kept
        (55, (2, "\t5")),  # a tab before a number
        (57, (3, "3 weeks")),  # the column's unit
        (58, (4, "inf")),  # polars reads it, the reference refuses it
        (60, (1, "Global")),  # an option in the wrong case
    ],
)
def test_an_irregular_cell_reads_the_same_on_every_path(
    row: int, cell: tuple[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _case()
    rows = _rows(80, seed=11)
    column, text = cell
    rows[row][column] = text
    data = _text(rows)
    fast = _read(loaded, data, careful=False, monkeypatch=monkeypatch)
    careful = _read(loaded, data, careful=True, monkeypatch=monkeypatch)
    _assert_same(loaded, fast, careful)


_SPECS = [
    ColumnSpec("bidder", "text"),
    ColumnSpec("residency", "option", ("eu_only", "global")),
    ColumnSpec("discount", "number", currency="EUR"),
    ColumnSpec("delivery", "number", currency="", unit="weeks"),
    ColumnSpec("support", "number", currency=""),
]


@pytest.mark.parametrize("row", [0, 7, 19])  # the first row, one inside, the last
@pytest.mark.parametrize(
    "name",
    [" Lead", "Trail ", "\tTab", "Tab\t", "\u00a0Nbsp", "Nbsp\u00a0", "Ideo\u3000", " ", 'Q"uote'],
)
def test_the_typed_path_hands_back_a_padded_or_quoted_name_wherever_it_is(
    row: int, name: str
) -> None:
    rows = _rows(20, seed=8)
    assert read_csv_typed(_text(rows), _SPECS) is not None
    rows[row][0] = name
    assert read_csv_typed(_text(rows), _SPECS) is None  # the careful reader strips or splits it
    rows[row][0] = name.replace('"', "").strip(" \t\u00a0\u3000") or "Named"
    assert read_csv_typed(_text(rows), _SPECS) is not None  # inside a name, white space is kept


def test_the_typed_path_checks_the_ranges_while_reading() -> None:
    rows = _rows(20, seed=8)
    limits = {"delivery": (0.0, 8.0)}
    found = read_csv_typed(_text(rows), _SPECS, limits=limits)
    assert found is not None and found.in_range is True
    rows[19][3] = "8.5"
    found = read_csv_typed(_text(rows), _SPECS, limits=limits)
    assert found is not None and found.in_range is False
    rows[19][3] = "nan"
    assert read_csv_typed(_text(rows), _SPECS, limits=limits) is None


def test_a_file_that_is_not_utf8_is_refused_on_the_typed_path_too() -> None:
    from brightline.errors import InputFileError

    loaded = _case()
    rows = _rows(10, seed=5)
    data = _text(rows).replace(b"Bidder 7 Ltd", b"Bidder 7 \xff")
    with pytest.raises(InputFileError) as raised:
        read_bids(loaded, data, "bids.csv")
    assert "is not UTF-8" in str(raised.value) and "row 9" in str(raised.value)


def test_ranking_puts_ties_in_row_order_like_a_stable_sort() -> None:
    from brightline.offers.bids import rank

    rng = np.random.default_rng(0)
    for _ in range(300):
        count = int(rng.integers(0, 80))
        positions = np.sort(rng.choice(10_000, size=count, replace=False)).astype(np.int64)
        scores = rng.integers(0, int(rng.integers(1, 8)), size=count) * 0.5
        expected = positions[np.argsort(-scores, kind="stable")]
        assert rank(positions, scores).tolist() == expected.tolist()
    many = np.arange(5_000, dtype=np.int64)  # more ties than the fix-up handles one by one
    assert rank(many, np.zeros(5_000)).tolist() == many.tolist()
