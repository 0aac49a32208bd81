"""Plan sections for offers: the MESO grid, and the evaluation of every offer received.

The plan is what a negotiator takes into the room, so it carries the packages to put on the table
and, when offers have already come in, the answer to each one.
"""

from __future__ import annotations

from brightline.case.model import Direction
from brightline.case.validate import LoadedCase
from brightline.engine.wording import issue_value_text
from brightline.errors import BrightlineError
from brightline.offers.meso_diagnosis import Relaxation
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
    lines: list[str] = []
    if result.offers:
        count = len(result.offers)
        lines.append(
            f"{count} compliant offer{'s' if count != 1 else ''} worth "
            f"{amount(min(offer.ours for offer in result.offers), unit)} to "
            f"{amount(max(offer.ours for offer in result.offers), unit)} to us, each pair differing in at least {result.min_difference} "
            f"issue{'s' if result.min_difference != 1 else ''}, none better for both sides than "
            f"another ({result.method}, {result.seconds:.2f} s)."
        )
    asked = result.target if result.target_requested is None else result.target_requested
    for step in result.relaxations:
        lines.append(
            f"Relaxed: {_step_text(step, result.tolerance, unit)}; costs {amount(step.cost, unit)} against "
            f"the target of {amount(asked, unit)}."
        )
    if result.infeasible is not None:
        lines.extend(f"No grid: {reason}." for reason in result.infeasible.reasons)
    lines.extend(f"Note: {note}." for note in result.notes)
    # Offers side by side, one column each (the MESO sheet people send: Offer 1 | Offer 2 | ...),
    # one row per issue under its name: it fits 80 columns where a row per offer wrapped ids.
    offers = result.offers
    rows: tuple[tuple[str, ...], ...] = (
        *(
            (
                issue.name or issue.id,
                *(
                    issue_value_text(loaded.case, issue.id, offer.outcome[issue.id])
                    for offer in offers
                ),
            )
            for issue in loaded.case.issues
        ),
        ("value to us", *(amount(offer.ours, unit) for offer in offers)),
        ("value to them (estimated)", *(amount(offer.theirs, their_unit) for offer in offers)),
        ("safeguards", *(", ".join(offer.safeguards) or "-" for offer in offers)),
        (
            "left on the table",
            *(
                "-"
                if offer.left_on_table is None
                else f"+{amount(offer.left_on_table.more_ours, unit)} to us, "
                f"+{amount(offer.left_on_table.more_theirs, their_unit)} to them"
                for offer in offers
            ),
        ),
    )
    header = ("", *(f"Offer {number}" for number in range(1, len(offers) + 1)))
    rows = rows if offers else ()
    tables = (Table(header, rows),) if rows else ()
    return PlanSection("meso", "MESO grid", tuple(lines), tables, result.to_json())


def _step_text(step: Relaxation, width: float, unit: str) -> str:
    """One relaxation of the MESO ladder in words (the plan's own wording, no option names)."""
    if step.kind == "band":
        return f"value band widened from {amount(step.asked, unit)} to {amount(step.used, unit)}"
    if step.kind == "spread":
        return (
            f"pairs differ across {_counted(step.used, 'dimension')} instead of {int(step.asked)}"
        )
    if step.kind == "difference":
        return f"pairs differ in {_counted(step.used, 'issue')} instead of {int(step.asked)}"
    if step.kind == "count":
        return f"{_counted(step.used, 'offer')} instead of {int(step.asked)}"
    if step.used > step.asked:
        return (
            f"value band moved up from {amount(step.asked)}-{amount(step.asked + width, unit)} to "
            f"{amount(step.used)}-{amount(step.used + width, unit)} (no grid fits next to the "
            "target; the offers give us more and them less)"
        )
    return f"target lowered from {amount(step.asked, unit)} to {amount(step.used, unit)}"


def _counted(number: float, word: str) -> str:
    return f"{int(number)} {word}{'' if number == 1 else 's'}"


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
