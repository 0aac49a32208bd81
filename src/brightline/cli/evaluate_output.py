"""How ``brightline evaluate`` prints an evaluation for the terminal.

The evaluation is data (:class:`brightline.offers.evaluate.Evaluation`); this renderer only lays
it out. The Markdown form is the report's document
(:func:`brightline.report.sections.evaluation.evaluation_document`), and a counter's changes read
the same in both (:func:`~brightline.report.sections.evaluation.counter_changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from brightline.amounts import amount, plural
from brightline.report.sections.evaluation import counter_changes


def _shown(loaded: Any) -> Callable[[str, Any], str]:
    from brightline.engine.wording import issue_value_text

    return partial(issue_value_text, loaded.case)


def render_evaluation_text(loaded: Any, result: Any) -> str:
    """The evaluation for the terminal."""
    unit = loaded.case.case.currency
    their_unit = loaded.case.case.their_unit
    shown = _shown(loaded)
    lines = [f"Recommendation: {result.recommendation.value}"]
    lines += [f"  - {reason}" for reason in result.reasons]
    lines.append(
        f"Value: ours {amount(result.ours, unit)}, theirs (estimated) "
        f"{amount(result.theirs, their_unit)}"
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
            f"Counter {number} ({plural(len(counter.changes), 'change')}): "
            f"{counter_changes(loaded.case, counter)}; ours {amount(counter.ours, unit)}, theirs "
            f"{amount(counter.theirs, their_unit)}{flag}"
        )
    lines += ["", f"Say: {result.say}"]
    return "\n".join(lines) + "\n"
