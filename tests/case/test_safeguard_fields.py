"""Safeguard contract fields load with precise types, and bad ones point at FILE:LINE:COL."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from brightline.case.validate import parse_case
from brightline.errors import CaseFileError
from factories import minimal_case, to_yaml


def _load(**changes: Any) -> Any:
    document = minimal_case()
    document["safeguards"][0].update(changes)
    return parse_case(to_yaml(document).encode("utf-8"), "case.yaml")


def _problem(**changes: Any) -> str:
    with pytest.raises(CaseFileError) as caught:
        _load(**changes)
    return str(caught.value)


def test_due_is_read_as_date() -> None:
    safeguard = _load().case.safeguards[0]
    assert safeguard.date == safeguard.due == datetime.date(2027, 1, 31)


def test_date_is_the_field_name() -> None:
    document = minimal_case()
    del document["safeguards"][0]["due"]
    document["safeguards"][0]["date"] = "2027-05-01"
    loaded = parse_case(to_yaml(document).encode("utf-8"), "case.yaml")
    assert loaded.case.safeguards[0].date == datetime.date(2027, 5, 1)


def test_bad_duration_unit_is_located() -> None:
    message = _problem(kind="exit", exit={"transition": {"length": 3, "unit": "fortnights"}})
    assert "case.yaml:" in message
    assert "safeguards[0].exit.transition.unit: 'fortnights' is not one of" in message


def test_credit_share_above_one_is_located() -> None:
    message = _problem(
        kind="service_credits", service_credits={"tiers": [{"threshold": 99, "credit": 5}]}
    )
    assert "safeguards[0].service_credits.tiers[0].credit: 5 is out of range" in message


def test_tier_on_the_met_side_of_the_target_is_refused() -> None:
    message = _problem(
        kind="service_credits",
        service_credits={"target": 99.9, "tiers": [{"threshold": 99.95, "credit": 0.05}]},
    )
    assert "credit tier at 99.95 lies above the target 99.9" in message


def test_block_of_another_kind_is_refused_at_its_key() -> None:
    text = to_yaml(
        {
            **minimal_case(),
            "safeguards": [
                {**minimal_case()["safeguards"][0], "escrow": {"agent": "NCC Group"}},
            ],
        }
    )
    with pytest.raises(CaseFileError) as caught:
        parse_case(text.encode("utf-8"), "case.yaml")
    (problem,) = caught.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "escrow:")
    assert (problem.line, problem.path) == (line, "safeguards[0].escrow")
    assert "set `kind: escrow`" in problem.hint


def test_unknown_block_field_suggests_the_right_one() -> None:
    message = _problem(kind="audit_rights", audit_rights={"notice_period": {"length": 1}})
    assert "unknown key 'notice_period'" in message and "notice" in message
