"""Plan sections for offers: the MESO grid, and the evaluation of every offer received.

The plan is what a negotiator takes into the room, so it carries the packages to put on the table
and, when offers have already come in, the answer to each one.
"""

from __future__ import annotations

from brightline.case.model import Direction
from brightline.case.validate import LoadedCase
from brightline.engine.wording import issue_value_text
from brightline.errors import BrightlineError
from brightline.offers.valuation import amount
from brightline.plan import PlanSection, Table

PLAN_TIME_LIMIT = 5.0
"""Seconds the MILP may spend on the plan's grid (the meso command allows more)."""


def meso_section(loaded: LoadedCase) -> PlanSection | None:
    """The MESO grid with its defaults, or why there is none."""
    from brightline.engine.space import compile_space
    from brightline.offers.meso import generate_meso

    try:
        space = compile_space(loaded)
        result = generate_meso(loaded, time_limit=PLAN_TIME_LIMIT, space=space)
    except BrightlineError as error:
        return PlanSection("meso", "MESO grid", (f"No grid: {error}",), (), {"error": str(error)})
    info = loaded.case.case
    unit, their_unit = info.currency, info.their_unit
    lines = (
        [
            f"{len(result.offers)} compliant offers worth {amount(result.target, unit)} to "
            f"{amount(result.target + result.tolerance, unit)} to us, each pair differing in at "
            f"least {result.min_difference} issues ({result.method}, {result.seconds:.2f} s).",
        ]
        if result.offers
        else []
    )
    if result.infeasible is not None:
        lines.extend(f"No full grid: {reason}." for reason in result.infeasible.reasons)
    lines.extend(f"Note: {note}." for note in result.notes)
    issues = [issue.id for issue in loaded.case.issues]
    rows = tuple(
        (
            str(number),
            *(
                issue_value_text(loaded.case, issue_id, offer.outcome[issue_id])
                for issue_id in issues
            ),
            amount(offer.ours, unit),
            amount(offer.theirs, their_unit),
            ", ".join(offer.safeguards) or "-",
        )
        for number, offer in enumerate(result.offers, start=1)
    )
    tables = (
        (Table(("offer", *issues, "ours", "theirs (est.)", "safeguards"), rows),) if rows else ()
    )
    return PlanSection("meso", "MESO grid", tuple(lines), tables, result.to_json())


def received_offers_section(loaded: LoadedCase) -> PlanSection | None:
    """The evaluation of each received offer; nothing when none was received."""
    from brightline.engine.space import compile_space
    from brightline.offers.evaluate import evaluate_offer

    received = [offer for offer in loaded.case.offers if offer.direction is Direction.RECEIVED]
    settled = [
        offer
        for offer in received
        if all(issue.id in offer.outcome for issue in loaded.case.issues)
    ]
    if not received:
        return None
    space = compile_space(loaded)
    unit = loaded.case.case.currency
    lines: list[str] = []
    rows: list[tuple[str, ...]] = []
    data: list[dict[str, object]] = []
    for offer in received:
        if offer not in settled:
            lines.append(f"{offer.id}: not evaluated, it does not settle every issue.")
            continue
        result = evaluate_offer(loaded, offer.outcome, space=space)
        broken = sorted({violation.standard for violation in result.violations})
        rows.append(
            (
                offer.id,
                result.recommendation.value,
                ", ".join(broken) or "none",
                amount(result.ours, unit),
                "; ".join(
                    f"{issue}: {issue_value_text(loaded.case, issue, old)} -> "
                    f"{issue_value_text(loaded.case, issue, new)}"
                    for issue, old, new in result.counters[0].changes
                )
                if result.counters
                else "-",
            )
        )
        lines.append(f"{offer.id}: say: {result.say}")
        data.append({"id": offer.id, **result.to_json()})
    tables = (Table(("offer", "recommendation", "breaks", "ours", "first counter"), tuple(rows)),)
    return PlanSection("received_offers", "Offers received", tuple(lines), tables, data)


def offers_sections(loaded: LoadedCase) -> list[PlanSection]:
    """Both offer sections, for ``SECTION_BUILDERS``."""
    sections = [meso_section(loaded), received_offers_section(loaded)]
    return [section for section in sections if section is not None]
