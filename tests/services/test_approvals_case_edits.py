"""A team's case edit that moves a pre-committed reservation point waits in the inbox until approved."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.team_cases import ParsedCases, TeamCases
from brightline.session.accounts import AccountStore
from brightline.session.approvals import Decision
from brightline.session.database import open_database
from brightline.session.roles import Member, Role
from brightline.session.store import open_store
from session_support import case_text

COMMITTED = {"reservation.pre_committed": True}


def test_a_held_edit_is_saved_when_another_member_approves_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with open_database(url) as database:
        AccountStore(database).add_team("acme", "Acme", "2026-12-01T00:00:00+00:00")
    cases = TeamCases(lambda: open_database(url), "acme", "nina", ParsedCases())
    approvals = Approvals(lambda: open_store(url))
    before = case_text(**COMMITTED)
    case_id = cases.add(before.encode("utf-8"), "deal.yaml")
    renamed = case_text(**COMMITTED, **{"case.title": "Renamed"})
    cases.save(case_id, renamed)  # needs no approval
    moved = case_text(**COMMITTED, **{"case.title": "Renamed", "reservation.value": -15000})
    with pytest.raises(ApprovalNeeded, match=r"held as request \d+ of the approvals inbox"):
        cases.save(case_id, moved)
    with pytest.raises(ApprovalNeeded):  # asking twice lists it once
        cases.save(case_id, moved)
    assert cases.text(case_id) == renamed
    approver = Member("april", "acme", Role.APPROVER)
    [held] = approvals.inbox(approver).to_decide
    assert held.subject == "case-change" and held.requested_by == "nina"
    assert "from -10,000 EUR to -15,000 EUR" in held.needs[0]
    with pytest.raises(Exception, match="someone other than the requester"):
        approvals.decide_request(
            Member("nina", "acme", Role.OWNER), held.id, approve=True, reason="mine", cases=cases
        )
    decided = approvals.decide_request(
        approver, held.id, approve=True, reason="budget memo 12", cases=cases
    )
    assert decided.decision is Decision.APPROVED
    assert cases.text(case_id) == moved
