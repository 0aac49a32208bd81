"""A team's own hash chain: the case changes its members asked for, and who decided them.

A move inside a session (an offer, a document) is asked for and decided in that session's
trail. A change of a team's case (a pre-committed reservation point moved, a standard removed,
a case deleted) happens outside any session, so each of its steps is an event of the team's
trail instead: ``case-request`` (who asked, which case, the SHA-256 of the text it was made
against and of the text it would save, why the policy asks and why the requester wants it),
then ``case-approval`` or ``case-refusal`` (who decided, in which role, and why).

Each event's hash covers the team, its number, kind, author, time, payload and the hash of
the event before it (the first one's is 64 zeros), so an event edited, removed or inserted in
the database breaks the chain from there on. :func:`verify` recomputes it, and holds the
approvals inbox's case-change rows to it: a row whose request or decision is not the trail's
is named. The chain is evidence; the inbox row is the index the pages read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, insert, select

from brightline.session.tables import approval_requests, team_trail

GENESIS = "0" * 64


class TeamEventKind(StrEnum):
    """The steps of a case change."""

    CASE_REQUEST = "case-request"
    CASE_APPROVAL = "case-approval"
    CASE_REFUSAL = "case-refusal"


@dataclass(frozen=True, slots=True)
class TeamEvent:
    """One event of a team's trail."""

    team: str
    seq: int
    kind: TeamEventKind
    author: str
    at: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class TeamTrailReport:
    """What verifying a team's trail found.

    Attributes:
        team: The team.
        events: How many events the trail has.
        problem: The first thing wrong, in words; empty when the chain and the inbox agree.
    """

    team: str
    events: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        """Whether the chain verifies and every case-change row of the inbox is in it."""
        return not self.problem


def event_hash(
    team: str, seq: int, kind: str, author: str, at: str, payload: str, prev_hash: str
) -> str:
    """SHA-256 of one event's canonical form (``payload`` is its canonical JSON text)."""
    text = json.dumps(
        [team, seq, kind, author, at, json.loads(payload), prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(
    connection: Connection,
    team: str,
    kind: TeamEventKind,
    author: str,
    at: str,
    payload: dict[str, Any],
) -> TeamEvent:
    """Append an event to the team's trail inside the caller's transaction.

    Two writers that read the same head both try the same number: the primary key (team, seq)
    lets one commit and the other's transaction fail whole, to be retried by the caller.
    """
    last = connection.execute(
        select(team_trail.c.seq, team_trail.c.hash)
        .where(team_trail.c.team == team)
        .order_by(team_trail.c.seq.desc())
        .limit(1)
    ).first()
    seq = int(last[0]) + 1 if last else 1
    prev_hash = str(last[1]) if last else GENESIS
    text = _canonical(payload)
    digest = event_hash(team, seq, kind.value, author, at, text, prev_hash)
    connection.execute(
        insert(team_trail).values(
            team=team,
            seq=seq,
            kind=kind.value,
            author=author,
            at=at,
            payload=text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    return TeamEvent(team, seq, kind, author, at, json.loads(text), prev_hash, digest)


def events(connection: Connection, team: str) -> list[TeamEvent]:
    """The team's trail, in order."""
    rows = connection.execute(
        select(team_trail).where(team_trail.c.team == team).order_by(team_trail.c.seq)
    ).mappings()
    return [
        TeamEvent(
            str(row["team"]),
            int(row["seq"]),
            TeamEventKind(str(row["kind"])),
            str(row["author"]),
            str(row["at"]),
            json.loads(str(row["payload"])),
            str(row["prev_hash"]),
            str(row["hash"]),
        )
        for row in rows
    ]


def verify(connection: Connection, team: str) -> TeamTrailReport:
    """Recompute the team's chain and hold the inbox's case-change rows to it."""
    rows = list(
        connection.execute(
            select(team_trail).where(team_trail.c.team == team).order_by(team_trail.c.seq)
        ).mappings()
    )
    previous = GENESIS
    requests: dict[int, dict[str, Any]] = {}
    decisions: dict[int, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        seq = int(row["seq"])
        if seq != number:
            return TeamTrailReport(team, len(rows), f"event #{number} is missing")
        if str(row["prev_hash"]) != previous:
            return TeamTrailReport(team, len(rows), f"event #{seq} does not follow #{seq - 1}")
        recomputed = event_hash(
            team,
            seq,
            str(row["kind"]),
            str(row["author"]),
            str(row["at"]),
            str(row["payload"]),
            previous,
        )
        if recomputed != str(row["hash"]):
            return TeamTrailReport(team, len(rows), f"event #{seq} was changed after it was made")
        previous = recomputed
        payload = {**json.loads(str(row["payload"])), "author": str(row["author"])}
        kind = str(row["kind"])
        target = requests if kind == TeamEventKind.CASE_REQUEST.value else decisions
        target[int(payload["request"])] = {**payload, "kind": kind}
    inbox = connection.execute(
        select(approval_requests).where(
            approval_requests.c.team == team, approval_requests.c.subject == "case-change"
        )
    ).mappings()
    for row in inbox:
        problem = _row_problem(row, requests.get(int(row["id"])), decisions.get(int(row["id"])))
        if problem:
            return TeamTrailReport(team, len(rows), f"inbox request {row['id']}: {problem}")
    return TeamTrailReport(team, len(rows))


def _row_problem(row: Any, asked: dict[str, Any] | None, decided: dict[str, Any] | None) -> str:
    """What an inbox row says that the trail does not, or ""."""
    if asked is None:
        return "is not in the team's trail"
    change = hashlib.sha256(str(row["change_text"] or "").encode("utf-8")).hexdigest()
    if (
        asked["author"] != row["requested_by"]
        or asked["case"] != row["case_id"]
        or asked["change_sha256"] != change
        or asked["base_sha256"] != (row["base_sha256"] or "")
    ):
        return "differs from its request in the team's trail"
    if row["decision"] == "pending":
        return "is pending, but the trail decided it" if decided else ""
    expected = "case-approval" if row["decision"] == "approved" else "case-refusal"
    if decided is None or decided["kind"] != expected or decided["author"] != row["decided_by"]:
        return f"says {row['decision']} by {row['decided_by']}, which the team's trail does not"
    return ""


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
