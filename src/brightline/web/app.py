"""The app factory: :func:`create_app` builds the FastAPI app from :class:`Settings`.

Collaborators (the case library, the session store factory, the template environment, the CSRF
signer) are made here and handed to each route module's ``router(workbench)``, as flaskr's
``create_app`` hands the app to ``db.init_app``: two apps (two tests, two users' servers) never
share hidden state. Adding a page module is one line in :data:`ROUTE_MODULES`.
"""

from __future__ import annotations

import importlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.case.source import MAX_FILE_BYTES
from brightline.services.accounts import HashCost

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from brightline.services.sessions import StoreFactory
    from brightline.web.security import Scope
    from brightline.web.workbench import Workbench

ROUTE_MODULES = (
    "home",
    "cases",
    "case_forms",
    "analysis",
    "documents",
    "sessions",
    "approvals",
    "account",
    "team",
)
"""Modules of ``brightline.web.routes`` whose ``router(workbench)`` adds pages, in nav order."""

UPLOAD_OVERHEAD = 64 * 1024
"""Room for the multipart envelope and the other form fields around an uploaded case file."""

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""Host names a loopback server answers to. Any other ``Host`` is refused (400) before routing:
a page on another site can point its own name at 127.0.0.1 (DNS rebinding) and would otherwise
be same-origin with the workbench, able to read every case and post with a valid token."""

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a web app is built from.

    Attributes:
        cases_folder: Where the user's cases are kept (see ``services/case_library.py``).
        examples_folder: Read-only example cases listed on the home page, if any.
        open_store: Opens the session store (default: the configured database, as the CLI).
        secret: Signs the browser-session cookie and CSRF tokens; random per app when not given,
            so tokens die with the server.
        max_body_bytes: Largest request body accepted: a case file at the reader's limit plus
            the form around it.
        allowed_hosts: Host names the app answers to (``*.example.org`` patterns allowed);
            loopback names by default, so a rebinding attacker's name is refused.
        password_cost: argon2id's cost for new password hashes (tests pass a cheap one).
        trusted_user_header: The request header a reverse proxy sets to the authenticated
            user's name (single sign-on). Off (None) by default, and only honoured when set:
            then the proxy must strip that header from what clients send.
        secure_cookies: Mark cookies ``Secure`` even when requests arrive as plain http (TLS
            ended at a proxy); over https they always are.
        queue_lease_seconds: When set, requests run one at a time in arrival order (or
            ``queue_lanes`` at a time), each holding its turn for at most this long
            (``web/queueing.py`` says why). None (the default) runs them all at once in the
            threadpool, as FastAPI does: on the shared, loaded machine the queue measured
            slower (each hand-over between the event loop and a thread waits for the OS to
            schedule it, while the core sits idle; docs/benchmarks.md, session 6), so it stays
            off until a quiet machine shows it pays (``bench_web.py --mode all``).
        queue_lanes: How many requests hold a turn at once (1: one at a time).
    """

    cases_folder: Path
    examples_folder: Path | None = None
    open_store: StoreFactory | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    max_body_bytes: int = MAX_FILE_BYTES + UPLOAD_OVERHEAD
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    password_cost: HashCost = field(default_factory=HashCost)
    trusted_user_header: str | None = None
    secure_cookies: bool = False
    queue_lease_seconds: float | None = None
    queue_lanes: int = 1


def create_app(settings: Settings) -> FastAPI:
    """The web workbench for ``settings``: every route module, static files, errors, guards."""
    from fastapi import Depends, FastAPI
    from fastapi.staticfiles import StaticFiles
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from brightline.services.accounts import Accounts
    from brightline.services.team_cases import ParsedCases
    from brightline.web.auth import TeamGate, database_factory, install_login_redirect
    from brightline.web.errors import install_error_pages
    from brightline.web.queueing import OneAtATime
    from brightline.web.security import Guard, Signer, csrf_check
    from brightline.web.workbench import build_workbench

    signer = Signer(settings.secret)
    workbench = build_workbench(settings, TEMPLATES)
    accounts = Accounts(database_factory(settings.open_store), cost=settings.password_cost)
    app = FastAPI(
        title="Brightline",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_check(signer))],
    )
    app.state.workbench = workbench
    app.state.team_gate = TeamGate(settings, workbench, accounts, ParsedCases(), signer)
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"brightline.web.routes.{name}")
        app.include_router(module.router(workbench))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app, workbench)
    install_login_redirect(app, workbench)
    if settings.queue_lease_seconds is not None:
        # Innermost: the cheap guards outside answer at once; only the pages queue.
        app.add_middleware(
            OneAtATime, lease_seconds=settings.queue_lease_seconds, lanes=settings.queue_lanes
        )
    app.add_middleware(
        Guard,
        signer=signer,
        max_body_bytes=settings.max_body_bytes,
        secure=settings.secure_cookies,
        too_large_page=too_large_page(workbench),
    )
    # Added last, so it runs first: a foreign Host never reaches a page or the CSRF check.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app


def too_large_page(workbench: Workbench) -> Callable[[Scope], str]:
    """The page of an upload refused for its size, in the site's layout.

    The limit is said as the upload forms say it (the case file's limit, in MiB), not as the
    request's byte count, which adds room for the form around the file.
    """
    from starlette.requests import Request

    from brightline.amounts import amount

    limit = amount(MAX_FILE_BYTES / 1024**2, "MiB")

    def page(scope: Scope) -> str:
        return workbench.pages.html(Request(scope), "too_large.html", {"limit": limit})

    return page
