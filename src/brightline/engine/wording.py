"""How the engine's outcomes read in sentences: each issue with its value as the case wrote it.

The option id of a discrete issue stays unchanged (``tier=3``, not ``tier=3.0``); the number of a
numeric issue reads without a trailing ``.0``, with thousands separators and with the range's unit
(``discount=5 %``, ``price=150,000 EUR``). Amounts and counts are formatted by
:mod:`brightline.amounts`, the one formatter; import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping

from brightline.amounts import measured
from brightline.case.model import Case, NumericIssue, OptionValue

__all__ = ["issue_value_text", "outcome_text"]


def issue_value_text(case: Case, issue_id: str, value: OptionValue) -> str:
    """One issue's value for people: a numeric one with its unit, an option id as written."""
    issue = case.issue(issue_id)
    if not isinstance(issue, NumericIssue):
        return str(value)
    return measured(float(value), issue.range.unit)  # 150,000 reads at a glance; 16.5 stays


def outcome_text(case: Case, outcome: Mapping[str, OptionValue]) -> str:
    """``issue=value, ...`` in the outcome's order, each value by :func:`issue_value_text`."""
    return ", ".join(
        f"{issue_id}={issue_value_text(case, issue_id, value)}"
        for issue_id, value in outcome.items()
    )
