"""Rendering of ``brightline next``: the stage's moves, alerts, concessions and reminders.

Text goes through Rich; Markdown is plain text built here. Both show the same things in the same
order. A reciprocity warning belongs to the concession that raised it and was printed when that
concession was recorded (``brightline log concession``), so here the reciprocity is a number on
the balance line, not a warning repeated on every look at the session.
"""

from __future__ import annotations

from brightline.amounts import signed_amount
from brightline.cli.output import console
from brightline.services.sessions import NextStep


def advice_line(view: NextStep) -> str:
    """The table's answer for the offer on the table, as one line (empty when none)."""
    advice = view.guide.advice
    if advice is None or not advice.offer:
        return ""
    return (
        f"on the table: offer {advice.offer}: {advice.recommendation.value} "
        f"({advice.recommendation.meaning}; stance {advice.stance.value}, situation "
        f"{advice.situation.value})"
    )


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
        out.print(f"  safeguard: {move.move.safeguard}{covering}", markup=False)
    if view.has_concessions:
        out.print("\nConcessions", style="bold")
        out.print(f"  {balance(view)}", markup=False)
        for flag in view.standing_flags():
            out.print(Text.assemble("  ", ("!", "yellow"), f" {flag}"))
    for note in view.reminders:
        out.print(Text.assemble(("reminder:", "yellow"), f" {note}"))
    out.print(f"\nnext stages: {', '.join(stage.value for stage in result.next_stages)}")


def _quote(text: str) -> str:
    """A say line as a Markdown block quote: it is what is read out to them."""
    return "> " + " ".join(text.split())


def render_next_markdown(view: NextStep) -> str:
    """The playbook for the current stage as a Markdown document (for notes, tickets, wikis)."""
    result = view.guide
    lines = [
        f"# Next: {view.case.case.title}",
        "",
        f"Session `{view.session_id}`, stage **{result.stage.value}**.",
        "",
    ]
    if advice_line(view):
        lines += [advice_line(view)[0].upper() + advice_line(view)[1:] + ".", ""]
    if result.gate_note:
        lines += [f"**Gate:** {result.gate_note}.", ""]
    if result.alerts:
        lines += ["## Alerts", ""]
        lines += [
            f"- **{alert.reaction.value.upper()}** #{alert.seq} {alert.signal.value}: "
            f"{alert.response}"
            for alert in result.alerts
        ]
        lines.append("")
    for move in result.moves:
        lines += [f"## {move.move.name}", "", f"Do: {move.move.do}", ""]
        if move.say:
            lines += ["Say (to them, verbatim):", ""]
            for phrase in move.say:
                lines += [_quote(phrase), ""]
        if move.how:
            lines += ["How (for us, never read out):", ""]
            lines += [f"- {line}" for line in move.how]
            lines.append("")
        if move.move.watch:
            lines += ["| watch for | reaction | response |", "|---|---|---|"]
            lines += [
                f"| {w.signal.value} | {w.reaction.value} | {w.response.replace('|', '/')} |"
                for w in move.move.watch
            ]
            lines.append("")
        covering = (
            f" (in the case: {', '.join(move.case_safeguards)})" if move.case_safeguards else ""
        )
        lines += [f"Risk: {move.move.risk}", "", f"Safeguard: {move.move.safeguard}{covering}", ""]
    if view.has_concessions:
        lines += ["## Concessions", "", balance(view), ""]
        lines += [f"- {flag}" for flag in view.standing_flags()]
        if view.standing_flags():
            lines.append("")
    if view.reminders:
        lines += ["## Reminders", ""]
        lines += [f"- {note}" for note in view.reminders]
        lines.append("")
    lines.append(f"Next stages: {', '.join(stage.value for stage in result.next_stages)}.")
    return "\n".join(lines) + "\n"
