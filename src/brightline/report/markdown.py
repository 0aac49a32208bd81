"""The one Markdown renderer: every ``--format markdown`` is a :class:`Document` written here.

The output is GitHub-flavoured Markdown that pastes into a ticket, a wiki or an email as it is:
``# {heading}: {title}``, a ``##`` heading per titled section, a blank line between blocks, and
pipe tables. There is one escaping for table cells, :func:`escape_cell`, so any text (a case
title, a bidder's name, a rule holding ``|``) stays one cell and reads back as written.

Markdown passes raw HTML through, so every text (titles, paragraphs, items, cells) goes through
:func:`escape_html` first: a case title ``<script>alert(1)</script>`` must reach a Markdown
download, and any page that renders it, as text.
"""

from __future__ import annotations

import re

from brightline.report.document import (
    AUDIENCE_NOTE,
    Block,
    Bullets,
    Document,
    Figure,
    Numbered,
    Paragraph,
    Provenance,
    Quote,
    Section,
    Table,
)

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def escape_html(text: str) -> str:
    """Text with whatever Markdown would read as HTML written as character references.

    A ``<`` that opens a tag, a comment or a declaration becomes ``&lt;`` and an ``&`` that starts
    a character reference becomes ``&amp;``; ``<=``, ``->``, ``T > R`` and ``R&D`` cannot open
    HTML and stay as written, so rules and arrows read as they do in every other format.
    """
    return _TAG_START.sub("&lt;", _REFERENCE.sub("&amp;", text))


def escape_cell(text: str) -> str:
    r"""Text as one table cell: backslashes and pipes escaped, line breaks read as spaces.

    A pipe would end the cell and a line break the row; a backslash is escaped first so that a
    cell ending in one (``C:\``) cannot escape the pipe that closes it. Beyond
    :func:`escape_html`, nothing else changes:
    the cell reads as written.
    """
    escaped = escape_html(text).replace("\\", "\\\\").replace("|", "\\|")
    return escaped.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def table_lines(table: Table) -> list[str]:
    """A pipe table: header, alignment row (numbers right-aligned), one line per row."""
    rule = "".join(
        "---:|" if table.aligned_right(column) else "---|" for column in range(len(table.columns))
    )
    lines = ["| " + " | ".join(escape_cell(column) for column in table.columns) + " |", "|" + rule]
    lines.extend("| " + " | ".join(escape_cell(cell) for cell in row) + " |" for row in table.rows)
    return lines


def block_lines(block: Block) -> list[str]:
    """One block's lines, without the blank line that follows it."""
    if isinstance(block, Paragraph):
        return [escape_html(block.text)]
    if isinstance(block, Bullets):
        return [f"- {escape_html(item)}" for item in block.items]
    if isinstance(block, Numbered):
        return [
            f"{block.start + index}. {escape_html(item)}" for index, item in enumerate(block.items)
        ]
    if isinstance(block, Quote):
        return ["> " + escape_html(" ".join(block.text.split()))]  # read out as one passage
    if isinstance(block, Figure):  # Markdown has no place for inline SVG: say what it shows
        return [f"*Figure: {escape_html(block.caption)}*"]
    return table_lines(block)


def section_lines(section: Section) -> list[str]:
    """A section: its ``##`` heading (when titled), then each block followed by a blank line."""
    lines = [f"## {escape_html(section.title)}", ""] if section.title else []
    for block in section.blocks:
        lines += [*block_lines(block), ""]
    return lines


def provenance_line(provenance: Provenance) -> str:
    """One line under the title: who it is for, the parties, the case, date and trail head.

    A Markdown file sent on its own must say what it was built from, as the PDF's title block does.
    """
    parts = [f"*{AUDIENCE_NOTE[provenance.audience]}*"]
    if provenance.parties:
        parts.append("Parties: " + "; ".join(provenance.parties))
    parts.extend(f"{label}: {value}" for label, value in provenance.rows())
    return escape_html(" · ".join(parts))


def render_markdown(document: Document) -> str:
    """The document as Markdown, ending in exactly one newline."""
    lines = [f"# {escape_html(f'{document.heading}: {document.title}')}", ""]
    if document.provenance is not None:
        lines += [provenance_line(document.provenance), ""]
    for section in document.sections:
        lines += section_lines(section)
    return "\n".join(lines).rstrip() + "\n"
