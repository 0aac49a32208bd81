"""PDF through Typst, read back with pdftotext: blocks, escaping, tables within the page, pages.

Each fixture compiles once per module (a compile takes a few hundredths of a second); the
escaping property compiles one document per example holding several texts at once.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.report.document import Figure, Numbered, Paragraph, Provenance, Table
from brightline.report.formats import render_bytes
from brightline.report.inline import plain_text
from brightline.report.typst import LANDSCAPE_WIDTH, TEXT_WIDTH, table_layout, typst_string
from budget import examples
from document_samples import (
    BLOCK_SAMPLES,
    SVG,
    TRAIL_HEAD,
    WIDE_LABELS,
    every_block_document,
    sample_document,
    wide_table,
)
from document_text import pdf_text, squash

pytest.importorskip("typst")


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_bytes(sample_document(), "pdf")


@pytest.fixture(scope="module")
def sample_text(sample_pdf: bytes) -> str:
    return pdf_text(sample_pdf)


@pytest.fixture(scope="module")
def blocks_text() -> str:
    return squash(pdf_text(render_bytes(every_block_document(), "pdf"), mode="raw"))


@pytest.mark.parametrize("kind", sorted(BLOCK_SAMPLES, key=lambda kind: kind.__name__))
def test_every_block_shows_in_the_pdf(blocks_text: str, kind: type) -> None:
    _, expected = BLOCK_SAMPLES[kind]
    for piece in expected:
        assert piece in blocks_text


def test_pdf_is_a4_with_title_block_and_provenance(sample_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout), info.stdout
    assert "Title:           Proposal: Hosting <partnership> & #support" in info.stdout
    assert "Northwind Analytics Ltd" in info.stdout  # the parties as the PDF's authors


def test_title_block_names_parties_case_date_and_trail_head(sample_text: str) -> None:
    title_block = sample_text.split("Proposal: Hosting", 1)[0]
    for expected in (
        "Northwind Analytics Ltd",
        "Contoso Health GmbH",
        "FOR THE COUNTERPART",
        "SaaS renewal",
        "2026-12-01",
        "s-42",
        TRAIL_HEAD,
    ):
        assert expected in title_block


def test_every_page_has_page_x_of_y_and_the_trace(sample_text: str) -> None:
    pages = [page for page in sample_text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        last = page.strip().splitlines()[-1]
        assert f"Page {number} of {len(pages)}" in last
        assert f"SaaS renewal · 2026-12-01 · trail head {TRAIL_HEAD[:12]}" in last
    assert "Northwind Analytics Ltd · Contoso Health GmbH" in pages[1].splitlines()[0]


def test_clauses_keep_their_numbers_across_sections(sample_text: str) -> None:
    assert re.search(r"^\s*1\.\s+The supplier hosts", sample_text, re.MULTILINE)
    assert re.search(r"^\s*3\.\s+Either party may end", sample_text, re.MULTILINE)


def test_number_columns_are_right_aligned(sample_text: str) -> None:
    rows = [line for line in sample_text.splitlines() if "EUR" in line and "%" in line]
    assert len(rows) == 2
    # right-aligned: the amounts end in the same column, whatever their length
    ends = {line.index(" EUR") for line in rows}
    assert len(ends) == 1, rows


WORDS = {word for label in WIDE_LABELS for word in label.split()}


def table_tokens(text: str) -> set[str]:
    """Every word pdftotext shows in the page's body (the footer and the title left out)."""
    body = "\n".join(
        line for line in text.splitlines() if "Page " not in line and "Proposal:" not in line
    )
    return set(body.split())


@pytest.mark.parametrize(("columns", "rows"), [(6, 4), (9, 3)])
def test_wide_tables_fit_and_never_wrap_inside_a_word(columns: int, rows: int) -> None:
    table = wide_table(columns, rows)
    document = sample_document((table,), provenance=Provenance(case="c", built="2026-12-01"))
    text = pdf_text(render_bytes(document, "pdf"))
    allowed = WORDS | {"Issue", "Option", *"ABCDEFGHIJ", "c", "·", "2026-12-01"}
    allowed |= {"INTERNAL:", "DO", "NOT", "SEND", "Case", "Date", "Page", "of", "1", "2", "3"}
    assert table_tokens(text) <= allowed, table_tokens(text) - allowed
    layout = table_layout(table)
    if columns == 9:
        assert layout.size < 9.5  # set smaller, not cut


def test_long_identifier_in_a_crowded_table_stays_whole() -> None:
    identifier = "audit_before_expansion_of_the_platform"
    table = Table(("Issue", *(f"Option {n}" for n in range(7))), ((identifier, *("yes",) * 7),))
    text = pdf_text(render_bytes(sample_document((table,)), "pdf"))
    assert identifier in text


def test_table_widths_never_exceed_the_page() -> None:
    for columns in (2, 6, 9):
        layout = table_layout(wide_table(columns, 3))
        assert layout.fits
        if layout.widths[0] != "auto":
            assert sum(float(width.rstrip("fr")) for width in layout.widths) <= TEXT_WIDTH + 1


def test_a_table_too_wide_for_a4_upright_gets_a_sideways_page() -> None:
    table = wide_table(12, 2)
    assert not table_layout(table).fits
    assert table_layout(table, LANDSCAPE_WIDTH).fits
    document = sample_document((Paragraph("before"), table, Paragraph("after")))
    pdf = render_bytes(document, "pdf")
    text = pdf_text(pdf)
    assert table_tokens(text) >= WORDS
    assert "penetration" in text and "penetra\n" not in text


def test_same_document_same_bytes(sample_pdf: bytes) -> None:
    assert render_bytes(sample_document(), "pdf") == sample_pdf


def test_unreadable_svg_leaves_the_caption() -> None:
    document = sample_document((Figure("<svg><unclosed", "Caption stays"), Paragraph("after")))
    text = squash(pdf_text(render_bytes(document, "pdf"), mode="raw"))
    assert "Caption stays" in text and "after" in text


@pytest.mark.parametrize(
    "text",
    [
        '#set page(width: 1cm) $x^2$ *bold* _em_ @label <label> [x] \\ " ` // comment /* c */',
        '#"); #panic("no") ]] [[ \\\\" \\u{41}',
        "= Heading? - bullet + enum / term: ~ nbsp -- --- ... 'quotes' \"double\"",
    ],
)
def test_typst_syntax_in_text_is_printed_as_written(text: str) -> None:
    document = sample_document((Paragraph(text), Numbered((text,)), Table(("Cell",), ((text,),))))
    shown = squash(pdf_text(render_bytes(document, "pdf"), mode="raw"))
    assert shown.count(squash(plain_text(text))) == 3


def test_typst_string_escapes_backslash_and_quote_only() -> None:
    assert typst_string('a\\b"c#d') == '"a\\\\b\\"c#d"'
    assert typst_string("two\nlines\x00") == '"two lines"'


# Characters the fonts shipped with Typst draw (Libertinus Serif and DejaVu Sans Mono), the
# Typst and Markdown specials among them.
FONT_ALPHABET = st.characters(
    codec="latin-1", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf")
) | st.sampled_from("€—–“”‘’…•§#$*_@<>[]\\`/")


@examples(12)
@given(st.lists(st.text(alphabet=FONT_ALPHABET, min_size=1, max_size=30), min_size=1, max_size=10))
def test_any_text_round_trips_through_the_pdf(texts: list[str]) -> None:
    document = sample_document(tuple(Paragraph(text) for text in texts))
    shown = squash(pdf_text(render_bytes(document, "pdf"), mode="raw"))
    for text in texts:
        assert squash(plain_text(text)) in shown


def test_figure_is_drawn_not_only_captioned(tmp_path: Path) -> None:
    with_figure = render_bytes(sample_document((Figure(SVG, "drawn"),)), "pdf")
    without = render_bytes(sample_document((Paragraph("Figure 1: drawn"),)), "pdf")
    assert len(with_figure) > len(without) + 200  # the chart's paths are in the file
