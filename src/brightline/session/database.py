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
* PostgreSQL serialises appends with ``SELECT ... FOR UPDATE`` on the session row (see
  ``store.py``), and migrations with an advisory lock so two first opens cannot race.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

from brightline.session.events import StoreUnavailable

URL_VARIABLE = "BRIGHTLINE_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK = 7_441_021  # PostgreSQL advisory lock key for migrations ("BL" + issue 6 + 1).


def default_url() -> str:
    """The SQLite file in the user's data directory."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("brightline", appauthor=False))
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


def create(url: str) -> Engine:
    """An engine for ``url`` with the connection settings described in the module docstring.

    Raises:
        StoreUnavailable: when the URL cannot be parsed or names an unknown driver.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUnavailable(
            f"{URL_VARIABLE} is not a database URL: {url!r}; use sqlite:///path/file.db "
            "or postgresql+psycopg://user@host/db"
        ) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _tune_sqlite(engine)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgres(connection: Connection) -> bool:
    """Whether the connection talks to PostgreSQL (row locks and advisory locks available)."""
    return connection.dialect.name == "postgresql"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration shipped with this package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "brightline.session:migrations")
    with engine.begin() as connection:
        if is_postgres(connection):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """An open database: the engine plus the guarantee that its schema is current.

    Use it as a context manager so the connection pool is closed when the work is done::

        with open_database() as database:
            with database.transaction() as connection:
                ...
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.engine.begin() as connection:
            yield connection

    def close(self) -> None:
        """Close every pooled connection."""
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
        migrate(engine)
    except DatabaseError as error:
        # OperationalError (unreachable server, missing folder) and the DatabaseError SQLite
        # raises for a file that is not a SQLite database both land here: name the URL, never
        # its password, and say what to do.
        engine.dispose()
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
        raise StoreUnavailable(f"cannot open database {shown}: {reason}; {advice}") from None
    return Database(engine)
