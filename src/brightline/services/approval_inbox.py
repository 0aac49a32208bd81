"""The approvals inbox as stored: the team's requests and its policy rows (services' storage).

A request made in a session is an event of its trail, the evidence; its row here indexes it by
team (so the inbox is one query, whichever sessions the team has) and mirrors its decision,
written after the event. A request outside any trail (a case edit) lives only here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brightline.session.approvals import (
    DEFAULT_POLICY,
    LOCAL_TEAM,
    NO_POLICY,
    ApprovalPolicy,
    Decision,
    parse_policy,
)
from brightline.session.roles import Member

if TYPE_CHECKING:
    from brightline.session.database import Database


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """One row of the team's inbox.

    Attributes:
        id: The inbox row's number.
        team: The team it belongs to.
        case_id: The case it is about.
        session_id: The session whose trail holds it; empty for a case edit.
        request_seq: The request event's seq in that trail; 0 for a case edit.
        subject: ``offer``, ``document`` or ``case-change``.
        needs: Why the policy asks for approval, one sentence each.
        reason: Why the requester wants it.
        requested_by: Who asked.
        requested_at: When (UTC ISO 8601).
        decision: Pending, approved or refused.
        decided_by: Who decided; empty while pending.
        decided_at: When; empty while pending.
        decision_reason: The approver's reason.
        decision_seq: The approval or refusal event's seq; 0 for a case edit or while pending.
        change_text: The edited case text a case-change request holds; empty otherwise.
        base_sha256: SHA-256 of the case text the change was made against.
    """

    id: int
    team: str
    case_id: str
    session_id: str
    request_seq: int
    subject: str
    needs: tuple[str, ...]
    reason: str
    requested_by: str
    requested_at: str
    decision: Decision
    decided_by: str = ""
    decided_at: str = ""
    decision_reason: str = ""
    decision_seq: int = 0
    change_text: str = ""
    base_sha256: str = ""


RECENT = 20
"""How many of the team's latest decisions the inbox shows."""


@dataclass(frozen=True, slots=True)
class Inbox:
    """What a member sees: requests they may decide, the state of their own, recent decisions.

    ``decided`` holds the team's latest decisions, newest first (at most :data:`RECENT`).
    """

    member: Member
    to_decide: tuple[ApprovalRequest, ...]
    mine: tuple[ApprovalRequest, ...]
    decided: tuple[ApprovalRequest, ...] = ()


def load_policy(database: Database, team: str) -> ApprovalPolicy:
    """The team's stored policy; the default for a team without one (none for the local store)."""
    from sqlalchemy import select

    from brightline.session.tables import approval_policies

    with database.reading() as connection:
        text = connection.execute(
            select(approval_policies.c.policy).where(approval_policies.c.team == team)
        ).scalar()
    if text is None:
        return NO_POLICY if team == LOCAL_TEAM else DEFAULT_POLICY
    return parse_policy(json.loads(str(text)))


def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(text: str) -> str:
    """Hex SHA-256 of a case text, to tell later whether the case is still the one asked about."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def insert_request(
    database: Database,
    member: Member,
    case_id: str,
    subject: str,
    needs: tuple[str, ...],
    reason: str,
    *,
    at: str,
    session_id: str | None = None,
    request_seq: int | None = None,
    change_text: str | None = None,
    base_sha256: str | None = None,
) -> ApprovalRequest:
    """List a request in the team's inbox (a case edit's, with the text it would save).

    A case edit's request is also the next event of the team's trail, in the same transaction.
    """
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from brightline.session.tables import approval_requests as table
    from brightline.session.team_trail import TeamEventKind

    values = {
        "team": member.team,
        "case_id": case_id,
        "session_id": session_id,
        "request_seq": request_seq,
        "subject": subject,
        "needs": json.dumps(list(needs), ensure_ascii=False),
        "reason": reason,
        "requested_by": member.user,
        "requested_at": at,
        "decision": Decision.PENDING.value,
        "decided_by": "",
        "decided_at": "",
        "decision_reason": "",
        "decision_seq": None,
        "change_text": change_text,
        "base_sha256": base_sha256,
    }
    request_id = 0
    for attempt in range(TRAIL_ATTEMPTS):
        try:
            with database.transaction("listing a request") as connection:
                key = connection.execute(insert(table).values(**values)).inserted_primary_key
                assert key is not None
                request_id = int(key[0])
                if subject == "case-change":  # no session trail: the team's trail holds it
                    _team_step(
                        connection,
                        member,
                        TeamEventKind.CASE_REQUEST,
                        at,
                        {
                            "request": request_id,
                            "case": case_id,
                            "base_sha256": base_sha256 or "",
                            "change_sha256": digest_of(change_text or ""),
                            "needs": list(needs),
                            "reason": reason,
                        },
                    )
            break
        except IntegrityError:
            if attempt == TRAIL_ATTEMPTS - 1:  # another writer took the trail's next number
                raise
    return request_of({"id": request_id, **values})


TRAIL_ATTEMPTS = 5
"""Tries at appending to a team's trail when another writer takes the same number first."""


def _team_step(
    connection: Any, member: Member, kind: Any, at: str, payload: dict[str, Any]
) -> None:
    from brightline.session.team_trail import append

    append(connection, member.team, kind, member.user, at, {**payload, "role": member.role.value})


def record_change_decision(
    database: Database,
    member: Member,
    request_id: int,
    decision: Decision,
    reason: str,
    at: str,
) -> bool:
    """Decide a pending case-change row and record the step in the team's trail, at once.

    Returns False when the row was no longer pending (someone decided it first).
    """
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from brightline.session.tables import approval_requests as table
    from brightline.session.team_trail import TeamEventKind

    kind = (
        TeamEventKind.CASE_APPROVAL if decision is Decision.APPROVED else TeamEventKind.CASE_REFUSAL
    )
    for attempt in range(TRAIL_ATTEMPTS):
        try:
            with database.transaction("deciding a request") as connection:
                changed = connection.execute(
                    update(table)
                    .where(table.c.id == request_id, table.c.decision == Decision.PENDING.value)
                    .values(
                        decision=decision.value,
                        decided_by=member.user,
                        decided_at=at,
                        decision_reason=reason,
                    )
                ).rowcount
                if not changed:
                    return False
                _team_step(connection, member, kind, at, {"request": request_id, "reason": reason})
            return True
        except IntegrityError:
            if attempt == TRAIL_ATTEMPTS - 1:
                raise
    return False


def mark_decided(
    database: Database,
    session_id: str,
    request_seq: int,
    decision: Decision,
    user: str,
    reason: str,
    seq: int,
    at: str,
) -> None:
    """Mirror a decision recorded in the trail into the inbox row (the trail is the evidence)."""
    from sqlalchemy import update

    from brightline.session.tables import approval_requests as table

    with database.transaction("listing a decision") as connection:
        connection.execute(
            update(table)
            .where(table.c.session_id == session_id, table.c.request_seq == request_seq)
            .values(
                decision=decision.value,
                decided_by=user,
                decided_at=at,
                decision_reason=reason,
                decision_seq=seq,
            )
        )


def request_of(row: Any) -> ApprovalRequest:
    """An inbox row as the typed request the adapters show."""
    return ApprovalRequest(
        id=int(row["id"]),
        team=str(row["team"]),
        case_id=str(row["case_id"]),
        session_id=str(row["session_id"] or ""),
        request_seq=int(row["request_seq"] or 0),
        subject=str(row["subject"]),
        needs=tuple(str(text) for text in json.loads(str(row["needs"]))),
        reason=str(row["reason"]),
        requested_by=str(row["requested_by"]),
        requested_at=str(row["requested_at"]),
        decision=Decision(str(row["decision"])),
        decided_by=str(row["decided_by"]),
        decided_at=str(row["decided_at"]),
        decision_reason=str(row["decision_reason"]),
        decision_seq=int(row["decision_seq"] or 0),
        change_text=str(row["change_text"] or ""),
        base_sha256=str(row["base_sha256"] or ""),
    )
