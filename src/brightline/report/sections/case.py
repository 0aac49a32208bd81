"""The case summary: who, what, and the numbers that frame the case."""

from __future__ import annotations

from brightline.amounts import amount, number_text, plural
from brightline.report.context import CaseContext
from brightline.report.document import Section, Table


def summary_section(context: CaseContext) -> Section:
    """Parties, counts, BATNA, reservation point and the standards with their sources."""
    case = context.loaded.case
    info = case.case
    unit = info.currency
    lines = [
        f"Context: {info.context.value}; stage: {info.stage.value}; "
        f"us: {case.parties.us.name}; them: {case.parties.them.name}.",
        f"{plural(len(case.issues), 'issue')}, {plural(len(case.standards), 'standard')}, "
        f"{plural(len(case.harms), 'harm')}, {plural(len(case.safeguards), 'safeguard')}.",
    ]
    data: dict[str, object] = {
        "id": info.id,
        "title": info.title,
        "context": info.context.value,
        "stage": info.stage.value,
        "currency": unit,
        "issues": [issue.id for issue in case.issues],
        "standards": [standard.id for standard in case.standards],
    }
    if case.batna is not None and case.batna.components:
        value = case.batna.value()
        lines.append(
            f"BATNA: {amount(value.likely, unit)} likely "
            f"({number_text(value.low)} to {amount(value.high, unit)})."
        )
        data["batna"] = {"low": value.low, "likely": value.likely, "high": value.high}
    if case.reservation is not None:
        committed = "pre-committed" if case.reservation.pre_committed else "not pre-committed"
        lines.append(f"Reservation point: {amount(case.reservation.value, unit)} ({committed}).")
        data["reservation"] = case.reservation.value
    rows = tuple(
        (
            standard.id,
            standard.rule,
            standard.source.reference if standard.source else "-",
            "yes" if standard.published else "no",
        )
        for standard in case.standards
    )
    tables = (Table(("standard", "rule", "source", "published"), rows),) if rows else ()
    return Section.of("summary", "Case summary", lines, tables, data)
