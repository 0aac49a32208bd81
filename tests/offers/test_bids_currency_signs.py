"""Dollar signs with a country's letters (US$, C$, HK$) lead or trail a number, decimal comma or not.

``US$ 19,00`` was refused as "'US' is not a currency" though ``--decimal-comma`` was given.
"""

from __future__ import annotations

import pytest

from brightline.offers.bids_numbers import NumberStyle, read_number


@pytest.mark.parametrize(
    ("cell", "style", "expected"),
    [
        ("US$ 19,00", NumberStyle.COMMA, 19.0),
        ("US$19,00", NumberStyle.COMMA, 19.0),
        ("19,00 US$", NumberStyle.COMMA, 19.0),
        ("US$ 1.265.000,50", NumberStyle.COMMA, 1265000.5),
        ("US$ 1,265,000.50", NumberStyle.POINT, 1265000.5),
        ("$ 19,00", NumberStyle.COMMA, 19.0),
        ("USD 19,00", NumberStyle.COMMA, 19.0),
    ],
)
def test_lettered_dollar_signs_read_as_their_currency(
    cell: str, style: NumberStyle, expected: float
) -> None:
    assert read_number(cell, style, "USD", "") == expected


def test_another_countrys_dollar_is_refused_with_its_code() -> None:
    found = read_number("C$ 5,00", NumberStyle.COMMA, "USD", "")
    assert found == "'C$ 5,00' is in CAD, the column counts in USD: convert it"
    assert "'US' is not a currency" in str(read_number("US 19", NumberStyle.COMMA, "USD", ""))
