"""Helpers for team-mode tests: a store with two teams and a member per role, logged-in clients.

Team ``acme`` has one member per role; team ``globex`` has an owner only, who plays the outsider
trying acme's ids. Passwords are hashed at :data:`CHEAP_HASH` so a log-in costs microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brightline.services.accounts import CHEAP_HASH, Accounts
from brightline.session.roles import Role

PASSWORD = "correct horse battery staple"
"""Every test user's password (long enough for the policy)."""

ACME_MEMBERS = {
    Role.OWNER: "olive",
    Role.NEGOTIATOR: "nina",
    Role.APPROVER: "april",
    Role.VIEWER: "victor",
}
OUTSIDER = "gus"
"""The owner of team globex."""

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def database_url(root: Path) -> str:
    """The SQLite store of a test folder (the same file ``web_support.web_app`` uses)."""
    return f"sqlite:///{root / 'sessions.db'}"


def accounts(root: Path, **changes: Any) -> Accounts:
    """The account use cases over the folder's store, hashing cheaply."""
    from brightline.session.database import open_database

    url = database_url(root)
    return Accounts(lambda: open_database(url), cost=CHEAP_HASH, **changes)


def two_teams(root: Path) -> Accounts:
    """Turn team mode on in the folder's store: acme with a member per role, globex with gus."""
    found = accounts(root)
    found.create_owner(ACME_MEMBERS[Role.OWNER], PASSWORD, "acme", "Acme deal desk")
    for role, name in ACME_MEMBERS.items():
        if role is not Role.OWNER:
            found.add_user(name, PASSWORD)
            found.grant(name, "acme", role)
    found.add_user(OUTSIDER, PASSWORD)
    found.grant(OUTSIDER, "globex", Role.OWNER, "Globex procurement")
    return found


def team_app(root: Path, examples: Path | None = None, **changes: Any) -> Any:
    """The web app over the folder's store, hashing cheaply."""
    from web_support import web_app

    return web_app(root, examples, password_cost=CHEAP_HASH, **changes)


def csrf_of(page: str) -> str:
    """The CSRF token in a page's form."""
    match = TOKEN.search(page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def log_in(client: Any, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in as ``name``; return the CSRF token of its new browser session."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf_token": token, "name": name, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/account").text)


@dataclass
class Browser:
    """A logged-in client and its CSRF token."""

    client: Any
    token: str

    def post(self, path: str, data: dict[str, str] | None = None, **options: Any) -> Any:
        """POST a form with this browser's token."""
        return self.client.post(
            path, data={"csrf_token": self.token, **(data or {})}, follow_redirects=False, **options
        )


def browser(app: Any, name: str) -> Browser:
    """A new TestClient on ``app`` logged in as ``name`` (close it with ``.client.close()``)."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    return Browser(client, log_in(client, name))
