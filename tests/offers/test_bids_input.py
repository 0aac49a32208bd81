"""Bids CSV input that must not lose data or mislead: full-width cells, quotes, BOMs, NULs, control
characters, line ends, huge fields, numbers as people type them, and unreadable rows that block an
award. One test per case of issues 9 and 15, plus properties over files written by Python's csv."""

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
from test_bids import bids_case

from brightline.errors import InputFileError
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_numbers import NumberStyle, read_number
from brightline.offers.bids_reading import read_bids
from brightline.offers.bids_table import ColumnSpec, read_csv
from budget import examples
from factories import minimal_case, to_yaml
from meso_cases import load


def run(text: str | bytes, document: dict[str, Any] | None = None, **options: Any) -> Any:
    loaded = load(document or bids_case())
    data = text.encode() if isinstance(text, str) else text
    mapping, table = read_bids(loaded, data, "bids.csv", **options)
    return loaded, evaluate_bids(loaded, mapping, table)


HEADER = "bidder,residency,discount\n"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_long_unquoted_names_are_read_in_full() -> None:
    """Names were cut to 33 bytes: two bidders printed as one "Consolidated Metropolitan Waste M"."""
    first = "Consolidated Metropolitan Waste Management North"
    second = "Consolidated Metropolitan Waste Management South"
    cut = "Consolidated Metropolitan Waste Mü, Ünited"  # a cut at byte 33 fell inside "ü"
    text = HEADER + f"{first},eu_only,5\n{second},eu_only,10\n{cut.replace(',', '')},eu_only,0\n"
    loaded, result = run(text)
    names = [entry["bidder"] for entry in result.to_json(loaded)["ranked"]]
    assert sorted(names) == sorted([first, second, cut.replace(",", "")])
    assert not any("\ufffd" in name for name in names)


def test_a_name_longer_than_a_spreadsheet_cell_is_a_cell_error() -> None:
    loaded, result = run(HEADER + "A" * 40_000 + ",eu_only,5\nB,eu_only,5\n")
    errors = result.to_json(loaded)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "bidder")]
    assert "40,000 characters" in errors[0]["message"]


def test_an_unterminated_quote_is_refused_with_its_row() -> None:
    """It swallowed the next row without a word."""
    text = HEADER + 'A,eu_only,5\n"B,eu_only,10\nC,eu_only,0\n'
    with pytest.raises(InputFileError) as caught:
        run(text)
    problem = caught.value.problems[0]
    assert problem.line == 3 and "row 3: a quote opens and is never closed" in problem.message


def test_text_after_a_closing_quote_is_refused() -> None:
    with pytest.raises(InputFileError, match="text after its closing quote"):
        run(HEADER + '"A"x,eu_only,5\n')


def test_quoted_cells_with_separators_quotes_and_line_breaks_are_read() -> None:
    text = HEADER + '"Alpha, ""The Best""\nInc.",eu_only,"1,5"\n'
    loaded, result = run(text, style=NumberStyle.COMMA)
    entry = result.to_json(loaded)["ranked"][0]
    assert entry["bidder"] == 'Alpha, "The Best"\nInc.'
    assert entry["score"] == pytest.approx(-1500.0)


@pytest.mark.parametrize("marks", [1, 2, 3])
def test_one_or_more_byte_order_marks_keep_every_bidder_name(marks: int) -> None:
    """A doubled BOM turned the header's "bidder" into "\\ufeffbidder": every name was lost."""
    loaded, result = run(b"\xef\xbb\xbf" * marks + (HEADER + "Alpha,eu_only,5\n").encode())
    assert result.to_json(loaded)["ranked"][0]["bidder"] == "Alpha"


def test_a_nul_in_the_header_is_refused_naming_the_cell() -> None:
    with pytest.raises(InputFileError) as caught:
        run("bid\0der,residency,discount\nAlpha,eu_only,5\n")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (1, 1) and "NUL" in problem.message


@pytest.mark.parametrize("character", ["\0", "\x07", "\x1b", "\x7f", "\u0085", "\ufeff"])
def test_control_characters_in_cells_are_reported_with_row_and_column(character: str) -> None:
    text = HEADER + f"Al{character}pha,eu_only,5\nBeta,eu_only,5\nGamma,eu_only,5{character}\n"
    loaded, result = run(text)
    errors = result.to_json(loaded)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "bidder"), (4, "discount")]
    assert "control character" in errors[0]["message"]
    assert [entry["bidder"] for entry in result.to_json(loaded)["ranked"]] == ["Beta"]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_line_ending_reads_the_same(ending: str) -> None:
    text = (HEADER + "Alpha,eu_only,5\nBeta,global,0\n").replace("\n", ending)
    loaded, result = run(text)
    document = result.to_json(loaded)
    assert [e["bidder"] for e in document["ranked"]] == ["Alpha"]
    assert [e["bidder"] for e in document["knocked_out"]] == ["Beta"]


def test_a_field_over_128_kb_is_a_cell_error_not_a_traceback() -> None:
    text = HEADER + f'"{"x" * 200_000}",eu_only,5\nB,eu_only,5\n'
    loaded, result = run(text)
    errors = result.to_json(loaded)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "bidder")]


def test_cli_refuses_a_bad_csv_with_exit_2_and_no_traceback(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = write_file("bids.csv", HEADER + '"A,eu_only,5\n')
    result = cli("bids", str(case_path), str(path))
    assert result.exit_code == 2, result.output
    assert "bids.csv:2:0" in result.stderr and "never closed" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize(
    ("cell", "style", "expected"),
    [
        ('"845,000"', None, 845000.0),
        ('"EUR 1,265,000"', None, 1265000.0),
        ("1 265 000 €", None, 1265000.0),
        ("1\u00a0265\u00a0000", None, 1265000.0),
        ('"€1,265,000.50"', None, 1265000.5),
        ('"1.265.000,50"', NumberStyle.COMMA, 1265000.5),
        ("1.265.000", NumberStyle.COMMA, 1265000.0),
        ("1'265'000", None, 1265000.0),
        ('"-1,000"', None, -1000.0),
    ],
)
def test_numbers_with_separators_and_currencies_are_read(
    cell: str, style: NumberStyle | None, expected: float
) -> None:
    document = price_case()
    loaded, result = run(f"bidder,price\nA,{cell}\n", document, style=style)
    entry = result.to_json(loaded)["ranked"][0]
    assert entry["score"] == pytest.approx(-expected), result.to_json(loaded)["errors"]


def price_case() -> dict[str, Any]:
    document = minimal_case()
    document["case"]["context"] = "procurement"
    document["case"]["currency"] = "EUR"
    document["issues"] = [
        {
            "kind": "numeric",
            "id": "price",
            "dimension": "price",
            "range": {"min": -(10**7), "max": 10**7, "step": 10**6},
            "ours": [[-(10**7), 10**7], [10**7, -(10**7)]],
        }
    ]
    standard = dict(document["standards"][0], id="cap", rule="price <= 5000000", protects=[])
    document["standards"] = [standard]
    document["reservation"] = {"value": -(10**7)}
    for section in ("offers", "harms", "batna", "their_batna"):
        document.pop(section, None)
    return document


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('"USD 1,265,000"', "is in USD, the column counts in EUR"),
        ('"1,5"', "must group digits in threes"),
        ('"12,34,567"', "must group digits in threes"),
        ("1.265.000", "appears more than once"),
        ("5 kg", "not a currency"),
    ],
)
def test_numbers_that_could_mislead_are_refused(cell: str, message: str) -> None:
    loaded, result = run(f"bidder,price\nA,{cell}\nB,100\n", price_case())
    errors = result.to_json(loaded)["errors"]
    assert len(errors) == 1 and message in errors[0]["message"], errors


def test_an_ambiguous_separator_in_a_semicolon_file_names_the_remedy() -> None:
    loaded, result = run("bidder;price\nA;1.265\nB;100\n", price_case())
    error = result.to_json(loaded)["errors"][0]
    assert "ambiguous" in error["message"] and error["remedy"] == "decimal-comma"
    loaded, result = run("bidder;price\nA;1.265\n", price_case(), style=NumberStyle.COMMA)
    assert result.to_json(loaded)["ranked"][0]["score"] == pytest.approx(-1265.0)


def test_a_unit_suffix_equal_to_the_columns_unit_is_read() -> None:
    document = price_case()
    document["issues"][0]["range"]["unit"] = "EUR"
    loaded, result = run("bidder,price\nA,1200 EUR\nB,300 weeks\n", document)
    document_out = result.to_json(loaded)
    assert document_out["ranked"][0]["score"] == pytest.approx(-1200.0)
    assert document_out["errors"][0]["row"] == 3


def test_an_unreadable_cheaper_bid_blocks_the_award(cli: Any, write_file: Any) -> None:
    """ "845,000" was unreadable and a more expensive bidder was recommended, exit 0."""
    case_path = write_file("case.yaml", to_yaml(price_case()))
    path = write_file("bids.csv", "bidder,price\nDear,900000\nCheap,845.000.0\n")
    result = cli("bids", str(case_path), str(path))
    assert result.exit_code == 1, result.output
    assert "Recommendation: fix-unreadable" in result.stdout
    assert "fix row 3 first, or pass --ignore-unreadable" in result.stdout
    # Following the advice leads where it says: the award goes ahead, the row is named.
    ignored = cli("bids", str(case_path), str(path), "--ignore-unreadable", "-f", "json")
    assert ignored.exit_code == 0, ignored.output
    recommendation = json.loads(ignored.stdout)["recommendation"]
    assert recommendation["action"] == "two-stage-award" and recommendation["bidder"] == "Dear"
    assert any("row 3 could not be read" in reason for reason in recommendation["reasons"])
    fixed = write_file("fixed.csv", 'bidder,price\nDear,900000\nCheap,"845,000"\n')
    result = cli("bids", str(case_path), str(fixed), "-f", "json")
    assert (
        result.exit_code == 0 and json.loads(result.stdout)["recommendation"]["bidder"] == "Cheap"
    )


def test_unreadable_rows_that_could_not_have_won_do_not_block() -> None:
    document = bids_case()
    # Row 3 breaks the residency must-have on what it states; row 4 cannot beat Alpha at any discount
    # because its residency is unreadable... but its discount is readable and worse (20 > 0).
    text = HEADER + "Alpha,eu_only,0\nBeta,global,x\nGamma,mars,20\n"
    loaded, result = run(text, document)
    recommendation = result.to_json(loaded)["recommendation"]
    assert recommendation["action"] == "two-stage-award" and recommendation["bidder"] == "Alpha"
    assert "2 rows could not be read, but none could have won" in recommendation["reasons"][1]
    assert result.summary().could_have_won == ()


def test_compliant_bids_over_budget_get_a_best_and_final_round_not_a_rebid() -> None:
    document = bids_case()
    document["reservation"] = {"value": 0}
    loaded, result = run(HEADER + "A,eu_only,10\nB,global,0\n", document)
    recommendation = result.to_json(loaded)["recommendation"]
    assert recommendation["action"] == "best-and-final"
    assert recommendation["cause"] == "over-budget"
    assert "tightened_specification" not in recommendation
    text = " ".join(recommendation["reasons"])
    assert "the price is" in text and "best and final offer" in text
    assert "stated as a pass/fail criterion" not in text
    loaded, result = run(HEADER + "A,global,10\n", document)
    recommendation = result.to_json(loaded)["recommendation"]
    assert recommendation["action"] == "re-bid" and recommendation["cause"] == "must-haves"
    assert "pass/fail criterion" in " ".join(recommendation["reasons"])


def test_scores_are_explained_per_criterion() -> None:
    setup = {"criteria": [{"column": "Quality", "weight": 100}]}
    text = "bidder,residency,discount,Quality\nA,eu_only,5,3\n"
    loaded, result = run(text, bids_case(**setup))
    entry = result.to_json(loaded)["ranked"][0]
    assert entry["by_criterion"] == {"residency": 0.0, "discount": -5000.0, "Quality": 300.0}
    assert sum(entry["by_criterion"].values()) == pytest.approx(entry["score"])


NAMES = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"
    ),
    min_size=1,
    max_size=60,
).filter(lambda name: name.strip() == name and name.strip())


@examples(40, derandomize=True)
@given(
    names=st.lists(NAMES, min_size=1, max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    data=st.data(),
)
def test_any_table_written_by_the_csv_module_is_read_back_cell_for_cell(
    names: list[str], delimiter: str, quoting: int, data: Any
) -> None:
    discounts = data.draw(st.lists(st.integers(0, 20), min_size=len(names), max_size=len(names)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["bidder", "residency", "discount"])
    for name, discount in zip(names, discounts, strict=True):
        writer.writerow([name, "eu_only", discount])
    _loaded, result = run(buffer.getvalue())
    table = result.table
    assert not table.errors
    assert [table.text("bidder", i) for i in range(len(names))] == names
    assert table.numbers["discount"].tolist() == [float(d) for d in discounts]


@examples(60, derandomize=True)
@given(data=st.binary(max_size=300))
def test_fuzzed_bytes_never_raise_anything_but_an_input_error(data: bytes) -> None:
    loaded = load(bids_case())
    try:
        mapping, table = read_bids(loaded, HEADER.encode() + data, "bids.csv")
        evaluate_bids(loaded, mapping, table).to_json(loaded)
    except InputFileError:
        pass


GROUPED = st.integers(-(10**12), 10**12).map(lambda n: f"{n:,}")


@examples(60, derandomize=True)
@given(cells=st.lists(st.one_of(GROUPED, st.just("1,5"), st.just("€ 12")), max_size=20))
def test_fast_and_reference_readers_agree_on_grouped_numbers(cells: list[str]) -> None:
    specs = [ColumnSpec("n", "number")]
    text = "n,x\n" + "".join(f'"{cell}",1\n' for cell in cells)
    quoted = read_csv(text.encode(), specs)
    for value, cell in zip(quoted.numbers["n"], cells, strict=True):
        expected = read_number(cell)
        assert (np.isnan(value) and isinstance(expected, str)) or value == expected


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "bids-city-services.md"


def test_markdown_output_matches_its_golden_file(cli: Any) -> None:
    """Regenerate after a deliberate change: brightline bids ... --limit 3 -f markdown > GOLDEN."""
    result = cli(
        "bids",
        str(EXAMPLES / "city-services-rfp.yaml"),
        str(EXAMPLES / "city-services-bids.csv"),
        "--limit",
        "3",
        "-f",
        "markdown",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")
    assert result.stdout.startswith("# Bids: ")


def test_counts_agree_with_their_nouns(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = write_file("bids.csv", HEADER + "Alpha,eu_only,5\nBeta,global,0\nGamma,eu_only,x|y\n")
    for format in ("text", "markdown"):
        result = cli("bids", str(case_path), str(path), "-f", format, "--ignore-unreadable")
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert "1 bid passes" in text and "1 problem" in text and "Knocked out" in text
        assert "1 bids" not in text and "1 problems" not in text
        assert "1 bid" in text.split("Knocked out")[1].splitlines()[0]
    markdown = cli("bids", str(case_path), str(path), "-f", "markdown", "--ignore-unreadable")
    assert "x\\|y" in markdown.stdout  # user text never breaks a table


def test_output_files_give_each_criterion(cli: Any, write_file: Any, tmp_path: Path) -> None:
    case_path = write_file("case.yaml", to_yaml(bids_case()))
    path = write_file("bids.csv", HEADER + "Alpha,eu_only,5\nBeta,global,0\n")
    target = tmp_path / "ranking.csv"
    result = cli("bids", str(case_path), str(path), "--output", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "status",
        "rank",
        "row",
        "bidder",
        "score (EUR)",
        "residency",
        "residency score (EUR)",
        "discount",
        "discount score (EUR)",
        "reasons",
    ]
    # Each issue: the bid's value as read, then its part of the score.
    assert rows[1][:9] == [
        "ranked",
        "1",
        "2",
        "Alpha",
        "-5000.0",
        "eu_only",
        "0.0",
        "5.0",
        "-5000.0",
    ]
    assert rows[2][0] == "knocked out" and "residency" in rows[2][-1]
    openpyxl = pytest.importorskip("openpyxl")
    workbook_path = tmp_path / "ranking.xlsx"
    cli("bids", str(case_path), str(path), "--output", str(workbook_path))
    sheet = openpyxl.load_workbook(workbook_path).active
    assert [cell.value for cell in sheet[2]][:9] == [
        "ranked",
        1,
        2,
        "Alpha",
        -5000.0,
        "eu_only",
        0.0,
        5.0,
        -5000.0,
    ]
    json_path = tmp_path / "ranking.json"
    cli("bids", str(case_path), str(path), "--output", str(json_path))
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert document["ranked"][0]["by_criterion"] == {"residency": 0.0, "discount": -5000.0}
    bad = cli("bids", str(case_path), str(path), "--output", str(tmp_path / "x.txt"))
    assert bad.exit_code == 2 and ".csv, .xlsx or .json" in bad.stderr


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_streamed_json_equals_the_document(batch: int) -> None:
    from brightline.report.bids_files import json_chunks

    loaded, result = run(
        HEADER + "A,eu_only,5\nB,global,0\nC,eu_only,x\nD,eu_only,10\nE,global,5\n"
    )
    streamed = json.loads("".join(json_chunks(loaded, result, batch=batch)))
    assert streamed == json.loads(json.dumps(result.to_json(loaded)))
    empty_loaded, empty = run(HEADER)
    assert json.loads("".join(json_chunks(empty_loaded, empty, batch=batch)))["ranked"] == []
