"""One formatter for money and values: separators, units, never scientific notation or ``:g``."""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.amounts import amount, number_text, quantity, signed_amount

SRC = Path(__file__).resolve().parents[2] / "src" / "brightline"
PLAIN = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")
"""A number as people write it: thousands separators, optional decimals, no exponent."""

magnitudes = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)
signed_magnitudes = st.builds(
    lambda value, negative: -value if negative else value, magnitudes, st.booleans()
)


def _read_back(text: str) -> float:
    return float(text.replace(",", ""))


@given(signed_magnitudes)
def test_amount_reads_plainly_and_back_from_a_cent_to_a_billion(value: float) -> None:
    text = amount(value, "EUR")
    assert text.endswith(" EUR")
    number = text.removesuffix(" EUR")
    assert PLAIN.match(number), text
    assert "e" not in number.lower()
    back = _read_back(number)
    if abs(value) >= 1000:
        assert abs(back - value) <= 0.5, (value, text)
        assert "." not in number
    else:
        assert math.isclose(back, value, rel_tol=5e-4), (value, text)


@given(magnitudes)
def test_signed_amount_says_the_direction(value: float) -> None:
    assert signed_amount(value, "EUR") == f"+{amount(value, 'EUR')}"
    assert signed_amount(-value, "EUR") == amount(-value, "EUR")
    assert signed_amount(-value).startswith("-")


@given(signed_magnitudes)
def test_quantity_keeps_a_grid_value_to_ten_digits(value: float) -> None:
    text = quantity(value)
    assert PLAIN.match(text), text
    assert math.isclose(_read_back(text), value, rel_tol=1e-9), (value, text)


def test_examples_people_see() -> None:
    assert amount(1_250_000, "EUR / year") == "1,250,000 EUR / year"
    assert amount(1_234_567.89, "") == "1,234,568"
    assert amount(0.8234567, "utility") == "0.8235 utility"
    assert amount(12.5, "EUR") == "12.5 EUR"
    assert amount(999.96, "EUR") == "1,000 EUR"
    assert amount(0.01, "EUR") == "0.01 EUR"
    assert amount(1e9, "EUR") == "1,000,000,000 EUR"
    assert amount(-1e-7, "EUR") == "0 EUR", "float noise around zero reads as zero, never -0"
    assert amount(0.0, "") == "0"
    assert signed_amount(12_000, "EUR") == "+12,000 EUR"
    assert signed_amount(0.0, "EUR") == "0 EUR"
    assert quantity(149_999.5) == "149,999.5"
    assert quantity(2.5) == "2.5"
    assert quantity(100_000.0) == "100,000"
    assert number_text(float("inf")) == "unbounded"
    assert signed_amount(float("inf")) == "unbounded"
    assert number_text(float("nan")) == "not a number"


def test_say_lines_print_a_price_grid_value_as_money() -> None:
    """The say line of a numeric issue once read ``1.25e+06 EUR / year``."""
    from brightline.case import parse_case
    from brightline.offers.say import describe_choice
    from factories import minimal_case, to_yaml

    data = minimal_case()
    data["issues"].append(
        {
            "kind": "numeric",
            "id": "fee",
            "dimension": "price",
            "range": {"min": 0, "max": 2_000_000, "step": 250_000, "unit": "EUR / year"},
            "ours": [[0, 0], [2_000_000, 100]],
            "theirs": [[0, 100], [2_000_000, 0]],
        }
    )
    loaded = parse_case(to_yaml(data).encode(), "fee.yaml")
    assert describe_choice(loaded, "fee", 1_250_000.0) == "fee: 1,250,000 EUR / year"


def _formats_with_g(path: Path) -> list[int]:
    """Lines of ``path`` whose f-strings format a value with ``g`` (``:g``, ``:.4g``, ``:,.6g``)."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(
                part.value for part in node.format_spec.values if isinstance(part, ast.Constant)
            )
            if spec.endswith("g"):
                lines.append(node.lineno)
    return lines


def test_no_money_formatted_with_g_in_the_formatters_callers() -> None:
    """The modules that print amounts or issue values use the one formatter, not ``:g``."""
    callers = [
        "engine/wording.py",
        "offers/say.py",
        "offers/offer_input.py",
        "economics/deterrence.py",
        "lint/readiness_items.py",
        "lint/proportionality.py",
        "report/sections/case.py",
        "report/sections/engine.py",
        "report/sections/offers.py",
        "report/sections/meso.py",
        "report/sections/evaluation.py",
        "report/sections/bids.py",
        "report/sections/deterrence.py",
        "report/markdown.py",
        "session/timeline.py",
        "cli/offer_commands.py",
    ]
    found = {name: _formats_with_g(SRC / name) for name in callers}
    assert all(not lines for lines in found.values()), found


def _ad_hoc_money_formats(path: Path) -> list[int]:
    """Lines of ``path`` whose f-strings format with separators and fixed decimals (``:,.0f``)."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(
                part.value for part in node.format_spec.values if isinstance(part, ast.Constant)
            )
            if "," in spec and spec.endswith("f"):
                lines.append(node.lineno)
    return lines


def test_session_economics_report_and_cli_print_money_only_through_the_formatter() -> None:
    """``:,.0f`` rounds a GENIUS utility of 0.25 to 0 and reads differently from ``amount``."""
    files = [
        path
        for folder in ("session", "economics", "cli", "report")
        for path in sorted((SRC / folder).rglob("*.py"))
    ]
    found = {str(path.relative_to(SRC)): _ad_hoc_money_formats(path) for path in files}
    found.update(
        {
            str(path.relative_to(SRC)): _formats_with_g(path)
            for path in files
            if "session" in path.parts
        }
    )
    assert files and all(not lines for lines in found.values()), found


MONEY = [0.01, 0.25, 12.5, 999.4, 1_234.5, 65_000.0, 1_250_000.0, 1e9]


@pytest.mark.parametrize("value", MONEY)
def test_session_texts_print_money_with_the_formatter(value: float) -> None:
    from brightline.session.analytics import ConcessionAnalysis, reciprocity_flag
    from brightline.session.events import Event
    from brightline.session.recording import offer_problems
    from brightline.session.timeline import describe

    payload = {
        "item": "discount",
        "we_give": "5%",
        "we_get": "term",
        "value_to_us": -value,
        "value_to_them": value,
        "get_value": value,
    }
    line = describe(Event("s", 2, "concession", "a", "t", payload, "p", "h"), "EUR", "points")
    assert f"to us {amount(-value, 'EUR')}, to them {signed_amount(value, 'points')}" in line
    assert f"(worth {amount(value, 'EUR')} to us)" in line
    analysis = ConcessionAnalysis(
        given=value * 2,
        received=value,
        balance_to_us=-value,
        balance_to_them=value,
        reciprocity=0.5,
        unreciprocated=(),
        sizes=(),
        crossings=(),
        term_creep=(),
        one_sided=(),
        position=None,
    )
    flag = reciprocity_flag(analysis, "EUR")
    assert f"cost us {amount(value * 2, 'EUR')} and brought us {amount(value, 'EUR')}" in flag
    problems = offer_problems({"ours": -value, "reservation": value})
    text = next(iter(problems.values())).format(unit="EUR")
    assert f"worth {amount(-value, 'EUR')} to us" in text
    assert f"reservation point of {amount(value, 'EUR')}" in text
