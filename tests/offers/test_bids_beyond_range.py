"""Numbers outside an issue's range: a knock-out when they break a must-have, else not scored.

The hiring case's pay band says base salary <= 130,000 EUR; a bid of 1,265,000 is readable and
breaks it, so it is knocked out with the band as its reason, never a row to "fix" before an award.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from brightline.case import LoadedCase, parse_case
from brightline.case.model import NumericIssue
from brightline.offers.bids import BidsResult, evaluate_bids
from brightline.offers.bids_reading import beyond_bound, read_bids

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

HIRE_BIDS = (
    "bidder,base_salary,signing_bonus,level,review_month,remote_days\n"
    'A,"125,000",5000,staff,6,4\n'
    'B,"€120,000.00",0,staff,6,4\n'
    "C,EUR 118 000,0,staff,6,4\n"
    'D,"1,265,000",0,staff,6,4\n'
    'E,121500,"10,000",staff,6,4\n'
)


def _case() -> LoadedCase:
    path = EXAMPLES / "senior-hire-pay-band.yaml"
    return parse_case(path.read_bytes(), str(path))


def _hire(text: str) -> tuple[LoadedCase, BidsResult]:
    loaded = _case()
    mapping, table = read_bids(loaded, text.encode(), "hire-bids.csv")
    return loaded, evaluate_bids(loaded, mapping, table)


def test_a_readable_salary_above_the_band_is_knocked_out_not_a_row_to_fix() -> None:
    loaded, result = _hire(HIRE_BIDS)
    document = result.to_json(loaded)
    assert document["errors"] == []
    assert [entry["row"] for entry in document["knocked_out"]] == [5]
    reasons = document["knocked_out"][0]["reasons"]
    assert reasons == [
        "pay_band: needs base_salary <= 130000, bid has base_salary = 1,265,000 EUR / year"
    ]
    assert document["recommendation"]["action"] == "two-stage-award"
    assert document["recommendation"]["bidder"] == "C"


def test_out_of_range_and_compliant_blocks_only_where_it_could_win() -> None:
    # 100,000 is below the range (110,000): a lower salary is worth more to us, with no bound
    # past the range's end, so it might have won. 165,000 breaks the band as well: knocked out.
    text = HIRE_BIDS.replace('D,"1,265,000"', "D,100000") + "F,165000,0,staff,6,4\n"
    loaded, result = _hire(text)
    document = result.to_json(loaded)
    assert [(error["row"], error["column"]) for error in document["errors"]] == [(5, "base_salary")]
    assert "its value curve ends there" in document["errors"][0]["message"]
    assert [entry["row"] for entry in document["knocked_out"]] == [7]
    assert document["recommendation"]["action"] == "fix-unreadable"
    assert document["recommendation"]["rows"] == [5]


def test_the_bound_past_the_range_is_flat_where_the_curve_falls_toward_the_end() -> None:
    salary = _case().case.issue("base_salary")
    # Ours: 120,000 at 110,000 falling to 70,000 at 160,000.
    assert isinstance(salary, NumericIssue)
    bound = beyond_bound(salary, np.array([100_000.0, 170_000.0]))
    assert bound.tolist() == [np.inf, 70_000.0]
