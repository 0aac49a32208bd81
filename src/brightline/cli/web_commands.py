"""``brightline serve``: the web workbench on this machine.

FastAPI and uvicorn come with the ``[web]`` extra and are imported inside the command, so
``brightline --help`` does not pay for them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default serves this machine only; anything else "
            "lets other machines reach your cases."
        ),
    ] = "127.0.0.1",
    cases: Annotated[
        Path | None,
        typer.Option(help="Folder of your cases (default: cases/ in your Brightline data folder)."),
    ] = None,
) -> None:
    """Start the web workbench (cases, forms, checks) and print its address."""
    from brightline.web import server

    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        from brightline.errors import UsageError

        raise UsageError(
            "the web workbench needs the web extra; install it with pip install 'brightline[web]'"
        ) from None
    from brightline.services.case_library import bundled_examples_folder, default_cases_folder
    from brightline.web.app import LOOPBACK_HOSTS, Settings

    if not server.is_loopback(host) and not server.accounts_exist():
        sys.stderr.write(
            f"warning: listening on {host}, which other machines can reach, and no "
            "authentication is configured: anyone who can connect can read and change your "
            "cases. Use the default 127.0.0.1 unless you trust the network, or create "
            "accounts with brightline users create-owner.\n"
        )
    # On loopback only loopback names are answered (no DNS rebinding); a server others reach
    # sits behind names this process cannot know (a proxy, a DNS name), so any Host is accepted.
    hosts = LOOPBACK_HOSTS if server.is_loopback(host) else ("*",)
    settings = Settings(
        cases_folder=cases or default_cases_folder(),
        examples_folder=bundled_examples_folder(),
        allowed_hosts=hosts,
    )
    sys.stdout.write(f"Brightline is at {server.url(host, port)} (press Ctrl+C to stop)\n")
    sys.stdout.flush()
    server.run(settings, host, port)


def register(app: typer.Typer) -> None:
    """Add serve to ``app``."""
    app.command()(serve)
