"""Approvals as policy, in the trail: requests, decisions by someone else, the blocked offer.

The factory case: residency (eu_only is compliant) and a discount of 0 to 20 worth 0 to -20,000
EUR to us; reservation -10,000 EUR. The team's policy sets the case's target at -4,000 EUR, so a
discount of 5 (-5,000 EUR) is below the target and a discount of 0 is not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.services.approval_inbox import ApprovalRequest
from brightline.services.approvals import ApprovalNeeded, Approvals
from brightline.services.sessions import Sessions
from brightline.session.approvals import (
    DEFAULT_POLICY,
    NO_POLICY,
    ApprovalError,
    ApprovalPolicy,
    Decision,
    Trigger,
)
from brightline.session.events import EventKind, SessionError
from brightline.session.roles import Member, Role
from brightline.session.store import SessionStore, open_store
from session_support import case_text

TEAM = "deals"
OWNER = Member("olga", TEAM, Role.OWNER)
NEGOTIATOR = Member("nina", TEAM, Role.NEGOTIATOR)
APPROVER = Member("alex", TEAM, Role.APPROVER)
VIEWER = Member("vic", TEAM, Role.VIEWER)
OTHER_TEAM_APPROVER = Member("omar", "rivals", Role.APPROVER)
POLICY = ApprovalPolicy(frozenset(Trigger), {"t": -4000.0})
BELOW = ["residency=eu_only", "discount=5"]
ABOVE = ["residency=eu_only", "discount=0"]


def _factory(path: Path) -> Callable[[], SessionStore]:
    url = f"sqlite:///{path}"
    return lambda: open_store(url)


@pytest.fixture(scope="module")
def team_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Callable[[], SessionStore], Path]:
    """One migrated database for the module (migrating is the slow part); sessions are apart."""
    root = tmp_path_factory.mktemp("approvals")
    case = root / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    return _factory(root / "team.db"), case


@pytest.fixture
def services(
    team_store: tuple[Callable[[], SessionStore], Path],
) -> tuple[Sessions, Approvals, str]:
    factory, case = team_store
    sessions, approvals = Sessions(factory), Approvals(factory)
    approvals.set_policy(OWNER, POLICY)
    session = sessions.start(case, NEGOTIATOR.user).id
    return sessions, approvals, session


def test_a_team_without_a_policy_has_the_default_and_the_local_store_none(tmp_path: Path) -> None:
    approvals = Approvals(_factory(tmp_path / "fresh.db"))
    assert approvals.policy("anyone") == DEFAULT_POLICY
    assert approvals.policy("local") == NO_POLICY


def test_only_an_owner_changes_the_policy(services: tuple[Sessions, Approvals, str]) -> None:
    _, approvals, _ = services
    for member in (NEGOTIATOR, APPROVER, VIEWER):
        with pytest.raises(ApprovalError, match="only an owner"):
            approvals.set_policy(member, NO_POLICY)
    assert approvals.policy(TEAM) == POLICY
    assert approvals.set_policy(OWNER, NO_POLICY) == NO_POLICY


def test_an_offer_below_target_is_blocked_then_allowed_after_approval(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    with pytest.raises(ApprovalNeeded, match="below the policy's target of -4,000 EUR") as raised:
        sessions.record_offer(session, "made", BELOW, member=NEGOTIATOR)
    assert raised.value.action is not None
    assert raised.value.action.use_case == "request approval"
    request = approvals.request(NEGOTIATOR, session, BELOW, "they sign this quarter")
    assert request.decision is Decision.PENDING and request.requested_by == "nina"
    with pytest.raises(ApprovalNeeded):  # a pending request is not an approval
        sessions.record_offer(session, "made", BELOW, member=NEGOTIATOR)
    approval = approvals.decide(
        APPROVER, session, request.request_seq, approve=True, reason="worth the logo"
    )
    assert approval.author == "alex" and approval.payload["request"] == request.request_seq
    recorded = sessions.record_offer(session, "made", BELOW, member=NEGOTIATOR)
    assert recorded.event.author == "nina"
    assert recorded.event.payload["approval"] == approval.seq
    assert sessions.verify(session).report.intact


def test_an_approval_of_other_terms_does_not_cover_an_offer(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    request = approvals.request(NEGOTIATOR, session, BELOW, "they sign this quarter")
    approval = approvals.decide(APPROVER, session, request.request_seq, approve=True, reason="ok")
    deeper = ["residency=eu_only", "discount=10"]
    with pytest.raises(ApprovalNeeded):
        sessions.record_offer(session, "made", deeper, member=NEGOTIATOR)
    with pytest.raises(ApprovalNeeded):  # naming it explicitly does not help either
        sessions.record_offer(session, "made", deeper, approval=approval.seq, member=NEGOTIATOR)


def test_an_offer_at_or_above_target_needs_no_approval(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    recorded = sessions.record_offer(session, "made", ABOVE, member=NEGOTIATOR)
    assert "approval" not in recorded.event.payload
    received = sessions.record_offer(session, "received", BELOW, member=NEGOTIATOR)
    assert received.event.kind == "offer"
    with pytest.raises(ApprovalError, match="need no approval"):
        approvals.request(NEGOTIATOR, session, ABOVE, "just in case")


def test_an_offer_that_breaks_a_standard_needs_a_waiver_approval(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    waiver = ["residency=global", "discount=0"]
    with pytest.raises(ApprovalNeeded, match="breaks the standard eu: a waiver"):
        sessions.record_offer(session, "made", waiver, member=NEGOTIATOR)
    request = approvals.request(NEGOTIATOR, session, waiver, "the board accepts the risk")
    approvals.decide(OWNER, session, request.request_seq, approve=True, reason="board minute 7")
    assert sessions.record_offer(session, "made", waiver, member=NEGOTIATOR).event.seq > 0


def test_the_requester_never_approves_their_own_request(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    request = approvals.request(OWNER, session, BELOW, "closing today")
    with pytest.raises(ApprovalError, match="someone other than the requester"):
        approvals.decide(OWNER, session, request.request_seq, approve=True, reason="mine")
    with pytest.raises(ApprovalError, match="someone other than the requester"):
        approvals.decide(OWNER, session, request.request_seq, approve=False, reason="mine")
    with pytest.raises(ApprovalNeeded):
        sessions.record_offer(session, "made", BELOW, member=OWNER)


@pytest.mark.parametrize("member", [NEGOTIATOR, VIEWER])
def test_only_approvers_and_owners_decide(
    services: tuple[Sessions, Approvals, str], member: Member
) -> None:
    _, approvals, session = services
    request = approvals.request(Member("nora", TEAM, Role.NEGOTIATOR), session, BELOW, "why")
    with pytest.raises(ApprovalError, match="only an approver or an owner"):
        approvals.decide(member, session, request.request_seq, approve=True, reason="yes")


def test_a_refusal_is_final_and_keeps_the_offer_blocked(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    request = approvals.request(NEGOTIATOR, session, BELOW, "they sign this quarter")
    refusal = approvals.decide(
        APPROVER, session, request.request_seq, approve=False, reason="hold at 0"
    )
    assert refusal.kind == EventKind.REFUSAL.value and refusal.author == "alex"
    with pytest.raises(SessionError, match="already refused by alex"):
        approvals.decide(OWNER, session, request.request_seq, approve=True, reason="overrule")
    with pytest.raises(ApprovalNeeded):
        sessions.record_offer(session, "made", BELOW, member=NEGOTIATOR)
    [mine] = [item for item in approvals.inbox(NEGOTIATOR).mine if item.session_id == session]
    assert mine.decision is Decision.REFUSED and mine.decision_reason == "hold at 0"


def test_a_viewer_asks_for_nothing_and_a_reason_is_needed(
    services: tuple[Sessions, Approvals, str],
) -> None:
    _, approvals, session = services
    with pytest.raises(ApprovalError, match="viewer"):
        approvals.request(VIEWER, session, BELOW, "please")
    with pytest.raises(ApprovalError, match="say why"):
        approvals.request(NEGOTIATOR, session, BELOW, "   ")
    request = approvals.request(NEGOTIATOR, session, BELOW, "why")
    with pytest.raises(ApprovalError, match="reason"):
        approvals.decide(APPROVER, session, request.request_seq, approve=True, reason=" ")


def test_the_steps_are_events_of_the_chain_with_their_authors(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, approvals, session = services
    request = approvals.request(NEGOTIATOR, session, BELOW, "they sign this quarter")
    approvals.decide(APPROVER, session, request.request_seq, approve=True, reason="fine")
    sessions.record_offer(session, "made", BELOW, member=NEGOTIATOR)
    minutes = sessions.minutes(session, internal=True)
    steps = [(event.kind, event.author) for event in minutes.shown[1:]]
    assert steps == [("request", "nina"), ("approval", "alex"), ("offer", "nina")]
    assert minutes.trail.intact
    shared = sessions.minutes(session)  # our sign-offs stay out of the shared minutes
    assert [event.kind for event in shared.shown] == ["start", "offer"]


def test_the_inbox_shows_the_team_its_pending_requests_only(
    services: tuple[Sessions, Approvals, str],
) -> None:
    _, approvals, session = services

    def ids(items: tuple[ApprovalRequest, ...]) -> list[int]:
        return [item.id for item in items if item.session_id == session]

    request = approvals.request(NEGOTIATOR, session, BELOW, "they sign this quarter")
    assert ids(approvals.inbox(APPROVER).to_decide) == [request.id]
    assert ids(approvals.inbox(NEGOTIATOR).to_decide) == []  # not theirs to decide
    assert ids(approvals.inbox(NEGOTIATOR).mine) == [request.id]
    assert approvals.inbox(OTHER_TEAM_APPROVER).to_decide == ()
    with pytest.raises(ApprovalError, match="no request"):
        approvals.find(OTHER_TEAM_APPROVER, request.id)
    decided = approvals.decide_request(APPROVER, request.id, approve=True, reason="fine")
    assert decided.decision is Decision.APPROVED and decided.decided_by == "alex"
    assert ids(approvals.inbox(APPROVER).to_decide) == []
    assert ids(approvals.inbox(VIEWER).decided)[:1] == [request.id]


def test_plain_approvals_in_team_mode_are_in_the_members_own_name(
    services: tuple[Sessions, Approvals, str],
) -> None:
    sessions, _, session = services
    fields = {"approver": "the CEO", "scope": "reservation"}
    with pytest.raises(ApprovalError, match="only an approver or an owner"):
        sessions.record(session, EventKind.APPROVAL, fields, member=NEGOTIATOR)
    recorded = sessions.record(session, EventKind.APPROVAL, fields, member=APPROVER)
    assert recorded.event.payload["approver"] == "alex"
    with pytest.raises(ApprovalError, match="approvals inbox"):
        sessions.record(session, EventKind.REFUSAL, {"request": 2, "reason": "no"})


def test_the_single_user_store_blocks_nothing_until_a_policy_is_set(tmp_path: Path) -> None:
    factory = _factory(tmp_path / "local.db")
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    sessions, approvals = Sessions(factory), Approvals(factory)
    session = sessions.start(case, "me").id
    assert sessions.record_offer(session, "made", BELOW, author="me").event.seq == 2
    approvals.set_policy(Member("me", "local", Role.OWNER), POLICY)
    with pytest.raises(ApprovalNeeded):
        sessions.record_offer(session, "made", BELOW, author="me")


def test_a_case_edit_that_moves_the_reservation_is_held_until_approved(
    services: tuple[Sessions, Approvals, str],
) -> None:
    _, approvals, _ = services
    before = case_text(**{"reservation.pre_committed": True})
    after = case_text(**{"reservation.pre_committed": True, "reservation.value": -12000})
    harmless = case_text(**{"reservation.pre_committed": True, "case.title": "Renamed"})
    assert approvals.change_needs(NEGOTIATOR, before, harmless) == ()
    with pytest.raises(ApprovalError, match="needs no approval"):
        approvals.request_change(NEGOTIATOR, before, harmless, "rename")
    pending = approvals.request_change(NEGOTIATOR, before, after, "the budget moved")
    assert pending.subject == "case-change" and pending.session_id == ""
    assert "from -10,000 EUR to -12,000 EUR" in pending.needs[0]
    with pytest.raises(ApprovalError, match="not an approved case edit"):
        approvals.approved_change(NEGOTIATOR, pending.id, before)
    with pytest.raises(ApprovalError, match="someone other than the requester"):
        approvals.decide_request(
            Member("nina", TEAM, Role.OWNER), pending.id, approve=True, reason="me"
        )
    approvals.decide_request(APPROVER, pending.id, approve=True, reason="budget memo 12")
    with pytest.raises(ApprovalError, match="already decided"):
        approvals.decide_request(OWNER, pending.id, approve=False, reason="late")
    assert approvals.approved_change(NEGOTIATOR, pending.id, before) == after
    with pytest.raises(ApprovalError, match="the case changed since"):
        approvals.approved_change(NEGOTIATOR, pending.id, harmless)
