"""The approval policy's decisions (pure): each trigger, its non-triggers, digests, the chain."""

from __future__ import annotations

from typing import Any

import pytest

from brightline.case.model import Case
from brightline.case.validate import parse_case
from brightline.session.analytics import replay
from brightline.session.approvals import (
    DEFAULT_POLICY,
    NO_POLICY,
    ApprovalError,
    ApprovalPolicy,
    Decision,
    PolicyError,
    RequestStatus,
    Trigger,
    case_change_needs,
    check_decider,
    document_needs,
    offer_needs,
    parse_policy,
    subject_digest,
)
from brightline.session.events import GENESIS, EventKind, parse_payload, seal, verify_chain
from brightline.session.head_state import at_head, decode, encode
from brightline.session.roles import Member, Role
from factories import to_yaml, variant


def _case(**changes: Any) -> Case:
    return parse_case(to_yaml(variant(**changes)).encode("utf-8"), "case.yaml").case


def _evaluation(ours: float, target: float = 50.0, broken: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "ours": ours,
        "target": target,
        "violations": [
            {"standard": name, "clause": "x", "issue": "i", "value": 1} for name in broken
        ],
    }


CASE = _case()  # reservation 5 EUR, pre-committed; standard eu


def test_an_offer_below_the_plans_target_needs_approval_and_one_at_it_does_not() -> None:
    [need] = offer_needs(DEFAULT_POLICY, CASE, _evaluation(40.0))
    assert need.trigger is Trigger.OFFER_BELOW_TARGET
    assert need.text == "it is worth 40 EUR to us, below the plan's target of 50 EUR"
    assert offer_needs(DEFAULT_POLICY, CASE, _evaluation(50.0)) == ()
    assert offer_needs(DEFAULT_POLICY, CASE, None) == ()  # a partial offer has no value


def test_the_policys_own_target_wins_but_never_below_the_reservation_point() -> None:
    policy = ApprovalPolicy(frozenset(Trigger), {"t": 30.0})
    assert offer_needs(policy, CASE, _evaluation(40.0)) == ()
    [need] = offer_needs(policy, CASE, _evaluation(20.0))
    assert "below the policy's target of 30 EUR" in need.text
    floor = ApprovalPolicy(frozenset(Trigger), {"t": -100.0})  # below the reservation of 5
    [need] = offer_needs(floor, CASE, _evaluation(4.0))
    assert "of 5 EUR" in need.text


def test_an_offer_that_breaks_a_standard_is_a_waiver() -> None:
    needs = offer_needs(DEFAULT_POLICY, CASE, _evaluation(60.0, broken=("eu",)))
    assert [need.trigger for need in needs] == [Trigger.STANDARD_WAIVER]
    only_target = ApprovalPolicy(frozenset({Trigger.OFFER_BELOW_TARGET}))
    assert offer_needs(only_target, CASE, _evaluation(60.0, broken=("eu",))) == ()
    assert offer_needs(NO_POLICY, CASE, _evaluation(0.0, broken=("eu",))) == ()


def test_a_document_below_target_needs_approval_only_under_its_trigger() -> None:
    [need] = document_needs(DEFAULT_POLICY, CASE, _evaluation(10.0))
    assert need.trigger is Trigger.DOCUMENT_BELOW_TARGET
    assert document_needs(DEFAULT_POLICY, CASE, _evaluation(80.0)) == ()
    offers_only = ApprovalPolicy(frozenset({Trigger.OFFER_BELOW_TARGET}))
    assert document_needs(offers_only, CASE, _evaluation(10.0)) == ()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reservation.value": 7}, "moves the pre-committed reservation point from 5 EUR to 7 EUR"),
        ({"reservation.pre_committed": False}, "takes back the pre-commitment"),
        (
            {"standards.0.rule": 'residency != "global" or residency == "global"'},
            "changes the rule of the standard eu",
        ),
    ],
)
def test_case_edits_that_need_approval(changes: dict[str, Any], expected: str) -> None:
    [need] = case_change_needs(DEFAULT_POLICY, CASE, _case(**changes))
    assert expected in need.text


def test_removing_a_standard_or_the_reservation_needs_approval() -> None:
    document = variant()
    document["standards"] = []
    after = parse_case(to_yaml(document).encode("utf-8"), "c.yaml").case
    assert [need.text for need in case_change_needs(DEFAULT_POLICY, CASE, after)] == [
        "it removes the standard eu"
    ]
    unreserved = variant()
    del unreserved["reservation"]
    gone = parse_case(to_yaml(unreserved).encode("utf-8"), "c.yaml").case
    [need] = case_change_needs(DEFAULT_POLICY, CASE, gone)
    assert need.trigger is Trigger.RESERVATION_CHANGE


def test_case_edits_that_need_none() -> None:
    loose = _case(**{"reservation.pre_committed": False})
    assert case_change_needs(DEFAULT_POLICY, loose, _case(**{"reservation.value": 1})) == ()
    assert case_change_needs(DEFAULT_POLICY, CASE, _case(**{"case.title": "Renamed"})) == ()
    assert case_change_needs(DEFAULT_POLICY, CASE, _case(**{"standards.0.narrative": "New"})) == ()
    assert case_change_needs(NO_POLICY, CASE, _case(**{"reservation.value": 7})) == ()


def test_a_digest_names_exactly_one_action() -> None:
    offer = subject_digest("offer", {"discount": 5, "residency": "eu_only"})
    assert offer == subject_digest("offer", {"residency": "eu_only", "discount": 5.0})
    assert offer != subject_digest("offer", {"residency": "eu_only", "discount": 10.0})
    assert offer != subject_digest("document", {"residency": "eu_only", "discount": 5.0})
    letter = subject_digest("document", {"discount": 5}, "offer-letter")
    assert letter != subject_digest("document", {"discount": 5}, "counter")


def test_the_policy_round_trips_and_refuses_typos() -> None:
    assert parse_policy(DEFAULT_POLICY.to_json()) == DEFAULT_POLICY
    policy = ApprovalPolicy(frozenset({Trigger.RESERVATION_CHANGE}), {"t": 1.5})
    assert parse_policy(policy.to_json()) == policy
    with pytest.raises(PolicyError, match="the triggers are offer-below-target"):
        parse_policy({"requires": ["offer-below-targte"]})
    with pytest.raises(PolicyError):
        parse_policy({"requires": [], "typo": 1})


def test_deciders_hold_the_role_and_are_not_the_requester() -> None:
    check_decider(Member("alex", "deals", Role.APPROVER), "nina")
    check_decider(Member("olga", "deals", Role.OWNER), "nina")
    with pytest.raises(ApprovalError, match="someone other than the requester"):
        check_decider(Member("nina", "deals", Role.OWNER), "nina")
    for role in (Role.NEGOTIATOR, Role.VIEWER):
        with pytest.raises(ApprovalError, match="only an approver or an owner"):
            check_decider(Member("vic", "deals", role), "nina")


def test_request_and_decisions_chain_replay_and_survive_the_head_state() -> None:
    outcome = {"residency": "eu_only", "discount": 5.0}
    request = parse_payload(
        EventKind.REQUEST,
        {
            "subject": "offer",
            "digest": subject_digest("offer", outcome),
            "outcome": outcome,
            "needs": ["below target"],
            "reason": "signs today",
        },
    )
    approval = parse_payload(
        EventKind.APPROVAL,
        {"approver": "alex", "scope": "deal", "text": "ok", "request": 2, "role": "approver"},
    )
    start = parse_payload(
        EventKind.START, {"case_id": "t", "case_file": "c.yaml", "snapshot_sha256": "0" * 64}
    )
    first = seal("s", 1, EventKind.START, "nina", "2026-12-01T00:00:00", start, GENESIS)
    second = seal("s", 2, EventKind.REQUEST, "nina", "2026-12-01T00:00:01", request, first.hash)
    third = seal("s", 3, EventKind.APPROVAL, "alex", "2026-12-01T00:00:02", approval, second.hash)
    events = [first, second, third]
    assert verify_chain("s", events, head=third.hash, count=3, snapshot_sha256=None).intact
    state = replay(CASE, events)
    assert state.requests == {
        2: RequestStatus(
            "nina", "offer", subject_digest("offer", outcome), Decision.APPROVED, "alex", 3
        )
    }
    assert decode(encode(state)) == at_head(state)
    assert "requests" not in encode(replay(CASE, events[:1]))  # older head states unchanged
