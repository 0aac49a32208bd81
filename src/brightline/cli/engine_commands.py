"""Commands of the value engine: sweep, gate, import-genius.

Each parses its arguments, calls one use case of :mod:`brightline.services.engine` and renders
the result; :func:`register` adds them to the app it is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.output import OutputFormat, print_json

if TYPE_CHECKING:
    from brightline.report.document import Section


def sweep(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also draw both frontiers, the Nash point and the reservation lines "
            "to this .png or .svg file."
        ),
    ] = None,
) -> None:
    """Integrative sweep: exact Pareto frontiers with and without the standards, Nash, ZOPA."""
    from brightline.services.engine import sweep_case

    run = sweep_case(case, plot)
    if run.chart is not None:
        sys.stderr.write(f"wrote {run.chart}\n")
    if format is OutputFormat.JSON:
        print_json(run.sweep.to_json())
        return
    from brightline.report.sections.engine import sweep_section

    _print_section(
        sweep_section(run.sweep, run.loaded), format, "Sweep", run.loaded.case.case.title
    )


def gate(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Warrant gate: is a lose-lose stance warranted here? Verdict, reasons, price of each rule."""
    from brightline.services.engine import gate_case

    run = gate_case(case)
    if format is OutputFormat.JSON:
        print_json(run.gate.to_json())
        return
    from brightline.report.sections.engine import gate_section

    _print_section(gate_section(run.gate, run.loaded), format, "Gate", run.loaded.case.case.title)


def import_genius(
    domain: Annotated[Path, typer.Argument(help="GENIUS domain file (issues and values).")],
    ours: Annotated[Path, typer.Argument(help="Our GENIUS utility profile.")],
    theirs: Annotated[Path, typer.Argument(help="Their GENIUS utility profile.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Case file to write (default: stdout).")
    ] = None,
    context: Annotated[
        str, typer.Option(help="sales, partnership, procurement, hiring or leadership.")
    ] = "sales",
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Import a GENIUS/ANAC domain and two profiles as a case file."""
    from brightline.services.engine import import_genius_case

    imported = import_genius_case(domain, ours, theirs, context=context, output=output, force=force)
    if imported.written is None:
        sys.stdout.write(imported.text)
        return
    sys.stderr.write(
        f"wrote {imported.written} ({imported.issues} issues); next: brightline sweep "
        f"{imported.written}\n"
    )


def _print_section(section: Section, format: OutputFormat, command: str, title: str) -> None:
    """One section as a Markdown document titled by the command, or as Rich text."""
    if format is OutputFormat.MARKDOWN:
        from brightline.report.document import Document
        from brightline.report.markdown import render_markdown

        sys.stdout.write(render_markdown(Document(command, title, (section,))))
        return
    from brightline.cli.render import render_section

    render_section(section)


def register(app: typer.Typer) -> None:
    """Add sweep, gate and import-genius to ``app``."""
    app.command()(sweep)
    app.command()(gate)
    app.command("import-genius")(import_genius)
