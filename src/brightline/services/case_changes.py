"""Case changes under a team's approval policy: held in the inbox until an approver decides.

The team's cases (``services/team_cases.py``) call :func:`guard_case_edit` before every write
(an edit, a new case, a deletion). Kept apart from ``services/approvals.py`` (which re-exports
it) so each stays readable; the request it lists is also an event of the team's own trail
(``session/team_trail.py``, written by ``approval_inbox.insert_request``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from brightline.actions import act
from brightline.services.approval_inbox import digest_of, insert_request, load_policy, request_of
from brightline.session.approvals import ApprovalError, Decision, Need, case_change_needs
from brightline.session.roles import Member, Role

if TYPE_CHECKING:
    from brightline.session.database import Database


class ApprovalNeeded(ApprovalError):
    """The policy holds this move back until an approver signs off exactly this move."""


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
