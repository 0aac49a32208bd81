"""Hiring documents read as a candidate should read them: true, fair, and from the facts.

A candidate gives no undertaking that "bands are published" (a ``mutual`` safeguard is the
employer's rule for everyone in the role), and an offer letter does not threaten the very offer
it makes ("void until the committee changes the band"): it says the letter's terms meet the
rules the safeguard upholds, which the letter check guarantees. The milestone review is written
as a date, who judges, numbered criteria and what follows.
"""

from __future__ import annotations

import datetime
import re

import pytest

from brightline.report.context import CaseContext
from brightline.services.cases import load_case
from brightline.services.documents import build_document, render
from conftest import EXAMPLES

HIRE = EXAMPLES / "senior-hire-pay-band.yaml"
BUILT = datetime.date(2026, 1, 1)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    context = CaseContext(load_case(HIRE))
    return {
        kind: render(build_document(kind, HIRE, built=BUILT, context=context), "md").decode()
        for kind in ("offer-letter", "proposal", "counter")
    }


def test_no_hiring_document_asks_the_candidate_for_an_undertaking(texts: dict[str, str]) -> None:
    for kind, text in texts.items():
        assert "undertaking" not in text, kind
        assert "Each party gives" not in text, kind


def test_each_clause_tied_to_a_standard_says_the_terms_offered_meet_it(
    texts: dict[str, str],
) -> None:
    """Only where terms are offered: a counter that proposes none says nothing of "terms here"."""
    for kind in ("proposal", "counter"):
        clauses = [line for line in texts[kind].splitlines() if re.match(r"\d+\. \*\*", line)]
        assert clauses, kind
        offered = kind == "proposal" or "Our counter" in texts[kind]
        for clause in clauses:  # both of the example's safeguards uphold a standard
            said = "The terms offered here meet \u201c" in clause
            assert said is offered, (kind, clause)


def test_the_offer_letter_states_its_terms_meet_the_rules_not_a_sanction_on_them(
    texts: dict[str, str],
) -> None:
    letter = texts["offer-letter"]
    assert "void" not in letter
    commitments = letter.split("## What we commit to", 1)[1].split("##", 1)[0]
    assert "Checked by Compensation committee (HR director and CFO)" in commitments
    assert "The terms of this letter meet \u201cBase salary within the published L6 band\u201d" in (
        commitments
    )


def test_the_milestone_review_is_dated_criteria(texts: dict[str, str]) -> None:
    review = texts["offer-letter"].split("## The milestone review", 1)[1].split("##", 1)[0]
    assert re.search(r"On \d{4}-\d{2}-\d{2} \(six months after the start date\), judged by", review)
    criteria = re.findall(r"^\d+\. (.+)$", review, re.M)
    assert criteria == [
        "Ledger migration live in production",
        "Two senior engineers mentored to the L6 expectations",
        "On-call redesign proposal accepted by the architecture group",
    ]
    assert "What follows: Each milestone met adds 3,000 EUR to base" in review
