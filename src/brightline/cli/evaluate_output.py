"""How ``brightline evaluate`` prints an evaluation: text for the terminal, Markdown for documents.

The evaluation is data (:class:`brightline.offers.evaluate.Evaluation`); these renderers only word
it. Markdown is real Markdown (a title naming the command, sections, tables, the line to say as a
quote) so it pastes into a ticket or a wiki as it is; a golden file pins it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any


def _amount(value: float, unit: str) -> str:
    from brightline.amounts import amount

    return amount(value, unit)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as spaces."""
    return " ".join(str(text).replace("|", "\\|").split())


def _shown(loaded: Any) -> Callable[[str, Any], str]:
    from brightline.engine.wording import issue_value_text

    return partial(issue_value_text, loaded.case)


def _changes(loaded: Any, counter: Any) -> str:
    shown = _shown(loaded)
    return ", ".join(
        f"{issue}: {shown(issue, old)} -> {shown(issue, new)}"
        for issue, old, new in counter.changes
    )


def render_evaluation_text(loaded: Any, result: Any) -> str:
    """The evaluation for the terminal."""
    unit = loaded.case.case.currency
    their_unit = loaded.case.case.their_unit
    shown = _shown(loaded)
    lines = [f"Recommendation: {result.recommendation.value}"]
    lines += [f"  - {reason}" for reason in result.reasons]
    lines.append(
        f"Value: ours {_amount(result.ours, unit)}, theirs (estimated) "
        f"{_amount(result.theirs, their_unit)}"
    )
    if result.compliant:
        lines.append("Standards: all pass")
    for violation in result.violations:
        when = f" (applies because {violation.condition})" if violation.condition else ""
        lines.append(
            f"  FAIL {violation.standard}: needs {violation.needs or violation.clause}, offer has "
            f"{violation.issue} = {shown(violation.issue, violation.value)}{when}"
        )
    for number, counter in enumerate(result.counters, start=1):
        flag = (
            " (likely refused: below their estimated alternative)" if counter.likely_refused else ""
        )
        lines.append(
            f"Counter {number} ({_plural(len(counter.changes), 'change')}): "
            f"{_changes(loaded, counter)}; ours {_amount(counter.ours, unit)}, theirs "
            f"{_amount(counter.theirs, their_unit)}{flag}"
        )
    lines += ["", f"Say: {result.say}"]
    return "\n".join(lines) + "\n"


def render_evaluation_markdown(loaded: Any, result: Any) -> str:
    """The evaluation as a Markdown document, titled with the command and the case."""
    unit = loaded.case.case.currency
    their_unit = loaded.case.case.their_unit
    shown = _shown(loaded)
    out = [f"# Evaluate: {_cell(loaded.case.case.title)}", ""]
    out += [
        f"**Recommendation: {result.recommendation.value}**: {result.recommendation.meaning}.",
        "",
    ]
    out += [f"- {reason}" for reason in result.reasons]
    out += [
        "",
        f"Value of the offer: ours {_amount(result.ours, unit)}, theirs (estimated) "
        f"{_amount(result.theirs, their_unit)}.",
        "",
        "## Standards",
        "",
    ]
    if result.compliant:
        out.append("The offer meets every standard.")
    else:
        broken = len({violation.standard for violation in result.violations})
        out += [
            f"The offer breaks {_plural(broken, 'standard')}.",
            "",
            "| standard | needs | offer has | applies because |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {_cell(v.standard)} | `{_cell(v.clause)}` | "
            f"{_cell(f'{v.issue} = {shown(v.issue, v.value)}')} | {_cell(v.condition or '-')} |"
            for v in result.violations
        ]
    if result.counters:
        out += [
            "",
            "## Counters",
            "",
            "| counter | changes | ours | theirs (estimated) | likely refused |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {number} | {_cell(_changes(loaded, counter))} | {_amount(counter.ours, unit)} | "
            f"{_amount(counter.theirs, their_unit)} | {'yes' if counter.likely_refused else 'no'} |"
            for number, counter in enumerate(result.counters, start=1)
        ]
    if result.safeguards:
        out += ["", "## Safeguards", ""]
        out += [f"- {_cell(safeguard)}" for safeguard in result.safeguards]
    out += ["", "## Say", "", f"> {result.say}"]
    return "\n".join(out) + "\n"
