"""The shipped examples stay valid: they load, pass `check`, cover every context, and say what they show.

Each example is a complete case a user can learn from, so the bar is higher than "loads": no
error-level finding, every readiness item done, and the warrant-gate verdict the example was written
to illustrate.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from brightline.case.model import Context
from brightline.engine.gate import Verdict, warrant_gate
from brightline.lint.registry import Severity
from brightline.services import check_case, load_case
from conftest import EXAMPLES, Outcome

CASES = sorted(EXAMPLES.glob("*.yaml"))
BIDS = EXAMPLES / "city-services-bids.csv"
# Warnings an example keeps on purpose (file stem -> lint codes), each explained by a comment in the
# file. Empty today: every example is clean. A new warning means fixing the example or listing it.
DELIBERATE_WARNINGS: dict[str, set[str]] = {}


def test_examples_exist() -> None:
    assert len(CASES) >= 6, [path.name for path in CASES]


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_example_has_no_error_finding(path: Path) -> None:
    result = check_case(path)
    errors = [
        f"{finding.code} {finding.message}"
        for finding in result.report.findings
        if finding.severity is Severity.ERROR
    ]
    assert errors == []


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_example_warnings_are_deliberate(path: Path) -> None:
    result = check_case(path)
    allowed = DELIBERATE_WARNINGS.get(path.stem, set())
    unexpected = [
        f"{finding.code} {finding.message}"
        for finding in result.report.findings
        if finding.code not in allowed
    ]
    assert unexpected == []


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_example_readiness_is_complete(path: Path) -> None:
    result = check_case(path)
    missing = [f"{item.code} {item.detail}" for item in result.report.readiness if not item.done]
    assert missing == []


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_cli_check_exits_zero(cli, path: Path) -> None:  # type: ignore[no-untyped-def]
    result: Outcome = cli("check", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_example_records_a_received_offer(path: Path) -> None:
    case = load_case(path).case
    assert any(offer.direction.value == "received" for offer in case.offers)


def test_every_context_has_an_example() -> None:
    contexts = {load_case(path).case.case.context for path in CASES}
    assert contexts == set(Context)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        # The case written to show that a compliant, integrative deal makes a hard stance needless.
        ("integrative-deal-not-warranted", Verdict.INTEGRATIVE_FIRST),
        # No offer within the band beats the candidate's competing offer: holding it is warranted.
        ("senior-hire-pay-band", Verdict.LOSE_LOSE_WARRANTED),
        # The division expects the CEO to overrule the gate: no compliant plan beats that for them.
        ("leadership-safety-gate", Verdict.LOSE_LOSE_WARRANTED),
    ],
)
def test_gate_verdict_matches_what_the_example_shows(name: str, verdict: Verdict) -> None:
    result = warrant_gate(load_case(EXAMPLES / f"{name}.yaml"))
    assert result.verdict is verdict, result.reasons


def test_not_warranted_example_beats_both_alternatives_by_far() -> None:
    case = load_case(EXAMPLES / "integrative-deal-not-warranted.yaml").case
    offer = next(offer for offer in case.offers if offer.id == "token_package")
    ours = sum(case.issue(issue).value_to_us(choice) for issue, choice in offer.outcome.items())
    theirs = sum(case.issue(issue).value_to_them(choice) for issue, choice in offer.outcome.items())
    assert case.reservation is not None and case.their_batna is not None
    assert ours >= 2 * case.reservation.value
    assert theirs >= 2 * case.their_batna.value


def test_bids_file_columns_are_the_rfp_issue_ids() -> None:
    case = load_case(EXAMPLES / "city-services-rfp.yaml").case
    with BIDS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, bids = rows[0], rows[1:]
    assert header == ["bidder", *(issue.id for issue in case.issues)]
    assert 15 <= len(bids) <= 30
    assert all(len(row) == len(header) for row in bids)
    bidders = [row[0] for row in bids]
    assert len(set(bidders)) == len(bidders)
