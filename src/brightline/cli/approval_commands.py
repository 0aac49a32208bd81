"""Approvals on the command line: ``session request-approval|approve|refuse|approvals|policy``.

On a team store each command acts as the signed-in account named by ``--author`` (see
``cli/identity.py``): its team's inbox and policy, its role checked as on the web. On a store
without accounts whoever runs the command acts as an owner of the local team, named by
``--author`` (default: ``BRIGHTLINE_AUTHOR``, else the OS user), so a second person approves
under their own name; the local policy is empty until ``session policy --require ...`` sets one.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.output import OutputFormat, print_json
from brightline.cli.session_options import Author, SessionId

if TYPE_CHECKING:
    from brightline.services.approval_inbox import ApprovalRequest
    from brightline.services.approvals import Approvals
    from brightline.session.roles import Member

Reason = Annotated[
    str, typer.Option("--reason", help="Why: the other side of the approval reads it.")
]


def _acting(author: str | None) -> tuple[Approvals, Member]:
    """The approval use cases and who acts: the signed-in account on a team store."""
    from brightline.cli.identity import acting_member

    return acting_member(author)


def _line(request: ApprovalRequest) -> str:
    where = (
        f"session {request.session_id} #{request.request_seq}"
        if request.session_id
        else f"case {request.case_id}"
    )
    decided = f" by {request.decided_by}: {request.decision_reason}" if request.decided_by else ""
    return (
        f"{request.id}  {request.decision.value}{decided}  {request.subject} in {where}, asked by "
        f"{request.requested_by}: {'; '.join(request.needs)} — {request.reason}"
    )


def request_approval(
    session_id: SessionId,
    terms: Annotated[list[str], typer.Argument(help="The offer's terms, ISSUE=VALUE each.")],
    reason: Reason,
    document: Annotated[
        str | None,
        typer.Option(help="Ask for a counterpart document of this kind for these terms."),
    ] = None,
    author: Author = None,
) -> None:
    """Ask for approval of an offer we would make (or a document for it). Prints its number."""
    approvals, member = _acting(author)
    request = approvals.request(member, session_id, terms, reason, document=document)
    sys.stdout.write(f"{request.request_seq}\n")
    sys.stderr.write(
        f"request #{request.request_seq} recorded in session {session_id}: "
        f"{'; '.join(request.needs)}; another person approves it with "
        f"`brightline session approve {session_id} {request.request_seq} --reason ...`\n"
    )


def _decide(session_id: str, request: int, reason: str, author: str | None, approve: bool) -> None:
    approvals, member = _acting(author)
    event = approvals.decide(member, session_id, request, approve=approve, reason=reason)
    word = "approved" if approve else "refused"
    sys.stdout.write(f"#{event.seq} request #{request} {word} by {event.author}\n")


def approve(
    session_id: SessionId,
    request: Annotated[int, typer.Argument(help="The request's number in the trail.")],
    reason: Reason,
    author: Author = None,
) -> None:
    """Approve a request (never your own): the offer or document it names may then proceed."""
    _decide(session_id, request, reason, author, True)


def refuse(
    session_id: SessionId,
    request: Annotated[int, typer.Argument(help="The request's number in the trail.")],
    reason: Reason,
    author: Author = None,
) -> None:
    """Refuse a request (never your own), saying why."""
    _decide(session_id, request, reason, author, False)


def approvals_inbox(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    author: Author = None,
) -> None:
    """The requests of the local store: those you may decide, then your own."""
    approvals, member = _acting(author)
    inbox = approvals.inbox(member)
    if format is OutputFormat.JSON:
        print_json(
            {
                "to_decide": [_json(request) for request in inbox.to_decide],
                "mine": [_json(request) for request in inbox.mine],
            }
        )
        return
    if not inbox.to_decide and not inbox.mine:
        sys.stderr.write("no requests for approval\n")
    for title, requests in (("to decide", inbox.to_decide), ("yours", inbox.mine)):
        if requests:
            sys.stdout.write(f"{title}:\n")
            for request in requests:
                sys.stdout.write(f"  {_line(request)}\n")


def _json(request: ApprovalRequest) -> dict[str, object]:
    return {
        "id": request.id,
        "session": request.session_id or None,
        "request": request.request_seq or None,
        "case": request.case_id,
        "subject": request.subject,
        "needs": list(request.needs),
        "reason": request.reason,
        "requested_by": request.requested_by,
        "requested_at": request.requested_at,
        "decision": request.decision.value,
        "decided_by": request.decided_by or None,
        "decision_reason": request.decision_reason or None,
    }


def policy(
    require: Annotated[
        list[str] | None,
        typer.Option(
            help="A trigger that needs approval (repeat): offer-below-target, "
            "reservation-change, standard-waiver, document-below-target; 'none' for none."
        ),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(help="CASE_ID=VALUE: the case's target value to us (repeat)."),
    ] = None,
    author: Author = None,
) -> None:
    """Show the local store's approval policy, or set it with --require and --target."""
    from brightline.errors import UsageError
    from brightline.session.approvals import parse_policy

    approvals, member = _acting(author)
    if require is not None or target is not None:
        targets: dict[str, float] = {}
        for pair in target or []:
            case_id, sep, value = pair.partition("=")
            try:
                targets[case_id.strip()] = float(value)
            except ValueError:
                raise UsageError(
                    f"{pair!r} is not CASE_ID=VALUE; e.g. saas-eu=250000", parameter="target"
                ) from None
            if not sep or not case_id.strip():
                raise UsageError(f"{pair!r} is not CASE_ID=VALUE", parameter="target")
        wanted = [name for name in (require or []) if name != "none"]
        approvals.set_policy(member, parse_policy({"requires": wanted, "targets": targets}))
    current = approvals.policy(member.team)
    from brightline.session.approvals import Trigger

    for trigger in Trigger:
        mark = "needs approval" if current.needs(trigger) else "free"
        sys.stdout.write(f"{trigger.value}: {mark} ({trigger.label})\n")
    from brightline.amounts import number_text

    for case_id, wanted_value in sorted(current.targets.items()):
        shown = number_text(wanted_value)
        sys.stdout.write(f"target of case {case_id}: {shown} in the case currency\n")


def register(app: typer.Typer) -> None:
    """Add ``session request-approval|approve|refuse|approvals|policy`` to ``app``."""
    from brightline.cli.groups import session_group

    session = session_group(app)
    session.command("request-approval")(request_approval)
    session.command("approve")(approve)
    session.command("refuse")(refuse)
    session.command("approvals")(approvals_inbox)
    session.command("policy")(policy)
