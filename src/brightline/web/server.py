"""Running the app: address checks, the launch plan and the uvicorn server, for ``brightline serve``.

One process (the default) or several: with ``workers`` above one, uvicorn starts that many worker
processes from the import string :data:`WORKER_APP` (the factory :func:`worker_app`), and each
builds its own app from the environment the parent set (:func:`worker_environment`). No worker
holds state another needs: the session store is the database named by ``BRIGHTLINE_DATABASE_URL``
(each worker keeps one connection pool, see :func:`pooled_store`), and the secret that signs
browser-session cookies and form tokens is ``BRIGHTLINE_SECRET``, the same in every worker, so a
form served by one worker is accepted by another. Without ``BRIGHTLINE_SECRET`` the parent makes
one for its workers; servers on several machines behind one proxy must be given the same one.

Several workers need PostgreSQL: a SQLite file admits one writer at a time (the workers' writes
would queue on one lock) and cannot be shared between machines, so :func:`plan` refuses the pair
rather than promise a scale it cannot give.

Importing this module is cheap (uvicorn, FastAPI and SQLAlchemy are imported where used), so the
command can check its address and warn before anything heavy loads.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.errors import UsageError

if TYPE_CHECKING:
    import socket

    from fastapi import FastAPI

    from brightline.services.sessions import StoreFactory
    from brightline.web.app import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

SECRET_VARIABLE = "BRIGHTLINE_SECRET"
"""The signing secret shared by every worker (and every machine) serving one store."""
CASES_VARIABLE = "BRIGHTLINE_CASES_FOLDER"
"""The cases folder a worker serves (the parent's ``--cases``)."""
HOSTS_VARIABLE = "BRIGHTLINE_ALLOWED_HOSTS"
TRUST_HEADER_VARIABLE = "BRIGHTLINE_TRUST_USER_HEADER"
"""The request header a reverse proxy sets to the signed-in user (single sign-on); off if unset."""
SECURE_COOKIES_VARIABLE = "BRIGHTLINE_SECURE_COOKIES"
"""``1``: mark cookies ``Secure`` even over plain http (a proxy in front ends TLS)."""
HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
"""The host names a worker answers to, comma-separated (``*``: any)."""
SECRET_MIN_CHARACTERS = 32
STARTUP_FAILURE = 3
"""Exit code when the app fails to start (uvicorn's own)."""
WORKER_APP = "brightline.web.server:worker_app"
"""What uvicorn imports in each worker process (a factory: called once per worker)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``127.0.0.1``, ``::1``, ``localhost``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def accounts_exist(url: str | None = None) -> bool:
    """Whether the store at ``url`` (default: the configured one) has users: team mode is on.

    Only reads: a warning is no reason to create a file or migrate someone's database. A SQLite
    file that does not exist, a store without the accounts table (an older schema) and a store
    that cannot be read all answer False, so the warning about an open address errs on the side
    of being shown.
    """
    from pathlib import Path

    from sqlalchemy import inspect, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from brightline.session.database import READ_OPTION, create, database_url
    from brightline.session.events import StoreUnavailable
    from brightline.session.tables import users

    chosen = url or database_url()
    parsed = make_url(chosen)
    if parsed.get_backend_name() == "sqlite" and not (
        parsed.database and Path(parsed.database).is_file()
    ):
        return False
    try:
        engine = create(chosen)
    except StoreUnavailable:
        return False
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**{READ_OPTION: True})
            if not inspect(connection).has_table(users.name):
                return False
            return connection.execute(select(users.c.name).limit(1)).first() is not None
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "[::]": "[::1]"}
"""Addresses meaning every interface, and the loopback address to open in a browser for each."""


def url(host: str, port: int) -> str:
    """The address to open in a browser on this machine (loopback for every interface)."""
    shown = WILDCARD_HOSTS.get(host)
    if shown is None:
        shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def announcement(host: str, port: int, workers: int = 1) -> str:
    """What ``serve`` prints once it listens: the address to open and, if open, where it listens.

    Listening on every interface (``0.0.0.0``, ``::``), the address to open here is loopback,
    and the second line says other machines reach it too, at this machine's own address (which
    this process cannot know: a machine has several, and names behind proxies).
    """
    workers_text = f" with {workers} workers" if workers > 1 else ""
    lines = [f"Brightline is running at {url(host, port)}{workers_text} (press Ctrl+C to stop)"]
    if host in WILDCARD_HOSTS:
        lines.append(
            f"It listens on every network interface ({host.strip('[]')}, port {port}): other "
            "machines reach it at this machine's name or address."
        )
    return "\n".join(lines) + "\n"


def is_sqlite(database: str) -> bool:
    """Whether a database URL names a SQLite file."""
    return database.strip().lower().startswith("sqlite")


def secret_from_environment() -> bytes | None:
    """``BRIGHTLINE_SECRET`` as the signing key, None when it is not set.

    Raises:
        UsageError: when it is set but shorter than :data:`SECRET_MIN_CHARACTERS` characters (a
            short secret lets anyone who guesses it forge form tokens).
    """
    text = os.environ.get(SECRET_VARIABLE, "").strip()
    if not text:
        return None
    if len(text) < SECRET_MIN_CHARACTERS:
        raise UsageError(
            f"{SECRET_VARIABLE} is {len(text)} characters long; use at least "
            f"{SECRET_MIN_CHARACTERS} random characters, for example the output of "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Launch:
    """How to serve: where, with how many worker processes, on which store.

    Attributes:
        host: Address to listen on.
        port: Port to listen on.
        workers: Worker processes (1: the app runs in this process).
        database: The session store's URL (every worker opens it).
        cases_folder: The cases folder on disk (shared by the workers of this machine).
        examples_folder: The read-only examples, if any.
        allowed_hosts: Host names the app answers to (see ``web/app.py``'s ``Settings``).
        secret: The signing secret every worker uses.
        secret_generated: Whether this server made the secret (none was configured), so it
            lasts as long as the server and is known to this machine only.
        trusted_user_header: The header a reverse proxy names the signed-in user in (lower
            case), None to trust none (the default).
        secure_cookies: Mark cookies ``Secure`` even when requests arrive over plain http.
    """

    host: str
    port: int
    workers: int
    database: str
    cases_folder: Path
    examples_folder: Path | None
    allowed_hosts: tuple[str, ...]
    secret: bytes
    secret_generated: bool
    trusted_user_header: str | None = None
    secure_cookies: bool = False


def plan(
    host: str,
    port: int,
    workers: int,
    database: str,
    cases_folder: Path,
    examples_folder: Path | None,
    allowed_hosts: tuple[str, ...],
    *,
    trusted_user_header: str | None = None,
    secure_cookies: bool = False,
) -> Launch:
    """Check a request to serve and fix its secret.

    Raises:
        UsageError: for several workers on a SQLite file (``parameter`` is ``workers``), a
            configured secret that is too short, or a header name that is no header name.
    """
    header = (trusted_user_header or "").strip().lower() or None
    if header is not None and not HEADER_NAME.fullmatch(header):
        raise UsageError(
            f"{header[:80]!r} is not a header name; give the name the proxy sets, for example "
            "x-forwarded-user",
            parameter="trust_user_header",
        )
    if workers > 1 and is_sqlite(database):
        from brightline.session.database import BUSY_TIMEOUT_MS

        raise UsageError(
            f"{workers} needs a PostgreSQL database, and the store is a SQLite file: SQLite "
            "admits one writer at a time, so the workers' writes would queue on one lock (each "
            f"waiting at most {BUSY_TIMEOUT_MS // 1000} s before it fails), and other machines "
            "cannot share the file; "
            "serve SQLite with one worker, or point the store at PostgreSQL "
            "(postgresql+psycopg://user@host/db)",
            parameter="workers",
        )
    configured = secret_from_environment()
    secret = configured if configured is not None else secrets.token_hex(32).encode("ascii")
    return Launch(
        host,
        port,
        workers,
        database,
        cases_folder.resolve(),
        examples_folder,
        allowed_hosts,
        secret,
        secret_generated=configured is None,
        trusted_user_header=header,
        secure_cookies=secure_cookies,
    )


def worker_environment(launch: Launch) -> dict[str, str]:
    """What each worker process reads (:func:`worker_app`): the store, the secret, the folder."""
    from brightline.session.database import URL_VARIABLE

    return {
        URL_VARIABLE: launch.database,
        SECRET_VARIABLE: launch.secret.decode("utf-8"),
        CASES_VARIABLE: str(launch.cases_folder),
        HOSTS_VARIABLE: ",".join(launch.allowed_hosts),
        TRUST_HEADER_VARIABLE: launch.trusted_user_header or "",
        SECURE_COOKIES_VARIABLE: "1" if launch.secure_cookies else "",
    }


def pooled_store(database_url: str) -> StoreFactory:
    """A store factory over one database opened now: its pool serves every request.

    Opening it brings the schema up to date (once, under a lock, whichever worker comes first);
    the worker that did so says it on standard error.
    """
    from brightline.session.database import open_database
    from brightline.session.store import SessionStore

    database = open_database(database_url)
    if database.migrated:
        sys.stderr.write(
            f"brightline: worker {os.getpid()} brought the database schema up to date\n"
        )

    def open_pooled() -> SessionStore:
        return SessionStore(database.shared())

    return open_pooled


def settings_of(launch: Launch) -> Settings:
    """The app's settings for one worker of ``launch``."""
    from brightline.web.app import Settings

    return Settings(
        cases_folder=launch.cases_folder,
        examples_folder=launch.examples_folder,
        open_store=pooled_store(launch.database),
        secret=launch.secret,
        allowed_hosts=launch.allowed_hosts,
        trusted_user_header=launch.trusted_user_header,
        secure_cookies=launch.secure_cookies,
    )


def worker_app() -> FastAPI:
    """The app of one worker process, built from the environment its parent set.

    Raises:
        UsageError: when the environment lacks the store, the secret or the folder (the factory
            was started by hand, not by ``brightline serve``).
    """
    from brightline.services.case_library import bundled_examples_folder
    from brightline.session.database import URL_VARIABLE
    from brightline.web.app import create_app

    missing = [
        name
        for name in (URL_VARIABLE, SECRET_VARIABLE, CASES_VARIABLE, HOSTS_VARIABLE)
        if not os.environ.get(name, "").strip()
    ]
    if missing:
        raise UsageError(
            f"a worker needs {', '.join(missing)} in its environment; start workers with "
            "brightline serve, which sets them"
        )
    secret = secret_from_environment()
    assert secret is not None  # checked above
    launch = Launch(
        host="",
        port=0,
        workers=1,
        database=os.environ[URL_VARIABLE].strip(),
        cases_folder=Path(os.environ[CASES_VARIABLE]),
        examples_folder=bundled_examples_folder(),
        allowed_hosts=tuple(name for name in os.environ[HOSTS_VARIABLE].split(",") if name),
        secret=secret,
        secret_generated=False,
        trusted_user_header=os.environ.get(TRUST_HEADER_VARIABLE, "").strip() or None,
        secure_cookies=os.environ.get(SECURE_COOKIES_VARIABLE, "").strip() == "1",
    )
    return create_app(settings_of(launch))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``, so the address printed next already answers.

    Raises:
        UsageError: naming ``port`` when the address is taken or cannot be used (uvicorn would
            log it and exit 1; the command says what to do and exits 2).
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host.strip("[]"), port))
        listener.listen(2048)
    except OSError as error:
        listener.close()
        raise UsageError(
            f"{port} cannot be listened on at {host} ({error.strerror or error}); give a free "
            "port, or stop the program that listens on it",
            parameter="port",
        ) from None
    listener.set_inheritable(True)  # worker processes serve the same socket
    return listener


def run(launch: Launch, announce: Callable[[], None]) -> None:
    """Serve until interrupted: in this process for one worker, else in ``workers`` processes.

    The store is opened (one worker) or probed (several: each worker opens and migrates it)
    and the socket bound first, so a database that cannot be reached or a port in use is an
    error before ``announce`` prints the address, and the printed address answers at once.

    Raises:
        StoreUnavailable: when the database cannot be reached.
        UsageError: when the address cannot be listened on.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if launch.workers == 1:
        from brightline.web.app import create_app

        app = create_app(settings_of(launch))
        config = uvicorn.Config(app, host=launch.host, port=launch.port, log_level="warning")
        listener = bind(launch.host, launch.port)
        served = uvicorn.Server(config)
        with listener:
            announce()
            served.run(sockets=[listener])
        if not served.started:  # the app failed to start; uvicorn logged why
            sys.exit(STARTUP_FAILURE)
        return
    from brightline.session.database import probe

    probe(launch.database)
    # Worker processes are spawned: they inherit this environment, and nothing else.
    os.environ.update(worker_environment(launch))
    config = uvicorn.Config(
        WORKER_APP,
        factory=True,
        host=launch.host,
        port=launch.port,
        workers=launch.workers,
        log_level="warning",
    )
    listener = bind(launch.host, launch.port)
    with listener:
        announce()
        with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl+C stops it
            Multiprocess(config, sockets=[listener]).run()
