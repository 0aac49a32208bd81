"""What a reader of a document file sees, as plain text: the tests' one way to read every format.

Goldens compare this text (PDF and DOCX included, as STYLE.md asks: "PDF/DOCX compared by
extracted text"), and the privacy canary searches it. ``extract_text`` reads:

- ``pdf`` with poppler's ``pdftotext -layout`` (the page's lines, columns kept apart; see
  :func:`pdf_text` for ``-raw``, which keeps the space between one-letter words);
- ``docx`` with python-docx: body paragraphs and tables in reading order, then every section's
  header and footer;
- ``html`` with the standard library's parser: the visible text, a line per block (numbered
  list items with the number a browser shows), without the stylesheet; attribute values are not text, except ``aria-label``/``alt``/``title`` which a
  screen reader speaks (``extract_text(..., attributes=True)`` adds them);
- ``md`` as it is.

``normalise_dates`` and ``normalise_hashes`` replace what changes from one run to the next, so a
golden file stays valid tomorrow.
"""

from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "li",
        "tr",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "dt",
        "dd",
        "br",
        "title",
    }
)
_HIDDEN_TAGS = frozenset({"style", "script", "head"})
_SPOKEN_ATTRIBUTES = frozenset({"aria-label", "alt", "title"})


class _TextOf(HTMLParser):
    def __init__(self, attributes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.parts: list[str] = []
        self.hidden = 0
        self.lists: list[int | None] = []  # next number of each open list; None for bullets

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in ("td", "th"):
            self.parts.append(" | ")
        if tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self.lists.append(int(start) if tag == "ol" else None)
        if tag == "li" and self.lists and self.lists[-1] is not None:
            number = self.lists[-1]
            self.parts.append(f"{number}. ")
            self.lists[-1] = number + 1
        if self.attributes:
            self.parts.extend(
                f" {value} " for name, value in attrs if name in _SPOKEN_ATTRIBUTES and value
            )

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(page: str, attributes: bool = False) -> str:
    """The visible text of an HTML page, a line per block, runs of blank lines squeezed."""
    parser = _TextOf(attributes)
    parser.feed(page)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def pdf_text(data: bytes, mode: str = "layout") -> str:
    """The PDF's text through ``pdftotext``.

    ``layout`` (``-layout``) keeps table columns on one line, as the page shows them; ``raw``
    (``-raw``) follows the order the text was written in and keeps every space, where layout
    mode joins one-letter words (``a b`` reads ``ab``) because it guesses spaces from gaps.
    """
    flags = {"layout": ["-layout"], "raw": ["-raw"], "reading": []}[mode]
    command = ["pdftotext", "-enc", "UTF-8", *flags, "-", "-"]
    done = subprocess.run(command, input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def docx_text(data: bytes) -> str:
    """The DOCX's text: body paragraphs and table rows in order, then headers and footers."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in item.rows)
    for section in document.sections:
        for part in (section.header, section.footer):
            lines.extend(paragraph.text for paragraph in part.paragraphs)
            for table in part.tables:
                lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines) + "\n"


def extract_text(data: bytes, fmt: str, attributes: bool = False) -> str:
    """What a reader of the file sees, as text (see the module docstring for each format)."""
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        return docx_text(data)
    if fmt == "html":
        return html_text(data.decode("utf-8"), attributes=attributes)
    if fmt in ("md", "markdown"):
        return data.decode("utf-8")
    raise ValueError(f"no text extraction for {fmt!r}")


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
    rf"|\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b"
    rf"|\b(?:{_MONTHS}) \d{{1,2}}, \d{{4}}\b"
)
_HASHES = re.compile(r"\b[0-9a-f]{12,64}\b")


def normalise_dates(text: str) -> str:
    """The text with every date (ISO, ``1 December 2026``, ``December 1, 2026``) as ``<date>``."""
    return _DATES.sub("<date>", text)


def normalise_hashes(text: str) -> str:
    """The text with every hexadecimal hash of 12 to 64 digits (a trail head) as ``<hash>``."""
    return _HASHES.sub("<hash>", text)


def squash(text: str) -> str:
    """The text with every run of white space as one space: layout-free, for ``in`` checks."""
    return " ".join(text.split())
