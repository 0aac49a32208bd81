"""Requests and decisions on each database: the head state keeps them, verify agrees."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.sessions import Sessions
from brightline.session.approvals import ApprovalPolicy, Trigger
from brightline.session.roles import Member, Role
from brightline.session.store import open_store
from session_support import case_text, database_url

__all__ = ["database_url"]  # the fixture, re-exported for pytest

BELOW = ["residency=eu_only", "discount=5"]


def test_an_approval_survives_new_stores_and_verifies(database_url: str, tmp_path: Path) -> None:
    team = f"team-{uuid.uuid4().hex[:8]}"  # the PostgreSQL test database is shared
    factory = lambda: open_store(database_url)  # noqa: E731 - a new store (process) per call
    nina, alex = Member("nina", team, Role.NEGOTIATOR), Member("alex", team, Role.APPROVER)
    Approvals(factory).set_policy(
        Member("olga", team, Role.OWNER), ApprovalPolicy(frozenset(Trigger), {"t": -4000.0})
    )
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    session = Sessions(factory).start(case, "nina").id
    request = Approvals(factory).request(nina, session, BELOW, "signs today")
    with pytest.raises(ApprovalNeeded):
        Sessions(factory).record_offer(session, "made", BELOW, member=nina)
    Approvals(factory).decide(alex, session, request.request_seq, approve=True, reason="ok")
    recorded = Sessions(factory).record_offer(session, "made", BELOW, member=nina)
    assert recorded.event.payload["approval"] == request.request_seq + 1
    assert Sessions(factory).verify(session).report.intact
