r"""PDF through Typst: a :class:`Document` written as Typst markup, compiled in memory to A4.

Every piece of user text enters the markup as a Typst *string literal* (``#"..."``), never as
markup: inside a string only ``\`` and ``"`` mean anything, so a ``#``, ``$``, ``*``, ``_``,
``@``, ``<``, ``[``, a backtick or a ``//`` in a case title is printed as written and cannot start
a function call, an equation, a label or a comment (:func:`typst_string`). Figures' SVG reaches
the compiler as ``sys.inputs`` values, so no chart is ever spliced into the source either.

Layout: a title block with the parties, the case, the date and the trail head; section headings
with a rule; clauses numbered from their ``start``; tables whose column widths follow their
content, so that a label breaks only at a space or after a hyphen (each word is an unbreakable
box) and a table too wide for the page is set in a smaller size rather than cut; "Page X of Y"
and the case with the trail head's short hash in every footer. Only the fonts that ship inside the
``typst`` wheel are used, so a PDF looks (and hashes) the same on every machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.etree import ElementTree

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
from brightline.report.inline import Span, inline_spans, printable

PAGE_WIDTH = 595.28
"""A4 width in points."""
MARGIN_X = 62.36
"""Left and right margins in points (2.2 cm)."""
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
"""The width a table may take."""
LANDSCAPE_WIDTH = 841.89 - 2 * MARGIN_X
"""The width a table may take on a page turned sideways (for a table too wide for A4 upright)."""
CELL_INSET = 4.5
"""Horizontal padding on each side of a table cell, in points."""
TABLE_SIZES = (9.5, 8.5, 7.5, 6.5)
"""Font sizes (points) a table may be set in, largest first: the first that fits is used."""
WORD_SAFETY = 1.12
"""Margin on the estimated width of a word, so an estimate a little short never wraps a label."""

PREAMBLE = """\
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en", hyphenate: false)
#set par(justify: false, leading: 0.62em, spacing: 0.95em)
#set enum(numbering: "1.", spacing: 0.75em, body-indent: 0.6em)
#set list(spacing: 0.6em, body-indent: 0.5em)
#show raw: set text(font: "DejaVu Sans Mono", size: 0.86em)
#show heading: set text(font: "Libertinus Serif")
#show heading.where(level: 1): it => block(above: 0.6em, below: 1.1em, text(size: 18pt, it.body))
#show heading.where(level: 2): it => block(above: 1.5em, below: 0.75em, sticky: true, {
  text(size: 12.5pt, weight: "bold", it.body)
  v(-0.55em)
  line(length: 100%, stroke: 0.5pt + luma(170))
})
#set figure(numbering: none)
#show figure.caption: set text(size: 9pt, fill: luma(70))
#let bl-table-stroke(x, y) = (
  top: if y == 0 { 0.8pt + luma(40) } else { none },
  bottom: if y == 0 { 0.8pt + luma(40) } else { 0.3pt + luma(200) },
)
"""
"""Settings every document shares (fonts, spacing, heading and table styles)."""


def typst_string(text: str) -> str:
    r"""A Typst string literal showing ``text`` exactly: the only escapes are ``\`` and ``"``.

    White space runs become one space (as in a typeset paragraph); control characters are
    dropped (:func:`~brightline.report.inline.printable`).
    """
    flat = re.sub(r"\s+", " ", printable(text))
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def span_markup(span: Span) -> str:
    """One run of text as a Typst expression (``#"..."``, ``#strong("...")``, ``#raw("...")``).

    Every expression is followed only by another ``#`` expression, a space, a line break or a
    closing ``]``, so nothing the markup adds can continue it as a call or a field access.
    """
    literal = typst_string(span.text)
    if span.kind == "strong":
        return f"#strong({literal})"
    if span.kind == "code":
        return f"#raw({literal})"
    return f"#{literal}"


def inline_markup(text: str) -> str:
    """Text with its inline marks as Typst: bold as ``strong``, code as ``raw``."""
    return "".join(span_markup(span) for span in inline_spans(text) if span.text)


def content(text: str) -> str:
    """A content block holding the text: ``[...]``."""
    return f"[{inline_markup(text)}]"


# --- tables ---------------------------------------------------------------------------------

_NARROW = frozenset("fijlrt.,;:!|'()[]` ")
_WIDE = frozenset("mwMW@%&")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the text's width in points in Libertinus Serif at ``size`` points."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.30
        elif char in _WIDE:
            units += 0.82
        elif char.isupper():
            units += 0.66
        elif char.isdigit():
            units += 0.50
        else:
            units += 0.48
    return units * size * (1.07 if bold else 1.0)


@dataclass(frozen=True, slots=True)
class Word:
    """A run a line may not break inside: the styled pieces between two spaces (or hyphens).

    ``spaced`` says whether a space follows it (a word cut after a hyphen is followed directly
    by the rest, and a line may break there).
    """

    pieces: tuple[Span, ...]
    spaced: bool = True

    @property
    def text(self) -> str:
        """The word's letters."""
        return "".join(piece.text for piece in self.pieces)

    def markup(self) -> str:
        """The word as one unbreakable Typst box."""
        return "#box[" + "".join(span_markup(piece) for piece in self.pieces) + "]"


HASH = re.compile(r"[0-9a-f]{32,}")
"""A SHA-256 in hex (64 digits): wider than any column of a trail table at a readable size."""


def _hash_groups(part: str) -> list[str]:
    """A long hex hash cut into groups of 16 digits (each may end a line); anything else whole."""
    if HASH.fullmatch(part) is None:
        return [part]
    return [part[start : start + 16] for start in range(0, len(part), 16)]


def cell_words(text: str, whole: bool = False) -> list[Word]:
    """The cell's words: cut at white space and after a hyphen inside a word, never elsewhere.

    The one exception is a long hex hash, which may break between groups of 16 digits: the
    decision trail prints every event's SHA-256 in full, and unbroken it takes half the page.

    With ``whole`` the cell is one word (a number and its unit: ``120,000 EUR`` stays together).
    """
    words: list[Word] = []
    current: list[Span] = []

    def close(spaced: bool) -> None:
        if current:
            words.append(Word(tuple(current), spaced))
            current.clear()

    for span in inline_spans(text):
        pieces = [span.text] if whole else re.split(r"(\s+)", span.text)
        for piece in pieces:
            if not piece:
                continue
            if piece.isspace() and not whole:
                close(spaced=True)
                continue
            parts = [piece] if whole else re.split(r"(?<=[^\s-]-)(?=[^\s-])", piece)
            if not whole:  # a hash may break between groups of 16 digits, nowhere else
                parts = [chunk for part in parts for chunk in _hash_groups(part)]
            for index, part in enumerate(parts):
                if index:
                    close(spaced=False)
                current.append(Span(span.kind, part))
    close(spaced=False)
    return words


def cell_markup(text: str, whole: bool = False) -> str:
    """A table cell: its words as boxes, a space after each that had one."""
    words = cell_words(text, whole)
    parts: list[str] = []
    for index, word in enumerate(words):
        parts.append(word.markup())
        if word.spaced and index + 1 < len(words):
            parts.append(" ")
    return "[" + "".join(parts) + "]"


SHORT_TITLE = 18
"""A column title up to this many characters stays on one line (``value to us``, ``to add``)."""


WHOLE_CELL = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?")
"""A cell that is a date (or a date and time): one unbreakable word."""


def kept_whole(table: Table, column: int, text: str, header: bool) -> bool:
    """Whether a cell is one unbreakable word: a short column title, or a number with its unit.

    A title broken into ``to`` / ``add`` over a column of short cells reads badly, an amount
    must not be split from its currency, and a date must not break at its hyphens
    (``2026-12-`` / ``02`` in a record's date column).
    """
    if header:
        return len(text) <= SHORT_TITLE
    return table.aligned_right(column) or WHOLE_CELL.fullmatch(text.strip()) is not None


@dataclass(frozen=True, slots=True)
class TableLayout:
    """How a table is set: its font size, each column's share of the width, whether all fits.

    ``fits`` is False when even the smallest size leaves some word wider than its column.
    """

    size: float
    widths: tuple[str, ...]
    fits: bool = True


def table_layout(table: Table, width: float = TEXT_WIDTH) -> TableLayout:
    """Column widths by content, at the largest size where every column holds its longest word.

    A column's *least* width is its longest word (a label never wraps inside a word), its
    *natural* width its longest cell on one line. When the natural widths fit, the columns are
    ``auto``; otherwise each column gets its least width plus a share of what is left in
    proportion to what it would still like, written as ``fr`` shares of the text width.
    """
    count = len(table.columns)
    for size in TABLE_SIZES:
        least = [2 * CELL_INSET] * count
        natural = [2 * CELL_INSET] * count
        for row_index, row in enumerate((table.columns, *table.rows)):
            bold = row_index == 0
            for column, text in enumerate(row[:count]):
                whole = kept_whole(table, column, text, header=row_index == 0)
                words = cell_words(text, whole)
                longest = max((text_width(w.text, size, bold) for w in words), default=0.0)
                least[column] = max(least[column], longest * WORD_SAFETY + 2 * CELL_INSET)
                line = text_width(" ".join(w.text for w in words), size, bold)
                natural[column] = max(natural[column], line * WORD_SAFETY + 2 * CELL_INSET)
        if sum(natural) <= width:
            return TableLayout(size, ("auto",) * count)
        if sum(least) <= width or size == TABLE_SIZES[-1]:
            spare = max(width - sum(least), 0.0)
            wanted = [max(n - m, 0.0) for n, m in zip(natural, least, strict=True)]
            total = sum(wanted) or 1.0
            shares = [m + spare * w / total for m, w in zip(least, wanted, strict=True)]
            widths = tuple(f"{share:.1f}fr" for share in shares)
            return TableLayout(size, widths, fits=sum(least) <= width)
    raise AssertionError("unreachable: the last size always returns")


def needs_turning(table: Table) -> bool:
    """Whether the table fits only sideways: not upright in the smallest size, but turned."""
    return not table_layout(table).fits and table_layout(table, LANDSCAPE_WIDTH).fits


def turned_document(document: Document) -> bool:
    """Whether every page is set sideways: the document *opens* with a table that needs turning.

    A wide table inside a long document gets a page of its own turned sideways; but when the
    first section holds it, turning only its page leaves page 1 with a title and two lines
    (the bid matrix looked so), so the whole document is set in landscape instead.
    """
    first = document.sections[0].blocks if document.sections else ()
    return any(isinstance(block, Table) and needs_turning(block) for block in first)


def table_markup(table: Table, turned: bool = False) -> str:
    """A table with a repeated header row; number columns right-aligned, each cell by words.

    A table that does not fit upright even in the smallest size gets a page of its own turned
    sideways (as a wide schedule is printed in a contract), when that makes it fit. On pages
    already ``turned`` (:func:`turned_document`) it is laid out to the landscape width in place.
    """
    if turned:
        layout, sideways = table_layout(table, LANDSCAPE_WIDTH), False
    else:
        layout = table_layout(table)
        sideways = False
        if not layout.fits:
            wide = table_layout(table, LANDSCAPE_WIDTH)
            if wide.fits:
                layout, sideways = wide, True
    count = len(table.columns)
    align = ", ".join("right" if table.aligned_right(column) else "left" for column in range(count))
    header = ", ".join(
        "table.cell("
        + cell_markup(f"**{title}**" if title.strip() else title, kept_whole(table, n, title, True))
        + ")"
        for n, title in enumerate(table.columns)
    )
    rows = [
        ", ".join(
            cell_markup(
                row[column] if column < len(row) else "",
                kept_whole(table, column, row[column] if column < len(row) else "", False),
            )
            for column in range(count)
        )
        for row in table.rows
    ]
    body = "".join(f"  {row},\n" for row in rows)
    markup = (
        f"block(width: 100%, {{\n set text(size: {layout.size}pt)\n"
        f" table(\n  columns: ({', '.join(layout.widths)},),\n  align: ({align},),\n"
        f"  inset: (x: {CELL_INSET}pt, y: 3.6pt),\n  stroke: bl-table-stroke,\n"
        f"  table.header({header}),\n{body} )\n}})"
    )
    return f"#page(flipped: true, {markup})\n" if sideways else f"#{markup}\n"


# --- blocks, sections, page -----------------------------------------------------------------


def svg_is_readable(svg: str) -> bool:
    """Whether the SVG parses as XML with an ``<svg>`` root (else the caption stands alone)."""
    try:
        root = ElementTree.fromstring(svg.strip())
    except ElementTree.ParseError:
        return False
    return root.tag.rsplit("}", 1)[-1] == "svg"


def block_markup(block: Block, figures: dict[str, str], turned: bool = False) -> str:
    """One block as Typst; a figure's SVG is added to ``figures`` under the key it reads."""
    if isinstance(block, Paragraph):
        return inline_markup(block.text) + "\n"
    if isinstance(block, Bullets):
        return "#list(" + ", ".join(content(item) for item in block.items) + ")\n"
    if isinstance(block, Numbered):
        items = ", ".join(content(item) for item in block.items)
        return f"#enum(start: {block.start}, {items})\n"
    if isinstance(block, Quote):
        return (
            '#block(width: 100%, inset: (left: 11pt, right: 8pt, y: 7pt), fill: rgb("#f3f5f8"),'
            ' stroke: (left: 2pt + rgb("#6b7f99")), breakable: false,'
            f" emph({content(block.text)}))\n"
        )
    if isinstance(block, Figure):
        caption = content(f"Figure: {block.caption}")
        if not svg_is_readable(block.svg):
            return f"#align(center, text(size: 9pt, fill: luma(70), {caption}))\n"
        key = f"figure-{len(figures)}"
        figures[key] = block.svg
        return (
            f'#figure(image(bytes(sys.inputs.at("{key}")), format: "svg", width: 100%),'
            f" caption: {caption})\n"
        )
    return table_markup(block, turned)


def section_markup(section: Section, figures: dict[str, str], turned: bool = False) -> str:
    """A section: its heading (when titled), then its blocks, a paragraph break between each."""
    parts = [f"#heading(level: 2, {content(section.title)})\n"] if section.title else []
    parts.extend(block_markup(block, figures, turned) for block in section.blocks)
    return "\n".join(parts)


def short_hash(trail_head: str) -> str:
    """The first 12 digits of a trail head: enough to tell two trails apart at a glance."""
    return trail_head[:12]


def title_block(document: Document) -> str:
    """The block above the title: who the document is between, what it is built from.

    Each party on a line of its own and the audience on the left; case, date and session on the
    right; the trail head in full under both, then a rule and the title.
    """
    provenance = document.provenance
    title = f"#heading(level: 1, {content(f'{document.heading}: {document.title}')})\n"
    if provenance is None:
        return title
    names = "".join(
        f'text(size: 10.5pt, weight: "bold", {typst_string(party)})\n  linebreak()\n  '
        for party in provenance.parties
    )
    note = typst_string(AUDIENCE_NOTE[provenance.audience])
    left = f"{names}v(2pt)\n  text(size: 8pt, tracking: 0.06em, fill: luma(90), upper({note}))"
    rows = [("Case", provenance.case), ("Date", provenance.built)]
    if provenance.session:
        rows.append(("Session", provenance.session))
    facts = ", ".join(
        f'text(weight: "bold", {typst_string(label)}), {typst_string(value)}'
        for label, value in rows
        if value
    )
    head = (
        f'#block(above: 0.5em, text(size: 7.5pt, fill: luma(70))[#"Trail head "'
        f"#raw({typst_string(provenance.trail_head)})])\n"
        if provenance.trail_head
        else ""
    )
    return (
        "#block(width: 100%, below: 0.6em, grid(columns: (1.6fr, 1fr), column-gutter: 16pt,\n"
        f"  {{\n  {left}\n  }},\n"
        f"  text(size: 9pt, grid(columns: 2, column-gutter: 8pt, row-gutter: 4pt, {facts})),\n"
        "))\n"
        f"{head}"
        "#line(length: 100%, stroke: 1.2pt + luma(30))\n#v(0.3em)\n"
        f"{title}"
    )


def header_columns(heading: str, parties: str, size: float = 8.0, width: float = TEXT_WIDTH) -> str:
    """The running header's two columns: the heading's width when both fit on one line.

    Otherwise each column's share is in proportion to its text's length, so neither wraps while
    the other has room.
    """
    left, right = text_width(heading, size), text_width(parties, size)
    if left + right + 12 <= width:
        return "(1fr, auto)"
    return f"({max(left, 1.0):.0f}fr, {max(right, 1.0):.0f}fr)"


def page_setup(document: Document, turned: bool = False) -> str:
    """A4 (sideways when ``turned``), the running header from page 2 on, "Page X of Y"."""
    provenance = document.provenance
    heading = f"{document.heading}: {document.title}"
    parties = " · ".join(provenance.parties) if provenance else ""
    width = LANDSCAPE_WIDTH if turned else TEXT_WIDTH
    trace = ""
    if provenance is not None:
        trace = f"{provenance.case} · {provenance.built}"
        if provenance.trail_head:
            trace += f" · trail head {short_hash(provenance.trail_head)}"
    return (
        f'#set page(paper: "a4", flipped: {"true" if turned else "false"},'
        f" margin: (x: {MARGIN_X}pt, top: 64pt, bottom: 62pt),\n"
        "  header: context { if counter(page).get().first() > 1 {\n"
        f"    set text(size: 8pt, fill: luma(90))\n"
        f"    grid(columns: {header_columns(heading, parties, width=width)}, column-gutter: 12pt,"
        f" {typst_string(heading)}, align(right, {typst_string(parties)}))\n"
        "    v(-4pt)\n    line(length: 100%, stroke: 0.4pt + luma(180))\n  } },\n"
        "  footer: context {\n    set text(size: 8pt, fill: luma(90))\n"
        "    line(length: 100%, stroke: 0.4pt + luma(180))\n    v(-4pt)\n"
        f"    grid(columns: (1fr, auto), column-gutter: 12pt, {typst_string(trace)},\n"
        '      [Page #counter(page).display("1") of #counter(page).final().first()])\n'
        "  },\n)\n"
    )


def built_date(provenance: Provenance | None) -> date | None:
    """The document's date from its provenance, when it is an ISO date."""
    if provenance is None:
        return None
    try:
        return date.fromisoformat(provenance.built[:10])
    except ValueError:
        return None


def document_settings(document: Document) -> str:
    """The PDF's metadata: title, authors (the parties) and date."""
    provenance = document.provenance
    authors = "".join(
        f"{typst_string(party)}, " for party in (provenance.parties if provenance else ())
    )
    built = built_date(provenance)
    when = (
        f"datetime(year: {built.year}, month: {built.month}, day: {built.day})" if built else "none"
    )
    title = typst_string(f"{document.heading}: {document.title}")
    return f"#set document(title: {title}, author: ({authors}), date: {when})\n"


def typst_source(document: Document) -> tuple[str, dict[str, str]]:
    """The whole Typst source and the figures' SVG it reads from ``sys.inputs``."""
    figures: dict[str, str] = {}
    turned = turned_document(document)
    body = "\n".join(section_markup(section, figures, turned) for section in document.sections)
    source = (
        document_settings(document)
        + page_setup(document, turned)
        + PREAMBLE
        + title_block(document)
        + "\n"
        + body
    )
    return source, figures


def render_pdf(document: Document) -> bytes:
    """The document as an A4 PDF; the same document always gives the same bytes.

    The PDF's creation time is the document's date (midnight UTC), not the clock, so two builds
    of one document hash alike and a recorded SHA-256 can be checked later.
    """
    import typst

    source, figures = typst_source(document)
    built = built_date(document.provenance) or date(2000, 1, 1)
    stamp = int(datetime(built.year, built.month, built.day, tzinfo=UTC).timestamp())
    pdf: bytes = typst.compile(
        source.encode("utf-8"),
        format="pdf",
        sys_inputs=figures,
        ignore_system_fonts=True,
        timestamp=stamp,
    )
    return pdf
