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

    Answers False, without creating anything, for a SQLite file that does not exist yet, and
    when the store cannot be opened: the warning about an open address errs on the side of
    being shown.
    """
    from sqlalchemy.engine import make_url

    from brightline.services.accounts import Accounts
    from brightline.session.database import database_url, open_database
    from brightline.session.events import StoreUnavailable

    chosen = url or database_url()
    parsed = make_url(chosen)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        from pathlib import Path

        if not Path(parsed.database).is_file():
            return False
    try:
        return Accounts(lambda: open_database(chosen)).team_mode()
    except StoreUnavailable:
        return False


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
