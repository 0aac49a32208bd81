"""How the engine's numbers and outcomes read in sentences: one formatter for every reason and table.

An amount carries its unit; an outcome names each issue with its value as the case wrote it: the
option id of a discrete issue unchanged (``tier=3``, not ``tier=3.0``), the number of a numeric
issue without a trailing ``.0`` and with the range's unit (``discount=5 %``, ``start_week=2
weeks``).
"""

from __future__ import annotations

from collections.abc import Mapping

from brightline.case.model import Case, NumericIssue, OptionValue


def amount(value: float, unit: str) -> str:
    """A number with its unit: whole units for large amounts, four significant digits for small."""
    if abs(value) >= 1000:
        return f"{value:,.0f} {unit}"
    return f"{value:.4g} {unit}"


def issue_value_text(case: Case, issue_id: str, value: OptionValue) -> str:
    """One issue's value for people: a numeric one with its unit, an option id as written."""
    issue = case.issue(issue_id)
    if not isinstance(issue, NumericIssue):
        return str(value)
    text = format(float(value), ",.10g")  # 150,000 reads at a glance; 16.5 stays 16.5
    return f"{text} {issue.range.unit}" if issue.range.unit else text


def outcome_text(case: Case, outcome: Mapping[str, OptionValue]) -> str:
    """``issue=value, ...`` in the outcome's order, each value by :func:`issue_value_text`."""
    return ", ".join(
        f"{issue_id}={issue_value_text(case, issue_id, value)}"
        for issue_id, value in outcome.items()
    )
