"""Section builders of the plan. Each capability adds its builder to ``SECTION_BUILDERS``."""

from __future__ import annotations

from brightline.amounts import amount, number_text
from brightline.case.validate import LoadedCase
from brightline.economics.summary import economics_section
from brightline.engine.wording import plural
from brightline.engine_sections import gate_and_sweep_sections
from brightline.lint import LintReport, StandardMeasure, lint_case
from brightline.offers.plan_section import offers_sections
from brightline.plan import PlanSection, SectionBuilder, Table
from brightline.playbook.moves import move_json, opening_moves


def summary_section(loaded: LoadedCase) -> PlanSection:
    """Who, what, and the numbers that frame the case."""
    case = loaded.case
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
            f"BATNA: {amount(value.likely, unit)} likely ({number_text(value.low)} to {amount(value.high, unit)})."
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
    return PlanSection("summary", "Case summary", tuple(lines), tables, data)


def readiness_section(loaded: LoadedCase, report: LintReport) -> PlanSection:
    """The preparation checklist."""
    done = sum(1 for item in report.readiness if item.done)
    rows = tuple(
        (item.code, item.item, "done" if item.done else "missing", item.detail, item.add)
        for item in report.readiness
    )
    data = [
        {"code": i.code, "item": i.item, "done": i.done, "detail": i.detail, "add": i.add}
        for i in report.readiness
    ]
    return PlanSection(
        "readiness",
        "Readiness",
        (f"{done} of {len(report.readiness)} preparation items done.",),
        (Table(("code", "item", "status", "detail", "to add"), rows),),
        data,
    )


def lint_section(loaded: LoadedCase, report: LintReport) -> PlanSection:
    """Pitfall findings with their measured standards."""
    rows = tuple((f.code, f.severity.value, f.message, f.hint) for f in report.findings)
    unit = loaded.case.case.currency

    def price_text(measure: StandardMeasure) -> str:
        if not measure.feasible:
            return "infeasible"
        if not measure.priced:
            return "not computed (space too large)"
        return f"{amount(measure.price, unit)} ({measure.price_basis})"

    measure_rows = tuple(
        (
            standard_id,
            price_text(m),
            amount(m.risk_avoided, unit),
            "n/a" if m.over_breadth is None else f"{m.over_breadth:.0%}",
        )
        for standard_id, m in report.measures.items()
    )
    lines = (
        ("No pitfalls found.",) if not report.findings else (f"{len(report.findings)} findings.",)
    )
    data = {
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": f.message, "hint": f.hint}
            for f in report.findings
        ],
        "standards": [m.to_json() for m in report.measures.values()],
    }
    tables = [Table(("standard", "price", "risk avoided", "over-breadth"), measure_rows)]
    if rows:
        tables.insert(0, Table(("code", "severity", "finding", "fix"), rows))
    return PlanSection("lint", "Pitfalls", lines, tuple(tables), data)


def readiness_and_lint(loaded: LoadedCase) -> list[PlanSection]:
    """Both lint-based sections from one lint run."""
    report = lint_case(loaded)
    return [readiness_section(loaded, report), lint_section(loaded, report)]


def opening_moves_section(loaded: LoadedCase) -> PlanSection:
    """Plan section: the opening moves of the playbook for this case, with what to say."""
    moves = opening_moves(loaded.case)
    lines = tuple(
        line
        for guide_ in moves
        for line in (
            f"{guide_.move.name} ({guide_.move.stage.value}): {guide_.move.do}",
            *(f"  say: {phrase}" for phrase in guide_.say),
            *(f"  how: {line}" for line in guide_.how),
        )
    )
    rows = tuple(
        (
            guide_.move.name,
            "; ".join(f"{w.signal.value} -> {w.reaction.value}" for w in guide_.move.watch),
            guide_.move.risk,
            guide_.move.safeguard
            + (f" (case: {', '.join(guide_.case_safeguards)})" if guide_.case_safeguards else ""),
        )
        for guide_ in moves
    )
    return PlanSection(
        "opening_moves",
        "Opening moves",
        lines,
        (Table(("move", "watch for", "risk", "safeguard"), rows),),
        [move_json(guide_) for guide_ in moves],
    )


SECTION_BUILDERS: list[SectionBuilder] = [summary_section, readiness_and_lint]
"""In report order. Later capabilities (gate, sweep, MESO, economics, playbook) append theirs."""
SECTION_BUILDERS.append(gate_and_sweep_sections)
SECTION_BUILDERS.append(opening_moves_section)
SECTION_BUILDERS.append(offers_sections)
SECTION_BUILDERS.append(economics_section)
