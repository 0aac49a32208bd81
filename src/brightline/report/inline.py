"""The little inline Markdown Brightline writes into its own text, read once for every format.

Section builders mark a word as ``**bold**`` or as ```code``` (a file position, a rule clause);
Markdown shows those marks as they are, and the other renderers (HTML, Typst, DOCX) ask
:func:`inline_spans` what is bold, what is code and what is plain. Everything else in the text is
plain, whatever it holds (a lone ``*``, ``<``, ``#``): each renderer escapes it for its format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

SpanKind = Literal["text", "strong", "code"]
"""How a run of text is shown: plain, bold, or in a fixed-width font."""

_MARK = re.compile(r"\*\*(?P<strong>[^\n]+?)\*\*|`(?P<code>[^`\n]+)`")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text shown one way."""

    kind: SpanKind
    text: str


def printable(text: str) -> str:
    """The text without control characters a page cannot show (tabs and line breaks kept).

    A NUL or an escape code pasted into a case file would stop a PDF compiler or show as a box
    (and U+FFFE, U+FFFF or a lone surrogate cannot be written into a DOCX's XML at all);
    carriage returns become line breaks, as a reader means them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs")
    )


def inline_spans(text: str) -> tuple[Span, ...]:
    """The text cut into plain, bold and code runs, in order; the marks themselves dropped.

    Only a closed pair counts (``**a**``, ```a```); an unpaired mark stays plain text, so a
    name holding one asterisk or one backtick reads as written.
    """
    text = printable(text)
    spans: list[Span] = []
    position = 0
    for found in _MARK.finditer(text):
        if found.start() > position:
            spans.append(Span("text", text[position : found.start()]))
        if found.group("strong") is not None:
            spans.append(Span("strong", found.group("strong")))
        else:
            spans.append(Span("code", found.group("code")))
        position = found.end()
    if position < len(text):
        spans.append(Span("text", text[position:]))
    return tuple(spans)


def plain_text(text: str) -> str:
    """The text as a reader sees it, without the inline marks (what every format must show)."""
    return "".join(span.text for span in inline_spans(text))
