"""Documents for the terminal: each :class:`~brightline.report.document.Section` through Rich.

The one place a report becomes Rich output; the plain-text, Markdown and JSON forms are written
by :mod:`brightline.report` (:func:`print_text` and :func:`print_markdown` put them on stdout),
so every format shows the same sections in the same order.
"""

from __future__ import annotations

from typing import Any

from brightline.cli.output import console
from brightline.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Numbered,
    Paragraph,
    Quote,
    Section,
)


def _renderable(block: Block) -> Any:
    """A Rich object (or plain string) for one block."""
    if isinstance(block, Paragraph):
        return block.text
    from rich.table import Table

    if isinstance(block, Bullets | Numbered):  # a hanging indent: wrapped lines stay under items
        items = Table.grid(padding=(0, 1))
        items.add_column(no_wrap=True, justify="right")
        items.add_column()
        for index, item in enumerate(block.items):
            mark = f"{block.start + index}." if isinstance(block, Numbered) else "-"
            items.add_row(mark, item)
        return items
    if isinstance(block, Figure):  # a terminal cannot draw SVG: say what the chart shows
        return f"[Figure: {block.caption}]"
    if isinstance(block, Quote):
        from rich.padding import Padding

        return Padding(" ".join(block.text.split()), (0, 0, 0, 2))

    table = Table()
    for column, title in enumerate(block.columns):
        table.add_column(
            title, overflow="fold", justify="right" if block.aligned_right(column) else "left"
        )
    for row in block.rows:
        table.add_row(*row)
    return table


def render_section(section: Section) -> None:
    """One section: a heading rule (when titled), then its blocks in order."""
    from rich.rule import Rule

    out = console()
    if section.title:
        out.print(Rule(section.title, align="left"))
    for block in section.blocks:
        out.print(_renderable(block))


def print_text(document: Document) -> None:
    """A line-oriented report (``meso``, ``evaluate``, ``bids``) as plain lines on stdout."""
    import sys

    from brightline.report.text import render_text

    sys.stdout.write(render_text(document))


def print_markdown(document: Document) -> None:
    """Any document as Markdown on stdout."""
    import sys

    from brightline.report.markdown import render_markdown

    sys.stdout.write(render_markdown(document))


def render_document(document: Document) -> None:
    """The document's ``{heading}: {title}`` line in bold, then every section."""
    console().print(f"{document.heading}: {document.title}", style="bold")
    for section in document.sections:
        render_section(section)


CHECK_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
"""Colour of each finding's code and severity in ``check``'s output."""


def print_check(document: Document) -> None:
    """``check``'s report (:func:`brightline.report.sections.lint.check_text_document`) with Rich.

    The readiness table under its title, ``done`` in green and ``missing`` in red; each finding
    on one line however long (``FILE:LINE:COL`` stays greppable) with its code and severity in
    the severity's colour, its fix indented under it; the tally, or "no pitfalls found" in green.
    """
    from rich.table import Table as RichTable
    from rich.text import Text

    out = console()
    readiness, findings = document.section("readiness"), document.section("findings")
    (table,) = readiness.tables
    drawn = RichTable(title=readiness.title, title_justify="left")
    for column in table.columns:
        drawn.add_column(column)
    for code, item, status, detail in table.rows:
        drawn.add_row(
            code, item, Text(status, style="green" if status == "done" else "red"), detail
        )
    out.print(drawn)
    if not findings.tables:
        out.print(findings.lines[0], style="green", soft_wrap=True)
        return
    for location, code, severity, message, fix in findings.tables[0].rows:
        out.print(
            Text.assemble(
                f"{location}: ", (f"{code} {severity}", CHECK_STYLES[severity]), f": {message}"
            ),
            soft_wrap=True,  # one finding per line, so grep and editors can jump to FILE:LINE:COL
        )
        if fix:
            out.print(f"    fix: {fix}", soft_wrap=True)
    out.print(findings.lines[-1])


REACTION_STYLES = {"stop": "red"}
"""Colour of an alert's reaction in ``next`` (yellow unless listed)."""


def print_next(document: Document) -> None:
    """``next``'s report (:func:`brightline.report.sections.session.next_text_document`) with Rich.

    The stage in bold with the session and case, the offer on the table, the gate note after a
    red ``GATE``, each alert after its reaction in colour, then each move under its name in bold
    with its labelled lines (``  do: ...``), the concessions, reminders and the next stages.
    """
    from rich.text import Text

    out = console()  # prints strings verbatim: styling below is given, never read from text
    stage = document.section("stage")
    ((name, session, case),) = stage.tables[0].rows
    out.print(Text.assemble((f"Stage: {name}", "bold"), f"  (session {session}, {case})"))
    for line in stage.lines:
        out.print(line)
    for section in document.sections[1:]:
        if section.key == "gate":
            out.print(Text.assemble(("GATE", "red"), f" {section.lines[0]}"))
        elif section.key == "alerts":
            for reaction, seq, signal, response in section.tables[0].rows:
                colour = REACTION_STYLES.get(reaction, "yellow")
                out.print(
                    Text.assemble((reaction.upper(), colour), f" #{seq} {signal}: {response}")
                )
        elif section.key == "concessions":
            out.print(f"\n{section.title}", style="bold")
            out.print(f"  {section.lines[0]}")
            for block in section.blocks[1:]:
                assert isinstance(block, Bullets)
                for item in block.items:
                    out.print(Text.assemble("  ", ("!", "yellow"), f" {item}"))
        elif section.key == "reminders":
            for item in section.lines:
                out.print(Text.assemble(("reminder:", "yellow"), f" {item}"))
        elif section.key == "next_stages":
            out.print(f"\n{section.lines[0]}")
        else:  # a move: its name, then its labelled lines
            out.print(f"\n{section.title}", style="bold")
            for label, text in section.tables[0].rows:
                out.print(f"  {label}: {text}")


def print_minutes(document: Document) -> None:
    """``session show``'s minutes (:func:`~brightline.report.sections.session.minutes_report`).

    The timeline as a Rich table titled ``Session {id}: {case}`` (long cells fold, never cut),
    then whether the chain holds (in red when it does not), then the notes.
    """
    from rich.table import Table as RichTable
    from rich.text import Text

    (timeline,) = document.sections
    (table,) = timeline.tables
    # User text (titles, notes, names) is never read as Rich markup: "[/]" in a note would
    # otherwise break the table for good, since the trail cannot be edited.
    drawn = RichTable(title=Text(f"{document.heading}: {document.title}"), title_justify="left")
    for column in table.columns:
        drawn.add_column(column, overflow="fold")
    for row in table.rows:
        drawn.add_row(*(Text(cell) for cell in row))
    out = console()
    out.print(drawn)
    chain = timeline.data
    if chain["intact"]:
        out.print(chain["chain"].lower()[0] + chain["chain"][1:].rstrip("."))
    else:
        out.print(f"chain broken{chain['where']}: {chain['problem']}", style="red")
    for note in timeline.lines[1:]:
        out.print(note)
