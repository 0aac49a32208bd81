"""Use cases of approvals: the team's policy, requests, decisions, the inbox, and the gates.

The policy (:mod:`brightline.session.approvals`) says what needs a sign-off. Here it is applied,
on the server, whatever the adapter:

* :func:`guarded_record` is how :class:`~brightline.services.sessions.Sessions` appends an
  offer, an approval, a request or a refusal: an offer we make that the policy holds back is
  refused (:class:`ApprovalNeeded`, with the request to make as advice data) unless the trail
  holds an approval of exactly its terms, which is then named in the offer (its ``approval``);
  the check runs under the session's write lock, on the state the offer will extend.
* :meth:`Approvals.request` records a request in the session's trail (what exactly, as a
  digest of the terms; why the policy asks; why we want it) and lists it in the team's inbox.
* :meth:`Approvals.decide` records an approval or a refusal with its reason, by a member who
  holds the approver or owner role and did not ask for it (checked against the request's
  author under the lock, so two deciders cannot both decide one request).
* :meth:`Approvals.check_document` holds back a counterpart document for terms below the target.
* Case edits are outside any trail: :meth:`Approvals.request_change` holds the edited case text
  as a pending change in the inbox; once approved, :meth:`Approvals.approved_change` hands it
  back to be saved, only if the case is still the text the request was made against.

Single-user store: there are no accounts, so the CLI acts as the member ``Member(author,
"local", owner)``, names are what the user types, and the local policy is empty until one is
set (:data:`~brightline.session.approvals.NO_POLICY`): today's behaviour, unless asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from brightline.actions import act
from brightline.services.approval_inbox import (
    RECENT,
    ApprovalRequest,
    Inbox,
    digest_of,
    insert_request,
    load_policy,
    mark_decided,
    request_of,
)
from brightline.session.approvals import (
    LOCAL_TEAM,
    ApprovalError,
    ApprovalPolicy,
    Decision,
    Need,
    approved_for,
    case_change_needs,
    check_decider,
    document_needs,
    offer_needs,
    policy_text,
    subject_digest,
)
from brightline.session.roles import Member, Role

if TYPE_CHECKING:
    from brightline.case.model import OptionValue
    from brightline.case.validate import LoadedCase
    from brightline.session.analytics import SessionState
    from brightline.session.database import Database
    from brightline.session.events import Event, EventKind, OfferPayload, Payload
    from brightline.session.store import SessionStore

StoreFactory = Callable[[], "AbstractContextManager[SessionStore]"]
"""Opens a session store for one use case (a store, or ``Sessions.open_store``)."""


class CaseWriter(Protocol):
    """Where an approved case edit is saved (the team's cases)."""

    def exists(self, case_id: str) -> bool:
        """Whether the case is there."""

    def text(self, case_id: str) -> str:
        """The case's text now."""

    def save(self, case_id: str, text: str) -> Any:
        """Store the text as the case."""

    def delete(self, case_id: str) -> None:
        """Remove the case."""


GUARDED = frozenset({"offer", "approval", "request", "refusal"})
"""The event kinds :class:`Sessions` appends through :func:`guarded_record`."""


class ApprovalNeeded(ApprovalError):
    """The policy holds this move back until an approver signs off exactly this move."""


def local_member(author: str) -> Member:
    """The single-user store's member: whoever runs the CLI, as owner of the local team."""
    return Member(author, LOCAL_TEAM, Role.OWNER)


def _default_store() -> SessionStore:
    from brightline.session.store import open_store

    return open_store()


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
    policy = load_policy(store.database, _team(store, member))
    evaluate = store.collaborators.evaluate_offer
    offer = evaluate_if_due(payload, store.snapshot(session_id), evaluate)

    def check(loaded: LoadedCase, state: SessionState) -> Payload:
        return admit(
            kind, _covered(offer, loaded, state, policy, session_id), loaded, state, evaluate
        )

    return store.append(session_id, kind, author, check)


def _team(store: SessionStore, member: Member | None) -> str:
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


def _proposed(document: str, evaluation: dict[str, Any]) -> dict[str, Any]:
    """What a document for these terms proposes: a counter proposes its least valuable counter."""
    counters = evaluation.get("counters") or []
    values = [item.get("ours") for item in counters if isinstance(item.get("ours"), int | float)]
    if document == "counter" and values:
        return {"ours": min(values), "target": evaluation.get("target")}
    return evaluation


def guard_case_edit(
    database: Database,
    team: str,
    author: str,
    case_id: str,
    current_text: str,
    after_text: str,
    *,
    same_case: Sequence[str] = (),
) -> None:
    """Let a team's case write through, or hold it as a pending change until it is approved.

    ``case_id`` is the case's id in the team's library (where the approved change is saved);
    ``current_text`` is what it holds now ("" for a new case), ``after_text`` what it would
    hold ("" for a deletion). A new case is held against ``same_case``: the team's cases with
    the same ``case.id``, so a deleted or copied case cannot come back with a moved
    reservation point or fewer standards unasked.

    A change the policy holds back (a pre-committed reservation point moved, taken back or
    deleted; a standard removed, its rule changed, or deleted with its case) is let through
    only when an approver approved exactly this change of exactly this text; otherwise it is
    listed in the inbox (once) and refused, saying so.

    Raises:
        ApprovalNeeded: naming the request that holds the change.
    """
    from sqlalchemy import select

    from brightline.case.validate import parse_case
    from brightline.session.events import now_utc
    from brightline.session.tables import approval_requests as table

    policy = load_policy(database, team)
    after = parse_case(after_text.encode("utf-8"), "case.yaml").case if after_text else None
    needs: list[Need] = []
    for before_text in [current_text] if current_text else same_case:
        before = parse_case(before_text.encode("utf-8"), "case.yaml").case
        needs += [need for need in case_change_needs(policy, before, after) if need not in needs]
    if not needs:
        return
    base = digest_of(current_text)
    with database.reading() as connection:
        rows = connection.execute(
            select(table).where(
                table.c.team == team,
                table.c.case_id == case_id,
                table.c.subject == "case-change",
                table.c.base_sha256 == base,
                table.c.change_text == after_text,
            )
        ).mappings()
        held = [request_of(row) for row in rows]
    if any(request.decision is Decision.APPROVED for request in held):
        return
    pending = [request for request in held if request.decision is Decision.PENDING]
    if pending:
        request = pending[0]
    else:
        request = insert_request(
            database,
            Member(author, team, Role.NEGOTIATOR),
            case_id,
            "case-change",
            tuple(need.text for need in needs),
            f"{'deleted' if not after_text else 'saved'} on the case's pages by {author}",
            at=now_utc(),
            change_text=after_text,
            base_sha256=base,
        )
    what = "deletion" if not after_text else "new case" if not current_text else "edit"
    raise ApprovalNeeded(
        f"this {what} needs approval first: {'; and '.join(need.text for need in needs)}; it "
        f"is held as request {request.id} of the approvals inbox, not saved, and is carried out "
        "when an approver or owner of the team approves it",
        action=act("approvals"),
    )


# --- the use cases ---------------------------------------------------------------------------------


class Approvals:
    """The approval use cases over one store factory (as :class:`Sessions` takes one)."""

    def __init__(self, open_store: StoreFactory | None = None) -> None:
        self._open = open_store or _default_store

    # --- the policy -------------------------------------------------------------------------------

    def policy(self, team: str) -> ApprovalPolicy:
        """The team's policy (the default until its owner changes it)."""
        with self._open() as store:
            return load_policy(store.database, team)

    def set_policy(self, member: Member, policy: ApprovalPolicy) -> ApprovalPolicy:
        """Store the member's team's policy.

        Raises:
            ApprovalError: when the member is not an owner of the team.
        """
        from sqlalchemy import delete, insert

        from brightline.session.events import now_utc
        from brightline.session.tables import approval_policies

        if member.role is not Role.OWNER:
            raise ApprovalError(
                f"{member.user} is a {member.role.value} in team {member.team}; only an owner "
                "changes what needs approval"
            )
        with self._open() as store:
            with store.database.transaction("storing the approval policy") as connection:
                connection.execute(
                    delete(approval_policies).where(approval_policies.c.team == member.team)
                )
                connection.execute(
                    insert(approval_policies).values(
                        team=member.team,
                        policy=policy_text(policy),
                        updated_at=now_utc(),
                        updated_by=member.user,
                    )
                )
            return load_policy(store.database, member.team)

    # --- requests in a session's trail ------------------------------------------------------------

    def request(
        self,
        member: Member,
        session_id: str,
        terms: Sequence[str],
        reason: str,
        *,
        document: str | None = None,
    ) -> ApprovalRequest:
        """Ask for approval of an offer we would make (or a document for it), with the reason.

        Raises:
            ApprovalError: for a viewer, a blank reason, or terms that need no approval.
            SessionError: for terms the case does not have.
        """
        from brightline.session.events import (
            ApprovalSubject,
            EventKind,
            RequestPayload,
            parse_payload,
        )
        from brightline.session.recording import offer_problems, parse_outcome

        if member.role is Role.VIEWER:
            raise ApprovalError(f"{member.user} is a viewer; a viewer asks for no approvals")
        if not reason.strip():
            raise ApprovalError(
                "say why you ask for it: the approver reads the reason", parameter="reason"
            )
        with self._open() as store:
            loaded = store.snapshot(session_id)
            pairs = [pair for term in terms for pair in term.replace(",", " ").split()]
            outcome = parse_outcome(loaded.case, pairs)
            if {issue.id for issue in loaded.case.issues} - set(outcome):
                raise ApprovalError(
                    "an approval covers a whole offer: give a term for every issue",
                    parameter="terms",
                )
            evaluation = store.collaborators.evaluate_offer(loaded, outcome)
            policy = load_policy(store.database, member.team)
            subject = ApprovalSubject.DOCUMENT if document else ApprovalSubject.OFFER
            if document:
                proposed = _proposed(document, evaluation)
                needs = [n.text for n in document_needs(policy, loaded.case, proposed)]
            else:
                unit = loaded.case.case.currency
                needs = [n.text for n in offer_needs(policy, loaded.case, evaluation)]
                needs += [
                    text.format(unit=unit)
                    for text in offer_problems(evaluation).values()
                    if text.format(unit=unit) not in needs
                ]
            if not needs:
                raise ApprovalError(
                    "these terms need no approval under the team's policy; record them as they are",
                    action=act("log offer", session=session_id, direction="made", terms=None),
                )
            payload = parse_payload(
                EventKind.REQUEST,
                {
                    "subject": subject.value,
                    "digest": subject_digest(subject.value, outcome, document or ""),
                    "outcome": outcome,
                    "document": document,
                    "needs": needs,
                    "reason": reason.strip(),
                }
                if document
                else {
                    "subject": subject.value,
                    "digest": subject_digest(subject.value, outcome),
                    "outcome": outcome,
                    "needs": needs,
                    "reason": reason.strip(),
                },
            )
            assert isinstance(payload, RequestPayload)
            event = store.record(session_id, EventKind.REQUEST, payload, member.user)
            return insert_request(
                store.database,
                member,
                loaded.case.case.id,
                subject.value,
                tuple(needs),
                reason.strip(),
                session_id=session_id,
                request_seq=event.seq,
                at=event.at,
            )

    def decide(
        self, member: Member, session_id: str, request_seq: int, *, approve: bool, reason: str
    ) -> Event:
        """Approve or refuse a request of the session's trail, with a reason.

        Raises:
            ApprovalError: for the wrong role, one's own request, or a blank reason.
            SessionError: when ``request_seq`` is no pending request of the session.
        """
        from brightline.session.events import (
            ApprovalScope,
            EventKind,
            parse_payload,
        )
        from brightline.session.recording import admit

        if member.role not in (Role.OWNER, Role.APPROVER):
            check_decider(member, "")  # raises, naming the role
        if not reason.strip():
            raise ApprovalError(
                "give the reason for the decision: the requester reads it", parameter="reason"
            )
        kind = EventKind.APPROVAL if approve else EventKind.REFUSAL
        with self._open() as store:
            state_now = store.state(session_id)[1]
            status = state_now.requests.get(request_seq)
            scope = (
                ApprovalScope.DEAL if status and status.subject == "offer" else ApprovalScope.OTHER
            )
            fields: dict[str, Any] = (
                {
                    "approver": member.user,
                    "scope": scope.value,
                    "text": reason.strip(),
                    "request": request_seq,
                    "role": member.role.value,
                }
                if approve
                else {"request": request_seq, "reason": reason.strip(), "role": member.role.value}
            )
            payload = parse_payload(kind, fields)

            def check(loaded: LoadedCase, state: SessionState) -> Payload:
                pending = state.requests.get(request_seq)
                if pending is not None:
                    check_decider(member, pending.author)
                return admit(kind, payload, loaded, state)

            event = store.append(session_id, kind, member.user, check)
            mark_decided(
                store.database,
                session_id,
                request_seq,
                Decision.APPROVED if approve else Decision.REFUSED,
                member.user,
                reason.strip(),
                event.seq,
                event.at,
            )
            return event

    def check_document(
        self,
        member: Member | None,
        session_id: str,
        document: str,
        outcome: dict[str, OptionValue],
        evaluation: dict[str, Any],
    ) -> None:
        """Refuse a counterpart document whose terms the policy holds back, unless approved.

        ``outcome`` is what the document is built from (an offer letter's terms, the offer a
        counter answers); ``evaluation`` is what the document proposes, evaluated.

        Raises:
            ApprovalNeeded: when the policy holds it back and the trail has no approval of
                exactly this document kind for exactly these terms.
        """
        with self._open() as store:
            loaded, state = store.state(session_id)
            policy = load_policy(store.database, _team(store, member or store.member))
        needs = document_needs(policy, loaded.case, evaluation)
        if not needs:
            return
        digest = subject_digest("document", outcome, document)
        if approved_for(state.requests, "document", digest) is not None:
            return
        terms = " ".join(f"{issue}={value}" for issue, value in outcome.items())
        raise ApprovalNeeded(
            f"this {document} needs approval before it is sent: "
            f"{'; and '.join(need.text for need in needs)}; ask an approver of the team to "
            f"approve the {document} for exactly these terms ({terms})",
            action=act(
                "request approval", session=session_id, terms=terms, document=document, reason=None
            ),
            also=(act("approvals"),),
        )

    # --- the inbox ---------------------------------------------------------------------------------

    def inbox(self, member: Member) -> Inbox:
        """The member's team's pending requests they may decide, and their own requests."""
        from sqlalchemy import select

        from brightline.session.tables import approval_requests as table

        with self._open() as store, store.database.reading() as connection:
            rows = connection.execute(
                select(table).where(table.c.team == member.team).order_by(table.c.id)
            ).mappings()
            found = [request_of(row) for row in rows]
        deciding = member.role in (Role.OWNER, Role.APPROVER)
        return Inbox(
            member,
            tuple(
                request
                for request in found
                if deciding
                and request.decision is Decision.PENDING
                and request.requested_by != member.user
            ),
            tuple(request for request in found if request.requested_by == member.user),
            tuple(
                request for request in reversed(found) if request.decision is not Decision.PENDING
            )[:RECENT],
        )

    def find(self, member: Member, request_id: int) -> ApprovalRequest:
        """One inbox row of the member's team (another team's id is the same 'no such request')."""
        from sqlalchemy import select

        from brightline.session.tables import approval_requests as table

        with self._open() as store, store.database.reading() as connection:
            row = (
                connection.execute(
                    select(table).where(table.c.id == request_id, table.c.team == member.team)
                )
                .mappings()
                .first()
            )
        if row is None:
            raise ApprovalError(
                f"no request {request_id} in team {member.team}; the approvals inbox lists them",
                action=act("approvals"),
            )
        return request_of(row)

    def decide_request(
        self,
        member: Member,
        request_id: int,
        *,
        approve: bool,
        reason: str,
        cases: CaseWriter | None = None,
    ) -> ApprovalRequest:
        """Decide an inbox row: in its session's trail, or (a case edit) in the inbox itself.

        An approved case change (an edit, a new case, a deletion) is carried out at once through
        ``cases`` (the team's cases), when the case is still the text the change was made on;
        otherwise it stays approved but not carried out, and making the same change later goes
        through.
        """
        request = self.find(member, request_id)
        if request.session_id:
            self.decide(
                member, request.session_id, request.request_seq, approve=approve, reason=reason
            )
        else:
            self._decide_change(member, request, approve=approve, reason=reason)
            if approve and cases is not None:
                current = cases.text(request.case_id) if cases.exists(request.case_id) else ""
                # A case changed since the request keeps the approval on record, not carried out.
                if digest_of(current) == request.base_sha256 and request.change_text:
                    cases.save(request.case_id, request.change_text)
                elif digest_of(current) == request.base_sha256:
                    cases.delete(request.case_id)
        return self.find(member, request_id)

    # --- case edits: pending changes --------------------------------------------------------------

    def change_needs(self, member: Member, before_text: str, after_text: str) -> tuple[Need, ...]:
        """What saving ``after_text`` over ``before_text`` needs approval for in the team."""
        from brightline.case.validate import parse_case

        before = parse_case(before_text.encode("utf-8"), "case.yaml").case
        after = parse_case(after_text.encode("utf-8"), "case.yaml").case
        return case_change_needs(self.policy(member.team), before, after)

    def request_change(
        self,
        member: Member,
        before_text: str,
        after_text: str,
        reason: str,
        *,
        case_id: str | None = None,
    ) -> ApprovalRequest:
        """Hold an edit of a case that needs approval as a pending change in the inbox.

        ``case_id`` is the case's id in the team's library (default: the id the case names).

        Raises:
            ApprovalError: for a viewer, a blank reason, or an edit that needs no approval.
        """
        from brightline.case.validate import parse_case
        from brightline.session.events import now_utc

        if member.role is Role.VIEWER:
            raise ApprovalError(f"{member.user} is a viewer; a viewer changes no case")
        if not reason.strip():
            raise ApprovalError(
                "say why the case should change: the approver reads the reason", parameter="reason"
            )
        needs = self.change_needs(member, before_text, after_text)
        if not needs:
            raise ApprovalError("this edit needs no approval under the team's policy; save it")
        case_id = case_id or parse_case(after_text.encode("utf-8"), "case.yaml").case.case.id
        with self._open() as store:
            return insert_request(
                store.database,
                member,
                case_id,
                "case-change",
                tuple(need.text for need in needs),
                reason.strip(),
                at=now_utc(),
                change_text=after_text,
                base_sha256=digest_of(before_text),
            )

    def _decide_change(
        self, member: Member, request: ApprovalRequest, *, approve: bool, reason: str
    ) -> None:
        from sqlalchemy import update

        from brightline.session.events import now_utc
        from brightline.session.tables import approval_requests as table

        check_decider(member, request.requested_by)
        if not reason.strip():
            raise ApprovalError(
                "give the reason for the decision: the requester reads it", parameter="reason"
            )
        decision = Decision.APPROVED if approve else Decision.REFUSED
        with (
            self._open() as store,
            store.database.transaction("deciding a request") as connection,
        ):
            changed = connection.execute(
                update(table)
                .where(table.c.id == request.id, table.c.decision == Decision.PENDING.value)
                .values(
                    decision=decision.value,
                    decided_by=member.user,
                    decided_at=now_utc(),
                    decision_reason=reason.strip(),
                )
            ).rowcount
        if not changed:
            raise ApprovalError(
                f"request {request.id} was already decided; a decision is final: ask again"
            )

    def approved_change(self, member: Member, request_id: int, current_text: str) -> str:
        """The approved case text to save, when the case is still what the request was made on.

        Raises:
            ApprovalError: when the request is not an approved case edit, or the case changed
                since it was asked for (the approval was of that edit, not another).
        """
        request = self.find(member, request_id)
        if request.subject != "case-change" or request.decision is not Decision.APPROVED:
            raise ApprovalError(
                f"request {request_id} is not an approved case edit (it is {request.decision.value})"
            )
        if digest_of(current_text) != request.base_sha256:
            raise ApprovalError(
                f"the case changed since request {request_id} was made; the approval covers "
                "that edit only: make the edit again and ask for approval again"
            )
        return request.change_text
