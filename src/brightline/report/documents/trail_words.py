"""What each event of a session says, in the words of the decision-trail document.

The trail document is the record a neutral scribe would keep and a reviewer reads months later,
often someone who never opened the case file: an offer reads "Annual contract price: 20.85 USD
million / year", not ``annual_price=20.85``, as everywhere else a person reads terms. Offers
and requests for approval carry terms, so they are worded here from the case's issue and option
labels; a decision, a change of stage and a signal say what they are in words. Every other
event (notes, concessions, approvals, documents) already reads as a sentence and is worded by
the session timeline's :func:`~brightline.session.timeline.describe`, with our own values, as
an internal record should.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from brightline.case.validate import LoadedCase
from brightline.report.labels import capitalised, issue_label, option_label, spaced

if TYPE_CHECKING:
    from brightline.session.events import Event

DECISIONS = {
    "accept": "accept the offer",
    "narrow_deal": "make a narrow deal",
    "pause": "pause the talks",
    "walk": "walk away",
}
"""A decision as a verb phrase ("decided to pause the talks")."""


def terms_text(loaded: LoadedCase, outcome: Mapping[str, Any]) -> str:
    """Terms by issue label and option label, in the case's issue order; unknown issues last."""
    case = loaded.case
    known = [issue.id for issue in case.issues if issue.id in outcome]
    unknown = [issue for issue in outcome if issue not in known]  # a snapshot's older issue
    parts = [
        f"{issue_label(case, issue)}: {option_label(case, issue, outcome[issue])}"
        for issue in known
    ]
    parts += [f"{spaced(issue)}: {outcome[issue]}" for issue in unknown]
    return "; ".join(parts)


def event_words(loaded: LoadedCase, event: Event) -> str:
    """One line saying what ``event`` recorded, for the trail document (see the module)."""
    from brightline.session.timeline import describe

    data = event.payload
    info = loaded.case.case
    if event.kind == "start":
        return f"Session started on the case file {data['case_file']} ({info.title})"
    if event.kind == "offer":
        direction = "made" if data.get("direction") == "made" else "received"
        note = f" ({data['note']})" if data.get("note") else ""
        return f"Offer {direction}: {terms_text(loaded, data['outcome'])}{note}"
    if event.kind == "request":
        what = f"the {data['document']} for " if data.get("document") else ""
        needs = "; ".join(data.get("needs", ()))
        reason = f"; {data['reason']}" if data.get("reason") else ""
        return (
            f"Approval requested by {event.author} for {what}{spaced(str(data['subject']))} "
            f"{terms_text(loaded, data['outcome'])}: {needs}{reason}"
        )
    if event.kind == "decision":
        decided = DECISIONS.get(str(data["decision"]), spaced(str(data["decision"])))
        review = f"; review on {data['review_date']}" if data.get("review_date") else ""
        return f"Decided to {decided}: {data['rationale']}{review}"
    if event.kind == "stage":
        note = f" ({data['note']})" if data.get("note") else ""
        return f"Moved to the {spaced(str(data['to']))} stage{note}"
    if event.kind == "signal":
        text = f": {data['text']}" if data.get("text") else ""
        by = "us" if data.get("by") == "us" else "them"
        return f"Signal by {by}, {spaced(str(data['type']))}{text}"
    return capitalised(describe(event, info.currency, info.their_unit))
