"""The gate every append of an offer or an approval step goes through (see ``approvals.py``).

Kept apart from the approval use cases so each module stays readable; ``services/approvals.py``
re-exports :func:`guarded_record`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from brightline.actions import act
from brightline.services.approval_inbox import load_policy
from brightline.services.case_changes import ApprovalNeeded
from brightline.session.approvals import (
    LOCAL_TEAM,
    ApprovalError,
    ApprovalPolicy,
    Need,
    approved_for,
    offer_needs,
    subject_digest,
)
from brightline.session.roles import Member, Role

if TYPE_CHECKING:
    from brightline.case.validate import LoadedCase
    from brightline.session.analytics import SessionState
    from brightline.session.events import Event, EventKind, OfferPayload, Payload
    from brightline.session.store import SessionStore


# --- the gate every append of an offer or an approval step goes through --------------------------


def guarded_record(
    store: SessionStore,
    session_id: str,
    kind: EventKind,
    payload: Payload,
    author: str,
    member: Member | None,
) -> Event:
    """Append an event the way the approval policy allows (see the module docstring).

    ``member`` is the logged-in member in team mode; None for the single-user store, whose
    local policy then applies.

    Raises:
        ApprovalNeeded: for an offer the policy holds back without an approval of its terms.
        ApprovalError: for a request, refusal or answering approval given as a plain event
            (they go through :class:`Approvals`), or a plain approval by a member who may not
            approve.
    """
    from brightline.session.events import ApprovalPayload, EventKind, OfferPayload
    from brightline.session.recording import admit, evaluate_if_due

    member = member or store.member  # a store opened for an account (the command line)
    if kind in (EventKind.REQUEST, EventKind.REFUSAL) or (
        isinstance(payload, ApprovalPayload) and payload.request is not None
    ):
        raise ApprovalError(
            "requests for approval and their decisions are recorded through the approvals "
            "inbox, which checks who may decide them",
            action=act("approvals"),
        )
    if isinstance(payload, ApprovalPayload) and member is not None and member.team != LOCAL_TEAM:
        if member.role not in (Role.OWNER, Role.APPROVER):
            raise ApprovalError(
                f"{member.user} is a {member.role.value}; only an approver or an owner records "
                "an approval, in their own name",
                action=act("request approval", session=session_id, reason=None),
            )
        payload = payload.model_copy(update={"approver": member.user, "role": member.role})
    if not isinstance(payload, OfferPayload) or payload.direction.value != "made":
        return store.record(session_id, kind, payload, author)
    policy = load_policy(store.database, team_of(store, member))
    evaluate = store.collaborators.evaluate_offer
    offer = evaluate_if_due(payload, store.snapshot(session_id), evaluate)

    def check(loaded: LoadedCase, state: SessionState) -> Payload:
        return admit(
            kind, _covered(offer, loaded, state, policy, session_id), loaded, state, evaluate
        )

    return store.append(session_id, kind, author, check)


def team_of(store: SessionStore, member: Member | None) -> str:
    """Whose policy applies: the member's team, else the team store's, else the local store's."""
    if member is not None:
        return member.team
    return store.team or LOCAL_TEAM


def _covered(
    offer: OfferPayload,
    loaded: LoadedCase,
    state: SessionState,
    policy: ApprovalPolicy,
    session_id: str,
) -> OfferPayload:
    """The offer with the approval of exactly its terms named, or ApprovalNeeded."""
    needs = offer_needs(policy, loaded.case, offer.evaluation)
    if not needs:
        return offer
    digest = subject_digest("offer", offer.outcome)
    found = approved_for(state.requests, "offer", digest)
    if offer.approval is not None:
        named = state.approvals.get(offer.approval)
        answered = state.requests.get(named.request) if named and named.request else None
        if answered is not None and answered.digest == digest and answered.subject == "offer":
            return offer
        found = None  # a named approval of something else never covers this offer
    if found is not None:
        return offer.model_copy(update={"approval": found})
    raise _needed(needs, session_id, offer.outcome)


def _needed(needs: Sequence[Need], session_id: str, outcome: dict[str, Any]) -> ApprovalNeeded:
    terms = " ".join(f"{issue}={value}" for issue, value in outcome.items())
    return ApprovalNeeded(
        f"this needs approval first: {'; and '.join(need.text for need in needs)}; ask an "
        f"approver of the team to approve exactly these terms ({terms}), then record it again",
        action=act("request approval", session=session_id, terms=terms, reason=None),
        also=(act("approvals"),),
    )
