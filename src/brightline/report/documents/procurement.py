"""Tender documents for bidders: the notice to one bidder and the re-bid specification.

A bidder notice is a function of a view holding that one bidder's standing (its own bid, its
own knock-out reasons or rank, how many bids passed) and nothing about any other bid. The re-bid
specification turns the must-haves into pass/fail criteria and states the capped extension of
the current contract while the new round runs.
"""

from __future__ import annotations

from dataclasses import replace

from brightline.amounts import plural, quantity
from brightline.report.counterpart import CounterpartView
from brightline.report.document import Block, Bullets, Document, Numbered, Paragraph, Section, Table
from brightline.report.documents.common import evidence_section, schedule_section

ORDINALS = {1: "first", 2: "second", 3: "third"}


def _place(rank: int) -> str:
    return ORDINALS.get(rank, f"number {rank}")


def bidder_notice(view: CounterpartView) -> Document:
    """The result of one bid, for its bidder only."""
    bid = view.bid
    if bid is None:
        raise ValueError("a bidder notice needs the bidder's standing in the view")
    opening = Paragraph(f"From {view.us} to {bid.bidder}: the result of your bid in {view.title}.")
    sections = [
        Section("opening", "", (opening,)),
        Section(
            "bid",
            "Your bid as we read it",
            (Table(("Term", "Your bid"), bid.terms),) if bid.terms else (Paragraph("-"),),
        ),
    ]
    result: list[Block] = []
    if bid.passed and bid.rank is not None:
        result.append(
            Paragraph(
                f"Your bid meets every must-have of the tender. It ranks {_place(bid.rank)} of "
                f"the {plural(bid.passing, 'bid')} that meet them all."
            )
        )
    elif bid.unreadable:
        result.append(Paragraph("Your bid could not be read in full, so it was not scored:"))
        result.append(Bullets(bid.unreadable))
    elif bid.shortfalls:
        result.append(
            Paragraph(
                f"Your bid was not scored: it misses {plural(len(bid.shortfalls), 'must-have')} "
                "of the tender."
            )
        )
        result.append(
            Table(
                ("Must-have", "Requires", "Your bid", "Source"),
                tuple(
                    (reason.standard, reason.needs, reason.offered, reason.source or "-")
                    for reason in bid.shortfalls
                ),
            )
        )
    if bid.decision == "rebid":
        result.append(
            Paragraph(
                "No bid of this round can be awarded, so this round is cancelled for every "
                "bidder at the same time. A new round follows; its specification is sent to "
                "every bidder of this round, and we would welcome your bid in it."
            )
        )
    elif bid.decision == "best-and-final":
        result.append(
            Paragraph(
                "No bid of this round can be awarded as it stands. Every bidder whose bid meets "
                "every must-have is invited, at the same time and on the same terms, to give a "
                "best and final offer by one closing date, which the invitation states; the "
                "must-haves stay as published."
                + (
                    " Your bid is one of them."
                    if bid.passed and bid.rank is not None
                    else " A bid that misses a must-have is not part of this step."
                )
            )
        )
    elif bid.decision == "award":
        result.append(
            Paragraph(
                "We intend to award the contract to your bid, subject to the safeguards of the "
                "tender."
                if bid.rank == 1
                else "We intend to award the contract to the bid ranked first."
            )
        )
    else:
        result.append(Paragraph("The award decision is not taken yet; we will write to you."))
    sections.append(Section("result", "Result", tuple(result)))
    criteria = tuple(
        f"{standard.name}: {standard.requirement}."
        + (f" Source: {standard.source}." if standard.source else "")
        for standard in view.standards
    )
    if criteria:
        sections.append(
            Section("criteria", "The must-haves every bid was read against", (Numbered(criteria),))
        )
    return Document("Bidder notice", view.title, tuple(sections), provenance=view.provenance)


def rebid_spec(view: CounterpartView) -> Document:
    """The must-haves as pass/fail criteria, the safeguards and the capped interim extension."""
    sections = [
        Section(
            "opening",
            "",
            (
                Paragraph(
                    f"{view.us} re-runs the tender {view.title}. Every must-have below is "
                    "pass/fail: a bid that misses one is not scored, whatever its price."
                ),
            ),
        )
    ]
    criteria = tuple(
        f"**{standard.name}.** {standard.requirement}."
        + (f" Source: {standard.source}." if standard.source else "")
        + (f" Checked by {standard.verifier}." if standard.verifier else "")
        for standard in view.standards
    )
    sections.append(
        Section(
            "criteria",
            "Pass/fail criteria",
            (Numbered(criteria),) if criteria else (Paragraph("No must-have is set."),),
            [{"name": s.name, "requirement": s.requirement} for s in view.standards],
        )
    )
    narratives = tuple(
        f"{standard.name}: {standard.narrative}"
        for standard in view.standards
        if standard.narrative
    )
    if narratives:
        sections.append(Section("why", "Why these criteria", (Bullets(narratives),)))
    evidence = evidence_section(view)
    if evidence is not None:
        sections.append(evidence)
    schedule = schedule_section(view, start=len(criteria) + 1)
    sections.append(schedule)
    interim = view.interim
    if interim is not None:
        lines: list[str] = []
        if interim.incumbent:
            cap = (
                f" at no more than {quantity(interim.volume_cap * 100)}% of today's volume"
                if interim.volume_cap is not None and interim.volume_cap < 1
                else ""
            )
            months = (
                f" for up to {quantity(interim.months)} months"
                if interim.months is not None
                else ""
            )
            lines.append(f"The current contract with {interim.incumbent} is extended{cap}{months}.")
        lines += [f"{term.rstrip('.')}." for term in interim.terms]
        sections.append(
            Section(
                "interim",
                "While the new round runs: the capped extension",
                (Bullets(tuple(lines)),),
            )
        )
    # Sent to every bidder of the round: the case's name for the other side may name some.
    provenance = replace(view.provenance, parties=(view.us, "Every bidder of the round"))
    return Document("Re-bid specification", view.title, tuple(sections), provenance=provenance)
