"""Running the app: address checks and the uvicorn server, for ``brightline serve``.

Importing this module is cheap (uvicorn and FastAPI are imported in :func:`run`), so the command
can check its address and warn before anything heavy loads.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.web.app import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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


def url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if shown in ("0.0.0.0", "[::]"):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/"


def run(settings: Settings, host: str, port: int) -> None:
    """Serve the app for ``settings`` until interrupted."""
    import uvicorn

    from brightline.web.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
