"""The terminal renderer: every block of a document through Rich at 80 columns (golden file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brightline.report.document import (
    Bullets,
    Document,
    Figure,
    Numbered,
    Paragraph,
    Quote,
    Section,
    Table,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render-document.txt"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"


def test_render_document_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.cli.render import render_document

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    table = Table(
        ("bidder", "score"),
        (("Acme [bold]Sons[/bold]", "1,250,000 EUR"), ("a long name " * 8, "12 EUR")),
        numeric=(False, True),
    )
    blocks = (
        Paragraph("A statement."),
        Bullets(("one", "two")),
        Numbered(("First clause.", "Second clause, " + "long enough to wrap " * 4), start=9),
        Figure("<svg/>", "The frontier (value in EUR)"),
        Quote("Read  this out."),
        table,
    )
    document = Document("Sample", "A title", (Section("s", "Part", blocks),))
    capsys.readouterr()
    render_document(document)
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "[bold]Sons[/bold]" in text  # user text is never read as markup
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
