"""Commands on a case file: init, schema, check, explain, plan.

Each parses its arguments, calls one use case of :mod:`brightline.services.cases` and renders the
result; :func:`register` adds them to the app it is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from brightline.cli.output import OutputFormat, print_json


def init(
    context: Annotated[
        str, typer.Option(help="sales, partnership, procurement, hiring or leadership.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter case for a context (and its JSON Schema beside it, for editors)."""
    from brightline.services.cases import parse_context, starter_text, write_starter_case

    chosen = parse_context(context)
    if output is None:
        sys.stdout.write(starter_text(chosen))
        return
    written = write_starter_case(chosen, output, force=force)
    sys.stderr.write(f"wrote {', '.join(map(str, written))}; next: brightline check {output}\n")


def schema() -> None:
    """Print the JSON Schema of the case file (for editors and validators)."""
    from brightline.services.cases import case_schema

    print_json(case_schema())


def check(
    cases: Annotated[list[Path], typer.Argument(help="Case files to check.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    fail_on: Annotated[
        str, typer.Option(help="Exit 1 when a finding is at or above: info, warning, error.")
    ] = "error",
) -> None:
    """Readiness checklist and pitfall lint. Exit 0 clean, 1 findings at --fail-on, 2 bad file."""
    from brightline.report.sections import lint as sections
    from brightline.services.cases import check_cases, parse_severity

    run = check_cases(cases, parse_severity(fail_on))
    if format is OutputFormat.JSON:
        documents = [sections.check_json(result.loaded, result.report) for result in run.results]
        print_json(documents[0] if len(documents) == 1 else documents)
    elif format is OutputFormat.MARKDOWN:
        from brightline.report.markdown import render_markdown

        sys.stdout.write(
            "\n".join(
                render_markdown(sections.check_document(r.loaded, r.report)) for r in run.results
            )
        )
    else:
        from brightline.cli.render import print_check

        for result in run.results:
            print_check(sections.check_text_document(result.loaded, result.report))
    if run.failing:
        raise typer.Exit(1)


def explain(code: Annotated[str, typer.Argument(help="A lint code such as BL202.")]) -> None:
    """Print a lint rule's rationale."""
    from brightline.services.cases import lint_rule

    found = lint_rule(code)
    sys.stdout.write(
        f"{found.code} {found.name} ({found.severity.value})\n{found.title}\n\n{found.rationale}\n"
    )


def plan(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """The main report: everything Brightline knows about a case."""
    from brightline.cli.output import solver_output_to_stderr
    from brightline.services.cases import plan_case

    with solver_output_to_stderr():  # the MESO section may run HiGHS, which can print to stdout
        result = plan_case(case)
    if format is OutputFormat.JSON:
        from brightline.report.json import document_json

        print_json(document_json(result))
    elif format is OutputFormat.MARKDOWN:
        from brightline.report.markdown import render_markdown

        sys.stdout.write(render_markdown(result))
    else:
        from brightline.cli.render import render_document

        render_document(result)


def register(app: typer.Typer) -> None:
    """Add init, schema, check, explain and plan to ``app``."""
    for command in (init, schema, check, explain, plan):
        app.command()(command)
