"""The evaluation of one offer: recommendation, broken standards, counters, what to say.

``evaluate --format markdown`` prints :func:`evaluation_document` and its text output
:func:`evaluation_text_document`; the plan's "Offers received"
section words each counter with the same :func:`counter_changes`, so a counter reads the same
wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brightline.amounts import amount, plural
from brightline.engine.wording import mid_sentence
from brightline.report.document import Bullets, Document, Paragraph, Quote, Section, Table

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.case.validate import LoadedCase
    from brightline.offers.evaluate import Counter, Evaluation, Violation


@dataclass(frozen=True, slots=True)
class BrokenStandard:
    """One standard an offer breaks, in words: one line however many clauses of it failed.

    Attributes:
        standard: The standard's name (its id in words when it has none).
        needs: The whole rule in the case's names, so an either/or rule reads as its
            alternatives (``general launch week is at least 10 weeks or (...)``), any one of
            which would satisfy it; for a conditional rule, what it asks once it applies.
        offered: What the offer says on the issues that broke it.
        because: For a conditional rule, the condition that made it apply ("" otherwise).
    """

    standard: str
    needs: str
    offered: str
    because: str


def broken_standards(loaded: LoadedCase, violations: Sequence[Violation]) -> list[BrokenStandard]:
    """The standards the offer breaks, one each, in case order.

    The evaluator reports every failing clause (the data keeps them, in JSON); listed one per
    line, the clauses of an ``or`` read as three separate demands for one rule.
    """
    from brightline.report.labels import issue_label, option_label, rule_words, standard_label
    from brightline.rules import Implies

    case = loaded.case
    by_standard: dict[str, list[Violation]] = {}
    for violation in violations:
        by_standard.setdefault(violation.standard, []).append(violation)
    found: list[BrokenStandard] = []
    for standard in case.standards:
        failed = by_standard.get(standard.id)
        if not failed:
            continue
        rule = loaded.rule_as_written(standard.id)
        because = ""
        if isinstance(rule, Implies):
            because = rule_words(case, rule.antecedent)
            rule = rule.consequent
        values = {violation.issue: violation.value for violation in failed}
        offered = " and ".join(
            f"{mid_sentence(issue_label(case, issue))}: "
            f"{mid_sentence(option_label(case, issue, value))}"
            for issue, value in values.items()
        )
        found.append(
            BrokenStandard(standard_label(standard), rule_words(case, rule), offered, because)
        )
    return found


def counter_changes(case: Case, counter: Counter) -> str:
    """``Data residency: Global -> EU only; Security audit: None -> Before expansion``.

    Each change of a counter by the issue's name and the options' labels (never the case file's
    ids: the web analysis page shows this as the first counter); ``; `` between changes, as a
    label may hold a comma.
    """
    from brightline.report.labels import issue_label, option_label

    return "; ".join(
        f"{issue_label(case, issue)}: {option_label(case, issue, old)} -> "
        f"{option_label(case, issue, new)}"
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
    sections = [opening, _standards_section(loaded, result)]
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
    for broken in broken_standards(loaded, result.violations):
        when = f" (it applies because {broken.because})" if broken.because else ""
        failures.append(
            f"{broken.standard}: needs {broken.needs}; the offer has {broken.offered}{when}"
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


def _standards_section(loaded: LoadedCase, result: Evaluation) -> Section:
    if result.compliant:
        return Section("standards", "Standards", (Paragraph("The offer meets every standard."),))
    broken = broken_standards(loaded, result.violations)
    rows = tuple(
        (entry.standard, entry.needs, entry.offered, entry.because or "-") for entry in broken
    )
    table = Table(("standard", "needs", "offer has", "applies because"), rows)
    return Section(
        "standards",
        "Standards",
        (Paragraph(f"The offer breaks {plural(len(broken), 'standard')}."), table),
    )
