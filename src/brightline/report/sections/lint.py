"""The preparation checklist and the pitfall findings: the plan's two sections and ``check``."""

from __future__ import annotations

from typing import Any

from brightline.amounts import plural
from brightline.case.validate import LoadedCase
from brightline.lint import LintReport
from brightline.report.context import CaseContext
from brightline.report.document import Bullets, Document, Paragraph, Section, Table


def readiness_section(report: LintReport) -> Section:
    """Each preparation item, done or missing, with what to add."""
    done = sum(1 for item in report.readiness if item.done)
    rows = tuple(
        (item.code, item.item, "done" if item.done else "missing", item.detail, item.add)
        for item in report.readiness
    )
    data = [
        {"code": i.code, "item": i.item, "done": i.done, "detail": i.detail, "add": i.add}
        for i in report.readiness
    ]
    return Section.of(
        "readiness",
        "Readiness",
        (f"{done} of {len(report.readiness)} preparation items done.",),
        (Table(("code", "item", "status", "detail", "to add"), rows),),
        data,
    )


def pitfalls_section(report: LintReport, unit: str) -> Section:
    """Pitfall findings with their fixes; the measures of every standard as data only.

    The plan printed each standard's price, risk avoided and over-breadth twice, here and in the
    warrant gate's table; the gate's table (which also says whether the price exceeds the risk)
    is the one people read, and the lint's measures stay in the section's data (JSON).
    """
    rows = tuple((f.code, f.severity.value, f.message, f.hint) for f in report.findings)
    lines = (
        (f"{plural(len(report.findings), 'finding')}.",)
        if report.findings
        else ("No pitfalls found.",)
    )
    data = {
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": f.message, "hint": f.hint}
            for f in report.findings
        ],
        "standards": [m.to_json() for m in report.measures.values()],
    }
    tables = [Table(("code", "severity", "finding", "fix"), rows)] if rows else []
    return Section.of("lint", "Pitfalls", lines, tables, data)


def lint_sections(context: CaseContext) -> list[Section]:
    """Readiness and pitfalls, both from the context's one lint run."""
    report = context.lint
    return [readiness_section(report), pitfalls_section(report, context.loaded.case.case.currency)]


def tally(report: LintReport) -> str:
    """``0 errors, 1 warning, 0 notes``: the findings counted by severity."""
    from brightline.lint import Severity

    counts = {s: sum(1 for f in report.findings if f.severity is s) for s in Severity}
    return (
        f"{plural(counts[Severity.ERROR], 'error')}, "
        f"{plural(counts[Severity.WARNING], 'warning')}, {plural(counts[Severity.INFO], 'note')}"
    )


def check_document(loaded: LoadedCase, report: LintReport) -> Document:
    """``check``'s document: the readiness checklist, then each finding at ``FILE:LINE:COL``."""
    source = loaded.source
    rows = tuple(
        (
            item.code,
            item.item,
            "done" if item.done else "**missing**",
            item.detail if item.done else item.add,
        )
        for item in report.readiness
    )
    findings: list[str] = []
    for finding in report.findings:
        position = source.locate(finding.path)
        findings.append(
            f"`{source.file}:{position.line}:{position.column}` **{finding.code}** "
            f"{finding.severity.value}: {finding.message}"
            + (f"; fix: {finding.hint}" if finding.hint else "")
        )
    blocks = (
        Paragraph(f"File: `{source.file}`"),
        Table(("code", "item", "status", "detail / what to add"), rows),
        Bullets(tuple(findings)) if findings else Paragraph("No pitfalls found."),
        Paragraph(tally(report)),
    )
    info = loaded.case.case
    return Document("Check", info.title, (Section("check", "", blocks),), info.id)


def check_json(loaded: LoadedCase, report: LintReport) -> dict[str, Any]:
    """``check --format json`` for one case: readiness items and located findings."""
    from brightline.case.source import dotted

    source = loaded.source
    findings = []
    for finding in report.findings:
        position = source.locate(finding.path)
        findings.append(
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "message": finding.message,
                "hint": finding.hint,
                "location": {
                    "file": source.file,
                    "path": dotted(finding.path),
                    "line": position.line,
                    "column": position.column,
                },
            }
        )
    readiness = [
        {
            "code": item.code,
            "item": item.item,
            "status": "done" if item.done else "missing",
            "detail": item.detail,
            "add": item.add,
        }
        for item in report.readiness
    ]
    return {"case": source.file, "readiness": readiness, "findings": findings}


def check_text_document(loaded: LoadedCase, report: LintReport) -> Document:
    """``check``'s report for the terminal: the readiness table, then one line per finding.

    The readiness section is titled ``Readiness: {case title}`` and holds one table; the
    findings section a table of the findings (where, code and severity, message, fix) and the
    tally, or that there are none. :func:`brightline.cli.render.print_check` lays it out with
    Rich, one line per finding.
    """
    source = loaded.source
    rows = tuple(
        (
            item.code,
            item.item,
            "done" if item.done else "missing",
            item.detail if item.done else item.add,
        )
        for item in report.readiness
    )
    readiness = Section(
        "readiness",
        f"Readiness: {loaded.case.case.title}",
        (Table(("code", "item", "status", "detail / what to add"), rows),),
    )
    found = []
    for finding in report.findings:
        position = source.locate(finding.path)
        found.append(
            (
                f"{source.file}:{position.line}:{position.column}",
                finding.code,
                finding.severity.value,
                finding.message,
                finding.hint,
            )
        )
    blocks: tuple[Paragraph | Table, ...] = (
        (
            Table(("location", "code", "severity", "finding", "fix"), tuple(found)),
            Paragraph(tally(report)),
        )
        if found
        else (Paragraph(f"{source.file}: no pitfalls found"),)
    )
    info = loaded.case.case
    return Document("Check", info.title, (readiness, Section("findings", "", blocks)), info.id)
