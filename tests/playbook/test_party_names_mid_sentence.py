"""A party named by description ("The buyer") reads "the buyer" inside a sentence; names stay."""

from __future__ import annotations

import pytest

from brightline.case.validate import parse_case
from brightline.engine.wording import party_in_sentence
from brightline.playbook.phrases import case_terms
from conftest import EXAMPLES


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("The buyer", "the buyer"),
        ("The candidate (Dr Lena Hoffmann)", "the candidate (Dr Lena Hoffmann)"),
        ("The Hague Port Authority", "The Hague Port Authority"),
        ("Nordbank", "Nordbank"),
        ("Theodora Ltd", "Theodora Ltd"),
    ],
)
def test_party_in_sentence(name: str, inside: str) -> None:
    assert party_in_sentence(name) == inside


def test_the_playbook_names_a_described_party_in_lower_case() -> None:
    text = (EXAMPLES / "saas-data-residency.yaml").read_text(encoding="utf-8")
    loaded = parse_case(text.replace("name: Nordbank", "name: The buyer", 1).encode(), "c.yaml")
    assert case_terms(loaded.case)["them"] == "the buyer"
