"""Rendering of ``brightline next``: the stage's moves, alerts, concessions and reminders.

Text goes through Rich; Markdown is the report's document
(:func:`brightline.report.sections.session.next_document`). Both show the same things in the same
order. A reciprocity warning belongs to the concession that raised it and was printed when that
concession was recorded (``brightline log concession``), so here the reciprocity is a number on
the balance line, not a warning repeated on every look at the session.
"""

from __future__ import annotations

from brightline.actions import Advice
from brightline.amounts import signed_amount
from brightline.cli.actions import advice_text
from brightline.cli.output import console
from brightline.report.sections.session import advice_line
from brightline.services.sessions import NextStep


def balance(view: NextStep) -> str:
    """The concession balance in words, every amount with its unit."""
    analysis = view.analysis
    unit, their_unit = view.case.case.currency, view.case.case.their_unit
    ratio = "n/a" if analysis.reciprocity is None else f"{analysis.reciprocity:.2f}"
    below = analysis.reciprocity_below
    warned = f" (below 1 after #{below[-1]}, warned then)" if below and ratio != "n/a" else ""
    return (
        f"balance to us {signed_amount(analysis.balance_to_us, unit)}, to them "
        f"{signed_amount(analysis.balance_to_them, their_unit)}; reciprocity {ratio}{warned}"
    )


def render_next_text(view: NextStep) -> None:
    """The playbook for the current stage, for the terminal."""
    from rich.text import Text

    out = console()  # prints strings verbatim: styling below is given, never read from text
    result = view.guide
    out.print(
        Text.assemble(
            (f"Stage: {result.stage.value}", "bold"),
            f"  (session {view.session_id}, {view.case.case.title})",
        )
    )
    if advice_line(view):
        out.print(advice_line(view), markup=False)
    if result.gate_note:
        out.print(Text.assemble(("GATE", "red"), f" {result.gate_note}"))
    for alert in result.alerts:
        colour = "red" if alert.reaction.value == "stop" else "yellow"
        out.print(
            Text.assemble(
                (alert.reaction.value.upper(), colour),
                f" #{alert.seq} {alert.signal.value}: {alert.response}",
            )
        )
    for move in result.moves:
        out.print(f"\n{move.move.name}", style="bold")
        out.print(f"  do: {move.move.do}", markup=False)
        for phrase in move.say:
            out.print(f"  say: {phrase}", markup=False)
        for line in move.how:
            out.print(f"  how: {line}", markup=False)
        for watch in move.move.watch:
            out.print(
                f"  watch: {watch.signal.value} -> {watch.reaction.value}: {watch.response}",
                markup=False,
            )
        out.print(f"  risk: {move.move.risk}", markup=False)
        covering = (
            f" (in the case: {', '.join(move.case_safeguards)})" if move.case_safeguards else ""
        )
        safeguard = advice_text(Advice(move.move.safeguard, move.move.safeguard_action))
        out.print(f"  safeguard: {safeguard}{covering}", markup=False)
    if view.has_concessions:
        out.print("\nConcessions", style="bold")
        out.print(f"  {balance(view)}", markup=False)
        for flag in view.standing_flags():
            out.print(Text.assemble("  ", ("!", "yellow"), f" {advice_text(flag)}"))
    for note in view.reminders:
        out.print(Text.assemble(("reminder:", "yellow"), f" {advice_text(note)}"))
    out.print(f"\nnext stages: {', '.join(stage.value for stage in result.next_stages)}")


def render_next_markdown(view: NextStep) -> str:
    """The playbook for the current stage as a Markdown document (for notes, tickets, wikis)."""
    from brightline.report.markdown import render_markdown
    from brightline.report.sections.session import next_document

    return render_markdown(next_document(view, balance(view), advice_text))
