"""What ``brightline doc`` does once its arguments are read, and reading them without Typer.

:func:`write_doc` is the command's body: ``cli/document_commands.py`` declares the options for
Typer (help, usage errors) and calls it, and so does the console script
(:func:`brightline.cli.app.main`) for a plain ``doc`` line that :func:`read_doc_arguments` read.
A whole ``brightline doc`` process is mostly imports (issue 11 asks for under 1.5 s); Typer's
import and the building of every command's click object are about a tenth of it, and a
well-formed ``doc`` line needs neither: its options are the fixed table :data:`OPTIONS`, each
taking one value, and :data:`SWITCHES`.

:func:`read_doc_arguments` reads only lines it is sure of: known options, each once, each with
a value that does not start with ``-``, at most two arguments. Anything else (``--help``, an
unknown or repeated option, a missing value, ``--``, shell completion) returns None and Typer
reads the line as before, so every usage error and every help screen is Typer's own. The table
is checked against the Typer command's parameters by ``tests/cli/test_doc_dispatch.py``, and
the same lines are run both ways there, with identical output and exit codes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

OPTIONS = {
    "--session": "session",
    "--offer": "offer",
    "--bidder": "bidder",
    "--bids": "bids",
    "--format": "format",
    "-f": "format",
    "--output": "output",
    "-o": "output",
}
"""Every option of ``doc`` that takes a value, by each of its names: the parameter it sets."""

SWITCHES = {"--list": "list_kinds"}
"""The options of ``doc`` that take no value."""

PATHS = ("bids", "output")
"""Options Typer reads as a path (``case`` too, the second argument)."""


def write_doc(
    kind: str | None,
    case: Path | None,
    session: str | None = None,
    offer: str | None = None,
    bidder: str | None = None,
    bids: Path | None = None,
    format: str = "pdf",
    output: Path | None = None,
    list_kinds: bool = False,
) -> int:
    """List the kinds, or write one document; the exit code.

    0 when written; 1 when the session rules the kind out now (a counter on a paused session:
    the message names the record that fits); 2 when the case is unusable.

    Raises:
        UsageError: for a bad request (the kind, a missing or wrong option), with the option
            named; the caller prints it and exits 2, as for any command.
    """
    from brightline.errors import UsageError

    if list_kinds:
        _print_kinds()
        return 0
    if kind is None or case is None:
        raise UsageError("give KIND and CASE (brightline doc --list shows the kinds)")
    if output is None:
        raise UsageError("needs the file to write, e.g. -o proposal.pdf", parameter="output")
    from brightline.errors import CaseFileError
    from brightline.services.document_checks import DocumentRefused
    from brightline.services.documents import DocumentRequest, produce_document

    request = DocumentRequest(kind, case, session, offer, bidder, bids)
    try:
        from brightline.cli.identity import sessions

        # A session's trail is read (and a sent document recorded) as the command's account
        # on a team store; without a session no store is opened.
        acting = sessions() if session else None
        written = produce_document(request, format, output=output, sessions=acting)
    except CaseFileError as error:  # the case or the offer: say what was not done
        from brightline.cli.output import print_error

        print_error(error, consequence="no document was written")
        return 2
    except DocumentRefused as error:  # well-formed, but not now: exit 1, as a failed check
        from brightline.cli.output import print_error

        print_error(UsageError(error.message, action=error.action, also=error.also))
        return 1
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
    for warning in written.warnings:  # ours only: never in the document
        sys.stderr.write(f"warning: {warning}\n")
    return 0


def _print_kinds() -> None:
    """``--list``: each kind, its audience and summary, wrapped under its own column."""
    import shutil
    import textwrap

    from brightline.services.documents import list_kinds as kinds

    width = max(60, shutil.get_terminal_size().columns)
    for found in kinds():
        needs = f" (needs {', '.join('--' + n for n in found.needs)})" if found.needs else ""
        head = f"{found.name:15} {found.audience:12} "
        lines = textwrap.wrap(found.summary + needs, width - len(head)) or [""]
        sys.stdout.write(head + lines[0] + "\n")
        sys.stdout.writelines(" " * len(head) + line + "\n" for line in lines[1:])


def read_doc_arguments(arguments: list[str]) -> dict[str, Any] | None:
    """The parameters of a plain ``doc`` line (what follows ``doc``), or None to leave it to Typer.

    See the module docstring for what is plain.
    """
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None  # a shell completion request: Typer answers it
    values: dict[str, Any] = {}
    positional: list[str] = []
    tokens = iter(arguments)
    for token in tokens:
        if not token.startswith("-"):
            if not token:
                return None
            positional.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        found: object = True
        if name in SWITCHES and not equals:
            target = SWITCHES[name]
        elif name in OPTIONS:
            target = OPTIONS[name]
            if not equals:
                value = next(tokens, "")
            if not value or value.startswith("-"):
                return None
            found = Path(value) if target in PATHS else value
        else:
            return None
        if target in values:
            return None
        values[target] = found
    if len(positional) > 2:
        return None
    values["kind"] = positional[0] if positional else None
    values["case"] = Path(positional[1]) if len(positional) > 1 else None
    return values
