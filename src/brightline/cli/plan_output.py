"""Rich rendering of a plan, or of one of its sections, for the terminal."""

from __future__ import annotations

from brightline.cli.output import console
from brightline.plan import Plan, PlanSection


def render_section(section: PlanSection) -> None:
    """One section: a heading rule, its lines, then its tables."""
    from rich.rule import Rule
    from rich.table import Table

    out = console()
    out.print(Rule(section.title, align="left"))
    for line in section.lines:
        out.print(line)
    for table in section.tables:
        rich_table = Table()
        for column in table.columns:
            rich_table.add_column(column, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*row)
        out.print(rich_table)


def render_plan_text(plan: Plan) -> None:
    """The plan's title, then every section."""
    console().print(f"Plan: {plan.title}", style="bold")
    for section in plan.sections:
        render_section(section)
