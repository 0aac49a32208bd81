"""``brightline store backup|restore``: copy the session store and bring a copy back, verified.

Thin over :mod:`brightline.services.store_backup`: parse, one call, print the sessions checked.
A restore whose chains do not all verify exits 1 (the copy is there, but it cannot be trusted).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.groups import group
from brightline.cli.session_options import plural

if TYPE_CHECKING:
    from brightline.services.store_backup import StoreCheck

STORE_HELP = "The session store as a whole: back it up, restore a backup (chains verified)."

Database = Annotated[
    str | None,
    typer.Option(
        help="The store's URL (default: BRIGHTLINE_DATABASE_URL, else the SQLite file the CLI "
        "uses)."
    ),
]


def _url(database: str | None) -> str:
    from brightline.session.database import database_url

    return database or database_url()


def _report(verb: str, check: StoreCheck) -> None:
    sessions, events = plural(len(check.sessions), "session"), plural(check.events, "event")
    teams = f", {plural(len(check.teams), 'team trail')}" if check.teams else ""
    sys.stdout.write(f"{verb} {check.file} ({check.backend.label}): {sessions}, {events}{teams}.\n")
    if not check.broken and not check.broken_teams:
        sys.stdout.write("Every chain verifies.\n")
        return
    for session in check.broken:
        sys.stdout.write(f"Chain broken in session {session.session_id}: {session.problem}\n")
    for team in check.broken_teams:
        sys.stdout.write(f"Trail of case changes broken for team {team.team}: {team.problem}\n")
    raise typer.Exit(1)


def store_backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write (never overwritten).")],
    database: Database = None,
) -> None:
    """Copy the store into FILE while it stays in use (SQLite online backup, or pg_dump).

    The copy is checked: every session's hash chain is verified (for PostgreSQL, in the store
    the dump was taken from).
    """
    from brightline.services.store_backup import backup

    _report("Backed up to", backup(_url(database), file))


def store_restore(
    file: Annotated[Path, typer.Argument(help="A file brightline store backup wrote.")],
    database: Database = None,
) -> None:
    """Restore FILE into an empty store, bring it to this version's schema, verify every chain."""
    from brightline.services.store_backup import restore

    _report("Restored from", restore(file, _url(database)))


def register(app: typer.Typer) -> None:
    """Add ``store backup`` and ``store restore`` to ``app``."""
    commands = group(app, "store", STORE_HELP)
    commands.command("backup")(store_backup)
    commands.command("restore")(store_restore)
