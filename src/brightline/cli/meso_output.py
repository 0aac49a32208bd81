"""How ``brightline meso`` words its result, as text and as Markdown.

The core returns the grid, the relaxations with their costs, and a suggestion as data (a request
that was solved); this adapter turns them into sentences and into the flags that reproduce the
suggestion, so what it prints can be typed back and gives the grid it promises.
"""

from __future__ import annotations

from typing import Any

from brightline.offers.valuation import amount


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``1 offer``, ``2 offers``: a count with its noun agreeing."""
    return f"{number} {word if number == 1 else (plural or word + 's')}"


def suggestion_flags(suggestion: Any) -> str:
    """The flags that ask for the suggested request exactly (every number as the core solved it)."""
    return (
        f"--count {suggestion.count} --target {suggestion.target:.10g} "
        f"--tolerance {suggestion.tolerance:.10g} --min-difference {suggestion.min_difference} "
        f"--min-dimensions {suggestion.min_dimensions}"
    )


def band_text(low: float, width: float, unit: str) -> str:
    """A value band as "190,000-211,000 EUR": its edges, the unit once."""
    return f"{amount(low)}-{amount(low + width, unit)}"


def summary(result: Any) -> str:
    """The one-line description of a grid or of its absence."""
    unit = result.currency
    proof = (
        "proven optimal"
        if result.gap == 0.0
        else "optimality gap unknown"
        if result.gap is None
        else f"optimality gap {result.gap:.2%}"
    )
    if not result.offers:
        return f"No MESO grid ({result.method}, {result.seconds:.2f} s)"
    spread = (
        f" across at least {counted(result.min_dimensions, 'dimension')}"
        if result.min_dimensions > 1
        else ""
    )
    return (
        f"MESO grid: {counted(len(result.offers), 'compliant offer')} worth "
        f"{amount(min(offer.ours for offer in result.offers), unit)} to "
        f"{amount(max(offer.ours for offer in result.offers), unit)} to us; "
        f"every pair differs in at least {counted(result.min_difference, 'issue')}{spread}, and "
        f"none is better for both sides than another ({result.method}, {result.seconds:.2f} s, "
        f"{proof})"
    )


def relaxation_lines(result: Any) -> list[str]:
    """One sentence per step the ladder took, each with its cost against the requested target."""
    unit = result.currency
    asked = result.target_requested if result.target_requested is not None else result.target
    against = f"against the target of {amount(asked, unit)}"
    lines = []
    for step in result.relaxations:
        cost = f"costs {amount(step.cost, unit)} {against}"
        if step.kind == "band":
            lines.append(
                f"value band widened from {amount(step.asked, unit)} to {amount(step.used, unit)} "
                f"(cap {amount(result.band_cap, unit)}): {cost}; every offer is still worth at "
                "least the target"
            )
        elif step.kind == "spread":
            lines.append(
                f"pairs differ across {counted(int(step.used), 'dimension')} instead of "
                f"{int(step.asked)}: {cost}"
            )
        elif step.kind == "difference":
            lines.append(
                f"pairs differ in at least {counted(int(step.used), 'issue')} instead of "
                f"{int(step.asked)}: {cost}"
            )
        elif step.kind == "count":
            lines.append(f"{counted(int(step.used), 'offer')} instead of {int(step.asked)}: {cost}")
        elif step.used > step.asked:
            lines.append(
                f"value band moved up from {band_text(step.asked, result.tolerance, unit)} to "
                f"{band_text(step.used, result.tolerance, unit)} (no grid fits next to the "
                f"target; the offers give us more and them less): {cost}"
            )
        else:
            lines.append(
                f"target lowered from {amount(step.asked, unit)} to {amount(step.used, unit)} "
                f"(our reservation point is {amount(result.reservation, unit)}): {cost}"
            )
    return lines


def infeasible_lines(loaded: Any, result: Any) -> list[str]:
    """Why there is no grid, and the checked request that has one (or the walk-away)."""
    if result.infeasible is None:
        return []
    lines = list(result.infeasible.reasons)
    suggestion = result.infeasible.suggestion
    if suggestion is not None:
        lines.append(
            f"a grid of {counted(suggestion.count, 'offer')} worth at least "
            f"{amount(suggestion.offers_least, result.currency)} to us exists with: "
            f"{suggestion_flags(suggestion)}"
        )
    if result.infeasible.walk_away:
        lines.append("see `brightline gate` for the walk-away and whether the stance is warranted")
    return lines


def left_on_table_text(loaded: Any, offer: Any) -> str:
    """The compliant outcome beating an offer for both sides, or that there is none."""
    from brightline.engine.wording import issue_value_text

    left = offer.left_on_table
    if left is None:
        return "none: no compliant outcome is better for both sides"
    case = loaded.case
    changes = ", ".join(
        f"{issue_id} {issue_value_text(case, issue_id, value)}"
        for issue_id, value in left.outcome.items()
        if value != offer.outcome[issue_id]
    )
    return (
        f"{changes} gives us {amount(left.more_ours, case.case.currency)} more and them "
        f"{amount(left.more_theirs, case.case.their_unit)} more (estimated)"
    )


def meso_text(loaded: Any, result: Any) -> str:
    """The text report."""
    from brightline.engine.wording import issue_value_text

    unit, their_unit = loaded.case.case.currency, loaded.case.case.their_unit
    lines = [summary(result)]
    relaxed = relaxation_lines(result)
    if relaxed:
        lines.append("Relaxed, because the grid asked for does not exist:")
        lines.extend(f"  - {line}" for line in relaxed)
    lines.extend(f"  ! {line}" for line in infeasible_lines(loaded, result))
    lines.extend(f"  note: {note}" for note in result.notes)
    for number, offer in enumerate(result.offers, start=1):
        flag = " (below their estimated alternative)" if offer.below_their_alternative else ""
        lines.append("")
        lines.append(
            f"Offer {number}: ours {amount(offer.ours, unit)}, theirs (estimated) "
            f"{amount(offer.theirs, their_unit)}{flag}"
        )
        for issue_id, value in offer.outcome.items():
            lines.append(f"  {issue_id} = {issue_value_text(loaded.case, issue_id, value)}")
        if offer.safeguards:
            lines.append(f"  safeguards: {', '.join(offer.safeguards)}")
        lines.append(f"  left on the table: {left_on_table_text(loaded, offer)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def meso_markdown(loaded: Any, result: Any) -> str:
    """The Markdown report: a title naming the command, the summary, the steps, the offer table."""
    from brightline.engine.wording import issue_value_text

    info = loaded.case.case
    unit, their_unit = info.currency, info.their_unit
    lines = [f"# MESO grid: {_cell(info.title)}", "", _cell(summary(result)) + ".", ""]
    relaxed = relaxation_lines(result)
    if relaxed:
        lines += ["## Relaxed, because the grid asked for does not exist", ""]
        lines += [f"- {_cell(line)}" for line in relaxed] + [""]
    missing = infeasible_lines(loaded, result)
    if missing:
        lines += ["## Why there is no grid", ""]
        lines += [f"- {_cell(line)}" for line in missing] + [""]
    if result.notes:
        lines += ["## Notes", ""] + [f"- {_cell(note)}" for note in result.notes] + [""]
    if result.offers:
        issues = [issue.id for issue in loaded.case.issues]
        header = ["offer", *issues, "ours", "theirs (est.)", "safeguards", "left on the table"]
        lines += ["## Offers", "", "| " + " | ".join(_cell(cell) for cell in header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        for number, offer in enumerate(result.offers, start=1):
            cells = [
                str(number),
                *(issue_value_text(loaded.case, issue, offer.outcome[issue]) for issue in issues),
                amount(offer.ours, unit),
                amount(offer.theirs, their_unit)
                + (" (below their alternative)" if offer.below_their_alternative else ""),
                ", ".join(offer.safeguards) or "-",
                left_on_table_text(loaded, offer),
            ]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)
