"""DOCX through python-docx: a :class:`Document` as a Word file to edit before sending.

Word's own styles carry the look (headings, ``List Bullet``, ``Quote``), so a user who restyles
the file in Word restyles all of it. Two choices the format forces:

- **Numbered clauses** are written with their number as text and a hanging indent, not as Word
  list numbering: Word's numbering restarts and continues by hidden numbering definitions that
  drift when someone edits the file, while a clause must keep the number the other documents
  (and the trail) refer to. The number reads the same in every format.
- **Figures**: Word cannot show SVG without a PNG beside it, and drawing one would need a
  rasteriser; the caption is printed with a note that the chart is in the PDF and HTML versions.

The header names the parties and the document, the footer the case, its date, the trail head's
short hash and "Page X of Y" as Word fields. Dates inside the file (its properties and its ZIP
entries) are the document's date, so the same document always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

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
from brightline.report.inline import inline_spans, printable

FIGURE_NOTE = "The chart is in the PDF and HTML versions of this document."
"""What stands in a figure's place (Word cannot show SVG on its own)."""

BODY_FONT = "Cambria"
CODE_FONT = "Consolas"
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_TWIPS = 9411
"""The width between the margins (21 cm less twice 2.2 cm), in twentieths of a point."""


def _text(text: str) -> str:
    """Text as Word shows it: control characters dropped, white space runs as one space."""
    return " ".join(printable(text).split())


def trimmed_pieces(text: str) -> Iterator[tuple[str, str]]:
    """The text's inline spans as (kind, text), white space as one space, none at either end.

    Word keeps spaces as typed, so the runs must not double the space between two spans nor
    start or end the paragraph with one.
    """
    pieces = [(span.kind, re.sub(r"\s+", " ", printable(span.text))) for span in inline_spans(text)]
    ended_in_space = True  # so the paragraph starts without one
    for index, (kind, piece) in enumerate(pieces):
        if ended_in_space:
            piece = piece.lstrip(" ")
        if index == len(pieces) - 1:
            piece = piece.rstrip(" ")
        if not piece:
            continue
        ended_in_space = piece.endswith(" ")
        yield kind, piece


def add_runs(paragraph: Any, text: str, size: float | None = None) -> None:
    """The text as runs of the paragraph: bold and code marks as bold and fixed-width runs."""
    from docx.shared import Pt

    for kind, piece in trimmed_pieces(text):
        run = paragraph.add_run(piece)
        if kind == "strong":
            run.bold = True
        elif kind == "code":
            run.font.name = CODE_FONT
        if size is not None:
            run.font.size = Pt(size)


def styled(word: Any, style_id: str) -> Any:
    """A new paragraph in the style with this id (``ListBullet``, ``Quote``, ``Heading2``).

    The id is written directly: python-docx's lookup by name scans every style for each
    paragraph, which made a long document take most of a second.
    """
    paragraph = word.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def add_field(paragraph: Any, instruction: str, size: float) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) Word computes when it lays the page out.

    Written as a complex field (begin, instruction, separator, shown value, end): the shown
    value ``1`` is a plain run, so a reader that does not compute fields still shows a number.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run("1")
    shown.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def run_xml(text: str, bold: bool = False, code: bool = False, half_points: int = 0) -> str:
    """One ``<w:r>`` run as WordprocessingML text, the text escaped for XML.

    The run's properties keep the schema's order (fonts, then bold, then size).
    """
    properties = (
        (f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}"/>' if code else "")
        + ("<w:b/>" if bold else "")
        + (f'<w:sz w:val="{half_points}"/>' if half_points else "")
    )
    shown = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{shown}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def runs_xml(text: str, bold: bool = False, half_points: int = 0) -> str:
    """The text's runs (inline marks as bold or fixed-width), white space as one space."""
    parts: list[str] = []
    for kind, piece in trimmed_pieces(text):
        parts.append(run_xml(piece, bold or kind == "strong", kind == "code", half_points))
    return "".join(parts)


def table_xml(table: Table, width_twips: int) -> str:
    """The whole table as WordprocessingML, built as text and parsed once.

    Building a table cell by cell through python-docx's objects costs a few hundred microseconds
    a cell (each lookup searches the XML again); a bid matrix of a thousand cells took seconds.
    Column widths follow the longest word and the longest cell of each column, as in the PDF.
    """
    count = len(table.columns)
    half_points = 19 if count <= 5 else 17
    weights = []
    for column in range(count):
        cells = [
            table.columns[column],
            *(row[column] if column < len(row) else "" for row in table.rows),
        ]
        longest_word = max((len(word) for cell in cells for word in cell.split()), default=1)
        longest_cell = max((len(cell) for cell in cells), default=1)
        weights.append(max(longest_word, 1) + 0.35 * max(longest_cell, 1))
    total = sum(weights) or 1.0
    widths = [max(int(width_twips * weight / total), 400) for weight in weights]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)

    def cell(column: int, text: str, header: bool) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EAED"/>' if header else ""
        align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if table.aligned_right(column) else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/>{shade}</w:tcPr>'
            f"<w:p>{align}{runs_xml(text, bold=header, half_points=half_points)}</w:p></w:tc>"
        )

    def row(cells: tuple[str, ...], header: bool) -> str:
        properties = (
            "<w:trPr><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        body = "".join(
            cell(column, cells[column] if column < len(cells) else "", header)
            for column in range(count)
        )
        return f"<w:tr>{properties}{body}</w:tr>"

    rows = row(table.columns, True) + "".join(row(cells, False) for cells in table.rows)
    return (
        f'<w:tbl xmlns:w="{WORD_NAMESPACE}"><w:tblPr>'
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
    )


def add_table(word: Any, table: Table, width_twips: int) -> None:
    """A table with a shaded header row Word repeats on every page; numbers right-aligned."""
    from docx.oxml import parse_xml

    if not table.columns:
        return
    body = word.element.body
    body.insert(len(body) - 1, parse_xml(table_xml(table, width_twips)))  # before sectPr
    word.add_paragraph()


def add_clauses(word: Any, block: Numbered) -> None:
    """Clauses with their number as text and a hanging indent (see the module docstring)."""
    from docx.shared import Cm

    for offset, item in enumerate(block.items):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.9)
        paragraph.paragraph_format.first_line_indent = Cm(-0.9)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.9))
        paragraph.add_run(f"{block.start + offset}.\t")
        add_runs(paragraph, item)


def add_block(word: Any, block: Block) -> None:
    """One block appended to the Word document."""
    if isinstance(block, Paragraph):
        add_runs(word.add_paragraph(), block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            add_runs(styled(word, "ListBullet"), item)
    elif isinstance(block, Numbered):
        add_clauses(word, block)
    elif isinstance(block, Quote):
        add_runs(styled(word, "Quote"), block.text)
    elif isinstance(block, Figure):
        add_runs(styled(word, "Caption"), f"Figure: {block.caption}")
        add_runs(styled(word, "Caption"), FIGURE_NOTE)
    else:
        add_table(word, block, TEXT_WIDTH_TWIPS)


def add_section(word: Any, section: Section) -> None:
    """A section: its heading (when titled), then its blocks."""
    if section.title:
        styled(word, "Heading2").add_run(_text(section.title))
    for block in section.blocks:
        add_block(word, block)


def add_title_block(word: Any, document: Document) -> None:
    """Parties, audience, case, date, session and trail head above the document's title."""
    from docx.shared import Pt, RGBColor

    provenance = document.provenance
    if provenance is not None:
        for party in provenance.parties:
            line = word.add_paragraph()
            line.paragraph_format.space_after = Pt(0)
            run = line.add_run(_text(party))
            run.bold = True
            run.font.size = Pt(12)
        audience = word.add_paragraph()
        note = audience.add_run(AUDIENCE_NOTE[provenance.audience].upper())
        note.font.size = Pt(8)
        note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        for label, value in provenance.rows():
            line = word.add_paragraph()
            line.paragraph_format.space_after = Pt(0)
            name = line.add_run(f"{label}: ")
            name.bold = True
            name.font.size = Pt(9)
            shown = line.add_run(_text(value))
            shown.font.size = Pt(9)
            if label == "Trail head":
                shown.font.name = CODE_FONT
    styled(word, "Heading1").add_run(_text(f"{document.heading}: {document.title}"))


def set_page(word: Any, document: Document) -> None:
    """A4 with 2.2 cm side margins, the running header and the footer with page numbers."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.3), Cm(2.2)
    right = section.page_width - section.left_margin - section.right_margin
    provenance = document.provenance

    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    parties = " · ".join(provenance.parties) if provenance else ""
    lead = header.add_run(_text(f"{document.heading}: {document.title}"))
    lead.font.size = Pt(8)
    if parties:
        tail = header.add_run("\t" + _text(parties))
        tail.font.size = Pt(8)

    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    trace = ""
    if provenance is not None:
        trace = f"{provenance.case} · {provenance.built}"
        if provenance.trail_head:
            trace += f" · trail head {provenance.trail_head[:12]}"
    for text, field in ((_text(trace) + "\tPage ", "PAGE"), (" of ", "NUMPAGES")):
        run = footer.add_run(text)
        run.font.size = Pt(8)
        add_field(footer, field, 8)


def set_styles(word: Any) -> None:
    """Body font and size, headings in the same family."""
    from docx.shared import Pt, RGBColor

    normal = word.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    for name, size in (("Heading 1", 18), ("Heading 2", 13)):
        style = word.styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1D, 0x1D, 0x1F)


def built_moment(provenance: Provenance | None) -> datetime:
    """Midnight UTC of the document's date (2000-01-01 when it has none)."""
    built = date(2000, 1, 1)
    if provenance is not None:
        with contextlib.suppress(ValueError):
            built = date.fromisoformat(provenance.built[:10])
    return datetime(built.year, built.month, built.day, tzinfo=UTC)


def fixed_zip(data: bytes, moment: datetime) -> bytes:
    """The same ZIP with every entry dated ``moment`` (python-docx stamps the clock)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as written:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            written.writestr(info, source.read(entry.filename))
    return target.getvalue()


def render_docx(document: Document) -> bytes:
    """The document as a DOCX file; the same document always gives the same bytes."""
    import docx

    word = docx.Document()
    set_styles(word)
    set_page(word, document)
    add_title_block(word, document)
    for section in document.sections:
        add_section(word, section)
    moment = built_moment(document.provenance).replace(tzinfo=None)
    properties = word.core_properties
    properties.title = _text(f"{document.heading}: {document.title}")
    properties.author = _text(", ".join(document.provenance.parties)) if document.provenance else ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.created = properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    buffer = io.BytesIO()
    word.save(buffer)
    return fixed_zip(buffer.getvalue(), moment)
