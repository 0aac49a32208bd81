"""What the web workbench's session page shows beside ``next``: the timeline and the log forms.

:class:`~brightline.services.sessions.Sessions` does the recording and the playbook; this module
turns a session's trail into rows a page lays out (every line worded by the timeline's own
``describe``, as ``brightline session show`` does) and lists the closed choices each log form
offers, read off the event models so a form never offers what the store refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.session.events import Event


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One event of the trail as the timeline shows it.

    Attributes:
        seq: Its number in the session (``#3``).
        kind: What it records (``offer``, ``concession``, ...).
        at: When, UTC, to the second (``2026-12-01 15:02:11``).
        author: Who recorded it.
        text: What it recorded, in the timeline's words (amounts with their units).
        private: Whether it is private to us (left out of the minutes fit to share).
    """

    seq: int
    kind: str
    at: str
    author: str
    text: str
    private: bool


@dataclass(frozen=True, slots=True)
class ConcessionRow:
    """One line of the concession log.

    Attributes:
        seq: The event's number.
        by: ``us`` or ``them``.
        item: What it is about.
        we_give: What we give.
        we_get: What we get in return.
        value_to_us: Signed change in value to us (case currency).
        value_to_them: Signed change in value to them (their unit); None when unknown.
        trigger: The trigger or contingency it depends on.
    """

    seq: int
    by: str
    item: str
    we_give: str
    we_get: str
    value_to_us: float
    value_to_them: float | None
    trigger: str


def timeline(case: Case, events: Sequence[Event]) -> tuple[TimelineRow, ...]:
    """Every one of ``events``, oldest first, in the timeline's words (``case``'s units)."""
    from brightline.session.timeline import private_to_us

    return tuple(
        TimelineRow(
            event.seq,
            event.kind,
            event.at[:19].replace("T", " "),
            event.author,
            _text(event, case) if not event.damage else event.damage,
            private_to_us(event),
        )
        for event in events
    )


def _text(event: Event, case: Case) -> str:
    """What an event recorded; the start names the case by its title, not its id."""
    from brightline.session.timeline import describe

    data = event.payload
    if event.kind == "start" and data.get("case_id") == case.case.id:
        return f"session started on “{case.case.title}” (file {data.get('case_file', '')})"
    return describe(event, case.case.currency, case.case.their_unit)


def concession_rows(events: Sequence[Event]) -> tuple[ConcessionRow, ...]:
    """The concession log of ``events``: one row per concession event."""
    found: list[ConcessionRow] = []
    for event in events:
        if event.kind != "concession" or event.damage:
            continue
        data = event.payload
        found.append(
            ConcessionRow(
                event.seq,
                str(data.get("by", "us")),
                str(data.get("item", "")),
                str(data.get("we_give", "")),
                str(data.get("we_get", "")),
                float(data.get("value_to_us", 0.0)),
                None if data.get("value_to_them") is None else float(data["value_to_them"]),
                str(data.get("trigger", "")),
            )
        )
    return tuple(found)


def log_choices() -> dict[str, tuple[str, ...]]:
    """The closed choices of the log forms, by field: what the event models accept."""
    from brightline.case.model import Binds, Stage
    from brightline.playbook.record import DecisionKind, OfferDirection, SignalType
    from brightline.session.events import Adds, ApprovalScope, Side

    return {
        "direction": tuple(item.value for item in OfferDirection),
        "by": tuple(item.value for item in Side),
        "adds": tuple(item.value for item in Adds),
        "binds": tuple(item.value for item in Binds),
        "signal": tuple(item.value for item in SignalType),
        "stage": tuple(item.value for item in Stage),
        "decision": tuple(item.value for item in DecisionKind),
        "scope": tuple(item.value for item in ApprovalScope),
    }
