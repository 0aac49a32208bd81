"""The respectful records of talks that stop: the pause and the walk-away.

What the record holds, in this order: why we stop (the playbook's closing words for the
context), the rule and its source, what was tried (integrative options, then the offers and
decisions of the session), why holding the rule now avoids a bigger loss later, what would have
to change to talk again and when to look, and wording that lets the other side present the
outcome without losing face, chosen for the case's culture. A function of the view only.
"""

from __future__ import annotations

from brightline.report.counterpart import CounterpartView
from brightline.report.document import Block, Bullets, Document, Paragraph, Section
from brightline.report.documents.common import (
    events_section,
    in_sentence,
    standards_section,
    tried_section,
)

NO_DATE = "a date we agree together"
"""What the record says when no review date was decided."""


def _record(view: CounterpartView, heading: str, lead: str) -> Document:
    opening: list[Block] = [Paragraph(f"From {view.us} to {in_sentence(view.them)}. {lead}")]
    opening += [Paragraph(sentence) for sentence in view.closing]
    sections = [
        Section("opening", "", tuple(opening)),
        standards_section(view, "The rule we hold, and its source"),
        tried_section(view),
    ]
    events = events_section(view)
    if events is not None:
        sections.append(events)
    date = view.revisit_date or NO_DATE
    sections.append(
        Section(
            "revisit",
            "When to talk again",
            (
                Paragraph(f"What would have to change: {view.revisit_condition}"),
                Paragraph(f"When we look again: {date}."),
            ),
            {"condition": view.revisit_condition, "date": view.revisit_date or None},
        )
    )
    if view.face_saving:
        sections.append(
            Section("face_saving", "How this can be presented", (Bullets(view.face_saving),))
        )
    return Document(heading, view.title, tuple(sections), provenance=view.provenance)


def pause(view: CounterpartView) -> Document:
    """The pause record: talks stop for now, with the condition and the date to look again."""
    return _record(
        view,
        "Pause",
        "We propose to pause these talks. This record says why, what we tried together and "
        "when we would like to look again.",
    )


def walk_away(view: CounterpartView) -> Document:
    """The walk-away record: talks end, with the rule protected and what would reopen them."""
    lead = (
        "This record says which rule we hold and why, what we tried, and what would let us "
        "talk again."
    )
    if view.offers_on_record:  # "the terms on the table" only when there are some
        lead = f"We will not go ahead on the terms on the table. {lead}"
    return _record(view, "Walk-away record", lead)
