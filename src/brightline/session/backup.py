"""The backends' own copy tools, run on a store: SQLite's online backup, pg_dump, pg_restore.

What :mod:`brightline.services.store_backup` calls; the checks around a copy (never overwrite,
restore into an empty store, verify every chain) are there. A PostgreSQL password goes to the
client programs through ``PGPASSWORD``, never on their command line (where ``ps`` shows it).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from brightline.errors import UsageError


def shown(database: str) -> str:
    """A database URL fit to print: its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(database).render_as_string(hide_password=True)


def sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into ``target`` (consistent while others write)."""
    if not source.is_file():
        raise UsageError(f"{source} is not a file; check the path")
    try:
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as origin,
            closing(sqlite3.connect(target)) as copy,
        ):
            origin.backup(copy)
    except sqlite3.DatabaseError as error:
        raise UsageError(f"cannot copy {source} to {target}: {error}; check both paths") from None


def pg_dump(database: str, file: Path) -> None:
    """Dump the PostgreSQL database into ``file`` (custom format: one snapshot, compressed).

    pg_dump's options, in its short spelling: ``-Fc`` custom format, ``-O`` no ownership
    commands (the restoring role owns what it restores), ``-f`` the output file.
    """
    _run(["pg_dump", "-Fc", "-O", "-f", str(file)], database)


def pg_restore(file: Path, database: str) -> None:
    """Restore a custom-format dump into ``database`` in one transaction (all of it or nothing).

    pg_restore's options: ``-O`` no ownership commands, ``-e`` stop at the first error, ``-1``
    one transaction.
    """
    _run(["pg_restore", "-O", "-e", "-1"], database, file)


def _run(command: list[str], database: str, file: Path | None = None) -> None:
    """A PostgreSQL client program on ``database``; its password in the environment only."""
    from sqlalchemy.engine import make_url

    program = command[0]
    if shutil.which(program) is None:
        raise UsageError(
            f"a PostgreSQL store is copied with its {program} program, which is not installed; "
            "install the PostgreSQL client programs (Debian: apt-get install postgresql-client)"
        )
    url = make_url(database)
    environment = {**os.environ}
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    arguments = [*command, "-d", plain, *([str(file.resolve())] if file is not None else [])]
    done = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise UsageError(f"{program} failed on {shown(database)}: {reason}")
