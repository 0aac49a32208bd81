"""The opening moves of the playbook, filled in for the case: what to do, say and watch for."""

from __future__ import annotations

from brightline.errors import BrightlineError
from brightline.playbook.moves import move_json, opening_moves
from brightline.playbook.table_facts import GridFacts
from brightline.report.context import CaseContext
from brightline.report.document import Section, Table


def opening_moves_section(context: CaseContext) -> Section:
    """The moves of the opening and early stages, with the phrases to say and how.

    The narrow-bundles words describe the plan's own MESO grid (computed once for the plan).
    """
    try:
        grid: GridFacts | None = GridFacts(tuple(offer.outcome for offer in context.meso.offers))
    except (
        BrightlineError
    ):  # no grid could be computed: the words claim none (the MESO section says why)
        grid = None
    moves = opening_moves(context.loaded.case, grid)
    lines = tuple(
        line
        for guide in moves
        for line in (
            f"{guide.move.name} ({guide.move.stage.value}): {guide.move.do}",
            *(f"  say: {phrase}" for phrase in guide.say),
            *(f"  how: {line}" for line in guide.how),
        )
    )
    rows = tuple(
        (
            guide.move.name,
            "; ".join(f"{w.signal.value} -> {w.reaction.value}" for w in guide.move.watch),
            guide.move.risk,
            guide.move.safeguard
            + (f" (case: {', '.join(guide.case_safeguards)})" if guide.case_safeguards else ""),
        )
        for guide in moves
    )
    return Section.of(
        "opening_moves",
        "Opening moves",
        lines,
        (Table(("move", "watch for", "risk", "safeguard"), rows),),
        [move_json(guide) for guide in moves],
    )
