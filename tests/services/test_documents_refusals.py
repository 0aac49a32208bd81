"""Documents that must not be written, and the record that must not be left behind.

An offer letter below our reservation point, or beaten for both sides by other compliant terms,
gives value away in a signed document; a proposal where the gate says walk away promises what we
will not do; a pause or walk-away record with no decision behind it states what nobody decided.
Each is refused with a usage error naming the parameter to change. And a document that could not
be written leaves no ``document`` event in the append-only trail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.services.documents import build_document
from conftest import EXAMPLES

HIRE = EXAMPLES / "senior-hire-pay-band.yaml"
TERMS = "base_salary=130000,signing_bonus=10000,level=staff,review_month=6,remote_days=4"


def _with_reservation(tmp_path: Path, value: int) -> Path:
    text = HIRE.read_text(encoding="utf-8")
    assert "\n  value: 60000\n" in text
    path = tmp_path / "hire.yaml"
    path.write_text(text.replace("\n  value: 60000\n", f"\n  value: {value}\n"), encoding="utf-8")
    return path


def test_an_offer_letter_below_the_reservation_point_is_refused(tmp_path: Path) -> None:
    case = _with_reservation(tmp_path, 115_000)
    with pytest.raises(UsageError) as raised:
        build_document("offer-letter", case, offer=TERMS)
    assert raised.value.parameter == "offer"
    message = raised.value.message
    assert "below our reservation point (115,000 EUR)" in message, message
    assert "35,000 EUR below" in message  # worth 80,000 EUR to us


def test_an_offer_letter_beaten_for_both_sides_is_refused_with_the_better_terms() -> None:
    dominated = "base_salary=120000,signing_bonus=5000,level=staff,review_month=12,remote_days=4"
    with pytest.raises(UsageError) as raised:
        build_document("offer-letter", HIRE, offer=dominated)
    assert raised.value.parameter == "offer"
    message = raised.value.message
    assert message.startswith("is beaten for both sides by other compliant terms ("), message
    assert "Annual base salary: " in message  # the better terms, by label
    assert "EUR more to us and an estimated" in message and "more to them" in message


def test_an_offer_letter_on_the_frontier_above_the_floor_is_written() -> None:
    fine = "base_salary=120000,signing_bonus=5000,level=staff,review_month=6,remote_days=2"
    document = build_document("offer-letter", HIRE, offer=fine)
    assert document.heading == "Offer letter"
