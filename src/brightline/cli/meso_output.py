"""How ``brightline meso`` prints its result as text (Markdown and JSON come from the report).

The sentences are :mod:`brightline.report.sections.meso`'s, the same as in the plan and in
``--format markdown``; this adapter lays them out for the terminal and words what the user can run
next as the flags that reproduce it, so what it prints can be typed back and gives the grid it
promises.
"""

from __future__ import annotations

from typing import Any

from brightline.actions import Action
from brightline.amounts import amount
from brightline.report.sections.meso import (
    infeasible_lines,
    left_on_table_text,
    relaxation_lines,
    summary_text,
)


def action_flags(action: Action) -> str:
    """An action as the command line says it: the flags of a MESO request, or the gate command.

    Every number of a suggested request is written as the core solved it (ten significant
    digits), so typing it back asks for exactly that grid.
    """
    if action.use_case == "gate":
        return "see `brightline gate`"
    return " ".join(
        f"--{name.replace('_', '-')} {value:.10g}"
        if isinstance(value, float)
        else f"--{name.replace('_', '-')} {value}"
        for name, value in action.parameters
    )


def meso_text(loaded: Any, result: Any) -> str:
    """The text report."""
    from brightline.engine.wording import issue_value_text

    unit, their_unit = loaded.case.case.currency, loaded.case.case.their_unit
    summary = summary_text(result)
    lines = [summary if not result.offers else f"MESO grid: {summary}"]
    relaxed = relaxation_lines(result)
    if relaxed:
        lines.append("Relaxed, because the grid asked for does not exist:")
        lines.extend(f"  - {line}" for line in relaxed)
    lines.extend(f"  ! {line}" for line in infeasible_lines(result, action_flags))
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
        lines.append(f"  left on the table: {left_on_table_text(loaded.case, offer)}")
    return "\n".join(lines) + "\n"
