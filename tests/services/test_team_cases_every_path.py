"""Every way a team's case can change goes through the approval policy, not only an edit.

Deleting a case with a pre-committed reservation point and uploading it again with another one,
or uploading a second copy of the same case with fewer standards, used to be saved at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.case_library import CaseLibrary, CaseWriting
from brightline.services.team_cases import ParsedCases, TeamCases
from brightline.session.accounts import AccountStore
from brightline.session.approvals import Decision
from brightline.session.database import open_database
from brightline.session.roles import Member, Role
from brightline.session.store import open_store
from session_support import case_text

COMMITTED = {"reservation.pre_committed": True}
APPROVER = Member("april", "acme", Role.APPROVER)


def _team(tmp_path: Path) -> tuple[TeamCases, Approvals]:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with open_database(url) as database:
        AccountStore(database).add_team("acme", "Acme", "2026-12-01T00:00:00+00:00")
    cases = TeamCases(lambda: open_database(url), "acme", "nina", ParsedCases())
    return cases, Approvals(lambda: open_store(url))


def test_deleting_a_pre_committed_case_waits_for_approval_and_the_approval_deletes_it(
    tmp_path: Path,
) -> None:
    cases, approvals = _team(tmp_path)
    case_id = cases.add(case_text(**COMMITTED).encode("utf-8"), "deal.yaml")
    with pytest.raises(ApprovalNeeded, match="this deletion needs approval first"):
        cases.delete(case_id)
    assert cases.exists(case_id)
    [held] = approvals.inbox(APPROVER).to_decide
    assert "pre-committed reservation point of -10,000 EUR" in held.needs[0]
    approvals.decide_request(APPROVER, held.id, approve=True, reason="deal is off", cases=cases)
    assert not cases.exists(case_id)


def test_a_second_upload_of_the_same_case_with_a_moved_reservation_point_is_held(
    tmp_path: Path,
) -> None:
    cases, approvals = _team(tmp_path)
    cases.add(case_text(**COMMITTED).encode("utf-8"), "deal.yaml")
    moved = case_text(**COMMITTED, **{"reservation.value": -15000})
    with pytest.raises(ApprovalNeeded, match="this new case needs approval first"):
        cases.add(moved.encode("utf-8"), "deal.yaml")
    assert [entry.case_id for entry in cases.entries()] == ["deal"]
    [held] = approvals.inbox(APPROVER).to_decide
    assert held.case_id == "deal-2"
    assert "from -10,000 EUR to -15,000 EUR" in held.needs[0]
    decided = approvals.decide_request(
        APPROVER, held.id, approve=True, reason="new budget", cases=cases
    )
    assert decided.decision is Decision.APPROVED
    assert cases.text("deal-2") == moved


def test_a_copy_from_a_folder_is_held_against_the_teams_case_of_the_same_id(
    tmp_path: Path,
) -> None:
    cases, _ = _team(tmp_path)
    cases.add(case_text(**COMMITTED).encode("utf-8"), "deal.yaml")
    folder = CaseLibrary(tmp_path / "folder")
    folder.save("deal", case_text(**{"reservation.pre_committed": False}))
    with pytest.raises(ApprovalNeeded, match="takes back the pre-commitment"):
        cases.copy_from(folder, "deal")
    assert not cases.exists("deal-2")


def test_a_case_with_no_commitment_and_no_standards_comes_and_goes_freely(tmp_path: Path) -> None:
    cases, approvals = _team(tmp_path)
    free = case_text(standards=[], **{"reservation.pre_committed": False})
    case_id = cases.add(free.encode("utf-8"), "draft.yaml")
    assert cases.add(free.encode("utf-8"), "draft.yaml") == "draft-2"
    cases.delete(case_id)
    assert not cases.exists(case_id)
    assert approvals.inbox(APPROVER).to_decide == ()


def test_both_libraries_add_with_the_same_code() -> None:
    for name in ("add", "add_starter", "copy_from"):
        assert getattr(TeamCases, name) is getattr(CaseWriting, name)
        assert getattr(CaseLibrary, name) is getattr(CaseWriting, name)
