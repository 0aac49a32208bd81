"""Rendering of ``brightline check`` results for the terminal and as JSON.

The Markdown form is the report's document (:func:`brightline.report.sections.lint.check_document`).
"""

from __future__ import annotations

from typing import Any

from brightline.cli.output import console
from brightline.lint import Severity
from brightline.report.sections.lint import tally
from brightline.services import CheckResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_check_json(result: CheckResult) -> dict[str, Any]:
    """The JSON document of one checked case."""
    source = result.loaded.source
    findings = []
    for finding in result.report.findings:
        position = source.locate(finding.path)
        from brightline.case.source import dotted

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
        for item in result.report.readiness
    ]
    return {"case": source.file, "readiness": readiness, "findings": findings}


def render_check_text(result: CheckResult) -> None:
    """Readiness table and located findings for people."""
    from rich.table import Table
    from rich.text import Text

    out = console()
    source = result.loaded.source
    table = Table(title=f"Readiness: {result.loaded.case.case.title}", title_justify="left")
    table.add_column("code")
    table.add_column("item")
    table.add_column("status")
    table.add_column("detail / what to add")
    for item in result.report.readiness:
        status = Text("done", style="green") if item.done else Text("missing", style="red")
        table.add_row(item.code, item.item, status, item.detail if item.done else item.add)
    out.print(table)
    if not result.report.findings:
        out.print(f"{source.file}: no pitfalls found", style="green", soft_wrap=True)
        return
    for finding in result.report.findings:
        position = source.locate(finding.path)
        style = _STYLE[finding.severity]
        out.print(
            Text.assemble(
                f"{source.file}:{position.line}:{position.column}: ",
                (f"{finding.code} {finding.severity.value}", style),
                f": {finding.message}",
            ),
            soft_wrap=True,  # one finding per line, so grep and editors can jump to FILE:LINE:COL
        )
        if finding.hint:
            out.print(f"    fix: {finding.hint}", soft_wrap=True)
    out.print(tally(result.report))
