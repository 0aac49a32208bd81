"""The one Markdown renderer: its layout (golden file) and its one escaping (a property)."""

from __future__ import annotations

import ast
import functools
import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

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
from brightline.report.json import document_json, render_json
from brightline.report.markdown import escape_cell, render_markdown
from budget import examples

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "brightline"
GOLDEN = ROOT / "tests" / "golden" / "report-document.md"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"
PARSER = MarkdownIt("commonmark").enable("table")


def sample() -> Document:
    """Every kind of block, user text with pipes and line breaks, a right-aligned column."""
    opening = Section("opening", "", (Paragraph("**Recommendation: pause**: wait for the audit."),))
    table = Table(
        ("bidder", "score (EUR)"),
        (("Acme | Sons", "1,250,000 EUR"), ("Line\nbreak \\ backslash", "-")),
        numeric=(False, True),
    )
    body = Section(
        "body",
        "Everything",
        (
            Paragraph("First statement."),
            Bullets(("one reason", "another reason")),
            Numbered(("Scope is the pilot.", "Expansion follows the audit."), start=3),
            Figure("<svg xmlns='http://www.w3.org/2000/svg'/>", "The frontier (value in EUR)"),
            Quote("Whatever we agree\n has to meet the rule."),
            table,
        ),
        {"score": float("inf")},
    )
    return Document("Sample", "A case | with a pipe", (opening, body), case_id="c1")


def test_the_renderer_writes_every_block_as_the_golden_file() -> None:
    text = render_markdown(sample())
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_json_is_the_data_of_each_section_and_finite() -> None:
    document = sample()
    assert document_json(document) == {
        "case": {"id": "c1", "title": "A case | with a pipe"},
        "opening": {},
        "body": {"score": None},
    }
    assert render_json(document).endswith("}\n")


def _cells(markdown: str) -> list[list[str]]:
    """The text of every cell of every body row, as a Markdown reader sees it."""
    rows: list[list[str]] = []
    inside = False
    for token in PARSER.parse(markdown):
        if token.type == "tbody_open":
            inside = True
        elif token.type == "tr_open" and inside:
            rows.append([])
        elif token.type == "inline" and inside:
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows


@examples(100, derandomize=True)
@given(st.lists(st.text(), min_size=1, max_size=3))
def test_any_text_stays_one_cell(cells: list[str]) -> None:
    table = Table(tuple(f"c{i}" for i in range(len(cells))), (tuple(cells),))
    rows = _cells(render_markdown(Document("T", "t", (Section("s", "S", (table,)),))))
    assert len(rows) == 1 and len(rows[0]) == len(cells), (cells, rows)


PLAIN = st.text(alphabet=st.sampled_from(list("ab Z09|\\\n-.,:;()#'\"é€δ/")), max_size=20)
"""Text without inline markup (emphasis, links, HTML), so the reader shows it character for
character."""


@examples(100, derandomize=True)
@given(PLAIN)
def test_a_cell_reads_back_as_written(text: str) -> None:
    table = Table(("only",), ((text,),))
    (row,) = _cells(render_markdown(Document("T", "t", (Section("s", "S", (table,)),))))
    assert row == [text.replace("\n", " ").strip(" ")]


def test_escaping_is_backslash_then_pipe_then_line_breaks() -> None:
    assert escape_cell("a|b") == "a\\|b"
    assert escape_cell("C:\\") == "C:\\\\"
    assert escape_cell("one\r\ntwo\nthree") == "one two three"


@functools.cache
def _outside_report() -> list[tuple[Path, ast.Module]]:
    """Every module outside ``report/``, parsed once per process (two tests walk them; read only)."""
    return [
        (path.relative_to(SRC), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).parts[0] != "report"
    ]


def _callee(call: ast.Call) -> str:
    """``Section`` for ``Section(...)`` and for ``Section.of(...)``; the name called otherwise."""
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        return function.value.id if function.attr == "of" else function.attr
    return function.attr if isinstance(function, ast.Attribute) else ""


def test_no_section_builder_lives_outside_report() -> None:
    """Sections and their blocks are made only in ``report/`` (a command may wrap one in a
    ``Document`` to print it, never build one)."""
    blocks = {"Section", "Table", "Paragraph", "Bullets", "Quote"}
    found: list[str] = []
    for relative, tree in _outside_report():
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "brightline.report.document"
            for alias in node.names
        }
        found += [
            f"{relative}:{node.lineno} builds {_callee(node)}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _callee(node) in blocks & imported
        ]
    assert not found, found


def test_markdown_tables_are_written_only_by_the_renderer() -> None:
    """No module outside ``report/`` writes a table row or rule itself: each builds a document."""
    writers = sorted(
        f"{relative}:{node.lineno}"
        for relative, tree in _outside_report()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ("|---" in node.value or node.value.startswith("| "))
    )
    assert not writers, writers
