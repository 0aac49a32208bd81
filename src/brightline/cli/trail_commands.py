"""The session commands that read, check and vouch for a trail: show, import, verify, anchor.

Kept apart from ``session_commands`` (start, list, export, ``log`` and ``next``) so each file
stays readable; they register on the same ``session`` group.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.output import OutputFormat, print_json
from brightline.cli.session_options import HEAD_CHARACTERS, SessionId, plural

if TYPE_CHECKING:
    from brightline.services.sessions import Sessions


def _sessions(author: str | None = None) -> Sessions:
    from brightline.cli.identity import sessions

    return sessions(author)  # on a team store: as the signed-in account


def session_show(
    session_id: SessionId,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help="Our private view: values to us, our estimates of theirs, approvals. Not for "
            "sharing.",
        ),
    ] = False,
) -> None:
    """The session's timeline as minutes fit to share (Rich table or Markdown), or JSON.

    Minutes leave out what is private to our side: values to us, our estimates of their values,
    our notes and rationales, and internal events (approvals, notes, debriefs). --internal shows
    everything; JSON is the full trail for our tools.
    """
    from brightline.report.sections import session as sections

    minutes = _sessions().minutes(session_id, internal=internal)
    if format is OutputFormat.JSON:
        print_json(minutes.export)
        return
    if not internal:  # said to us on stderr: the minutes on stdout are for the other side too
        sys.stderr.write(
            "minutes: values to us, our estimates of theirs, our notes and rationales, and "
            f"{plural(minutes.left_out, 'internal event')} (approvals, notes, debriefs) left out; "
            "--internal shows them\n"
        )
    document = sections.minutes_report(minutes)
    if format is OutputFormat.MARKDOWN:
        from brightline.cli.render import print_markdown

        print_markdown(document)
    else:
        from brightline.cli.render import print_minutes

        print_minutes(document)


def session_import(
    file: Annotated[Path, typer.Argument(help="A file written by `brightline session export`.")],
) -> None:
    """Store an exported session after re-verifying its chain and replaying every event.

    Each event goes through the checks live recording applies; the first one it would refuse
    stops the import and nothing is stored. Files up to 64 MiB.
    """
    imported = _sessions().import_export(file)
    info, carried = imported.info, imported.checkpoint
    sys.stdout.write(f"{info.id}\n")
    checkpoint = (
        f"; carries a checkpoint of {carried.at[:19]} at {plural(carried.events, 'event')}"
        if carried is not None
        else ""
    )
    sys.stderr.write(
        f"imported session {info.id}: {plural(info.event_count, 'event')}, chain verified, "
        f"every event replayed; head {info.head_hash[:HEAD_CHARACTERS]}{checkpoint}\n"
    )


def session_verify(
    session_id: SessionId,
    anchor: Annotated[
        Path | None,
        typer.Option(
            help="A checkpoint written by `brightline session anchor`: the trail must still "
            "hold its signed head (catches a rewritten, re-hashed or cut-back trail)."
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            help="The signer's public key (hex, as `session anchor` prints it in the file's "
            '"key") when checking on another machine; default: this machine\'s anchor key.'
        ),
    ] = None,
    document: Annotated[
        Path | None,
        typer.Option(
            help="A document written by `brightline doc` in this session: it must be the very "
            "bytes a document event recorded (exit 1 when changed or never recorded)."
        ),
    ] = None,
) -> None:
    """Recompute the hash chain. Exit 0 when intact, 1 naming the first broken event.

    With --document, also exit 1 unless the file is byte for byte a document the trail recorded.
    """
    from brightline.cli.actions import flag
    from brightline.session.anchor import public_key_hex

    if anchor is not None and key is not None:
        public_key_hex(key, flag("key"))  # a malformed key is the command line's input
    verified = _sessions().verify(session_id, anchor=anchor, key=key, document=document)
    report, head, checkpoint = verified.report, verified.head, verified.checkpoint
    checked = verified.document
    if report.intact and checked is not None and checked.event is None:
        sys.stdout.write(
            f"intact: {plural(report.events, 'event')}, chain verified; but {checked.file} "
            f"(sha256 {checked.sha256[:16]}) matches no document event: it was changed after "
            "it was written, or was not written in this session\n"
        )
        raise typer.Exit(1)
    if report.intact:
        # The head is what to write down elsewhere: a rewritten trail cannot reproduce it.
        anchored = (
            f"; matches the checkpoint of {checkpoint.at[:19]} at "
            f"{plural(checkpoint.events, 'event')}"
            if checkpoint is not None
            else ""
        )
        sys.stdout.write(
            f"intact: {plural(report.events, 'event')}, chain verified; head {head}{anchored}\n"
        )
        if checked is not None and checked.event is not None:
            payload = checked.event.payload
            sys.stdout.write(
                f"document {checked.file} matches event {checked.event.seq}: "
                f"{payload['kind']} ({payload['format']}) recorded {checked.event.at[:19]}\n"
            )
        return
    where = "" if report.broken_seq is None else f" at event {report.broken_seq}"
    sys.stdout.write(f"broken{where}: {report.problem}\n")
    raise typer.Exit(1)


def session_anchor(
    session_id: SessionId,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write the checkpoint (default: SESSION.anchor.json)."
        ),
    ] = None,
) -> None:
    """Sign a checkpoint of the trail (event count and head) with a key kept outside the database.

    Keep the file somewhere the database's users cannot change (mail it, commit it); later,
    `brightline session verify SESSION --anchor FILE` proves the trail still holds that head.
    The key (Ed25519) lives in the user config folder, or where BRIGHTLINE_ANCHOR_KEY says.
    """
    anchored = _sessions().anchor(session_id, output)
    checkpoint, path = anchored.checkpoint, anchored.path
    sys.stdout.write(f"{path}\n")
    sys.stderr.write(
        f"checkpoint of session {session_id}: {plural(checkpoint.events, 'event')}, head "
        f"{checkpoint.head[:HEAD_CHARACTERS]}, signed with key {checkpoint.key[:16]}...; keep "
        f"{path} outside the database and check with `brightline session verify {session_id} "
        f"--anchor {path}`\n"
    )


def register(app: typer.Typer) -> None:
    """Add ``session show|import|verify|anchor`` to ``app``'s ``session`` group."""
    from brightline.cli.groups import session_group

    session = session_group(app)
    session.command("show")(session_show)
    session.command("import")(session_import)
    session.command("verify")(session_verify)
    session.command("anchor")(session_anchor)
