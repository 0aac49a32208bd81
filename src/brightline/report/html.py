"""One standalone HTML page per document: inline CSS, print-friendly, every user text escaped.

The page needs nothing beside it (no stylesheet, script or font to fetch), so it can be mailed,
archived or printed from any browser, and the web app shows the same page as a preview. Text is
escaped with :func:`html.escape` (the same five replacements as MarkupSafe) at the one place each
piece of text is written; a figure's SVG is our own chart, inlined after :func:`clean_svg` drops
scripts, event handlers and script URLs anyway, so a chart can never run code in a reader's browser.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

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

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f2; color: #1d1d1f;
  font: 11pt/1.45 "Libertinus Serif", "Georgia", "Times New Roman", serif; }
.document { max-width: 190mm; margin: 2rem auto; padding: 18mm 18mm 14mm; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 19pt; line-height: 1.2; margin: .2em 0 .8em; }
h2 { font-size: 13.5pt; margin: 1.6em 0 .5em; padding-bottom: .15em; border-bottom: 1px solid #ccc;
  break-after: avoid; }
p, ul, ol, blockquote, figure, table { margin: 0 0 .8em; }
li { margin: .15em 0; }
ol.clauses > li { padding-left: .3em; margin: .35em 0; }
blockquote { margin-left: 0; padding: .5em .9em; border-left: 3px solid #6b7f99;
  background: #f3f5f8; font-style: italic; }
code, .hash { font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: .88em; }
.hash { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; break-inside: auto; }
thead { display: table-header-group; }
th, td { padding: .3em .5em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left;
  overflow-wrap: normal; word-break: normal; hyphens: manual; }
th { border-bottom: 1.5px solid #555; font-weight: 600; }
tr { break-inside: avoid; }
.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: 9.5pt; color: #555; text-align: center; margin-top: .3em; }
.provenance { font-size: 9.5pt; color: #444; border-bottom: 2px solid #1d1d1f;
  padding-bottom: .6em; margin-bottom: 1.2em; }
.provenance .who { display: flex; justify-content: space-between; gap: 1.5em; flex-wrap: wrap; }
.provenance .trail { font-size: 8pt; color: #555; margin: .6em 0 0; }
.provenance dl { display: grid; grid-template-columns: auto 1fr; gap: .1em .8em; margin: 0; }
.provenance dt { font-weight: 600; }
.provenance dd { margin: 0; }
.parties { font-size: 11pt; font-weight: 600; margin: 0; }
.audience { text-transform: uppercase; letter-spacing: .06em; font-size: 8.5pt; color: #666; }
.page-footer { margin-top: 2em; padding-top: .5em; border-top: 1px solid #ccc; font-size: 8.5pt;
  color: #666; display: flex; justify-content: space-between; gap: 1em; flex-wrap: wrap; }
@media print {
  body { background: #fff; }
  .document { box-shadow: none; margin: 0; padding: 0; max-width: none; }
}
"""
"""The page's whole stylesheet (inline, so the page stands alone)."""


def plain_html(text: str) -> str:
    """Text shown as written: escaped, control characters dropped."""
    return escape(printable(text))


def inline_html(text: str) -> str:
    """Text with Brightline's inline marks as ``<strong>``/``<code>``; everything escaped."""
    parts: list[str] = []
    for span in inline_spans(text):
        if span.kind == "strong":
            parts.append(f"<strong>{escape(span.text)}</strong>")
        elif span.kind == "code":
            parts.append(f"<code>{escape(span.text)}</code>")
        else:
            parts.append(escape(span.text))
    return "".join(parts)


class _SvgCleaner(HTMLParser):
    """Re-writes SVG markup keeping drawing elements only: no script, no handler, no script URL.

    Parsing and writing every tag again (rather than searching the text for ``<script``) means
    odd spellings (``<SCRIPT >``, ``onload`` without quotes, an entity-encoded ``javascript:``)
    are caught too, because the parser has already decoded them. Names come back lower-cased;
    the HTML parser of every browser restores SVG's mixed case (``viewBox``, ``clipPath``).
    """

    DROPPED = frozenset({"script", "foreignobject", "iframe", "object", "embed"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> str:
        kept: list[str] = []
        for name, value in attrs:
            lowered = name.lower()
            text = value or ""
            compact = "".join(text.split()).lower()
            if lowered.startswith("on") or "javascript:" in compact or "data:text/html" in compact:
                continue
            kept.append(f' {escape(name)}="{escape(text)}"')
        return "".join(kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DROPPED:
            self.skipping += 1
        elif not self.skipping:
            self.parts.append(f"<{escape(tag)}{self._attributes(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.DROPPED and not self.skipping:
            self.parts.append(f"<{escape(tag)}{self._attributes(attrs)}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DROPPED:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping:
            self.parts.append(f"</{escape(tag)}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(escape(data, quote=False))


def clean_svg(svg: str) -> str:
    """The SVG markup without scripts, event handlers or script URLs (and without its prolog)."""
    start = svg.find("<svg")
    cleaner = _SvgCleaner()
    cleaner.feed(svg[start:] if start >= 0 else svg)
    cleaner.close()
    return "".join(cleaner.parts)


def table_html(table: Table) -> str:
    """A table with a header row; number columns right-aligned in tabular figures."""

    def cell(tag: str, column: int, text: str) -> str:
        kind = ' class="number"' if table.aligned_right(column) else ""
        return f"<{tag}{kind}>{inline_html(text)}</{tag}>"

    head = "".join(cell("th", column, title) for column, title in enumerate(table.columns))
    body = "".join(
        "<tr>" + "".join(cell("td", column, text) for column, text in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def block_html(block: Block) -> str:
    """One block as HTML."""
    if isinstance(block, Paragraph):
        return f"<p>{inline_html(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Numbered):
        start = f' start="{block.start}"' if block.start != 1 else ""
        items = "".join(f"<li>{inline_html(item)}</li>" for item in block.items)
        return f'<ol class="clauses"{start}>{items}</ol>'
    if isinstance(block, Quote):
        return f"<blockquote><p>{inline_html(' '.join(block.text.split()))}</p></blockquote>"
    if isinstance(block, Figure):
        return (
            f'<figure role="img" aria-label="{plain_html(block.caption)}">{clean_svg(block.svg)}'
            f"<figcaption>Figure: {inline_html(block.caption)}</figcaption></figure>"
        )
    return table_html(block)


def section_html(section: Section) -> str:
    """A section: its heading (when titled), then its blocks."""
    heading = f"<h2>{plain_html(section.title)}</h2>" if section.title else ""
    blocks = "".join(block_html(block) for block in section.blocks)
    return f'<section id="{escape(section.key)}">{heading}{blocks}</section>'


def header_html(provenance: Provenance) -> str:
    """The block above the title: who and what beside case, date and session, then the trail head.

    The trail head has a line of its own: a 64-digit hash does not share a column.
    """
    parties = (
        '<p class="parties">'
        + "<br>".join(plain_html(party) for party in provenance.parties)
        + "</p>"
        if provenance.parties
        else ""
    )
    audience = f'<p class="audience">{plain_html(AUDIENCE_NOTE[provenance.audience])}</p>'
    rows = "".join(
        f"<dt>{plain_html(label)}</dt><dd>{plain_html(value)}</dd>"
        for label, value in provenance.rows()
        if label != "Trail head"
    )
    head = (
        f'<p class="trail">Trail head <span class="hash">{plain_html(provenance.trail_head)}</span></p>'
        if provenance.trail_head
        else ""
    )
    return (
        f'<header class="provenance"><div class="who"><div>{parties}{audience}</div>'
        f"<dl>{rows}</dl></div>{head}</header>"
    )


def footer_html(provenance: Provenance) -> str:
    """The line under the document: what it was built from, so a printout can be traced."""
    left = f"{provenance.case} · {provenance.built}"
    right = f"Trail head {provenance.trail_head[:12]}" if provenance.trail_head else ""
    return (
        f'<footer class="page-footer"><div>{plain_html(left)}</div>'
        f'<div class="hash">{plain_html(right)}</div></footer>'
    )


def render_html(document: Document) -> str:
    """The document as one standalone HTML page, ending in a newline."""
    title = f"{document.heading}: {document.title}"
    provenance = document.provenance
    header = header_html(provenance) if provenance is not None else ""
    footer = footer_html(provenance) if provenance is not None else ""
    sections = "\n".join(section_html(section) for section in document.sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{plain_html(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<article class="document">\n{header}\n<h1>{plain_html(title)}</h1>\n{sections}\n{footer}\n'
        "</article>\n</body>\n</html>\n"
    )
