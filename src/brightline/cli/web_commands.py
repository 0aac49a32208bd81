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
    database: Annotated[
        str | None,
        typer.Option(
            help="The session store's URL, e.g. postgresql+psycopg://user@host/db for a team "
            "(default: BRIGHTLINE_DATABASE_URL, else the SQLite file the CLI uses)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes. More than one needs a PostgreSQL --database; every worker "
            "signs forms with BRIGHTLINE_SECRET (made for this server when not set).",
        ),
    ] = 1,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            help="A host name the app answers to besides the loopback names, e.g. the public "
            "name a reverse proxy on this machine passes on (repeat for several; *.example.org "
            "patterns allowed). On an open --host every name is answered."
        ),
    ] = None,
    trust_user_header: Annotated[
        str | None,
        typer.Option(
            envvar="BRIGHTLINE_TRUST_USER_HEADER",
            help="Single sign-on behind a reverse proxy: trust this request header (e.g. "
            "x-forwarded-user) to name the signed-in account. Off by default; only for a proxy "
            "that sets it and strips it from what clients send.",
        ),
    ] = None,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            envvar="BRIGHTLINE_SECURE_COOKIES",
            help="Mark cookies Secure even over plain http: for a proxy in front that ends TLS.",
        ),
    ] = False,
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
    from brightline.session.database import database_url
    from brightline.web.app import LOOPBACK_HOSTS

    # On loopback only loopback names (and the names given) are answered: no DNS rebinding. A
    # server others reach sits behind names this process cannot know, so any Host is accepted.
    hosts = (*LOOPBACK_HOSTS, *(allow_host or ())) if server.is_loopback(host) else ("*",)
    launch = server.plan(
        host,
        port,
        workers,
        database or database_url(),
        cases or default_cases_folder(),
        bundled_examples_folder(),
        hosts,
        trusted_user_header=trust_user_header,
        secure_cookies=secure_cookies,
    )
    if launch.trusted_user_header and not (server.is_loopback(host) and allow_host):
        where = (
            f"listening on {host}, which clients can reach without the proxy"
            if not server.is_loopback(host)
            else "no --allow-host names the proxy's public host"
        )
        sys.stderr.write(
            f"warning: trusting the {launch.trusted_user_header} header to name the signed-in "
            f"account, and {where}: anyone who can send that header can act as any account. "
            "Serve on 127.0.0.1 behind the proxy, name its host with --allow-host, and make the "
            "proxy strip the header from what clients send.\n"
        )
    if not server.is_loopback(host) and not server.accounts_exist(launch.database):
        sys.stderr.write(
            f"warning: listening on {host}, which other machines can reach, and no "
            "authentication is configured: anyone who can connect can read and change your "
            "cases. Use the default 127.0.0.1 unless you trust the network, or create "
            "accounts with brightline users create-owner.\n"
        )

    def announce() -> None:
        if launch.workers > 1 and launch.secret_generated:
            sys.stderr.write(
                f"note: {server.SECRET_VARIABLE} is not set, so this server made one for its "
                f"{launch.workers} workers; forms and log-ins end when it stops. Servers on "
                f"several machines behind one proxy must all be given the same "
                f"{server.SECRET_VARIABLE}.\n"
            )
        sys.stdout.write(server.announcement(host, port, launch.workers))
        sys.stdout.flush()

    server.run(launch, announce)


def register(app: typer.Typer) -> None:
    """Add serve to ``app``."""
    app.command()(serve)
