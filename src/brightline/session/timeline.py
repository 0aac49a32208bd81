"""Words and JSON for a session: one line per event, the analysis and the playbook as data (pure).

Adapters (the CLI now, the web app later) render these; nothing here prints.
"""

from __future__ import annotations

from typing import Any

from brightline.actions import advice_json
from brightline.amounts import amount, quantity, signed_amount
from brightline.playbook.moves import Guide, move_json
from brightline.session.analytics import ConcessionAnalysis
from brightline.session.events import Event, EventKind


def _known(value: Any) -> float | None:
    """A recorded number, or None where it was left out (unknown, never read as 0)."""
    return None if value is None else float(value)


def _option(value: Any) -> str:
    return quantity(value) if isinstance(value, float) else str(value)


def describe(event: Event, unit: str = "", their_unit: str = "", *, minutes: bool = False) -> str:
    """One line saying what an event recorded, for the timeline.

    ``unit`` is the case currency (value to us); ``their_unit`` the unit of value to them
    (defaults to ``unit``). With ``minutes`` the line is fit to share, holding what both sides
    saw and nothing of our own words about it (as the counterpart documents): a concession says
    what was given and got but not its value to us or our estimate of its value to them; an
    offer and a stage change leave out our note, a decision its rationale.
    """
    data = event.payload
    kind = EventKind(event.kind)
    if kind is EventKind.START:
        return f"session started on case {data['case_id']} ({data['case_file']})"
    if kind is EventKind.OFFER:
        terms = ", ".join(f"{issue}={_option(value)}" for issue, value in data["outcome"].items())
        tail = f" — {data['note']}" if data.get("note") and not minutes else ""
        return f"offer {data['direction']}: {terms}{tail}"
    if kind is EventKind.CONCESSION:
        give = data.get("we_give") or "-"
        get = data.get("we_get") or ("something" if "get_value" in data else "nothing")
        if "get_value" in data and not minutes:  # what it is worth to us stays ours
            get += f" (worth {amount(float(data['get_value']), unit)} to us)"
        trigger = f"; if {data['trigger']}" if data.get("trigger") else ""
        if minutes:
            return f"concession by {data.get('by', 'us')} on {data['item']}: give {give}, get {get}{trigger}"
        return (
            f"concession by {data.get('by', 'us')} on {data['item']}: give {give}, get {get} "
            f"(to us {signed_amount(float(data.get('value_to_us', 0)), unit)}, "
            f"to them {signed_amount(_known(data.get('value_to_them')), their_unit or unit)})"
            f"{trigger}"
        )
    if kind is EventKind.SIGNAL:
        text = f": {data['text']}" if data.get("text") else ""  # what they said or did
        return f"signal {data['type']} by {data.get('by', 'them')}{text}"
    if kind is EventKind.STAGE:
        note = f" — {data['note']}" if data.get("note") and not minutes else ""
        return f"stage -> {data['to']}{note}"
    if kind is EventKind.DECISION:
        review = f" (review {data['review_date']})" if data.get("review_date") else ""
        why = "" if minutes else f": {data['rationale']}"
        return f"decision {data['decision']}{why}{review}"
    if kind is EventKind.APPROVAL:
        text = f": {data['text']}" if data.get("text") else ""
        answers = f" of request #{data['request']}" if data.get("request") else ""
        return f"approval ({data.get('scope', 'other')}){answers} by {data['approver']}{text}"
    if kind is EventKind.REQUEST:
        terms = ", ".join(f"{issue}={_option(value)}" for issue, value in data["outcome"].items())
        what = f"document {data['document']} for " if data.get("document") else ""
        return (
            f"approval requested by {event.author} for {what}{data['subject']} {terms}: "
            f"{'; '.join(data['needs'])} — {data['reason']}"
        )
    if kind is EventKind.REFUSAL:
        return f"request #{data['request']} refused by {event.author}: {data['reason']}"
    if kind is EventKind.DOCUMENT:
        named = f" as {data['file']}" if data.get("file") else ""
        return f"document {data['kind']} ({data['format']}){named}, sha256 {data['sha256'][:16]}"
    if kind is EventKind.DEBRIEF:
        answers = ", ".join(
            f"{name.replace('_image', '')} {data[name]}/7"
            for name in ("outcome", "self_image", "process", "relationship")
            if name in data
        )
        note = f" — {data['note']}" if data.get("note") else ""
        return f"debrief: {answers or 'no ratings'}{note}"
    return str(data.get("text", ""))


def analysis_json(analysis: ConcessionAnalysis) -> dict[str, Any]:
    """The concession analysis as JSON data."""
    return {
        "given": analysis.given,
        "received": analysis.received,
        "balance_to_us": analysis.balance_to_us,
        "balance_to_them": analysis.balance_to_them,
        "unknown_to_them": list(analysis.unknown_to_them),
        "reciprocity": analysis.reciprocity,
        "unreciprocated": list(analysis.unreciprocated),
        "sizes": [
            {"seq": size.seq, "item": size.item, "size": size.size, "growing": size.growing}
            for size in analysis.sizes
        ],
        "crossings": [
            {"seq": seq, "approver": approver or None} for seq, approver in analysis.crossings
        ],
        "term_creep": list(analysis.term_creep),
        "one_sided": list(analysis.one_sided),
        "position": analysis.position,
        "reciprocity_below": list(analysis.reciprocity_below),
        "unanchored": list(analysis.unanchored),
        "flags": [flag.text for flag in analysis.flags],
        "flag_advice": [advice_json(flag) for flag in analysis.flags],
    }


def guide_json(guide: Guide) -> dict[str, Any]:
    """The playbook for the current stage as JSON data."""
    return {
        "stage": guide.stage.value,
        "moves": [move_json(move) for move in guide.moves],
        "alerts": [
            {
                "seq": alert.seq,
                "signal": alert.signal.value,
                "reaction": alert.reaction.value,
                "response": alert.response,
                "text": alert.text,
            }
            for alert in guide.alerts
        ],
        "next_stages": [stage.value for stage in guide.next_stages],
        "advice": None if guide.advice is None else guide.advice.to_json(),
        "gate_note": guide.gate_note or None,
    }


def private_to_us(event: Event) -> bool:
    """Whether an event belongs to our side only and stays out of minutes.

    Approvals, requests for them and refusals are internal sign-offs (one below the reservation
    point even tells how far we can go), a note is our own remark ("their BATNA looks weak"), and
    a debrief is our own assessment of how it went, so shared minutes leave them out and say how
    many were left out.
    """
    return event.kind in _PRIVATE


_PRIVATE = frozenset(
    kind.value
    for kind in (
        EventKind.APPROVAL,
        EventKind.REQUEST,
        EventKind.REFUSAL,
        EventKind.NOTE,
        EventKind.DEBRIEF,
    )
)
