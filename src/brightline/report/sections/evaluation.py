"""The evaluation of one offer: recommendation, broken standards, counters, what to say.

``evaluate --format markdown`` prints :func:`evaluation_document` and its text output
:func:`evaluation_text_document`; the plan's "Offers received"
section words each counter with the same :func:`counter_changes`, so a counter reads the same
wherever it appears.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brightline.amounts import amount, plural
from brightline.engine.wording import issue_value_text
from brightline.report.document import Bullets, Document, Paragraph, Quote, Section, Table

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.case.validate import LoadedCase
    from brightline.offers.evaluate import Counter, Evaluation


def counter_changes(case: Case, counter: Counter) -> str:
    """``residency: global -> eu_only, audit: none -> before_expansion``: each change of a counter."""
    return ", ".join(
        f"{issue}: {issue_value_text(case, issue, old)} -> {issue_value_text(case, issue, new)}"
        for issue, old, new in counter.changes
    )


def evaluation_document(loaded: LoadedCase, result: Evaluation) -> Document:
    """The evaluation as a document titled ``Evaluate: {case title}``."""
    case = loaded.case
    unit, their_unit = case.case.currency, case.case.their_unit
    opening = Section(
        "evaluation",
        "",
        (
            Paragraph(
                f"**Recommendation: {result.recommendation.value}**: "
                f"{result.recommendation.meaning}."
            ),
            Bullets(tuple(result.reasons)),
            Paragraph(
                f"Value of the offer: ours {amount(result.ours, unit)}, theirs (estimated) "
                f"{amount(result.theirs, their_unit)}."
            ),
        ),
    )
    sections = [opening, _standards_section(case, result)]
    if result.counters:
        rows = tuple(
            (
                str(number),
                counter_changes(case, counter),
                amount(counter.ours, unit),
                amount(counter.theirs, their_unit),
                "yes" if counter.likely_refused else "no",
            )
            for number, counter in enumerate(result.counters, start=1)
        )
        columns = ("counter", "changes", "ours", "theirs (estimated)", "likely refused")
        sections.append(Section("counters", "Counters", (Table(columns, rows),)))
    if result.safeguards:
        sections.append(Section("safeguards", "Safeguards", (Bullets(tuple(result.safeguards)),)))
    sections.append(Section("say", "Say", (Quote(result.say),)))
    return Document("Evaluate", case.case.title, tuple(sections), case.case.id)


def evaluation_text_document(loaded: LoadedCase, result: Evaluation) -> Document:
    """``evaluate``'s report for the terminal (:func:`brightline.report.text.render_text`).

    The recommendation and its reasons, the offer's value, each broken standard (``FAIL``), each
    counter on one line with its changes and values, then what to say.
    """
    case = loaded.case
    unit, their_unit = case.case.currency, case.case.their_unit
    blocks: list[Paragraph | Bullets] = [
        Paragraph(f"Recommendation: {result.recommendation.value}"),
        Bullets(tuple(result.reasons)),
        Paragraph(
            f"Value: ours {amount(result.ours, unit)}, theirs (estimated) "
            f"{amount(result.theirs, their_unit)}"
        ),
    ]
    if result.compliant:
        blocks.append(Paragraph("Standards: all pass"))
    failures = []
    for violation in result.violations:
        when = f" (applies because {violation.condition})" if violation.condition else ""
        failures.append(
            f"{violation.standard}: needs {violation.needs or violation.clause}, offer has "
            f"{violation.issue} = {issue_value_text(case, violation.issue, violation.value)}{when}"
        )
    blocks.append(Bullets(tuple(failures), mark="FAIL"))
    for number, counter in enumerate(result.counters, start=1):
        flag = (
            " (likely refused: below their estimated alternative)" if counter.likely_refused else ""
        )
        blocks.append(
            Paragraph(
                f"Counter {number} ({plural(len(counter.changes), 'change')}): "
                f"{counter_changes(case, counter)}; ours {amount(counter.ours, unit)}, theirs "
                f"{amount(counter.theirs, their_unit)}{flag}"
            )
        )
    sections = (
        Section("evaluation", "", tuple(blocks), result.to_json()),
        Section("say", "", (Paragraph(f"Say: {result.say}"),)),
    )
    return Document("Evaluate", case.case.title, sections, case.case.id)


def _standards_section(case: Case, result: Evaluation) -> Section:
    if result.compliant:
        return Section("standards", "Standards", (Paragraph("The offer meets every standard."),))
    broken = len({violation.standard for violation in result.violations})
    rows = tuple(
        (
            violation.standard,
            f"`{violation.clause}`",
            f"{violation.issue} = {issue_value_text(case, violation.issue, violation.value)}",
            violation.condition or "-",
        )
        for violation in result.violations
    )
    table = Table(("standard", "needs", "offer has", "applies because"), rows)
    return Section(
        "standards",
        "Standards",
        (Paragraph(f"The offer breaks {plural(broken, 'standard')}."), table),
    )
