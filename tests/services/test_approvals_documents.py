"""A counterpart document for terms below the target waits for the team's approval."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.documents import DocumentRequest, produce_document
from brightline.services.sessions import Sessions
from brightline.session.approvals import ApprovalPolicy, Trigger
from brightline.session.roles import Member, Role
from brightline.session.store import open_store
from session_support import case_text

NEGOTIATOR = Member("nina", "deals", Role.NEGOTIATOR)
APPROVER = Member("alex", "deals", Role.APPROVER)
RECEIVED = ["residency=global", "discount=20"]


def test_a_counter_below_target_is_sent_only_after_approval(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'docs.db'}"
    sessions, approvals = Sessions(lambda: open_store(url)), Approvals(lambda: open_store(url))
    # Every compliant deal is worth at most 0 EUR to us, so a target of 1 EUR holds back any.
    policy = ApprovalPolicy(frozenset({Trigger.DOCUMENT_BELOW_TARGET}), {"t": 1.0})
    approvals.set_policy(Member("olga", "deals", Role.OWNER), policy)
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    session = sessions.start(case, "nina").id
    sessions.record_offer(session, "received", RECEIVED, member=NEGOTIATOR)
    request = DocumentRequest("counter", case, session=session)
    with pytest.raises(ApprovalNeeded, match="this counter needs approval before it is sent"):
        produce_document(request, "md", sessions=sessions, member=NEGOTIATOR)
    asked = approvals.request(
        NEGOTIATOR, session, RECEIVED, "keeps them talking", document="counter"
    )
    approvals.decide(APPROVER, session, asked.request_seq, approve=True, reason="fine")
    with pytest.raises(ApprovalNeeded):  # the approval covers the counter, not an offer letter
        approvals.check_document(
            NEGOTIATOR,
            session,
            "offer-letter",
            {"residency": "global", "discount": 20.0},
            {"ours": -1.0},
        )
    written = produce_document(request, "md", sessions=sessions, member=NEGOTIATOR)
    assert written.event is not None and written.event.author == "nina"
    assert sessions.verify(session).report.intact
