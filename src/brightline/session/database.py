"""Connection lifetime, in one place: which database, how to connect, and migrations on open.

The store is chosen by a URL. ``BRIGHTLINE_DATABASE_URL`` wins; otherwise a SQLite file in the
user's data directory (``platformdirs``), so a single negotiator needs no server. Teams point the
URL at PostgreSQL (``postgresql+psycopg://user@host/db``, psycopg 3). Opening a database brings
its schema up to date with the Alembic migrations shipped inside this package, so upgrading
Brightline never needs a separate migration step.

Why these settings:

* SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk before it returns, and a
  writer killed mid-transaction leaves only an uncommitted tail that the next open rolls back.
* SQLite transactions start with ``BEGIN IMMEDIATE``: the write lock is taken before the chain's
  head is read, so two writers cannot both extend the same head. ``busy_timeout`` makes the
  second writer wait instead of failing.
* Only writes take that lock. Reads (show, verify, export, and the read an append does before
  it locks) run in :meth:`Database.reading`: a deferred ``BEGIN`` on SQLite (WAL lets readers
  run beside the writer) and ``REPEATABLE READ`` on PostgreSQL, so the session row and its events
  come from one snapshot even while another writer appends.
* PostgreSQL serialises appends with ``SELECT ... FOR UPDATE`` on the session row (see
  ``store.py``), and migrations with an advisory lock so two first opens cannot race. Its
  ``lock_timeout`` matches SQLite's busy timeout, so a writer never waits without bound.
* ``hide_parameters``: statements logged (when someone turns SQLAlchemy's logging on) and
  database errors never show the values bound to them: password hashes and log-in token
  hashes stay out of logs.
* Opening a database whose schema is current takes no write lock: the revision is read first,
  and only a pending migration locks; under the lock the revision is read again, so of several
  processes opening an old database at once (the workers of ``brightline serve``) exactly one
  migrates. A writer that waited out the timeout gets ``StoreBusy``, which says the lock was
  contended, not that the URL is wrong.
* A PostgreSQL engine keeps a small pool per process (:data:`POOL_SIZE` connections, up to
  :data:`POOL_OVERFLOW` more under a burst), checks each connection before use (``pre_ping``: a
  server restart or a proxy that closed an idle connection costs a reconnect, not an error) and
  recycles connections after :data:`POOL_RECYCLE_S`. N server workers hold at most N × 15
  connections; PostgreSQL's default ``max_connections`` of 100 fits six.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError

from brightline.session.events import StoreBusy, StoreUnavailable

URL_VARIABLE = "BRIGHTLINE_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK = 7_441_021  # PostgreSQL advisory lock key for migrations ("BL" + issue 6 + 1).
POOL_SIZE = 5
POOL_OVERFLOW = 10
POOL_RECYCLE_S = 1_800


def default_file() -> Path:
    """Where the single-user SQLite store lives: ``brightline.db`` in the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("brightline", appauthor=False)) / "brightline.db"


def default_url() -> str:
    """The SQLite file in the user's data directory."""
    folder = default_file().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(
            f"cannot create the data folder {folder} ({error.strerror}); set {URL_VARIABLE} "
            "to a database you can write, e.g. sqlite:///./brightline.db"
        ) from None
    return f"sqlite:///{folder / 'brightline.db'}"


def database_url() -> str:
    """``BRIGHTLINE_DATABASE_URL`` when set, else the default SQLite file."""
    return os.environ.get(URL_VARIABLE, "").strip() or default_url()


def redacted(url: str) -> str:
    """``url`` with any password replaced by ``***``: error messages and logs must not hold it.

    Works on text that does not parse as a URL too (that is when it is printed in an error).
    """
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", url)


def create(url: str) -> Engine:
    """An engine for ``url`` with the connection settings described in the module docstring.

    Raises:
        StoreUnavailable: when the URL cannot be parsed or names an unknown driver.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUnavailable(
            f"{URL_VARIABLE} is not a database URL: {redacted(url)!r}; use sqlite:///path/file.db "
            "or postgresql+psycopg://user@host/db"
        ) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(
                parsed,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                hide_parameters=True,
            )
            _tune_sqlite(engine)
        else:
            engine = create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                pool_recycle=POOL_RECYCLE_S,
                pool_timeout=BUSY_TIMEOUT_MS / 1000,
                connect_args={"options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"},
                hide_parameters=True,
            )
    except (NoSuchModuleError, ImportError) as error:
        raise StoreUnavailable(
            f"cannot use database URL {parsed.render_as_string(hide_password=True)!r}: {error}; "
            "for PostgreSQL install brightline[postgres] and use postgresql+psycopg://"
        ) from None
    return engine


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling starts transactions late and never IMMEDIATE; switch
    # it off and emit BEGIN IMMEDIATE ourselves (the recipe from SQLAlchemy's SQLite notes).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        reading = connection.get_execution_options().get(READ_OPTION, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


READ_OPTION = "brightline_read"
"""Execution option marking a read-only transaction (a deferred ``BEGIN`` on SQLite)."""


def is_lock_timeout(error: DatabaseError) -> bool:
    """Whether a database error means a lock was still held when the wait ran out.

    SQLite says "database is locked" (or "busy") once ``busy_timeout`` passes; PostgreSQL raises
    SQLSTATE 55P03 (lock not available) once ``lock_timeout`` passes.
    """
    original = error.orig
    if getattr(original, "sqlstate", None) == "55P03":
        return True
    text = str(original).lower()
    return "database is locked" in text or "database is busy" in text


def _seconds(milliseconds: int) -> str:
    whole, rest = divmod(milliseconds, 1000)
    return f"{whole:,} s" if not rest else f"{milliseconds / 1000:,.1f} s"


def busy(action: str) -> StoreBusy:
    """The error for a writer that waited out the lock timeout while ``action``."""
    return StoreBusy(
        f"the database stayed locked by other writers for {_seconds(BUSY_TIMEOUT_MS)} while "
        f"{action}, so nothing was changed; try again in a moment (if many people record at "
        "once on one SQLite file, move the team to PostgreSQL)"
    )


def is_postgres(connection: Connection) -> bool:
    """Whether the connection talks to PostgreSQL (row locks and advisory locks available)."""
    return connection.dialect.name == "postgresql"


def _migrations() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "brightline.session:migrations")
    return config


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for an empty database), read without a lock."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        connection = connection.execution_options(**{READ_OPTION: True})
        with connection.begin():
            return MigrationContext.configure(connection).get_current_revision()


@functools.cache
def newest_revision() -> str:
    """The newest migration shipped with this package.

    Kept once per process: reading the migration scripts costs tens of milliseconds and every
    store opening asks (a web worker in team mode opens the store on each request), while the
    scripts shipped with the installed package cannot change under a running process.
    """
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_migrations()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found in brightline.session.migrations")
    return head


def migrate(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema to ``revision`` (default: the newest); no lock when nothing is pending.

    Returns:
        Whether this call changed the schema: False when it was current already, or when
        another process migrated it while this one waited for the lock.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    target = newest_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return False
    config = _migrations()
    with engine.begin() as connection:
        if is_postgres(connection):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        # Read again under the lock (SQLite's BEGIN IMMEDIATE is a lock too): the process that
        # held it may have done the work.
        if MigrationContext.configure(connection).get_current_revision() == target:
            return False
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return True


STAMP_SETTLE_SECONDS = 0.05
"""How old a SQLite file's last write must be before :meth:`Database.change_stamp` trusts its
modification time (many clock ticks)."""


class Database:
    """An open database: the engine plus the guarantee that its schema is current.

    Use it as a context manager so the connection pool is closed when the work is done::

        with open_database() as database:
            with database.transaction() as connection:
                ...

    Args:
        engine: The engine (its pool is this database's connections).
        migrated: Whether opening it changed its schema (see :func:`migrate`).
        owned: False for a view that borrows another's pool (:meth:`shared`): closing it leaves
            the pool open for its owner.
    """

    def __init__(self, engine: Engine, *, migrated: bool = False, owned: bool = True) -> None:
        self.engine = engine
        self.migrated = migrated
        self.owned = owned

    def shared(self) -> Database:
        """A view on this database whose ``close`` keeps the pool open.

        A server process opens its database once and hands each request a store on a shared
        view, so requests reuse pooled connections instead of connecting (and checking the
        schema) every time.
        """
        return Database(self.engine, migrated=self.migrated, owned=False)

    def change_stamp(self) -> tuple[object, ...] | None:
        """A cheap value that differs after anyone, in any process, commits to this database.

        For a SQLite file: the identity, size and modification time of the file and of its
        write-ahead log (two ``stat`` calls, microseconds, where a query costs most of a
        millisecond), since every commit writes the log. None (unknown: ask the database) for
        other databases, for a database in memory, and while the log was written in the last
        :data:`STAMP_SETTLE_SECONDS`: a file's modification time moves in clock ticks of a few
        milliseconds, so a commit in the same tick as the stamp could leave it unchanged.
        """
        import time

        url = self.engine.url
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        found: list[object] = []
        for name in (url.database, f"{url.database}-wal"):
            try:
                status = os.stat(name)
            except OSError:
                found.append(None)
                continue
            if time.time_ns() - status.st_mtime_ns < STAMP_SETTLE_SECONDS * 1e9:
                return None
            found.append((status.st_ino, status.st_size, status.st_mtime_ns))
        return tuple(found)

    @contextmanager
    def transaction(self, action: str = "writing") -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back when it raises.

        Raises:
            StoreBusy: when other writers held the lock past the timeout (``action`` says what
                this transaction was doing, for the message).
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except OperationalError as error:
            if is_lock_timeout(error):
                raise busy(action) from None
            raise

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read-only transaction over a consistent snapshot; it never waits for writers."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(**{READ_OPTION: True})
            if is_postgres(connection):
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with connection.begin():
                yield connection

    def close(self) -> None:
        """Close every pooled connection (a shared view leaves them to the owner)."""
        if self.owned:
            self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(url: str | None = None) -> Database:
    """Connect to ``url`` (default: :func:`database_url`) and run pending migrations.

    Raises:
        StoreUnavailable: when the database cannot be reached or migrated.
    """
    chosen = url or database_url()
    engine = create(chosen)
    try:
        migrated = migrate(engine)
    except DatabaseError as error:
        engine.dispose()
        raise _unavailable(chosen, error, "bringing its schema up to date") from None
    return Database(engine, migrated=migrated)


def probe(url: str) -> str | None:
    """Connect to ``url`` and read its schema revision, changing nothing.

    What a server checks before it starts worker processes, so an unreachable database is one
    clear error instead of one per worker; the workers migrate it (:func:`migrate`).

    Raises:
        StoreUnavailable: when the database cannot be reached.
    """
    engine = create(url)
    try:
        return current_revision(engine)
    except DatabaseError as error:
        raise _unavailable(url, error, "reading its schema revision") from None
    finally:
        engine.dispose()


def _unavailable(chosen: str, error: DatabaseError, action: str) -> StoreBusy | StoreUnavailable:
    if is_lock_timeout(error):
        return busy(action)
    # OperationalError (unreachable server, missing folder) and the DatabaseError SQLite raises
    # for a file that is not a SQLite database both land here: name the URL, never its password,
    # and say what to do.
    parsed = make_url(chosen)
    shown = parsed.render_as_string(hide_password=True)
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if parsed.get_backend_name() == "sqlite":
        advice = (
            f"point {URL_VARIABLE} at a Brightline SQLite file, or at a new file name to "
            "create one (sqlite:///path/to/new.db)"
        )
    else:
        advice = f"check {URL_VARIABLE} and that the server runs and accepts you"
    return StoreUnavailable(f"cannot open database {shown}: {reason}; {advice}")
