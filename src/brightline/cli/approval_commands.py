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


def _where(request: ApprovalRequest) -> str:
    """What the request is about; a session's trail event is labelled as such, not numbered."""
    if request.session_id:
        return (
            f"{request.subject} in session {request.session_id} "
            f"(trail event #{request.request_seq})"
        )
    return f"{request.subject} of case {request.case_id}"


def _line(request: ApprovalRequest) -> str:
    decided = f" by {request.decided_by}: {request.decision_reason}" if request.decided_by else ""
    return (
        f"request {request.id}  {request.decision.value}{decided}  {_where(request)}, asked by "
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
    """Ask for approval of an offer we would make (or a document for it). Prints its number.

    The number is the request's in the approvals inbox, the one `session approve` takes.
    """
    approvals, member = _acting(author)
    request = approvals.request(member, session_id, terms, reason, document=document)
    sys.stdout.write(f"{request.id}\n")
    sys.stderr.write(
        f"request {request.id} recorded ({_where(request)}): {'; '.join(request.needs)}; "
        f"another person approves it with `brightline session approve {request.id} --reason ...`\n"
    )


def _decide(request_id: int, reason: str, author: str | None, approve: bool) -> None:
    from brightline.session.approvals import LOCAL_TEAM

    approvals, member = _acting(author)
    cases = None
    if member.team != LOCAL_TEAM:  # a team's case change is carried out in the team's cases
        from brightline.services.team_cases import ParsedCases, TeamCases
        from brightline.session.database import open_database

        cases = TeamCases(open_database, member.team, member.user, ParsedCases())
    decided = approvals.decide_request(
        member, request_id, approve=approve, reason=reason, cases=cases
    )
    word = "approved" if approve else "refused"
    event = f" (trail event #{decided.decision_seq})" if decided.decision_seq else ""
    sys.stdout.write(f"request {decided.id} {word} by {decided.decided_by}{event}\n")


RequestNumber = Annotated[
    int,
    typer.Argument(help="The request's number in the approvals inbox (`session approvals`)."),
]


def approve(request: RequestNumber, reason: Reason, author: Author = None) -> None:
    """Approve a request (never your own): the move it names may then proceed."""
    _decide(request, reason, author, True)


def refuse(request: RequestNumber, reason: Reason, author: Author = None) -> None:
    """Refuse a request (never your own), saying why."""
    _decide(request, reason, author, False)


def approvals_inbox(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Check the team's trail of case changes (its hash chain, and every case-change "
            "request of the inbox in it); exit 1 when it does not verify.",
        ),
    ] = False,
    author: Author = None,
) -> None:
    """The approvals inbox: the requests you may decide, then your own, by request number."""
    approvals, member = _acting(author)
    if verify:
        report = approvals.verify_team_trail(member)
        events = "event" if report.events == 1 else "events"
        state = "intact" if report.intact else f"BROKEN: {report.problem}"
        sys.stdout.write(
            f"team {member.team}'s trail of case changes: {report.events} {events}, {state}\n"
        )
        if not report.intact:
            raise typer.Exit(1)
        return
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
        "trail_event": request.request_seq or None,
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
