"""The one model of every report Brightline prints: a document of sections of blocks.

Every command that shows a result to people (``plan``, ``gate``, ``meso``, ``evaluate``, ``check``,
``next``, ``bids``, the session minutes, ...) builds a :class:`Document`; each renderer (Markdown,
JSON, Rich text in the CLI, HTML later) writes any document. So the wording is decided once, by the
section builders, and a format is one function, not one branch in every command.

A block is a paragraph, a bullet list, numbered clauses, a quote (what is read out to the
counterpart), a table or a figure (a chart drawn as SVG).
Cells and paragraphs hold finished text (amounts already formatted by :mod:`brightline.amounts`);
a renderer only lays them out and escapes what its format needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

JsonValue = Any
"""Machine-readable content of a section: what ``--format json`` prints for it."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One statement, shown on its own (a blank line around it in Markdown).

    ``text`` may hold the little inline Markdown Brightline writes itself (``**bold**``,
    ```code```); it is never escaped, so user text in it is shown as written.
    """

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of short items, one line each, shown together.

    Attributes:
        items: The items, in order.
        mark: The sign before each item in plain text (:mod:`brightline.report.text`): ``-`` for
            a list, ``!`` for warnings, ``FAIL`` for broken standards, empty for the details
            under a line. Markdown and the documents draw their own list sign.
    """

    items: tuple[str, ...]
    mark: str = "-"


@dataclass(frozen=True, slots=True)
class Quote:
    """Words to read out to the counterpart, set apart so nobody mistakes them for our notes."""

    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table: column titles and rows of finished cells.

    Attributes:
        columns: Column titles.
        rows: One tuple of cells per row, as many cells as columns.
        numeric: Which columns hold numbers (right-aligned where the format can); empty when none.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()

    def aligned_right(self, column: int) -> bool:
        """Whether column ``column`` is right-aligned (it holds numbers)."""
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True, slots=True)
class Numbered:
    """Numbered clauses: terms a contract or a letter refers to by number ("see clause 2").

    The renderer numbers them from ``start``, so a section can continue the numbering of the one
    before it; the items hold the clause text without its number.
    """

    items: tuple[str, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart drawn as SVG (the frontier with the offers on it, the tornado, ...).

    Attributes:
        svg: The whole ``<svg>`` element as text; formats that cannot draw it print the caption.
        caption: One line saying what the chart shows, with its units.
    """

    svg: str
    caption: str


Block = Paragraph | Bullets | Numbered | Quote | Table | Figure
"""What a section is made of, in reading order."""


@dataclass(frozen=True, slots=True)
class Section:
    """One part of a document.

    Attributes:
        key: Stable JSON key (``summary``, ``readiness``, ``lint``, ...).
        title: Heading for people; empty for the opening part of a document, which has none.
        blocks: The content in reading order.
        data: The machine-readable content for ``--format json``.
    """

    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    data: JsonValue = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        key: str,
        title: str,
        lines: Iterable[str] = (),
        tables: Iterable[Table] = (),
        data: JsonValue = None,
    ) -> Section:
        """The common shape of a plan section: statements first, then its tables."""
        blocks: list[Block] = [Paragraph(line) for line in lines]
        blocks.extend(tables)
        return cls(key, title, tuple(blocks), {} if data is None else data)

    @property
    def lines(self) -> tuple[str, ...]:
        """The section's statements (paragraphs, then bullet items), in order."""
        found: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph | Quote):
                found.append(block.text)
            elif isinstance(block, Bullets | Numbered):
                found.extend(block.items)
        return tuple(found)

    @property
    def tables(self) -> tuple[Table, ...]:
        """The section's tables, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Table))


Audience = Literal["counterpart", "internal"]
"""Who a document is for: ``counterpart`` documents are built from the public view only."""

AUDIENCE_NOTE: dict[Audience, str] = {
    "counterpart": "For the counterpart",
    "internal": "Internal: do not send",
}
"""What every format's title block says a document is for."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document comes from, printed in its header so what was sent can be traced.

    Attributes:
        case: The case's title (or id) the document was built from.
        built: The date it was built, ISO 8601 (``2026-12-01``).
        trail_head: The session trail's head hash it was built from; empty outside a session.
        session: The session's id; empty outside a session.
        parties: The parties' names as they appear on the document (ours first).
        audience: Who it is for (see :data:`Audience`).
    """

    case: str
    built: str
    trail_head: str = ""
    session: str = ""
    parties: tuple[str, ...] = ()
    audience: Audience = "internal"

    def rows(self) -> list[tuple[str, str]]:
        """The title block's label and value pairs in reading order, empty values left out."""
        rows = [
            ("Case", self.case),
            ("Date", self.built),
            ("Session", self.session),
            ("Trail head", self.trail_head),
        ]
        return [(label, value) for label, value in rows if value]


@dataclass(frozen=True, slots=True)
class Document:
    """One report: a heading naming what made it, the subject, and the sections.

    Attributes:
        heading: What made the document (``Plan``, ``Gate``, ``MESO grid``): the title reads
            ``{heading}: {title}``, so a pasted document says which command wrote it.
        title: The subject, usually the case title.
        sections: The parts, in reading order.
        case_id: The case's id, for the JSON form (empty when the document is not about a case).
        provenance: Where it comes from, for documents meant to be sent or filed; None for the
            reports the commands print.
    """

    heading: str
    title: str
    sections: tuple[Section, ...]
    case_id: str = ""
    provenance: Provenance | None = None

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)

    def section(self, key: str) -> Section:
        """The section with this key.

        Raises:
            KeyError: when the document has no such section.
        """
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"no section {key!r}; the document has {[s.key for s in self.sections]}")
