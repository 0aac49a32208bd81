"""Backing up the session store and restoring it, with every restored chain verified.

Each backend's own well-kept tool makes the copy, so a backup is consistent while a team goes on
recording:

- **SQLite**: the online backup API (``sqlite3.Connection.backup``) copies the database page by
  page under a read snapshot; the copy is an ordinary SQLite file.
- **PostgreSQL**: ``pg_dump --format=custom`` (one snapshot of the whole database), restored with
  ``pg_restore --single-transaction`` into an empty database. The client programs come with
  PostgreSQL (Debian: ``postgresql-client``); their major version must be at least the server's.

A restore goes into an empty store only (it never merges trails into one that has sessions), is
brought up to this version's schema, and then every session's hash chain is recomputed, and
every team's trail of case changes too (with the approvals inbox held to it): a copy is trusted
because it verifies, not because it was made. Signed checkpoints kept outside the
database (``session anchor``) still catch a trail rewritten before the backup was taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.errors import UsageError
from brightline.session.backup import pg_dump, pg_restore, shown, sqlite_copy

if TYPE_CHECKING:
    from brightline.session.team_trail import TeamTrailReport

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class Backend(StrEnum):
    """The kinds of store a backup can come from."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def label(self) -> str:
        """The product's own name."""
        return "SQLite" if self is Backend.SQLITE else "PostgreSQL"


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """One restored (or copied) session and whether its chain verifies."""

    session_id: str
    events: int
    intact: bool
    problem: str | None


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """Every session of a store with its chain verified.

    Attributes:
        backend: Which kind of store.
        file: The backup file written or read.
        sessions: Each session's check, oldest first.
        teams: Each team trail's check (the case changes asked for and decided), by team.
    """

    backend: Backend
    file: Path
    sessions: tuple[SessionCheck, ...]
    teams: tuple[TeamTrailReport, ...] = ()

    @property
    def events(self) -> int:
        """Events in every session together."""
        return sum(session.events for session in self.sessions)

    @property
    def broken(self) -> tuple[SessionCheck, ...]:
        """The sessions whose chain does not verify."""
        return tuple(session for session in self.sessions if not session.intact)

    @property
    def broken_teams(self) -> tuple[TeamTrailReport, ...]:
        """The teams whose trail of case changes does not verify."""
        return tuple(team for team in self.teams if not team.intact)


def backend_of(database: str) -> Backend:
    """The backend a database URL names.

    Raises:
        UsageError: for a URL that is neither SQLite nor PostgreSQL.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        name = make_url(database).get_backend_name()
    except ArgumentError:
        raise UsageError(
            f"is not a database URL: {database!r}; use sqlite:///path/file.db or "
            "postgresql+psycopg://user@host/db",
            parameter="database",
        ) from None
    if name == "sqlite":
        return Backend.SQLITE
    if name == "postgresql":
        return Backend.POSTGRESQL
    raise UsageError(
        f"names a {name} database; Brightline's store is SQLite or PostgreSQL",
        parameter="database",
    )


def check_store(database: str, backend: Backend, file: Path) -> StoreCheck:
    """Open ``database`` (bringing its schema up to date) and verify every chain it holds.

    That is each session's trail and each team's trail of case changes: a team whose trail or
    inbox was rewritten in the copy is named, as a session is.
    """
    from sqlalchemy import select, union

    from brightline.session.store import open_store
    from brightline.session.tables import approval_requests, team_trail
    from brightline.session.team_trail import verify

    with open_store(database) as store:
        checks = []
        for info in store.sessions():
            report = store.verify(info.id)
            checks.append(SessionCheck(info.id, report.events, report.intact, report.problem))
        with store.database.reading() as connection:
            names = union(
                select(team_trail.c.team),
                select(approval_requests.c.team).where(
                    approval_requests.c.subject == "case-change"
                ),
            )
            teams = sorted(str(name) for name in connection.execute(names).scalars())
            trails = tuple(verify(connection, team) for team in teams)
    return StoreCheck(backend, file, tuple(checks), trails)


def backup(database: str, file: Path) -> StoreCheck:
    """Copy the store at ``database`` into the new file ``file``; the copy's chains checked.

    For SQLite the copy itself is opened and verified; for PostgreSQL the source is (the dump
    is verified when it is restored).

    Raises:
        UsageError: when ``file`` exists (a backup never overwrites), or the copy fails.
    """
    if file.exists():
        raise UsageError(f"{file} exists; a backup never overwrites a file: give a new file name")
    backend = backend_of(database)
    if backend is Backend.SQLITE:
        sqlite_copy(_sqlite_path(database), file)
        return check_store(f"sqlite:///{file.resolve()}", backend, file)
    pg_dump(database, file)
    return check_store(database, backend, file)


def restore(file: Path, database: str) -> StoreCheck:
    """Restore the backup ``file`` into the empty store at ``database``; every chain verified.

    Raises:
        UsageError: when the file is not a backup of this kind of store, or the store is not
            empty, or the restore fails.
    """
    backend = backend_of(database)
    head = _head(file)
    made_by = (
        Backend.SQLITE
        if head.startswith(SQLITE_MAGIC)
        else Backend.POSTGRESQL
        if head.startswith(PG_DUMP_MAGIC)
        else None
    )
    if made_by is None:
        raise UsageError(
            f"{file} is neither a SQLite database nor a pg_dump file; give a file that "
            "brightline store backup wrote"
        )
    if made_by is not backend:
        raise UsageError(
            f"{file} is a {made_by.label} backup and the store is {backend.label}; restore it "
            f"into a {made_by.label} store (to move sessions between kinds of store, use session export "
            "and session import)"
        )
    _require_empty(database)
    if backend is Backend.SQLITE:
        sqlite_copy(file, _sqlite_path(database))
    else:
        pg_restore(file, database)
    return check_store(database, backend, file)


def _head(file: Path) -> bytes:
    try:
        with file.open("rb") as opened:
            return opened.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise UsageError(f"cannot read {file}: {error.strerror}; check the path") from None


def _sqlite_path(database: str) -> Path:
    from sqlalchemy.engine import make_url

    name = make_url(database).database
    if not name or name == ":memory:":
        raise UsageError("names no SQLite file; use sqlite:///path/file.db", parameter="database")
    return Path(name)


def _require_empty(database: str) -> None:
    """Refuse a store that already holds a schema (a restore never merges trails)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from brightline.session.database import create

    engine = create(database)
    try:
        tables = inspect(engine).get_table_names()
    except SQLAlchemyError as error:
        raise UsageError(
            f"cannot open {shown(database)}: {str(error).splitlines()[0]}; check the URL "
            "and that the server runs",
            parameter="database",
        ) from None
    finally:
        engine.dispose()
    if tables:
        raise UsageError(
            f"{shown(database)} is not empty ({len(tables)} tables); restore into a new, "
            "empty database (move the old one aside first)",
            parameter="database",
        )
