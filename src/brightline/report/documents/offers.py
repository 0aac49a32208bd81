"""Counterpart documents that put terms on the table: the MESO proposal and the counter.

Both are functions of a :class:`~brightline.report.counterpart.CounterpartView` only.
"""

from __future__ import annotations

from brightline.amounts import plural
from brightline.report.counterpart import CounterpartView
from brightline.report.document import Block, Document, Numbered, Paragraph, Section, Table
from brightline.report.documents.common import (
    evidence_section,
    in_sentence,
    schedule_section,
    standards_section,
    terms_table,
)


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _all(count: int) -> str:
    """How many standards an offer meets, when it meets them all."""
    if count == 1:
        return "the standard"
    return "both standards" if count == 2 else f"all {count} standards"


def proposal(view: CounterpartView) -> Document:
    """The MESO offers side by side, the standards each meets, the safeguards, how to accept."""
    offers = view.offers
    opening: list[Block] = [Paragraph(f"From {view.us} to {in_sentence(view.them)}.")]
    sections: list[Section] = []
    if offers:
        opening.append(
            Paragraph(
                f"We put forward {plural(len(offers), 'offer')} at the same time. Each one works "
                "for us, and each meets every standard listed below; they differ in where they "
                "give and where they ask. Choose the one that suits you best, or tell us which "
                "terms you would change."
            )
        )
        table = terms_table(offers)
        extra = (
            ("Safeguards", *("; ".join(offer.safeguards) or "-" for offer in offers)),
            ("Standards met", *(_all(len(offer.meets)) for offer in offers)),
        )
        dimensions = sorted({d for offer in offers for d in offer.dimensions})
        differs: list[Block] = []
        if dimensions:
            differs.append(Paragraph(f"The offers differ in {_and(dimensions)}."))
        sections.append(
            Section(
                "offers",
                "The offers",
                (*differs, Table(table.columns, (*table.rows, *extra))),
                [{"name": o.name, "terms": dict(o.terms)} for o in offers],
            )
        )
    else:
        opening.append(
            Paragraph(
                "We have not yet found several packages that meet every standard below and work "
                "for us; we set out the standards and the safeguards so we can build one with you."
            )
        )
    sections.insert(0, Section("opening", "", tuple(opening)))
    sections.append(standards_section(view))
    evidence = evidence_section(view)
    if evidence is not None:
        sections.append(evidence)
    sections.append(schedule_section(view))
    sections.append(Section("accept", "How to accept", (Numbered(view.acceptance),)))
    return Document("Proposal", view.title, tuple(sections), provenance=view.provenance)


def counter(view: CounterpartView) -> Document:
    """Our answer to an offer received: where it falls short and why, our counters, safeguards."""
    sections: list[Section] = []
    opening: list[Block] = [
        Paragraph(f"From {view.us} to {in_sentence(view.them)}: our answer to your offer.")
    ]
    opening += [Paragraph(sentence) for sentence in view.narrative]
    sections.append(Section("opening", "", tuple(opening)))
    if view.received is not None:
        shown = [view.received, *view.counters]
        sections.append(
            Section(
                "terms",
                "Your offer and our counter" if view.counters else "Your offer",
                (terms_table(shown),),
            )
        )
    if view.shortfalls:
        rows = tuple(
            (reason.standard, reason.needs, reason.offered, reason.source or "-")
            for reason in view.shortfalls
        )
        sections.append(
            Section(
                "shortfalls",
                "Where the offer falls outside our standards",
                (Table(("Standard", "Requires", "Your offer", "Source"), rows),),
                [{"standard": r.standard, "source": r.source or None} for r in view.shortfalls],
            )
        )
    elif view.received is not None:
        sections.append(
            Section(
                "shortfalls",
                "Where the offer falls outside our standards",
                (Paragraph("Your offer meets every standard we hold."),),
            )
        )
    if view.counters:
        blocks: list[Block] = []
        for counter_terms in view.counters:
            if counter_terms.safeguards:
                blocks.append(
                    Paragraph(
                        f"{counter_terms.name} comes with: {'; '.join(counter_terms.safeguards)}."
                    )
                )
        if blocks:
            sections.append(
                Section("counter_safeguards", "What comes with our counter", tuple(blocks))
            )
    sections.append(standards_section(view))
    # A bid we set aside (it breaks a must-have and gets no counter: a tender's knock-out)
    # leaves no deal on the table; a schedule of the bidder's undertakings would read as a
    # contract offered to it. Elsewhere the schedule stays: it tells them the rules of any deal
    # (a candidate's published band and review, a product gate's conditional step).
    if view.counters or not view.shortfalls or view.context != "procurement":
        sections.append(schedule_section(view))
    # A pause or a walk-away answers without a counter: the title must not promise one.
    title = "Counter-offer" if view.counters else "Our answer to your offer"
    return Document(title, view.title, tuple(sections), provenance=view.provenance)
