"""DOCX through python-docx, read back with python-docx: blocks, styles, header, footer, fields."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.report.document import Figure, Paragraph, Table
from brightline.report.docx import FIGURE_NOTE
from brightline.report.formats import render_bytes
from brightline.report.inline import plain_text
from budget import examples
from document_samples import BLOCK_SAMPLES, TRAIL_HEAD, every_block_document, sample_document
from document_text import docx_text, squash

docx = pytest.importorskip("docx")


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return render_bytes(sample_document(), "docx")


@pytest.fixture(scope="module")
def word(sample_docx: bytes) -> Any:
    return docx.Document(io.BytesIO(sample_docx))


@pytest.fixture(scope="module")
def blocks_text() -> str:
    return squash(docx_text(render_bytes(every_block_document(), "docx")))


@pytest.mark.parametrize("kind", sorted(BLOCK_SAMPLES, key=lambda kind: kind.__name__))
def test_every_block_shows_in_the_docx(blocks_text: str, kind: type) -> None:
    _, expected = BLOCK_SAMPLES[kind]
    for piece in expected:
        assert piece in blocks_text


def test_styles_carry_the_look(word: Any) -> None:
    styles = {paragraph.text: paragraph.style.name for paragraph in word.paragraphs}
    assert styles["Proposal: Hosting <partnership> & #support"] == "Heading 1"
    assert styles["Terms"] == "Heading 2"
    assert styles["Delivery within 30 days"] == "List Bullet"
    assert styles["We keep this rule because a breach costs both of us more later."] == "Quote"


def test_inline_marks_become_bold_and_fixed_width_runs(word: Any) -> None:
    opening = next(p for p in word.paragraphs if p.text.startswith("We propose"))
    assert [run.text for run in opening.runs if run.bold] == ["equivalent"]
    assert [run.text for run in opening.runs if run.font.name == "Consolas"] == ["you"]


def test_clauses_are_numbered_from_their_start(word: Any) -> None:
    clauses = [p.text for p in word.paragraphs if p.text[:2] in ("1.", "2.", "3.")]
    assert clauses == [
        "1.\tThe supplier hosts every record in the EU.",
        "2.\tAudits happen yearly.",
        "3.\tEither party may end the pilot after 90 days.",
    ]


def test_tables_have_a_repeated_bold_header_and_right_aligned_numbers(word: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    prices = word.tables[0]
    header = prices.rows[0]
    assert [cell.text for cell in header.cells] == ["Item", "Price", "Share"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    amount = prices.rows[1].cells[1].paragraphs[0]
    assert amount.text == "120,000 EUR" and amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert prices.rows[1].cells[0].paragraphs[0].alignment is None


def test_a4_header_with_parties_and_footer_with_page_fields(word: Any) -> None:
    section = word.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert "Northwind Analytics Ltd · Contoso Health GmbH" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith(f"SaaS renewal · 2026-12-01 · trail head {TRAIL_HEAD[:12]}")
    instructions = [
        node.text.strip() for node in footer._p.iter() if node.tag.endswith("instrText")
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.endswith("Page 1 of 1")


def test_title_block_and_properties_carry_the_provenance(word: Any, sample_docx: bytes) -> None:
    text = docx_text(sample_docx)
    title_block = text.split("Proposal: Hosting", 1)[0]
    for expected in ("Northwind Analytics Ltd", "FOR THE COUNTERPART", "Case: SaaS renewal"):
        assert expected in title_block
    assert f"Trail head: {TRAIL_HEAD}" in title_block
    properties = word.core_properties
    assert properties.title == "Proposal: Hosting <partnership> & #support"
    assert properties.author == "Northwind Analytics Ltd, Contoso Health GmbH"
    assert properties.created.date().isoformat() == "2026-12-01"


def test_figure_prints_its_caption_and_where_the_chart_is() -> None:
    text = docx_text(render_bytes(sample_document((Figure("<svg/>", "Where offers sit"),)), "docx"))
    assert "Figure: Where offers sit" in text and FIGURE_NOTE in text


def test_same_document_same_bytes(sample_docx: bytes) -> None:
    assert render_bytes(sample_document(), "docx") == sample_docx


@examples(10)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_any_text_round_trips_through_the_docx(texts: list[str]) -> None:
    blocks = (*(Paragraph(text) for text in texts), Table(("Cell",), tuple((t,) for t in texts)))
    shown = squash(docx_text(render_bytes(sample_document(blocks), "docx")))
    for text in texts:
        assert squash(plain_text(text)) in shown
