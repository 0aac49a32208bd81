"""The evaluation of one offer: recommendation, broken standards, counters, what to say.

``evaluate --format markdown`` prints :func:`evaluation_document`; the plan's "Offers received"
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
