"""The ``doc`` command: write a document to send or to file (proposal, counter, brief, ...).

Declares the arguments for Typer and hands them to
:func:`brightline.cli.document_writing.write_doc`, which calls
:func:`brightline.services.documents.produce_document` once (it writes ``--output``, and records a
counterpart document in its session only once the file is written); ``--list`` prints the kinds.
The console script reads a plain ``doc`` line without Typer and calls the same function (see
that module). Imports are inside the command, so registering it costs ``brightline --help``
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FORMATS = ("pdf", "docx", "md", "html", "csv", "xlsx")


def doc(
    kind: Annotated[
        str | None,
        typer.Argument(help="The document kind (see --list): proposal, counter, brief, ..."),
    ] = None,
    case: Annotated[Path | None, typer.Argument(help="The case file.")] = None,
    session: Annotated[
        str | None,
        typer.Option(
            help="A session id: the document reads its offers and decisions and names its "
            "trail head; a counterpart document is recorded in it with its SHA-256."
        ),
    ] = None,
    offer: Annotated[
        str | None,
        typer.Option(
            help="The offer answered (counter) or written (offer-letter): a file (YAML or "
            'JSON) or "issue=option,issue=option"; default: the latest one on record.'
        ),
    ] = None,
    bidder: Annotated[
        str | None,
        typer.Option(
            help="The bidder a bidder-notice is for, or whose bid a tender's counter answers, "
            "as the bids table names it."
        ),
    ] = None,
    bids: Annotated[
        Path | None,
        typer.Option(
            help="The bids table (CSV or XLSX), for bidder-notice and bid-matrix; for a "
            "tender's counter, where the bidder's bid is read."
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="pdf, docx, md, html; csv or xlsx for bid-matrix."),
    ] = "pdf",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the document.")
    ] = None,
    list_kinds: Annotated[
        bool, typer.Option("--list", help="List the document kinds and exit.")
    ] = False,
) -> None:
    """Write a document to send (proposal, counter, ...) or to file (brief, trail, ...).

    To send: proposal, counter, pause, walk-away, bidder-notice, rebid-spec, offer-letter.
    To file: brief, worksheet, concession-log, bid-matrix, trail.

    Counterpart documents hold public facts only: never our alternative, our limit, our values
    or our estimates of theirs.
    """
    from brightline.cli.document_writing import write_doc

    code = write_doc(kind, case, session, offer, bidder, bids, format, output, list_kinds)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add ``doc`` to ``app``."""
    app.command("doc")(doc)
