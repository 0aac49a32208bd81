"""Bids: knock-outs with reasons, broken rows reported (never scored), ranks, re-bid and two-stage
advice, CSV fast path equal to the reference reader, XLSX, and the city re-bid example end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.errors import InputFileError
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_numbers import NumberStyle
from brightline.offers.bids_reading import read_bids
from brightline.offers.bids_table import ColumnSpec, read_csv, read_rows
from budget import examples
from factories import minimal_case, to_yaml
from meso_cases import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def bids_case(**extra: Any) -> dict[str, Any]:
    """The minimal case (residency standard, discount issue) plus optional `bids:` setup."""
    document = minimal_case()
    document["case"]["context"] = "procurement"
    document["reservation"] = {"value": -15000}
    document["safeguards"].append(
        {"id": "credits", "kind": "service_credits", "description": "5% credit per missed hour"}
    )
    if extra:
        document["bids"] = extra
    return document


CSV = (
    "bidder,residency,discount\n"
    "Alpha,eu_only,10\n"
    "Beta,global,0\n"
    "Gamma,eu_only,\n"
    "Delta,eu_only,ten\n"
    "Epsilon,mars,5\n"
    "Zeta,eu_only\n"
    "Eta,eu_only,5\n"
)


def run(document: dict[str, Any], text: str, name: str = "bids.csv") -> Any:
    loaded = load(document)
    mapping, table = read_bids(loaded, text.encode(), name)
    return loaded, evaluate_bids(loaded, mapping, table)


def test_broken_rows_are_reported_with_row_and_column_never_scored() -> None:
    loaded, result = run(bids_case(), CSV)
    document = result.to_json(loaded)
    errors = {(e["row"], e["column"]) for e in document["errors"]}
    assert errors == {(4, "discount"), (5, "discount"), (6, "residency"), (7, "")}
    messages = " ".join(e["message"] for e in document["errors"])
    assert "missing value" in messages and "'ten'" in messages and "'mars'" in messages
    assert "2 fields, the header has 3" in messages
    scored_rows = {entry["row"] for entry in document["ranked"]}
    knocked_rows = {entry["row"] for entry in document["knocked_out"]}
    assert scored_rows == {2, 8} and knocked_rows == {3}
    assert not (scored_rows | knocked_rows) & {4, 5, 6, 7}


def test_ranked_by_value_to_us_and_knock_out_reasons_name_the_clause() -> None:
    loaded, result = run(bids_case(), CSV)
    document = result.to_json(loaded)
    assert [entry["bidder"] for entry in document["ranked"]] == ["Eta", "Alpha"]
    assert document["ranked"][0]["score"] == pytest.approx(-5000.0)
    assert document["knocked_out"] == [
        {
            "row": 3,
            "bidder": "Beta",
            "reasons": ['eu: needs residency == "eu_only", bid has residency = global'],
        }
    ]
    # Rows 4-7 could not be read and each might have beaten Eta: no award until they are fixed.
    assert document["recommendation"]["action"] == "fix-unreadable"
    assert document["recommendation"]["rows"] == [4, 5, 6, 7]
    assert document["recommendation"]["award_if_ignored"]["bidder"] == "Eta"
    mapping, table = read_bids(loaded, CSV.encode(), "bids.csv")
    document = evaluate_bids(loaded, mapping, table, ignore_unreadable=True).to_json(loaded)
    assert document["recommendation"]["action"] == "two-stage-award"
    assert document["recommendation"]["bidder"] == "Eta"
    assert "might have won; set aside on request" in document["recommendation"]["reasons"][1]
    assert document["recommendation"]["probation"] == {
        "months": 6,
        "credits": ["5% credit per missed hour"],
    }


def test_no_bid_passes_recommends_rebid_with_costed_interim_extension() -> None:
    setup = {
        "incumbent": {"name": "Legacy Co", "monthly_cost": 10000, "volume_cap": 0.5, "months": 4}
    }
    text = "bidder,residency,discount\nA,global,0\nB,global,5\n"
    loaded, result = run(bids_case(**setup), text)
    recommendation = result.to_json(loaded)["recommendation"]
    assert recommendation["action"] == "re-bid"
    assert recommendation["interim_extension"]["cost"] == pytest.approx(20000.0)
    assert recommendation["tightened_specification"] == [
        {"standard": "eu", "rule": 'residency == "eu_only"', "failed_by": 2}
    ]
    assert "two_stage_award" in recommendation


def test_mapping_from_the_case_and_extra_criteria() -> None:
    setup = {
        "bidder_column": "Supplier",
        "columns": {"residency": "Data location", "discount": "Discount (%)"},
        "criteria": [{"column": "Quality", "weight": 100}],
    }
    text = "Supplier,Data location,Discount (%),Quality\nA,eu_only,0,3\nB,eu_only,0,7\n"
    loaded, result = run(bids_case(**setup), text)
    ranked = result.to_json(loaded)["ranked"]
    assert [(r["bidder"], r["score"]) for r in ranked] == [("B", 700.0), ("A", 300.0)]


def test_missing_column_a_standard_needs_is_an_input_error(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    bids_path = write_file("bids.csv", "bidder,discount\nA,5\n")
    result = cli("bids", str(case_path), str(bids_path))
    assert result.exit_code == 2
    assert "no column for issue 'residency'" in result.stderr
    assert "Traceback" not in result.output


def test_quoted_and_crlf_files_read_like_plain_ones() -> None:
    loaded, plain = run(bids_case(), CSV)
    quoted = CSV.replace("Alpha", '"Alpha, Inc."').replace("\n", "\r\n")
    _, other = run(bids_case(), quoted)
    assert other.to_json(loaded)["errors"] == plain.to_json(loaded)["errors"]
    assert [r["row"] for r in other.to_json(loaded)["ranked"]] == [8, 2]
    assert other.to_json(loaded)["ranked"][1]["bidder"] == "Alpha, Inc."


def test_xlsx_gives_the_same_result_as_csv(write_file: Any, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(CSV)):
        sheet.append([float(c) if c.isdigit() else (c or None) for c in row])
    path = tmp_path / "bids.xlsx"
    book.save(path)
    loaded, from_csv = run(bids_case(), CSV)
    mapping, table = read_bids(loaded, path.read_bytes(), str(path))
    from_xlsx = evaluate_bids(loaded, mapping, table)
    left, right = from_csv.to_json(loaded), from_xlsx.to_json(loaded)
    assert left["ranked"] == right["ranked"] and left["knocked_out"] == right["knocked_out"]
    # A spreadsheet has no short rows: the missing cell of row 7 is simply empty.
    assert {(e["row"], e["column"]) for e in right["errors"]} == {
        (4, "discount"),
        (5, "discount"),
        (6, "residency"),
        (7, "discount"),
    }


def test_unreadable_xlsx_is_an_input_error() -> None:
    loaded = load(bids_case())
    with pytest.raises(InputFileError, match=r"not a readable \.xlsx"):
        read_bids(loaded, b"not a zip", "bids.xlsx")


CELL = st.one_of(
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False).map(str),
    st.integers(-(10**17), 10**17).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.sampled_from(["", " 4 ", "1e3", "+2.5", "-0", ".5", "5.", "1.2.3", "abc", "nan", "--1"]),
)


@examples(60, derandomize=True)
@given(cells=st.lists(st.tuples(CELL, st.sampled_from(["a", "b", "c", "d", " a"])), max_size=30))
def test_fast_reader_agrees_with_the_reference_reader(cells: list[tuple[str, str]]) -> None:
    specs = [ColumnSpec("n", "number"), ColumnSpec("o", "option", ("a", "b", "c"))]
    text = "n,o\n" + "".join(f"{number},{option}\n" for number, option in cells)
    fast = read_csv(text.encode(), specs)
    rows = [(index, row) for index, row in enumerate(csv.reader(io.StringIO(text)), 1)][1:]
    slow = read_rows(["n", "o"], rows, specs)
    assert np.array_equal(fast.rows, slow.rows)
    assert np.array_equal(fast.numbers["n"], slow.numbers["n"], equal_nan=True)
    assert np.array_equal(fast.options["o"], slow.options["o"])
    assert fast.errors == slow.errors


def test_city_rebid_example_end_to_end(cli: Any) -> None:
    result = cli(
        "bids",
        str(EXAMPLES / "city-services-rfp.yaml"),
        str(EXAMPLES / "city-services-bids.csv"),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {
        "ranked",
        "knocked_out",
        "errors",
        "off_grid",
        "unscored",
        "recommendation",
    }
    assert {(e["row"], e["column"]) for e in document["errors"]} == {
        (8, "safety_level"),
        (12, "inspections"),
        (14, "annual_price"),
    }
    assert document["ranked"][0]["bidder"] == "Ironbridge Waste"
    metro = next(e for e in document["knocked_out"] if e["bidder"] == "Metro Haul Inc.")
    assert any(
        "safety_level >= 3" in reason and "safety_level = level 2" in reason
        for reason in metro["reasons"]
    )
    recommendation = document["recommendation"]
    # Five bids meet every must-have and all fall short on price: the must-haves did not block
    # the award, so nothing is re-specified; every compliant bidder is asked for a best and
    # final offer, as evaluate and next advise for the same round.
    assert recommendation["action"] == "best-and-final"
    assert recommendation["interim_extension"]["cost"] == pytest.approx(30 * 18000)
    assert "tightened_specification" not in recommendation
    text = cli(
        "bids", str(EXAMPLES / "city-services-rfp.yaml"), str(EXAMPLES / "city-services-bids.csv")
    )
    assert text.exit_code == 0 and "Recommendation: best-and-final" in text.stdout
    assert recommendation["two_stage_award"] in text.stdout
    for wrong in ("re-tender", "in the re-bid", "Recommendation: re-bid"):
        assert wrong not in text.stdout
    # over budget: a best and final offer with the gap to close, never "tell them our threshold"
    assert recommendation["cause"] == "over-budget"
    advice = " ".join(recommendation["reasons"])
    assert "best and final offer" in advice and "keep the reservation point to ourselves" in advice
    assert "stating that an award must be worth" not in advice


SHORT = st.text(alphabet="0123456789.-+e ", min_size=0, max_size=8)


@examples(100, derandomize=True)
@given(texts=st.lists(SHORT, min_size=1, max_size=20))
def test_word_and_matrix_number_kernels_agree_with_float(texts: list[str]) -> None:
    from brightline.offers.bids_kernels import gather as _gather
    from brightline.offers.bids_kernels import numbers as _numbers
    from brightline.offers.bids_kernels import numbers_in_words as _numbers_in_words
    from brightline.offers.bids_numbers import read_number

    body = ("x\n" + "".join(f"{text}\n" for text in texts)).encode()
    ends = np.array([i for i, b in enumerate(body) if b == 10][1:], dtype=np.int64)
    starts = np.array([i + 1 for i, b in enumerate(body) if b == 10][:-1], dtype=np.int64)
    words, unsure_words = _numbers_in_words(body, starts, ends)
    buffer = np.frombuffer(body, dtype=np.uint8)
    matrix, unsure_matrix = _numbers(_gather(buffer, starts, ends, True), ends - starts)
    for index, text in enumerate(texts):
        expected = read_number(text)
        for value, unsure in ((words, unsure_words), (matrix, unsure_matrix)):
            if not unsure[index]:
                assert not isinstance(expected, str), text
                assert value[index] == expected, text


def test_bids_command_reads_tables_larger_than_a_case_file(cli: Any, write_file: Any) -> None:
    rows = "".join(f"B{i},eu_only,{i % 4 * 5}\n" for i in range(150_000))
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    bids_path = write_file("big.csv", "bidder,residency,discount\n" + rows)
    assert bids_path.stat().st_size > 2 * 1024 * 1024
    result = cli("bids", str(case_path), str(bids_path), "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "Ranked (150,000 bids" in result.stdout
    missing = cli("bids", str(case_path), str(bids_path) + ".gone")
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_empty_tables_say_so() -> None:
    loaded, result = run(bids_case(), "bidder,residency,discount\n")
    assert result.to_json(loaded)["recommendation"]["action"] == "no-bids"
    with pytest.raises(InputFileError, match="empty"):
        run(bids_case(), "")


def test_a_file_without_a_final_newline_keeps_its_last_bid() -> None:
    loaded, result = run(bids_case(), CSV.rstrip("\n"))
    assert [entry["row"] for entry in result.to_json(loaded)["ranked"]] == [8, 2]


def test_semicolon_and_tab_files_with_decimal_commas_read_like_comma_files() -> None:
    text = "bidder,residency,discount\nA,eu_only,7.5\nB,global,0\nC,eu_only,2.25\nD,eu_only,x\n"
    loaded, plain = run(bids_case(), text)
    semicolon = text.replace(",", ";").replace("7.5", "7,5").replace("2.25", "2,25")
    _, european = run(bids_case(), semicolon)
    _, tabbed = run(bids_case(), text.replace(",", "\t"))
    expected = plain.to_json(loaded)
    assert expected["ranked"][0]["score"] == pytest.approx(-2250.0)
    for other in (european, tabbed):
        document = other.to_json(loaded)
        assert document["ranked"] == expected["ranked"]
        assert document["knocked_out"] == expected["knocked_out"]
        assert document["errors"] == expected["errors"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18,5", 18.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("7", 7.0), ("2.5", 2.5)],
)
def test_decimal_comma_reading(text: str, expected: float) -> None:
    from brightline.offers.bids_numbers import read_number

    assert read_number(text, NumberStyle.EITHER) == expected


@examples(60, derandomize=True)
@given(
    cells=st.lists(
        st.one_of(
            CELL, st.decimals(-(10**5), 10**5, places=2).map(lambda d: str(d).replace(".", ","))
        ),
        max_size=25,
    )
)
def test_fast_reader_agrees_with_the_reference_reader_on_semicolon_files(cells: list[str]) -> None:
    specs = [ColumnSpec("n", "number"), ColumnSpec("o", "option", ("a",))]
    text = "n;o\n" + "".join(f"{cell};a\n" for cell in cells)
    fast = read_csv(text.encode(), specs)
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows = [(index, row) for index, row in enumerate(reader, 1)][1:]
    slow = read_rows(["n", "o"], rows, specs, NumberStyle.EITHER)
    assert np.array_equal(fast.numbers["n"], slow.numbers["n"], equal_nan=True)
    assert fast.errors == slow.errors


def test_out_of_range_numbers_are_cell_errors_never_scored() -> None:
    """Clamping scored -20 as 0 and 1e308 as 20: a bid could win on a value outside the case."""
    text = "bidder,residency,discount\nFair,eu_only,5\nCheap,eu_only,-50\nHuge,eu_only,1e308\n"
    loaded, result = run(bids_case(), text)
    document = result.to_json(loaded)
    assert [entry["bidder"] for entry in document["ranked"]] == ["Fair"]
    # Below the range our value rises toward its end (a smaller discount is worth more to us), so
    # nothing bounds Cheap's: it might have won and blocks. Above it the curve falls toward its
    # end: held flat, Huge is worth at most a discount of 20, below Fair's 5, so it cannot win.
    assert document["recommendation"]["rows"] == [3]
    assert document["recommendation"]["award_if_ignored"]["bidder"] == "Fair"
    assert {(error["row"], error["column"]) for error in document["errors"]} == {
        (3, "discount"),
        (4, "discount"),
    }
    assert "-50 is outside the range of discount (0 to 20" in document["errors"][0]["message"]


def test_city_bid_with_a_negative_price_does_not_win(cli: Any, write_file: Any) -> None:
    header = "bidder,annual_price,safety_level,inspections,credit_cap_pct,mobilization_weeks\n"
    rows = "Honest,19,3,independent_quarterly,10,18\nCheap,-50,3,independent_quarterly,10,18\n"
    path = write_file("bids.csv", header + rows)
    result = cli("bids", str(EXAMPLES / "city-services-rfp.yaml"), str(path), "-f", "json")
    document = json.loads(result.stdout)
    assert [entry["bidder"] for entry in document["ranked"]] == ["Honest"]
    assert document["errors"][0]["column"] == "annual_price"
    assert document["recommendation"]["action"] != "two-stage-award"


def test_off_grid_numbers_are_scored_and_flagged() -> None:
    text = "bidder,residency,discount\nA,eu_only,7.5\nB,eu_only,10\n"
    loaded, result = run(bids_case(), text)
    document = result.to_json(loaded)
    assert {entry["bidder"] for entry in document["ranked"]} == {"A", "B"}
    assert [(flag["column"], flag["count"], flag["rows"]) for flag in document["off_grid"]] == [
        ("discount", 1, [2])
    ]


def test_text_that_is_not_utf8_is_an_error_with_row_and_byte() -> None:
    data = "bidder,residency,discount\nA,eu_only,5\nMüller,eu_only,5\n".encode("latin-1")
    loaded = load(bids_case())
    with pytest.raises(InputFileError) as caught:
        read_bids(loaded, data, "bids.csv")
    problem = caught.value.problems[0]
    assert problem.line == 3 and problem.column == 2
    assert "not UTF-8" in problem.message and "byte 39" in problem.message


def test_a_repeated_header_is_an_error() -> None:
    loaded = load(bids_case())
    with pytest.raises(InputFileError) as caught:
        read_bids(loaded, b"bidder,residency,discount,discount\nA,eu_only,5,10\n", "bids.csv")
    assert "repeats the header 'discount' of column 3" in caught.value.problems[0].message


def test_no_award_on_a_partial_score() -> None:
    """An issue with no column leaves every score partial: rank, but ask for the missing terms."""
    document = minimal_case()
    document["case"]["context"] = "procurement"
    document["issues"].append(
        {
            "kind": "numeric",
            "id": "term_months",
            "dimension": "timing",
            "range": {"min": 12, "max": 36, "step": 12},
            "ours": [[12, 0], [36, -90000]],
        }
    )
    loaded, result = run(document, "bidder,residency,discount\nA,eu_only,5\n")
    output = result.to_json(loaded)
    assert output["unscored"] == ["term_months"]
    assert output["recommendation"]["action"] == "complete-bids"
    assert "term_months" in output["recommendation"]["reasons"][0]


def test_negative_limit_is_refused(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    bids_path = write_file("bids.csv", CSV)
    result = cli("bids", str(case_path), str(bids_path), "--limit", "-1")
    assert result.exit_code == 2 and "--limit" in result.output + result.stderr
