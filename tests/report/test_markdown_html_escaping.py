"""Markdown passes raw HTML through: user text reaches a Markdown document as text, never as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.report.markdown import escape_cell, escape_html
from brightline.services.documents import build_document, render
from conftest import EXAMPLES


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("<!-- hidden -->", "&lt;!-- hidden -->"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("&lt;script&gt;", "&amp;lt;script&amp;gt;"),  # read as text, not decoded into a tag
        (
            "safety_level <= 3, T > R, scope -> audit, R&D",
            "safety_level <= 3, T > R, scope -> audit, R&D",
        ),
    ],
)
def test_text_that_would_open_html_is_escaped_and_nothing_else(text: str, escaped: str) -> None:
    assert escape_html(text) == escaped
    assert escape_cell(text) == escaped


def test_a_script_in_a_case_title_reaches_a_markdown_document_as_text(tmp_path: Path) -> None:
    text = (EXAMPLES / "saas-data-residency.yaml").read_text(encoding="utf-8")
    old = "  title: Nordbank analytics platform renewal\n"
    assert old in text
    hostile = tmp_path / "case.yaml"
    hostile.write_text(
        text.replace(old, '  title: "<script>alert(1)</script> & <b>bold</b>"\n'),
        encoding="utf-8",
    )
    for kind in ("proposal", "worksheet"):
        markdown = render(build_document(kind, hostile), "md").decode("utf-8")
        assert "<script>" not in markdown and "<b>" not in markdown, kind
        assert "&lt;script>alert(1)&lt;/script> & &lt;b>bold&lt;/b>" in markdown, kind
