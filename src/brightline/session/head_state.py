"""The state an append is checked against, kept with the trail's head (a cache, never evidence).

The recording checks (``recording.admit``) read four things from the replayed trail: the stage,
the deal's position, whether we have made a complete offer yet (which side of the table the
position follows), the approvals recorded so far and the requests for approval with their
decisions. Replaying the whole trail to get them made
every ``brightline log`` process read all of it, so the store keeps them, per session, next to
the head they were folded up to (table ``session_states``), and each append updates them in the
same transaction that moves the head. An append then reads the head state, the session row and
the head event, never the trail.

What is kept is bounded by the approvals (a handful), not by the trail: offers, concessions,
signals and decisions are history, read from the trail by whoever shows or analyses it. A state
made here therefore has those lists empty; :func:`at_head` says so by construction.

The row lives in the database, so whoever can write the trail can write it too: ``session
verify`` never trusts it and replays the chain to check it (:func:`state_report`), and an append
refuses one that disagrees with the trail's head (:func:`catch_up`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from brightline.case.model import Stage
from brightline.case.validate import LoadedCase
from brightline.session.analytics import SessionState, replay
from brightline.session.approvals import RequestStatus
from brightline.session.events import (
    ApprovalPayload,
    ChainReport,
    Event,
    TrailDamaged,
    canonical_json,
    unreadable,
)
from brightline.session.rows import events, integer

FORMAT = 1
"""The layout of the stored JSON; a row in any other layout is rebuilt from the trail."""


def at_head(state: SessionState) -> SessionState:
    """What the recording checks read from ``state``, without the history lists."""
    return SessionState(
        stage=state.stage,
        stage_since=state.stage_since,
        position=state.position,
        concessions=(),
        approvals=dict(state.approvals),
        signals=(),
        decisions=(),
        offers=(),
        made_offer=state.made_offer,
        requests=dict(state.requests),
    )


def encode(state: SessionState) -> str:
    """The head part of ``state`` as the canonical JSON text stored in ``session_states``."""
    return canonical_json(
        {
            "format": FORMAT,
            "stage": state.stage.value,
            "stage_since": state.stage_since,
            "position": state.position,
            "made_offer": state.made_offer,
            "approvals": {
                str(seq): approval.model_dump(mode="json")
                for seq, approval in sorted(state.approvals.items())
            },
            # Only when there are any: a state without requests is stored as it was before.
            **(
                {
                    "requests": {
                        str(seq): status.to_json() for seq, status in sorted(state.requests.items())
                    }
                }
                if state.requests
                else {}
            ),
        }
    )


def decode(text: str) -> SessionState | None:
    """A stored head state, or None when the text is not one this version writes."""
    try:
        document: Any = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return None
        position = document["position"]
        since, made, approvals = (
            document["stage_since"],
            document["made_offer"],
            document["approvals"],
        )
        if position is not None and (
            isinstance(position, bool)
            or not isinstance(position, int | float)
            or not math.isfinite(position)
        ):
            return None
        if isinstance(since, bool) or not isinstance(since, int) or not isinstance(made, bool):
            return None
        requests = document.get("requests", {})
        if not isinstance(approvals, dict) or not isinstance(requests, dict):
            return None
        return SessionState(
            stage=Stage(document["stage"]),
            stage_since=since,
            position=None if position is None else float(position),
            concessions=(),
            approvals={
                int(seq): ApprovalPayload.model_validate(approval)
                for seq, approval in approvals.items()
            },
            signals=(),
            decisions=(),
            offers=(),
            made_offer=made,
            requests={
                int(seq): RequestStatus.from_json(status) for seq, status in requests.items()
            },
        )
    except (ValueError, KeyError, TypeError, ValidationError, RecursionError):
        return None


@dataclass(frozen=True, slots=True)
class Head:
    """A session's head: ``count`` events ending in ``head``, the head state there, the case."""

    count: int
    head: str
    state: SessionState
    loaded: LoadedCase


def state_report(
    stored: list[Event], cached: tuple[int | None, str, str], loaded: LoadedCase
) -> ChainReport:
    """Check a stored head state against an intact chain: it must be the chain's own replay.

    The head state is what appends are checked against, so one that was edited would let an
    append through that the trail does not allow; one folded past the stored events is left
    behind by a tail that was cut off.
    """
    count, head, text = cached
    state = decode(text)
    total = len(stored)
    if count is None or count < 1 or state is None:
        return ChainReport(
            False,
            total,
            None,
            "the session's stored head state cannot be read (it was edited outside Brightline); "
            "the next append verifies the whole trail and rebuilds it",
        )
    if count > total:
        return ChainReport(
            False,
            total,
            total + 1,
            f"the session's head state was recorded at event {count}, but {total} events are "
            f"stored: event {total + 1} onwards was deleted",
        )
    if stored[count - 1].hash != head:
        return ChainReport(
            False,
            total,
            count,
            f"the session's head state names another hash for event {count}: the trail was "
            "rewritten from there, or the head state was edited",
        )
    if at_head(replay(loaded.case, stored[:count])) != state:
        return ChainReport(
            False,
            total,
            count,
            f"the session's head state at event {count} is not what the trail replays to (it "
            "was edited outside Brightline, and appends were checked against it); review the "
            "events since, then delete its row in session_states so the next append rebuilds it",
        )
    return ChainReport(True, total)


def catch_up(connection: Connection, row: Any, known: Head) -> Head:
    """Verify the trail from a known head to the row's head (under the lock, or before it).

    Reads only the events after ``known.count`` (written by other writers since), or just the
    head event when there are none, and checks each follows the one before it. A row that
    records fewer events than the head state, or a head that moved without new events, means
    the trail was rewritten (or the head state edited): refused as damaged.
    """
    session_id = str(row["id"])
    count = integer(row["event_count"])
    if count is None:
        raise TrailDamaged(
            session_id, f"the session row's event count {row['event_count']!r} is not a number"
        )
    if count < known.count:
        raise TrailDamaged(
            session_id,
            f"the session row records {row['event_count']!r} events, but its head state was "
            f"recorded at event {known.count}: the trail's tail was removed",
        )
    after = known.count if count > known.count else known.count - 1
    newer = events(connection, session_id, after=after)
    expected = list(range(after + 1, count + 1))
    if [event.seq for event in newer] != expected:
        raise TrailDamaged(
            session_id,
            f"events {after + 1} to {count} are not all stored as the session row records",
        )
    prev = known.head
    state = known.state
    for event in newer:
        if event.seq <= known.count:  # the known head itself, re-read: it must be unchanged
            if event.hash != known.head or event.computed_hash() != event.hash:
                raise TrailDamaged(
                    session_id,
                    f"event {event.seq} is not the head its head state recorded: it was edited, "
                    "or the trail was rewritten",
                )
            continue
        problem = unreadable(event)
        if not problem and event.session != session_id:
            problem = f"it belongs to session {event.session!r}"
        if not problem and (event.computed_hash() != event.hash or event.prev != prev):
            problem = "it was edited or does not follow the event before it"
        if problem:
            raise TrailDamaged(session_id, f"broken at event {event.seq}: {problem}")
        prev = event.hash
    if str(row["head_hash"]) != prev:
        raise TrailDamaged(session_id, "the session's recorded head does not match its last event")
    fresh = [event for event in newer if event.seq > known.count]
    if fresh:
        state = at_head(replay(known.loaded.case, fresh, start=state))
    return Head(count, prev, state, known.loaded)
