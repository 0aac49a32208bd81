"""Documents for our own file: the brief, the anchor worksheet, the concession log, the trail.

These read the whole case and may hold what counterpart documents never do (values to us, our
estimates of theirs, the economics); each is marked ``internal`` in its provenance so a renderer
can say so on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from brightline.amounts import amount, plural, signed_amount
from brightline.case.validate import LoadedCase
from brightline.errors import BrightlineError
from brightline.report.context import CaseContext
from brightline.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Paragraph,
    Provenance,
    Section,
    Table,
)
from brightline.report.labels import (
    capitalised,
    issue_label,
    lowered,
    option_label,
    rule_words,
    spaced,
    standard_label,
)

if TYPE_CHECKING:
    from brightline.engine.gate import Reason, ReasonPart
    from brightline.offers.evaluate import Evaluation
    from brightline.session.events import Event

ECONOMICS_LEADS = (
    ("BATNA:", "BATNA not computed"),
    ("Hold:", "Hold-versus-cave not computed"),
    ("Deterrence:", "Deterrence not computed"),
)
"""The three economics lines a brief keeps (the alternative, hold against cave, deterrence),
each with the lead of the line that says what it needs when it could not be computed: a brief
of a case that lacks the inputs still has its three lines, saying what to fill in."""


def _standard_names(loaded: LoadedCase) -> dict[str, str]:
    return {standard.id: standard_label(standard) for standard in loaded.case.standards}


def _quoted(label: str) -> str:
    return f"\u201c{label}\u201d" if "," in label else label


def worded_reason(loaded: LoadedCase, reason: Reason) -> str:
    """A gate reason for people: each standard, outcome and rule it names by its labels.

    The gate keeps what a reason names as data (:class:`~brightline.engine.gate.Reason`); the
    engine's own wording writes ids (``standard 'pay_band'``, ``scope=pilot``), which a brief's
    readers know by name instead.
    """
    return "".join(_worded_part(loaded, part) for part in reason.parts)


def _worded_part(loaded: LoadedCase, part: ReasonPart) -> str:
    from brightline.engine.gate import OutcomePart, StandardPart, StandardsPart

    case = loaded.case
    names = _standard_names(loaded)
    if isinstance(part, str):
        return part
    if isinstance(part, StandardPart):
        return f"standard \u201c{names.get(part.standard, spaced(part.standard))}\u201d"
    if isinstance(part, StandardsPart):
        return "; ".join(names.get(s, spaced(s)) for s in part.standards)
    if isinstance(part, OutcomePart):
        return "; ".join(
            f"{issue_label(case, issue)}: {_quoted(option_label(case, issue, value))}"
            for issue, value in part.outcome
        )
    from brightline.rules import parse_rule

    return rule_words(case, parse_rule(part.rule))


def _verdict_section(context: CaseContext) -> Section:
    try:
        gate = context.gate
    except BrightlineError as error:
        return Section(
            "verdict", "Verdict", (Paragraph(f"The value engine could not run: {error}"),)
        )
    unit = context.loaded.case.case.currency
    names = _standard_names(context.loaded)
    rows = tuple(
        (
            names.get(standard.id, spaced(standard.id)),
            "infeasible" if not standard.feasible else amount(standard.price, unit),
            amount(standard.risk_avoided, unit),
            "yes" if standard.disproportionate else "no",
        )
        for standard in gate.standards
    )
    blocks: list[Block] = [
        Paragraph(f"**Verdict: {gate.verdict.value}** ({gate.verdict.meaning})."),
        Bullets(tuple(worded_reason(context.loaded, reason) for reason in gate.reason_parts)),
    ]
    if rows:
        blocks.append(
            Table(
                (
                    "Standard",
                    "Price (joint value lost)",
                    "Risk avoided (expected harm)",
                    "Price above risk",
                ),
                rows,
                (False, True, True, False),
            )
        )
    return Section("verdict", "Verdict and standards", tuple(blocks), gate.to_json())


def _grid_section(context: CaseContext) -> Section:
    loaded = context.loaded
    case = loaded.case
    try:
        result = context.meso
    except BrightlineError as error:
        return Section("meso", "MESO grid", (Paragraph(f"No grid: {error}"),))
    if not result.offers:
        reasons = result.infeasible.reasons if result.infeasible is not None else ()
        return Section(
            "meso", "MESO grid", (Paragraph("No MESO grid exists."), Bullets(tuple(reasons)))
        )
    unit, their_unit = case.case.currency, case.case.their_unit
    letters = "ABCDE"
    rows = [
        (
            issue_label(case, issue.id),
            *(option_label(case, issue.id, offer.outcome[issue.id]) for offer in result.offers),
        )
        for issue in case.issues
    ]
    rows.append(("Value to us", *(amount(offer.ours, unit) for offer in result.offers)))
    rows.append(
        (
            "Value to them (estimated)",
            *(amount(offer.theirs, their_unit) for offer in result.offers),
        )
    )
    columns = ("Term", *(f"Offer {letters[n]}" for n in range(len(result.offers))))
    return Section("meso", "MESO grid", (Table(columns, tuple(rows)),), result.to_json())


def _economics_section(context: CaseContext) -> Section:
    from brightline.report.sections.economics import economics_lines

    info = context.loaded.case.case
    try:
        lines = economics_lines(context.economics, info.currency, info.their_unit)
    except BrightlineError as error:
        failed = f"The economics could not run: {error}"
        return Section("economics", "Economics in three lines", (Bullets((failed,)),))
    kept: list[str] = []
    for lead, missing in ECONOMICS_LEADS:
        found = [line for line in lines if line.startswith(lead)]
        found = found or [  # what it needs, in its first sentence: the plan has the rest
            line.split(". ")[0].rstrip(".") + "." for line in lines if line.startswith(missing)
        ]
        kept += found[:1]
    if not any(line.startswith(ECONOMICS_LEADS[0][0]) for line in kept):
        kept.insert(0, "BATNA: the case holds no BATNA components, so there is none to weigh.")
    return Section("economics", "Economics in three lines", (Bullets(tuple(kept)),))


def brief(
    context: CaseContext,
    provenance: Provenance,
    received: Sequence[Evaluation] = (),
    figure: Figure | None = None,
) -> Document:
    """One to two pages: the verdict, the standards' price and risk, the grid, the economics.

    The frontier chart (``figure``, drawn by the services layer) shows the grid and the offers
    received on it; ``received`` are the evaluations of those offers.
    """
    loaded = context.loaded
    case = loaded.case
    unit = case.case.currency
    sections = [_verdict_section(context), _grid_section(context)]
    if figure is not None:  # next to the grid it draws; a page's gap is not left before it
        sections.append(Section("frontier", "Frontier", (figure,)))
    if received:
        rows = tuple(
            (
                f"Offer {number}",
                "yes" if evaluation.compliant else "no",
                amount(evaluation.ours, unit),
                evaluation.recommendation.value,
            )
            for number, evaluation in enumerate(received, start=1)
        )
        sections.append(
            Section(
                "received",
                "Offers received",
                (Table(("Offer", "Compliant", "Value to us", "Recommendation"), rows),),
            )
        )
    sections.append(_economics_section(context))
    return Document("Brief", case.case.title, tuple(sections), case.case.id, provenance)


def worksheet(loaded: LoadedCase, provenance: Provenance) -> Document:
    """The anchor worksheet: per standard, its rule, source, evidence, verifier and narrative."""
    case = loaded.case
    sections = []
    for standard in case.standards:
        harms = [harm.description for harm in case.harms if harm.id in standard.protects]
        safeguards = [
            safeguard.description or spaced(safeguard.id)
            for safeguard in case.safeguards
            if safeguard.id in standard.safeguards
        ]
        source = (
            f"{standard.source.kind.value}: {standard.source.reference}"
            if standard.source is not None
            else "none: add an external source"
        )
        verifier = (
            f"{standard.verifier.who}, {lowered(standard.verifier.when)}"
            if standard.verifier is not None
            else "none: name who checks it and when"
        )
        rows = (
            ("Rule", capitalised(rule_words(case, loaded.rule_as_written(standard.id)))),
            ("Source", source),
            ("Evidence", "; ".join(standard.evidence) or "none listed"),
            ("Verifier", verifier),
            ("Narrative", " ".join(standard.narrative.split()) or "none written"),
            ("Published", "yes" if standard.published else "no"),
            ("Harms avoided", "; ".join(harms) or "none linked"),
            ("Safeguards", "; ".join(safeguards) or "none linked"),
        )
        sections.append(
            Section(
                f"standard_{standard.id}",
                standard_label(standard),
                (Table(("Anchor", "Entry"), rows),),
            )
        )
    if not sections:
        sections.append(
            Section("standards", "Standards", (Paragraph("The case has no standard."),))
        )
    return Document("Anchor worksheet", case.case.title, tuple(sections), case.case.id, provenance)


LOG_COLUMNS = ("Item", "We give", "We get", "Value to us / them", "Trigger")


def concession_log(
    loaded: LoadedCase, provenance: Provenance, events: Sequence[Event] = ()
) -> Document:
    """Item | We give | We get | Value to us / them | Trigger, one row per concession.

    The session's concessions when there is a session; else the case's tradeables, as the
    planned log.
    """
    case = loaded.case
    unit, their_unit = case.case.currency, case.case.their_unit
    concessions = [event for event in events if event.kind == "concession"]
    if concessions:
        rows = tuple(
            (
                f"#{event.seq} {event.payload['item']} (by {event.payload.get('by', 'us')})",
                event.payload.get("we_give") or "-",
                event.payload.get("we_get") or "-",
                f"{signed_amount(float(event.payload.get('value_to_us', 0.0)), unit)} / "
                f"{signed_amount(_them(event.payload.get('value_to_them')), their_unit)}",
                event.payload.get("trigger") or "-",
            )
            for event in concessions
        )
        lead = f"{plural(len(rows), 'concession')} recorded in the session."
    else:
        rows = tuple(  # the item is the library's kind; what we give, the case's own words
            (
                capitalised(spaced(tradeable.kind.value)),
                tradeable.description or spaced(tradeable.id),
                "the same limit on them (it binds both sides)" if tradeable.symmetric else "-",
                f"{signed_amount(-tradeable.cost_to_us, unit)} / "
                f"{signed_amount(tradeable.value_to_them, their_unit)}",
                "-",
            )
            for tradeable in case.tradeables
        )
        opening = (  # a session with no concession yet is a session all the same
            "No concession is recorded in the session yet" if provenance.session else "No session"
        )
        lead = (
            f"{opening}: the {plural(len(rows), 'tradeable')} of the case, as the planned log "
            "(value to them is our estimate). What we get for each and what triggers it are "
            "written when the concession is made in the session."
        )
    blocks: tuple[Block, ...] = (
        (Paragraph(lead), Table(LOG_COLUMNS, rows)) if rows else (Paragraph(lead),)
    )
    return Document(
        "Concession log",
        case.case.title,
        (Section("log", "", blocks),),
        case.case.id,
        provenance,
    )


def trail(
    loaded: LoadedCase,
    provenance: Provenance,
    events: Sequence[Event],
    intact: bool,
    problem: str = "",
) -> Document:
    """The decision record: every event with its hash, the head, and whether the chain holds."""
    from brightline.report.documents.trail_words import event_words

    info = loaded.case.case
    rows = tuple(
        (
            str(event.seq),
            event.at[:19].replace("T", " "),
            event.author,
            event.kind,
            event_words(loaded, event),
            event.hash,
        )
        for event in events
    )
    head = events[-1].hash if events else ""
    chain = (
        f"Chain intact: {plural(len(rows), 'event')}; head {head}."
        if intact
        else f"Chain broken: {problem}"
    )
    return Document(
        "Decision trail",
        info.title,
        (
            Section(
                "trail",
                "",
                (
                    Paragraph(chain),
                    Table(("#", "At (UTC)", "Author", "Kind", "What", "Hash"), rows),
                ),
                {"head": head, "intact": intact},
            ),
        ),
        info.id,
        provenance,
    )


def _them(value: object) -> float | None:
    """A concession's value to them as recorded; None (unknown) where it was left out."""
    return None if value is None else float(str(value))
