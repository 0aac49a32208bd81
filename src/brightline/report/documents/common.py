"""Parts several counterpart documents share: the standards, the safeguards schedule, the record.

Each takes a :class:`~brightline.report.counterpart.CounterpartView` (or a part of one), so what
they can print is bounded by what the view holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from brightline.engine.wording import party_in_sentence
from brightline.report.counterpart import CounterpartView
from brightline.report.document import Block, Bullets, Numbered, Paragraph, Section, Table
from brightline.report.public_parts import PublicTerms


def standards_section(view: CounterpartView, title: str = "The standards we hold") -> Section:
    """Every must-have: its requirement, and for a published one its source and who checks it."""
    blocks: list[Block] = []
    rows = tuple(
        (standard.name, standard.requirement, standard.source or "-", standard.verifier or "-")
        for standard in view.standards
    )
    if rows:
        blocks.append(Table(("Standard", "Requirement", "Source", "Checked by"), rows))
    for standard in view.standards:
        if standard.narrative:
            blocks.append(Paragraph(f"**{standard.name}.** {standard.narrative}"))
    if not blocks:
        blocks.append(Paragraph("This case names no must-have standard."))
    data = [
        {"name": s.name, "requirement": s.requirement, "source": s.source or None}
        for s in view.standards
    ]
    return Section("standards", title, tuple(blocks), data)


def evidence_section(view: CounterpartView) -> Section | None:
    """The evidence behind the published standards, one list per standard (None when none)."""
    blocks: list[Block] = []
    for standard in view.standards:
        if standard.evidence:
            blocks += [Paragraph(f"{standard.name}:"), Bullets(standard.evidence)]
    if not blocks:
        return None
    return Section("evidence", "Evidence", tuple(blocks))


def in_sentence(name: str) -> str:
    """A party's name inside a sentence (``engine.wording.party_in_sentence``)."""
    return party_in_sentence(name)


def meets_sentence(standards: Sequence[str]) -> str:
    """The sentence "The terms offered here meet “A” and “B”." (empty for no standard).

    True by construction wherever it is printed: every term a counterpart document offers (the
    MESO grid, a counter, an offer letter's terms) is compliant, so it meets every standard.
    A candidate reading a safeguard's sanction ("void until the band changes") learns from it
    that the sanction is about terms outside the rules, not the ones offered.
    """
    if not standards:
        return ""
    quoted = [f"\u201c{name}\u201d" for name in standards]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    return f"The terms offered here meet {listed}."


def schedule_section(view: CounterpartView, start: int = 1) -> Section:
    """The safeguards schedule as numbered clauses: trigger, measure, consequence, who, when.

    In a hiring case each clause tied to a standard also says that the terms offered meet it
    (:func:`meets_sentence`), so a candidate does not read a sanction as aimed at the offer.
    """
    clauses = []
    offers_terms = bool(view.offers or view.counters or view.agreed)
    for safeguard in view.safeguards:
        if safeguard.clause:  # the playbook's drafted contract clause
            met = meets_sentence(safeguard.upholds) if view.context == "hiring" else ""
            tail = f" {met}" if met and offers_terms else ""
            clauses.append(f"**{safeguard.title or safeguard.name}.** {safeguard.clause}{tail}")
            continue
        parts = [
            f"**{safeguard.name}** ({safeguard.kind}{', both sides' if safeguard.mutual else ''})."
        ]
        if safeguard.trigger:
            parts.append(f"Trigger: {safeguard.trigger.rstrip('.')}.")
        if safeguard.measure:
            parts.append(f"Measured by: {safeguard.measure.rstrip('.')}.")
        if safeguard.consequence:
            parts.append(f"Consequence: {safeguard.consequence.rstrip('.')}.")
        if safeguard.verifier:
            parts.append(f"Verified by: {safeguard.verifier.rstrip('.')}.")
        if safeguard.due:
            parts.append(f"Takes effect or is next checked on {safeguard.due}.")
        clauses.append(" ".join(parts))
    blocks: tuple[Block, ...] = (
        (Numbered(tuple(clauses), start),)
        if clauses
        else (Paragraph("No safeguard is written for this case yet."),)
    )
    data = [{"name": s.name, "due": s.due or None} for s in view.safeguards]
    return Section("safeguards", "Safeguards schedule", blocks, data)


def terms_table(offers: Sequence[PublicTerms]) -> Table:
    """Offers side by side: one row per issue, one column per offer."""
    issues = [name for name, _ in offers[0].terms]
    rows = tuple(
        (issue, *(dict(offer.terms).get(issue, "-") for offer in offers)) for issue in issues
    )
    return Table(("Term", *(offer.name for offer in offers)), rows)


def tried_section(view: CounterpartView) -> Section:
    """The integrative options tried before holding the standards, and what became of each."""
    rows = tuple((option.description, option.status) for option in view.tried)
    blocks: tuple[Block, ...] = (
        (Table(("Option", "Where it stands"), rows),)
        if rows
        else (Paragraph("No other option is on record."),)
    )
    return Section("tried", "What was tried", blocks)


def events_section(view: CounterpartView) -> Section | None:
    """The offers and decisions both sides saw in the session (None outside a session)."""
    if not view.events:
        return None
    rows = tuple((event.date, event.what) for event in view.events)
    return Section("events", "Offers and decisions on record", (Table(("Date", "What"), rows),))
