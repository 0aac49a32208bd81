"""A numeric issue's value with its unit reads as a person writes it."""

from __future__ import annotations

import pytest

from brightline.amounts import measured


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (9, "week", "9 weeks"),
        (1, "weeks", "1 week"),
        (1, "week", "1 week"),
        (0, "packs", "0 packs"),
        (5, "business_days", "5 business days"),
        (1, "business_days", "1 business day"),
        (2.5, "months", "2.5 months"),
        (3, "level", "level 3"),
        (10, "%", "10%"),
        (5, "% of monthly fee", "5% of monthly fee"),
        (19, "USD million / year", "19 USD million / year"),
        (130000, "EUR / year", "130,000 EUR / year"),
        (7, "", "7"),
        (3, "basis points of card turnover", "3 basis points of card turnover"),
    ],
)
def test_units_agree_with_their_number(value: float, unit: str, expected: str) -> None:
    assert measured(value, unit) == expected


def test_a_unit_that_only_ends_in_s_is_kept() -> None:
    # "days / week" is not a counted unit: it is written as the case gives it.
    assert measured(4, "days / week") == "4 days / week"
    assert measured(1, "hours") == "1 hour"
