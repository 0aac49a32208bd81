"""The format registry and the text formats: every block in every format, HTML escaping, SVG.

PDF and DOCX have their own modules (one compile per module); this one checks what every format
shares: the registry, the one-sample-per-block rule that makes a new block type without a
renderer fail, and the HTML page's escaping as a property over arbitrary text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.errors import UsageError
from brightline.report import formats
from brightline.report.document import (
    Block,
    Paragraph,
    Provenance,
    Table,
)
from brightline.report.formats import (
    FORMATS,
    document_format,
    format_for_suffix,
    render_bytes,
)
from brightline.report.html import clean_svg, render_html
from brightline.report.inline import inline_spans, plain_text, printable
from document_samples import BLOCK_SAMPLES, SVG, TRAIL_HEAD, sample_document
from document_text import extract_text, html_text, normalise_dates, normalise_hashes, squash

TEXT_FORMATS = ("md", "html")


def test_every_block_type_has_a_sample() -> None:
    """A new member of the Block union fails here until it has a sample, hence a renderer test."""
    assert set(BLOCK_SAMPLES) == set(get_args(Block))


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("kind", sorted(BLOCK_SAMPLES, key=lambda kind: kind.__name__))
def test_every_block_renders_in_every_text_format(fmt: str, kind: type) -> None:
    block, expected = BLOCK_SAMPLES[kind]
    text = squash(plain_text(extract_text(render_bytes(sample_document((block,)), fmt), fmt)))
    for piece in expected:
        assert piece in text


def test_registry_names_every_format_with_suffix_and_media_type() -> None:
    assert list(FORMATS) == ["md", "html", "pdf", "docx"]
    for name, found in FORMATS.items():
        assert found.name == name
        assert format_for_suffix(found.suffix.upper()) is found
        assert found.media_type
    assert document_format("Markdown") is FORMATS["md"]
    assert format_for_suffix(".markdown") is FORMATS["md"]
    assert format_for_suffix(".txt") is None
    assert not FORMATS["html"].binary and FORMATS["pdf"].binary


def test_unknown_format_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError, match="'odt' is not a document format; use one of md, html"):
        render_bytes(sample_document(), "odt")


def test_missing_library_names_the_docs_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = formats.importlib.util.find_spec

    def without_typst(name: str) -> object:
        return None if name == "typst" else real(name)

    monkeypatch.setattr(formats.importlib.util, "find_spec", without_typst)
    with pytest.raises(UsageError) as raised:
        render_bytes(sample_document(), "pdf")
    assert raised.value.parameter == "format"
    assert "pip install 'brightline[docs]'" in raised.value.message


def test_markdown_is_the_markdown_renderer_encoded() -> None:
    from brightline.report.markdown import render_markdown

    document = sample_document()
    assert render_bytes(document, "md") == render_markdown(document).encode("utf-8")


def test_html_page_stands_alone_with_provenance_header_and_footer() -> None:
    page = render_html(sample_document())
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page and "<script" not in page and "src=" not in page
    text = html_text(page)
    header, _, rest = text.partition("Proposal: Hosting")
    assert "Northwind Analytics Ltd\nContoso Health GmbH\nFor the counterpart" in header
    assert "SaaS renewal" in header and "2026-12-01" in header and TRAIL_HEAD in header
    assert "For the counterpart" in header
    assert text.rstrip().endswith(f"Trail head {TRAIL_HEAD[:12]}")
    assert "<partnership> & #support" in rest  # the title, shown as written


def test_html_numbers_columns_right_and_continues_clause_numbers() -> None:
    page = render_html(sample_document())
    assert '<th class="number">Price</th>' in page
    assert '<td class="number">120,000 EUR</td>' in page
    assert '<ol class="clauses" start="3">' in page
    assert "3. Either party may end the pilot after 90 days." in html_text(page)


def test_html_without_provenance_has_no_header_block() -> None:
    document = sample_document()
    bare = type(document)(document.heading, document.title, document.sections)
    page = render_html(bare)
    assert 'class="provenance"' not in page and 'class="page-footer"' not in page


readable = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=60)


@given(readable)
def test_html_shows_any_text_as_written_and_runs_none_of_it(text: str) -> None:
    page = render_html(sample_document((Paragraph(text), Table(("Column",), ((text,),)))))
    body = page.split("</style>", 1)[1]
    assert "<script" not in re.sub(r"&lt;script", "", body.lower())
    shown = squash(html_text(page))
    assert squash(plain_text(text)) in shown


@given(st.text(max_size=40))
def test_control_characters_never_reach_the_page(text: str) -> None:
    page = render_html(sample_document((Paragraph(text),)))
    body = page.split("<body>", 1)[1]
    assert all(char in "\n\t" or char.isprintable() for char in body if ord(char) < 0x20)
    assert all(char in "\n\t" or unicodedata.category(char) != "Cc" for char in printable(text))


@pytest.mark.parametrize(
    "payload",
    [
        '<svg><script>alert(1)</script><rect width="1"/></svg>',
        '<svg onload="alert(1)"><rect width="1" onclick=alert(1) /></svg>',
        '<svg><SCRIPT type="text/javascript">alert(1)</SCRIPT></svg>',
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><a xlink:href=" jav&#x61;script:alert(1)"><text>x</text></a></svg>',
        "<svg><foreignObject><iframe src=x></iframe></foreignObject></svg>",
        '<?xml version="1.0"?><!DOCTYPE svg><svg><style>rect{fill:red}</style></svg>',
    ],
)
def test_svg_keeps_drawing_and_drops_anything_that_runs(payload: str) -> None:
    cleaned = clean_svg(payload).lower()
    assert cleaned.startswith("<svg")
    assert "<script" not in cleaned and "javascript" not in cleaned and "<iframe" not in cleaned
    assert re.search(r"\son\w+\s*=", cleaned) is None
    assert "alert(1)" not in cleaned


def test_svg_drawing_survives_cleaning() -> None:
    assert clean_svg(SVG).count("<circle") == 1 and 'points="10,90 60,40' in clean_svg(SVG)


def test_inline_marks_are_read_in_pairs_only() -> None:
    assert [span.kind for span in inline_spans("a **b** `c` d")] == [
        "text",
        "strong",
        "text",
        "code",
        "text",
    ]
    assert plain_text("one * star and a ` tick") == "one * star and a ` tick"
    assert plain_text("**unclosed") == "**unclosed"


def test_normalisers_replace_dates_and_hashes() -> None:
    text = f"Built 2026-12-01, sent 1 December 2026 at 2026-12-01T10:03:00Z; head {TRAIL_HEAD}."
    assert normalise_hashes(normalise_dates(text)) == (
        "Built <date>, sent <date> at <date>; head <hash>."
    )


def test_provenance_defaults_render() -> None:
    minimal = sample_document(provenance=Provenance(case="Case only", built="2026-12-01"))
    text = html_text(render_html(minimal))
    assert "Internal: do not send" in text and "Trail head" not in text
