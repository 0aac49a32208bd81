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
* Case changes are outside any session: :meth:`Approvals.request_change` (and the team's cases,
  through :func:`guard_case_edit`) holds the changed case text as a pending change in the
  inbox; each step (the request, the approval or refusal) is also an event of the team's own
  hash chain (``session/team_trail.py``), which :meth:`Approvals.verify_team_trail` checks.
  Once approved, :meth:`Approvals.approved_change` hands the text back to be saved, only if the
  case is still the text the request was made against.

Single-user store: there are no accounts, so the CLI acts as the member ``Member(author,
"local", owner)``, names are what the user types, and the local policy is empty until one is
set (:data:`~brightline.session.approvals.NO_POLICY`): today's behaviour, unless asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from brightline.actions import act
from brightline.services.approval_gate import guarded_record as guarded_record
from brightline.services.approval_gate import team_of
from brightline.services.approval_inbox import (
    RECENT,
    ApprovalRequest,
    Inbox,
    digest_of,
    insert_request,
    load_policy,
    mark_decided,
    record_change_decision,
    request_of,
)
from brightline.services.case_changes import ApprovalNeeded as ApprovalNeeded
from brightline.services.case_changes import guard_case_edit as guard_case_edit
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
    from brightline.session.events import Event, Payload
    from brightline.session.store import SessionStore
    from brightline.session.team_trail import TeamTrailReport

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


def local_member(author: str) -> Member:
    """The single-user store's member: whoever runs the CLI, as owner of the local team."""
    return Member(author, LOCAL_TEAM, Role.OWNER)


def _default_store() -> SessionStore:
    from brightline.session.store import open_store

    return open_store()


def _proposed(document: str, evaluation: dict[str, Any]) -> dict[str, Any]:
    """What a document for these terms proposes: a counter proposes its least valuable counter."""
    counters = evaluation.get("counters") or []
    values = [item.get("ours") for item in counters if isinstance(item.get("ours"), int | float)]
    if document == "counter" and values:
        return {"ours": min(values), "target": evaluation.get("target")}
    return evaluation


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
            policy = load_policy(store.database, team_of(store, member or store.member))
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
        from brightline.session.events import now_utc

        check_decider(member, request.requested_by)
        if not reason.strip():
            raise ApprovalError(
                "give the reason for the decision: the requester reads it", parameter="reason"
            )
        decision = Decision.APPROVED if approve else Decision.REFUSED
        with self._open() as store:
            decided = record_change_decision(
                store.database, member, request.id, decision, reason.strip(), now_utc()
            )
        if not decided:
            raise ApprovalError(
                f"request {request.id} was already decided; a decision is final: ask again"
            )

    def verify_team_trail(self, member: Member) -> TeamTrailReport:
        """Recompute the member's team's trail of case changes and hold the inbox to it."""
        from brightline.session.team_trail import verify

        with self._open() as store, store.database.reading() as connection:
            return verify(connection, member.team)

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
