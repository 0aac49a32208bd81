"""The plan's offer sections: the MESO grid, and the evaluation of every offer received.

The plan is what a negotiator takes into the room, so it carries the packages to put on the table
and, when offers have already come in, the answer to each one.
"""

from __future__ import annotations

from brightline.amounts import amount
from brightline.case.model import Direction
from brightline.errors import BrightlineError
from brightline.report.context import CaseContext
from brightline.report.document import Section, Table
from brightline.report.sections.evaluation import counter_changes
from brightline.report.sections.meso import meso_section


def plan_meso_section(context: CaseContext) -> Section:
    """The MESO grid with its defaults (:func:`~brightline.report.sections.meso.meso_section`)."""
    try:
        result = context.meso
    except BrightlineError as error:
        return Section.of("meso", "MESO grid", (f"No grid: {error}",), (), {"error": str(error)})
    return meso_section(context.loaded, result)


def received_offers_section(context: CaseContext) -> Section | None:
    """The evaluation of each received offer; nothing when none was received."""
    from brightline.offers.evaluate import evaluate_offer

    loaded = context.loaded
    received = [offer for offer in loaded.case.offers if offer.direction is Direction.RECEIVED]
    settled = [
        offer
        for offer in received
        if all(issue.id in offer.outcome for issue in loaded.case.issues)
    ]
    if not received:
        return None
    unit = loaded.case.case.currency
    lines: list[str] = []
    rows: list[tuple[str, ...]] = []
    data: list[dict[str, object]] = []
    for offer in received:
        if offer not in settled:
            lines.append(f"{offer.id}: not evaluated, it does not settle every issue.")
            continue
        result = evaluate_offer(loaded, offer.outcome, space=context.space, gate=context.gate)
        ids = {violation.standard for violation in result.violations}
        broken = [  # by name, in case order (people read the plan, not the case file's ids)
            standard.name or standard.id.replace("_", " ")
            for standard in loaded.case.standards
            if standard.id in ids
        ]
        rows.append(
            (
                offer.id,
                result.recommendation.value,
                "; ".join(broken) or "none",
                amount(result.ours, unit),
                counter_changes(loaded.case, result.counters[0]) if result.counters else "-",
            )
        )
        lines.append(f"{offer.id}: say: {result.say}")
        data.append({"id": offer.id, **result.to_json()})
    tables = (Table(("offer", "recommendation", "breaks", "ours", "first counter"), tuple(rows)),)
    return Section.of("received_offers", "Offers received", tuple(lines), tables, data)


def offers_sections(context: CaseContext) -> list[Section]:
    """The MESO grid, then the offers received (when there are any)."""
    received = received_offers_section(context)
    return [plan_meso_section(context), *([] if received is None else [received])]
