"""DOCX as WordprocessingML written directly: a :class:`Document` as a Word file to edit.

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

Why not through python-docx's objects: importing python-docx and lxml and opening its template
cost about 0.2 s of a whole ``brightline doc`` process, more than writing the file. The package
is still what the file is made from: its ``default.docx`` (styles, theme, numbering, settings)
is copied part by part, only the Normal and heading styles' fonts are set, and the body, header,
footer and properties are written here as text, each character escaped for XML. The tests read
every file back with python-docx.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

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
RELATIONSHIP_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEXT_WIDTH_TWIPS = 9411
"""The width between the margins (21 cm less twice 2.2 cm), in twentieths of a point."""

PAGE_XML = (
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1304" w:right="1247" w:bottom="1247" w:left="1247" w:header="720"'
    ' w:footer="720" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/>'
)
"""A4 (21 x 29.7 cm) with 2.2 cm side margins, 2.3 cm top and 2.2 cm bottom, in twips."""

RIGHT_TAB_TWIPS = 9412
"""The right-aligned tab stop of the header and footer: the right margin."""

CLAUSE_INDENT_TWIPS = 510
"""A clause's hanging indent and tab stop (0.9 cm)."""

HEADER_ID, FOOTER_ID = "rIdBrightlineHeader", "rIdBrightlineFooter"
"""Relationship ids of the header and footer parts (the template's own are rId1 to rId8)."""

REPLACED_PARTS = frozenset({"word/document.xml", "docProps/core.xml"})
"""Template parts written afresh for each document."""


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


def text_xml(text: str) -> str:
    """Run content for ``text``: a tab character as Word's tab, the rest as escaped text."""
    parts: list[str] = []
    for index, piece in enumerate(text.split("\t")):
        if index:
            parts.append("<w:tab/>")
        if piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece, quote=False)}</w:t>')
    return "".join(parts)


def run_xml(
    text: str, bold: bool = False, code: bool = False, half_points: int = 0, color: str = ""
) -> str:
    """One ``<w:r>`` run as WordprocessingML text, the text escaped for XML.

    The run's properties keep the schema's order (fonts, bold, colour, size).
    """
    properties = (
        (f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}"/>' if code else "")
        + ("<w:b/>" if bold else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + (f'<w:sz w:val="{half_points}"/>' if half_points else "")
    )
    shown = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f"<w:r>{shown}{text_xml(text)}</w:r>"


def runs_xml(text: str, bold: bool = False, half_points: int = 0) -> str:
    """The text's runs (inline marks as bold or fixed-width), white space as one space."""
    parts: list[str] = []
    for kind, piece in trimmed_pieces(text):
        parts.append(run_xml(piece, bold or kind == "strong", kind == "code", half_points))
    return "".join(parts)


def paragraph_xml(runs: str, style: str = "", properties: str = "") -> str:
    """One ``<w:p>``: its style (by id) and other paragraph properties, then its runs."""
    styled = f'<w:pStyle w:val="{style}"/>' if style else ""
    shown = f"<w:pPr>{styled}{properties}</w:pPr>" if styled or properties else ""
    return f"<w:p>{shown}{runs}</w:p>"


def field_xml(instruction: str, half_points: int) -> str:
    """A Word field (``PAGE``, ``NUMPAGES``) Word computes when it lays the page out.

    Written as a complex field (begin, instruction, separator, shown value, end): the shown
    value ``1`` is a plain run, so a reader that does not compute fields still shows a number.
    """
    size = f'<w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
    return (
        f'<w:r>{size}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{size}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{size}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{size}<w:t>1</w:t></w:r>"
        f'<w:r>{size}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def table_xml(table: Table, width_twips: int) -> str:
    """The whole table as WordprocessingML.

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
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
    )


def clauses_xml(block: Numbered) -> str:
    """Clauses with their number as text and a hanging indent (see the module docstring)."""
    indent = (
        f'<w:tabs><w:tab w:val="left" w:pos="{CLAUSE_INDENT_TWIPS}"/></w:tabs>'
        f'<w:ind w:left="{CLAUSE_INDENT_TWIPS}" w:hanging="{CLAUSE_INDENT_TWIPS}"/>'
    )
    return "".join(
        paragraph_xml(run_xml(f"{block.start + offset}.\t") + runs_xml(item), properties=indent)
        for offset, item in enumerate(block.items)
    )


def block_xml(block: Block) -> str:
    """One block as body XML."""
    if isinstance(block, Paragraph):
        return paragraph_xml(runs_xml(block.text))
    if isinstance(block, Bullets):
        return "".join(paragraph_xml(runs_xml(item), "ListBullet") for item in block.items)
    if isinstance(block, Numbered):
        return clauses_xml(block)
    if isinstance(block, Quote):
        return paragraph_xml(runs_xml(block.text), "Quote")
    if isinstance(block, Figure):
        return paragraph_xml(runs_xml(f"Figure: {block.caption}"), "Caption") + paragraph_xml(
            runs_xml(FIGURE_NOTE), "Caption"
        )
    if not block.columns:
        return ""
    return table_xml(block, TEXT_WIDTH_TWIPS) + "<w:p/>"  # Word needs a paragraph after a table


def section_xml(section: Section) -> str:
    """A section: its heading (when titled), then its blocks."""
    heading = paragraph_xml(run_xml(_text(section.title)), "Heading2") if section.title else ""
    return heading + "".join(block_xml(block) for block in section.blocks)


def title_block_xml(document: Document) -> str:
    """Parties, audience, case, date, session and trail head above the document's title."""
    provenance = document.provenance
    parts: list[str] = []
    tight = '<w:spacing w:after="0"/>'
    if provenance is not None:
        for party in provenance.parties:
            parts.append(paragraph_xml(run_xml(_text(party), bold=True, half_points=24), "", tight))
        note = AUDIENCE_NOTE[provenance.audience].upper()
        parts.append(paragraph_xml(run_xml(note, half_points=16, color="555555")))
        for label, value in provenance.rows():
            runs = run_xml(f"{label}: ", bold=True, half_points=18) + run_xml(
                _text(value), code=label == "Trail head", half_points=18
            )
            parts.append(paragraph_xml(runs, "", tight))
    parts.append(paragraph_xml(run_xml(_text(f"{document.heading}: {document.title}")), "Heading1"))
    return "".join(parts)


def header_footer_xml(document: Document) -> tuple[str, str]:
    """The running header (document and parties) and the footer (case, date, trail, pages)."""
    provenance = document.provenance
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{RIGHT_TAB_TWIPS}"/></w:tabs>'
    parties = " · ".join(provenance.parties) if provenance else ""
    lead = run_xml(_text(f"{document.heading}: {document.title}"), half_points=16)
    tail = run_xml("\t" + _text(parties), half_points=16) if parties else ""
    header = paragraph_xml(lead + tail, "Header", tabs)
    trace = ""
    if provenance is not None:
        trace = f"{provenance.case} · {provenance.built}"
        if provenance.trail_head:
            trace += f" · trail head {provenance.trail_head[:12]}"
    footer = paragraph_xml(
        run_xml(_text(trace) + "\tPage ", half_points=16)
        + field_xml("PAGE", 16)
        + run_xml(" of ", half_points=16)
        + field_xml("NUMPAGES", 16),
        "Footer",
        tabs,
    )
    return (
        f'<w:hdr xmlns:w="{WORD_NAMESPACE}" xmlns:r="{RELATIONSHIP_NAMESPACE}">{header}</w:hdr>',
        f'<w:ftr xmlns:w="{WORD_NAMESPACE}" xmlns:r="{RELATIONSHIP_NAMESPACE}">{footer}</w:ftr>',
    )


def document_xml(document: Document) -> str:
    """``word/document.xml``: the title block, every section, then the page settings."""
    body = title_block_xml(document) + "".join(
        section_xml(section) for section in document.sections
    )
    page = (
        f'<w:sectPr><w:headerReference w:type="default" r:id="{HEADER_ID}"/>'
        f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>{PAGE_XML}</w:sectPr>'
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:document xmlns:w="{WORD_NAMESPACE}" xmlns:r="{RELATIONSHIP_NAMESPACE}">'
        f"<w:body>{body}{page}</w:body></w:document>"
    )


def core_xml(document: Document, moment: datetime) -> str:
    """``docProps/core.xml``: title, author (the parties), and the document's date throughout."""
    title = escape(_text(f"{document.heading}: {document.title}"), quote=False)
    author = escape(_text(", ".join(document.provenance.parties))) if document.provenance else ""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = f'xsi:type="dcterms:W3CDTF">{stamp}'
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:subject/><dc:creator>{author}</dc:creator>"
        "<cp:keywords/><dc:description></dc:description><cp:lastModifiedBy></cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision><dcterms:created {dated}</dcterms:created>"
        f"<dcterms:modified {dated}</dcterms:modified><cp:category/>"
        f"<cp:lastPrinted>{stamp}</cp:lastPrinted></cp:coreProperties>"
    )


def _style_fonts(styles: str, style_id: str, half_points: int, color: str) -> str:
    """``styles`` with the style ``style_id`` in the body font, ``half_points`` and ``color``."""
    found = re.search(rf'<w:style [^>]*w:styleId="{style_id}"[^>]*>.*?</w:style>', styles, re.S)
    if found is None:
        raise RuntimeError(f"python-docx's template has no {style_id} style")
    style = found.group(0)
    fonts = f'<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}"/>'
    size = f'<w:sz w:val="{half_points}"/>'
    shade = f'<w:color w:val="{color}"/>' if color else ""
    if "<w:rPr>" not in style:
        changed = style.replace("</w:style>", f"<w:rPr>{fonts}{size}</w:rPr></w:style>")
    else:
        changed = re.sub(
            r"<w:rFonts ([^/]*)/>",
            lambda match: (
                f'<w:rFonts {match.group(1).strip()} w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}"/>'
            ),
            style,
            count=1,
        )
        changed = re.sub(r"<w:color [^/]*/>", shade, changed, count=1)
        changed = re.sub(r'<w:sz w:val="\d+"/>', size, changed, count=1)
    return styles[: found.start()] + changed + styles[found.end() :]


@functools.cache
def template_parts() -> tuple[tuple[str, bytes], ...]:
    """python-docx's ``default.docx``, part by part, with the styles set (read once a process).

    The package's files are read with :mod:`zipfile`, not through python-docx, whose import is
    most of the cost of a DOCX (see the module docstring).

    Raises:
        ImportError: when python-docx is not installed (the formats registry names the extra).
    """
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("python-docx is not installed")
    template = Path(next(iter(spec.submodule_search_locations))) / "templates" / "default.docx"
    parts: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(template) as source:
        for name in source.namelist():
            if name in REPLACED_PARTS:
                continue
            data = source.read(name)
            if name == "word/styles.xml":
                styles = data.decode("utf-8")
                styles = _style_fonts(styles, "Normal", 21, "")
                styles = _style_fonts(styles, "Heading1", 36, "1D1D1F")
                styles = _style_fonts(styles, "Heading2", 26, "1D1D1F")
                data = styles.encode("utf-8")
            elif name == "[Content_Types].xml":
                kinds = "application/vnd.openxmlformats-officedocument.wordprocessingml"
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/word/header1.xml" ContentType="{kinds}.header+xml"/>'
                    f'<Override PartName="/word/footer1.xml" ContentType="{kinds}.footer+xml"/>'
                    "</Types>".encode(),
                )
            elif name == "word/_rels/document.xml.rels":
                kinds = RELATIONSHIP_NAMESPACE + "/"
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="{HEADER_ID}" Type="{kinds}header" Target="header1.xml"/>'
                    f'<Relationship Id="{FOOTER_ID}" Type="{kinds}footer" Target="footer1.xml"/>'
                    "</Relationships>".encode(),
                )
            parts.append((name, data))
    return tuple(parts)


def built_moment(provenance: Provenance | None) -> datetime:
    """Midnight UTC of the document's date (2000-01-01 when it has none)."""
    built = date(2000, 1, 1)
    if provenance is not None:
        with contextlib.suppress(ValueError):
            built = date.fromisoformat(provenance.built[:10])
    return datetime(built.year, built.month, built.day, tzinfo=UTC)


def render_docx(document: Document) -> bytes:
    """The document as a DOCX file; the same document always gives the same bytes."""
    moment = built_moment(document.provenance)
    header, footer = header_footer_xml(document)
    declaration = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    written = {
        "word/document.xml": document_xml(document).encode("utf-8"),
        "docProps/core.xml": core_xml(document, moment).encode("utf-8"),
        "word/header1.xml": (declaration + header).encode("utf-8"),
        "word/footer1.xml": (declaration + footer).encode("utf-8"),
    }
    parts = [*template_parts(), *written.items()]
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in sorted(parts, key=lambda part: part[0] != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return target.getvalue()
