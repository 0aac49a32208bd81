"""Plain text: a document as the lines a terminal shows, exactly as written (pure: returns a str).

The reports people read in a terminal and paste into a chat or a ticket (``meso``, ``evaluate``,
``bids``) are line-oriented: each statement on one line however long, the details of an item
indented under it, no box drawing. This renderer writes any :class:`Document` that way:

* sections follow one another with a blank line between them; a titled section starts with its
  title on a line of its own;
* a paragraph (or a quote) is one line;
* bullets are indented by two spaces after their :attr:`~brightline.report.document.Bullets.mark`
  (``  - item``, ``  ! warning``, ``  FAIL rule: ...``, or just the indent when the mark is empty);
* numbered clauses read ``  1. clause``; a figure says what it shows; a table is a pipe table.

The document's heading is not printed: these reports open with their verdict
(``Recommendation: counter``, ``MESO grid: 3 compliant offers ...``). Rich output, with tables
and colours, is :mod:`brightline.cli.render`'s; Markdown is :mod:`brightline.report.markdown`'s.
"""

from __future__ import annotations

from brightline.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Numbered,
    Paragraph,
    Quote,
)


def block_text(block: Block) -> list[str]:
    """One block's lines."""
    if isinstance(block, Paragraph | Quote):
        return [block.text]
    if isinstance(block, Bullets):
        return [f"  {block.mark} {item}" if block.mark else f"  {item}" for item in block.items]
    if isinstance(block, Numbered):
        return [f"  {block.start + index}. {item}" for index, item in enumerate(block.items)]
    if isinstance(block, Figure):
        return [f"[Figure: {block.caption}]"]
    from brightline.report.markdown import table_lines

    return table_lines(block)


def render_text(document: Document) -> str:
    """The document as plain lines, ending in a newline (empty for a document without content)."""
    lines: list[str] = []
    for number, section in enumerate(document.sections):
        if number:
            lines.append("")
        if section.title:
            lines.append(section.title)
        for block in section.blocks:
            lines.extend(block_text(block))
    return "\n".join(lines) + "\n" if lines else ""
