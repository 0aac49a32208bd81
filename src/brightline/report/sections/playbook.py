"""The opening moves of the playbook, filled in for the case: what to do, say and watch for."""

from __future__ import annotations

from brightline.playbook.moves import move_json, opening_moves
from brightline.report.context import CaseContext
from brightline.report.document import Section, Table


def opening_moves_section(context: CaseContext) -> Section:
    """The moves of the opening and early stages, with the phrases to say and how."""
    moves = opening_moves(context.loaded.case)
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
