"""Rich rendering of a plan for the terminal."""

from __future__ import annotations

from brightline.cli.output import console
from brightline.plan import Plan


def render_plan_text(plan: Plan) -> None:
    """Headings, lines and tables of each section."""
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table

    out = console()
    out.print(f"[bold]Plan: {escape(plan.title)}[/]")
    for section in plan.sections:
        out.print(Rule(section.title, align="left"))
        for line in section.lines:
            out.print(escape(line))
        for table in section.tables:
            rich_table = Table(show_lines=False)
            for column in table.columns:
                rich_table.add_column(column, overflow="fold")
            for row in table.rows:
                rich_table.add_row(*(escape(cell) for cell in row))
            out.print(rich_table)
