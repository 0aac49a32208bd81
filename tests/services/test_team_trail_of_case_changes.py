"""Case changes asked for and decided are events of the team's hash chain, checked by verify.

They used to be inbox rows only: whoever could write the database could rewrite who asked or
who approved, and nothing would tell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.team_cases import ParsedCases, TeamCases
from brightline.session.accounts import AccountStore
from brightline.session.database import open_database
from brightline.session.roles import Member, Role
from brightline.session.store import open_store
from brightline.session.team_trail import TeamEventKind, events
from conftest import Outcome
from session_support import case_text

APPROVER = Member("april", "acme", Role.APPROVER)
COMMITTED = {"reservation.pre_committed": True}


def _decided(tmp_path: Path) -> tuple[str, Approvals]:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with open_database(url) as database:
        AccountStore(database).add_team("acme", "Acme", "2026-12-01T00:00:00+00:00")
    cases = TeamCases(lambda: open_database(url), "acme", "nina", ParsedCases())
    approvals = Approvals(lambda: open_store(url))
    case_id = cases.add(case_text(**COMMITTED).encode(), "deal.yaml")
    with pytest.raises(ApprovalNeeded):
        cases.save(case_id, case_text(**COMMITTED, **{"reservation.value": -15000}))
    [held] = approvals.inbox(APPROVER).to_decide
    approvals.decide_request(APPROVER, held.id, approve=True, reason="memo 12", cases=cases)
    return url, approvals


def test_each_step_is_an_event_of_the_team_s_chain_with_who_did_it(tmp_path: Path) -> None:
    url, approvals = _decided(tmp_path)
    with open_database(url) as database, database.reading() as connection:
        asked, decided = events(connection, "acme")
    assert (asked.kind, asked.author, asked.payload["case"]) == (
        TeamEventKind.CASE_REQUEST,
        "nina",
        "deal",
    )
    assert "from -10,000 EUR to -15,000 EUR" in asked.payload["needs"][0]
    assert (decided.kind, decided.author, decided.payload["role"]) == (
        TeamEventKind.CASE_APPROVAL,
        "april",
        "approver",
    )
    assert decided.prev_hash == asked.hash
    report = approvals.verify_team_trail(APPROVER)
    assert report.intact and report.events == 2


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("UPDATE approval_requests SET decided_by = 'mallory'", "which the team's trail does not"),
        ("UPDATE approval_requests SET requested_by = 'olive'", "differs from its request"),
        ("UPDATE team_trail SET author = 'olive' WHERE seq = 1", "#1 was changed"),
        ("DELETE FROM team_trail WHERE seq = 1", "event #1 is missing"),
    ],
)
def test_verify_names_a_rewritten_row_or_event(tmp_path: Path, sql: str, problem: str) -> None:
    url, approvals = _decided(tmp_path)
    with open_database(url) as database, database.engine.begin() as connection:
        connection.execute(text(sql))
    report = approvals.verify_team_trail(APPROVER)
    assert not report.intact and problem in report.problem


def test_the_command_line_verifies_the_team_s_trail(
    tmp_path: Path, cli: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = _decided(tmp_path)
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", url)  # no users: the local team's, empty
    result = cli("session", "approvals", "--verify")
    assert result.exit_code == 0, result.output
    assert "team local's trail of case changes: 0 events, intact" in result.stdout
