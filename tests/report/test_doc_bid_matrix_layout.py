"""The bid matrix as a document: a landscape page, criteria keyed, standards by their labels."""

from __future__ import annotations

import datetime

from brightline.report.typst import typst_source
from brightline.services.documents import build_document
from conftest import EXAMPLES

RFP = EXAMPLES / "city-services-rfp.yaml"
BIDS = EXAMPLES / "city-services-bids.csv"


def test_the_matrix_is_printed_sideways_with_keyed_criteria_and_labelled_standards() -> None:
    document = build_document("bid-matrix", RFP, bids=BIDS, built=datetime.date(2026, 1, 1))
    _, key, table = document.sections[0].blocks
    assert table.columns[3:6] == ("C1", "C2", "C3")  # type: ignore[union-attr]
    assert "C1: Annual contract price" in key.text  # type: ignore[union-attr]
    why = [row[-1] for row in table.rows]  # type: ignore[union-attr]
    assert "fails Safety level 3 or higher; Unannounced independent inspections" in why
    assert not any("safety_level_floor" in cell or "==" in cell for cell in why)
    source, _ = typst_source(document)
    # too wide for A4 upright at a readable size, and the document opens with it: every page is
    # turned (one turned page of its own left page 1 with the title and two lines)
    assert '#set page(paper: "a4", flipped: true,' in source
    assert "#page(flipped: true," not in source


def test_the_matrix_starts_on_page_one() -> None:
    """Seen as a person would: page 1 holds the first ranked bid, not only the title."""
    from brightline.report.typst import render_pdf
    from document_text import pdf_text

    document = build_document("bid-matrix", RFP, bids=BIDS, built=datetime.date(2026, 1, 1))
    pages = pdf_text(render_pdf(document)).split("\f")
    assert "Ironbridge Waste" in pages[0]  # ranked first
    assert "Page 1 of 2" in pages[0]  # 20 bids on two landscape pages


def test_a_wide_table_later_in_a_document_still_gets_a_page_of_its_own() -> None:
    """Only a document that opens with the wide table is turned whole."""
    from brightline.report.document import Document, Paragraph, Section, Table

    wide = Table(tuple(f"column {n} with a long title" for n in range(14)), (("x" * 12,) * 14,))
    document = Document(
        "Brief", "Case", (Section("a", "Lead", (Paragraph("Text."),)), Section("b", "", (wide,)))
    )
    source, _ = typst_source(document)
    assert "#page(flipped: true," in source
    assert "flipped: true," not in source.split("#page(flipped")[0]
