"""Documents that use every block the report model has, for the renderers' tests.

``sample_document`` holds one block of each type with text that every format must escape
(``<script>``, Typst's ``#`` and ``$``, Markdown's ``*``), numbered clauses that continue from
one section to the next, a wide table of long labels, and a provenance; ``wide_table`` is a
table whose labels only fit when the renderer sizes its columns by content.
"""

from __future__ import annotations

from brightline.report.document import (
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

TRAIL_HEAD = "3f9a1c27be5d40e8a6b1c9d2e7f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5"

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="400" height="200">'
    '<rect x="0" y="0" width="200" height="100" fill="#f5f5f5"/>'
    '<polyline points="10,90 60,40 110,30 190,10" fill="none" stroke="#1f77b4" stroke-width="2"/>'
    '<circle cx="110" cy="30" r="4" fill="#d62728"/>'
    "</svg>"
)

BLOCK_SAMPLES: dict[type, tuple[Block, tuple[str, ...]]] = {
    Paragraph: (
        Paragraph("Paragraph with **bold** and `code`."),
        ("Paragraph with bold and code.",),
    ),
    Bullets: (Bullets(("first bullet", "second bullet")), ("first bullet", "second bullet")),
    Numbered: (Numbered(("clause five", "clause six"), start=5), ("5.", "clause five", "6.")),
    Quote: (Quote("quoted words\nread aloud"), ("quoted words read aloud",)),
    Table: (
        Table(("Label", "Amount"), (("cell one", "1,000 EUR"),), (False, True)),
        ("Label", "Amount", "cell one", "1,000 EUR"),
    ),
    Figure: (Figure(SVG, "Caption of the chart"), ("Caption of the chart",)),
}
"""One instance of each block type and the text a reader must find from it, in every format."""


def every_block_document() -> Document:
    """One document holding each sample of :data:`BLOCK_SAMPLES`, in one section."""
    blocks = tuple(block for block, _ in BLOCK_SAMPLES.values())
    return sample_document(blocks)


WIDE_LABELS = (
    "audit before expansion",
    "data residency in the European Union",
    "independent penetration testing every quarter",
    "service credits for every missed hour",
    "escrow of the source code",
    "termination for convenience",
)


def wide_table(columns: int = 6, rows: int = 4) -> Table:
    """A table of long labels in many columns: sized by content, it fits an A4 page."""
    titles = tuple(f"Option {chr(ord('A') + index)}" for index in range(columns))
    body = tuple(
        tuple(WIDE_LABELS[(row + column) % len(WIDE_LABELS)] for column in range(columns))
        for row in range(rows)
    )
    return Table(("Issue", *titles[1:]), body)


def sample_document(
    blocks: tuple[Block, ...] | None = None, provenance: Provenance | None = None
) -> Document:
    """A document with every block type (or the given blocks) and a provenance."""
    opening = (
        Paragraph("We propose three **equivalent** offers; pick the one that suits `you` best."),
        Bullets(("Delivery within 30 days", "Prices in EUR, VAT excluded", "A <b>bold</b> claim")),
        Quote("We keep this rule because a breach\ncosts both of us more later."),
    )
    terms = (
        Numbered(("The supplier hosts every record in the EU.", "Audits happen yearly.")),
        Table(
            ("Item", "Price", "Share"),
            (
                ("Licence #1 & support", "120,000 EUR", "45 %"),
                ("Training $day", "8,500 EUR", "5 %"),
            ),
            (False, True, True),
        ),
    )
    more_terms = (Numbered(("Either party may end the pilot after 90 days.",), start=3),)
    chart = (Figure(SVG, "The frontier (value to us in EUR, to them in points)"),)
    sections = (
        (Section("opening", "", blocks),)
        if blocks is not None
        else (
            Section("opening", "", opening),
            Section("terms", "Terms", terms),
            Section("more", "Further terms", more_terms),
            Section("chart", "Where the offers sit", chart),
            Section("grid", "Options compared", (wide_table(),)),
        )
    )
    return Document(
        "Proposal",
        "Hosting <partnership> & #support",
        sections,
        case_id="saas-renewal",
        provenance=provenance
        or Provenance(
            case="SaaS renewal",
            built="2026-12-01",
            trail_head=TRAIL_HEAD,
            session="s-42",
            parties=("Northwind Analytics Ltd", "Contoso Health GmbH"),
            audience="counterpart",
        ),
    )
