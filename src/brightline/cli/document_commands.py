"""The ``doc`` command: write a document to send or to file (proposal, counter, brief, ...).

Parses the arguments and calls :func:`brightline.services.documents.produce_document` once,
which writes ``--output`` (and records a counterpart document in its session only once the file
is written); ``--list`` prints the kinds. Imports are inside the command,
so registering it costs ``brightline --help`` nothing.
"""

from __future__ import annotations

import sys
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
        typer.Option(help="The bidder a bidder-notice is for, as the bids table names it."),
    ] = None,
    bids: Annotated[
        Path | None,
        typer.Option(help="The bids table (CSV or XLSX), for bidder-notice and bid-matrix."),
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
    from brightline.errors import UsageError

    if list_kinds:
        import shutil
        import textwrap

        from brightline.services.documents import list_kinds as kinds

        width = max(60, shutil.get_terminal_size().columns)  # wrapped under its own column
        for found in kinds():
            needs = f" (needs {', '.join('--' + n for n in found.needs)})" if found.needs else ""
            head = f"{found.name:15} {found.audience:12} "
            lines = textwrap.wrap(found.summary + needs, width - len(head)) or [""]
            sys.stdout.write(head + lines[0] + "\n")
            sys.stdout.writelines(" " * len(head) + line + "\n" for line in lines[1:])
        return
    if kind is None or case is None:
        raise UsageError("give KIND and CASE (brightline doc --list shows the kinds)")
    if output is None:
        raise UsageError("needs the file to write, e.g. -o proposal.pdf", parameter="output")
    from brightline.errors import CaseFileError
    from brightline.services.documents import DocumentRequest, produce_document

    request = DocumentRequest(kind, case, session, offer, bidder, bids)
    try:
        written = produce_document(request, format, output=output)
    except CaseFileError as error:  # the case or the offer: say what was not done
        from brightline.cli.output import print_error

        print_error(error, consequence="no document was written")
        raise typer.Exit(2) from None
    except UsageError as error:
        if error.parameter != "kind":
            raise
        # the kind is an argument, not a flag: its messages are whole sentences naming it
        raise UsageError(error.message, action=error.action, also=error.also) from None
    recorded = (
        f"; recorded as event {written.event.seq} of session {session}"
        if written.event is not None
        else ""
    )
    sys.stderr.write(
        f"wrote {output} ({len(written.data):,} bytes, sha256 {written.sha256[:16]}){recorded}\n"
    )


def register(app: typer.Typer) -> None:
    """Add ``doc`` to ``app``."""
    app.command("doc")(doc)
