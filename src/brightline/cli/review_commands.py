"""Commands of the close and the review: ``debrief``, ``agenda`` and ``review``.

Each parses its arguments, makes one call to :mod:`brightline.services.review` or
:mod:`brightline.services.agenda`, and renders the document it gets back; :func:`register` adds
them to the app it is given. matplotlib and the store are imported inside the services.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.session_options import Author, SessionId

if TYPE_CHECKING:
    from brightline.report.document import Document


class DocumentFormat(StrEnum):
    """How a debrief is printed or written (html, pdf and docx through the document formats)."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"

    @property
    def draws(self) -> bool:
        """Whether the format can show a chart (an SVG figure) inside the document."""
        return self in (DocumentFormat.HTML, DocumentFormat.PDF, DocumentFormat.DOCX)


class AgendaFormat(StrEnum):
    """How the agenda is printed or written (``ics``: an RFC 5545 calendar)."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    ICS = "ics"


class ReviewFormat(StrEnum):
    """How the review across deals is printed or written."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output."),
]
Chart = Annotated[
    Path | None,
    typer.Option(help="Also draw the chart to this .png or .svg file."),
]
Rating = Annotated[int | None, typer.Option(show_default=False)]


def _emit(text: str | bytes, output: Path | None) -> None:
    """Print the rendered document, or write it to ``output`` and say so on stderr."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    from brightline.services.files import write_bytes

    write_bytes(output, text if isinstance(text, bytes) else text.encode("utf-8"))
    sys.stderr.write(f"wrote {output}\n")


BINARY = ("pdf", "docx")
"""Formats whose bytes are a file, not text for a terminal: they need --output."""


def _check_output(format: str, output: Path | None) -> None:
    """A binary format needs a file to go to (it would garble a terminal)."""
    if format in BINARY and output is None:
        from brightline.errors import UsageError

        raise UsageError(f"--format {format} writes a file; give --output FILE.{format}")


def _render(document: Document, format: str, output: Path | None) -> None:
    """The document as text (Rich), JSON, Markdown, or a document format (html, pdf, docx)."""
    if format in ("html", *BINARY):
        from brightline.report.formats import render_bytes

        _emit(render_bytes(document, format), output)
    elif format == "json":
        from brightline.report.json import render_json

        _emit(render_json(document), output)
    elif format == "markdown" or output is not None:
        from brightline.report.markdown import render_markdown

        _emit(render_markdown(document), output)
    else:
        from brightline.cli.render import render_document

        render_document(document)


def debrief(
    session_id: SessionId,
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TEXT,
    output: Output = None,
    chart: Chart = None,
    outcome: Rating = None,
    self_rating: Annotated[
        int | None,
        typer.Option("--self", show_default=False, help="How we feel about our own conduct, 1-7."),
    ] = None,
    process: Rating = None,
    relationship: Rating = None,
    note: Annotated[str, typer.Option(help="A note kept with the answers.")] = "",
    author: Author = None,
) -> None:
    """Plan against what happened, with numbers, for one session.

    The four review questions, the value left on the table, the post-settlement improvement,
    the concessions over time and prompts for next time.

    Give --outcome, --self, --process and --relationship (1 very dissatisfied to 7 very
    satisfied) to record how it felt in the trail first; the debrief then shows them.
    """
    from brightline.services.review import Review

    _check_output(format.value, output)
    ratings = {
        "outcome": outcome,
        "self": self_rating,
        "process": process,
        "relationship": relationship,
    }
    from brightline.cli.identity import store_factory

    run = Review(store_factory(author)).debrief_run(
        session_id,
        ratings=ratings,
        note=note,
        author=author,
        chart=chart,
        embed_chart=format.draws,  # text, JSON and Markdown cannot draw an SVG figure
    )
    if run.recorded is not None:
        sys.stderr.write(f"recorded the answers as #{run.recorded.event.seq}\n")
    if run.chart is not None:
        sys.stderr.write(f"wrote {run.chart}\n")
    _render(run.document, format.value, output)


def agenda(
    within: Annotated[
        int | None,
        typer.Option(help="Only what is due within this many days (overdue items always show)."),
    ] = None,
    format: Annotated[AgendaFormat, typer.Option("--format", "-f")] = AgendaFormat.TEXT,
    output: Output = None,
) -> None:
    """What is due across sessions, soonest first, overdue flagged.

    Revisit dates of pauses and walk-aways, and safeguard dates of signed deals; --format ics
    writes an RFC 5545 calendar.
    """
    from brightline.cli.identity import store_factory
    from brightline.services.agenda import agenda_run

    run = agenda_run(within=within, calendar=format is AgendaFormat.ICS, open_store=store_factory())
    if run.calendar is not None:
        _emit(run.calendar, output)
        return
    _render(run.document, format.value, output)


def review(
    format: Annotated[ReviewFormat, typer.Option("--format", "-f")] = ReviewFormat.TEXT,
    output: Output = None,
    chart: Chart = None,
) -> None:
    """Review across every session in the store.

    The standards held and how often, the outcomes, the concessions given per standard and the
    value left on the table: the evidence the next fairness story cites.
    """
    from brightline.services.review import Review

    _check_output(format.value, output)
    from brightline.cli.identity import store_factory

    run = Review(store_factory()).across(
        chart=chart,
        csv=format is ReviewFormat.CSV,
        embed_chart=format in (ReviewFormat.HTML, ReviewFormat.PDF, ReviewFormat.DOCX),
    )
    if run.chart is not None:
        sys.stderr.write(f"wrote {run.chart}\n")
    if run.csv is not None:
        _emit(run.csv, output)
        return
    _render(run.document, format.value, output)


def register(app: typer.Typer) -> None:
    """Add debrief, agenda and review to ``app``."""
    app.command()(debrief)
    app.command()(agenda)
    app.command()(review)
