"""The approvals inbox: the team's pending requests to decide, one's own requests, the policy.

Approvers and owners decide the team's pending requests (never their own) with a reason;
everyone sees the state of their own requests and the team's recent decisions; negotiators and
owners ask for approval of an offer or a document; an owner edits the policy. Every route
declares its access rule and makes one call on the approval use cases; the services check the
role, the requester and the team again, whatever the page allowed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.errors import BrightlineError
from brightline.services.approvals import Approvals
from brightline.services.team_cases import TeamCases
from brightline.session.approvals import Trigger, parse_policy
from brightline.session.roles import Action
from brightline.web.access import Access, requires
from brightline.web.actions import advice_text
from brightline.web.workbench import Workbench

Viewer = Annotated[Access, Depends(requires(Action.VIEW))]
Decider = Annotated[Access, Depends(requires(Action.DECIDE_APPROVAL))]
Requester = Annotated[Access, Depends(requires(Action.REQUEST_APPROVAL))]
Manager = Annotated[Access, Depends(requires(Action.MANAGE_TEAM))]

DOCUMENTS = ("counter", "offer-letter")
"""The counterpart documents the policy can hold back (a proposal is built at the target)."""


def _approvals(access: Access) -> Approvals:
    return Approvals(access.sessions.open_store)


def _targets(text: str) -> dict[str, float]:
    """``case_id=value`` lines (or comma-separated pairs) as the policy's targets."""
    from brightline.errors import UsageError

    targets: dict[str, float] = {}
    for pair in text.replace(",", "\n").splitlines():
        if not pair.strip():
            continue
        case_id, sep, value = pair.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not sep or not case_id.strip() or number != number:
            raise UsageError(
                f"{pair.strip()!r} is not a case id and a value; write one per line, like "
                "saas-eu=250000",
                parameter="targets",
            )
        targets[case_id.strip()] = number
    return targets


def router(workbench: Workbench) -> APIRouter:
    """The approvals pages."""
    routes = APIRouter()
    pages = workbench.pages

    def page(request: Request, access: Access, problem: str = "", status: int = 200) -> Response:
        approvals = _approvals(access)
        inbox = approvals.inbox(access.member)
        policy = approvals.policy(access.member.team)
        return pages.render(
            request,
            "approvals/inbox.html",
            {
                "member": access.member,
                "inbox": inbox,
                "policy": policy,
                "triggers": list(Trigger),
                "targets": "\n".join(
                    f"{key}={value:.10g}" for key, value in policy.targets.items()
                ),
                "sessions": access.sessions.list(),
                "documents": DOCUMENTS,
                "decides": access.member.may(Action.DECIDE_APPROVAL),
                "requests": access.member.may(Action.REQUEST_APPROVAL),
                "manages": access.member.may(Action.MANAGE_TEAM),
                "problem": problem,
            },
            status=status,
        )

    def refused(request: Request, access: Access, error: BrightlineError) -> Response:
        from brightline.actions import Advice

        said = advice_text(Advice(str(error.message or error), error.action, error.also))
        return page(request, access, said, status=400)

    @routes.get("/approvals", response_class=HTMLResponse)
    def inbox(request: Request, access: Viewer) -> Response:
        return page(request, access)

    @routes.post("/approvals/{request_id}/decide", response_model=None)
    def decide(
        request: Request,
        request_id: int,
        access: Decider,
        decision: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
    ) -> Response:
        if decision not in ("approve", "refuse"):
            return page(request, access, "choose approve or refuse", status=400)
        try:
            _approvals(access).decide_request(
                access.member,
                request_id,
                approve=decision == "approve",
                reason=reason,
                cases=access.cases if isinstance(access.cases, TeamCases) else None,
            )
        except BrightlineError as error:
            return refused(request, access, error)
        return RedirectResponse("/approvals", status_code=303)

    @routes.post("/approvals/request", response_model=None)
    def ask(
        request: Request,
        access: Requester,
        session: Annotated[str, Form()] = "",
        terms: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        document: Annotated[str, Form()] = "",
    ) -> Response:
        if document and document not in DOCUMENTS:
            return page(request, access, "choose a document the policy holds back", status=400)
        try:
            # The store answers for the member's team only: another team's session is "no
            # such session", as an id that never existed.
            _approvals(access).request(
                access.member, session, [terms], reason, document=document or None
            )
        except BrightlineError as error:
            return refused(request, access, error)
        return RedirectResponse("/approvals", status_code=303)

    @routes.post("/approvals/policy", response_model=None)
    def set_policy(
        request: Request,
        access: Manager,
        requires_: Annotated[list[str] | None, Form(alias="requires")] = None,
        targets: Annotated[str, Form()] = "",
    ) -> Response:
        try:
            policy = parse_policy({"requires": requires_ or [], "targets": _targets(targets)})
            _approvals(access).set_policy(access.member, policy)
        except BrightlineError as error:
            return refused(request, access, error)
        return RedirectResponse("/approvals", status_code=303)

    return routes
