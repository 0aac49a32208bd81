"""Renaming an issue or an option carries the new name into the rules and offers that use it."""

from __future__ import annotations

from typing import Any

import pytest

from brightline.services.case_renames import (
    Renames,
    carry_renames,
    renamed_rule,
    renames_between,
)

OPTIONS = Renames({}, {("residency", "eu_only"): "eu"})


@pytest.mark.parametrize(
    ("rule", "renamed"),
    [
        ('residency == "eu_only"', 'residency == "eu"'),
        ("residency == 'eu_only'", "residency == 'eu'"),
        ("residency==eu_only", "residency==eu"),
        ('residency in ["global", "eu_only"]', 'residency in ["global", "eu"]'),
        ("residency not in [eu_only]", "residency not in [eu]"),
        # Only the renamed issue's option: another issue's option of the same name stays.
        ('scope == "eu_only" -> residency == "eu_only"', 'scope == "eu_only" -> residency == "eu"'),
        # A rule that does not parse is left as written (the check words its problem).
        ('residency == "eu_only', 'residency == "eu_only'),
    ],
)
def test_a_renamed_option_is_renamed_in_a_rule_and_nothing_else(rule: str, renamed: str) -> None:
    assert renamed_rule(rule, OPTIONS) == renamed


def test_a_renamed_issue_is_renamed_where_it_is_an_issue() -> None:
    renames = Renames({"residency": "data_home"}, {("residency", "eu_only"): "eu"})
    assert renamed_rule('(residency == "eu_only") and audit != "none"', renames) == (
        '(data_home == "eu") and audit != "none"'
    )


def _issue(identifier: str, *options: str) -> dict[str, Any]:
    return {"id": identifier, "options": [{"id": option} for option in options]}


def test_renames_are_told_from_added_removed_and_moved_options() -> None:
    stored = {"issues": [_issue("residency", "eu_only", "global"), _issue("audit", "none", "full")]}
    renamed = {"issues": [_issue("residency", "eu", "global"), _issue("audit", "none", "full")]}
    assert renames_between(stored, renamed) == Renames({}, {("residency", "eu_only"): "eu"})
    removed = {"issues": [_issue("residency", "global"), _issue("audit", "none", "full")]}
    assert not renames_between(stored, removed)  # a shifted list renames nothing
    swapped = {
        "issues": [_issue("residency", "global", "eu_only"), _issue("audit", "none", "full")]
    }
    assert not renames_between(stored, swapped)
    issue = {"issues": [_issue("data_home", "eu_only", "global"), _issue("audit", "none", "full")]}
    assert renames_between(stored, issue) == Renames({"residency": "data_home"}, {})


def test_every_use_is_carried_and_named() -> None:
    data = {
        "issues": [
            {
                **_issue("residency", "eu", "global"),
                "contingent": [{"id": "later", "if_pass": "eu_only", "if_fail": "global"}],
            }
        ],
        "standards": [{"id": "eu_residency", "rule": 'residency == "eu_only"'}],
        "harms": [{"id": "fine", "rule": 'residency != "eu_only"'}],
        "offers": [{"id": "o1", "outcome": {"residency": "eu_only"}}],
    }
    carried, where = carry_renames(data, OPTIONS)
    assert where == [
        "standards[0].rule",
        "harms[0].rule",
        "issues[0].contingent[0].if_pass",
        "offers[0].outcome",
    ]
    assert carried["standards"][0]["rule"] == 'residency == "eu"'
    assert carried["offers"][0]["outcome"] == {"residency": "eu"}
    assert carried["issues"][0]["contingent"][0]["if_pass"] == "eu"
    assert data["standards"][0]["rule"] == 'residency == "eu_only"'  # the input is not changed
