"""The offer letter: terms within the standards, and the milestone review as dated criteria.

A function of the view only: the terms are the offer the caller checked against every standard
(``view.agreed``), the band and level read from the standards, and the review is each review
safeguard of the schedule written as a date, the criteria measured, who judges and what follows.
"""

from __future__ import annotations

from brightline.report.counterpart import CounterpartView
from brightline.report.document import Block, Bullets, Document, Numbered, Paragraph, Section, Table
from brightline.report.documents.common import in_sentence, meets_sentence
from brightline.report.labels import capitalised, lowered
from brightline.report.public_parts import PublicSafeguard


def criteria_of(safeguard: PublicSafeguard) -> tuple[str, ...]:
    """A review's measure split into its criteria: ``Three milestones: a; b; c`` gives a, b, c."""
    text = safeguard.measure
    _, colon, rest = text.partition(":")
    listed = rest if colon and ";" in rest else text
    parts = [part.strip().rstrip(".") for part in listed.split(";") if part.strip()]
    return tuple(part[:1].upper() + part[1:] for part in parts)


def commitment(safeguard: PublicSafeguard) -> str:
    """One thing we commit to, as the candidate reads it: the term, who checks it and how.

    A safeguard that upholds a standard states that this letter's terms meet that standard
    (they do: the letter is written only within every standard) instead of its sanction, which
    is about terms outside the rules ("the offer is void until the band changes" would read as
    a threat to the very offer the candidate holds). A safeguard tied to no standard keeps its
    consequence: it is what the candidate can count on.
    """
    text = safeguard.name.rstrip(".") + "."
    if safeguard.verifier:
        how = f": {lowered(safeguard.measure.rstrip('.'))}" if safeguard.measure else ""
        text += f" Checked by {safeguard.verifier.rstrip('.')}{how}."
    met = meets_sentence(safeguard.upholds).replace("offered here", "of this letter")
    if met:
        return f"{text} {met}"
    if safeguard.consequence:
        text += f" {capitalised(safeguard.consequence.rstrip('.'))}."
    return text


def offer_letter(view: CounterpartView) -> Document:
    """An offer to a candidate: the terms, the standards they sit within, the dated review."""
    agreed = view.agreed
    if agreed is None:
        raise ValueError("an offer letter needs the terms offered in the view")
    sections = [
        Section(
            "opening",
            "",
            (
                Paragraph(f"From {view.us} to {in_sentence(view.them)}."),
                Paragraph(
                    "We are glad to offer you the role on the terms below. Every term sits "
                    "within the published rules that apply to everyone in the role, listed "
                    "after the terms."
                ),
            ),
        ),
        Section("terms", "The terms we offer", (Table(("Term", "Offered"), agreed.terms),)),
    ]
    rules = tuple(
        f"{standard.name}: {standard.requirement}."
        + (f" Source: {standard.source}." if standard.source else "")
        for standard in view.standards
    )
    if rules:
        sections.append(Section("standards", "The rules these terms sit within", (Bullets(rules),)))
    reviews = [safeguard for safeguard in view.safeguards if safeguard.kind == "review"]
    blocks: list[Block] = []
    for review in reviews:
        when = f"On {review.due}" if review.due else "At the review"
        trigger = f" ({lowered(review.trigger.rstrip('.'))})" if review.trigger else ""
        judge = f", judged by {review.verifier}" if review.verifier else ""
        blocks.append(
            Paragraph(f"**{review.name}.** {when}{trigger}{judge}, against these criteria:")
        )
        criteria = criteria_of(review)
        if criteria:
            blocks.append(Numbered(criteria))
        if review.consequence:
            blocks.append(Paragraph(f"What follows: {review.consequence.rstrip('.')}."))
    if blocks:
        sections.append(Section("review", "The milestone review", tuple(blocks)))
    others = [safeguard for safeguard in view.safeguards if safeguard.kind != "review"]
    if others:
        sections.append(
            Section("commitments", "What we commit to", (Bullets(tuple(map(commitment, others))),))
        )
    sections.append(
        Section(
            "accept",
            "How to accept",
            (
                Paragraph(
                    f"Reply to {view.us} in writing to accept. The terms and the review above "
                    "become part of your employment contract as written."
                ),
            ),
        )
    )
    return Document("Offer letter", view.title, tuple(sections), provenance=view.provenance)
