"""Helpers for the web tests: the route-coverage marker and a CSRF-aware test client.

``covers("GET", "/cases/{case_id}")`` marks a test as the TestClient test of a route; the
route-listing test (tests/web/test_web_routes.py) reads every ``covers(...)`` call under tests/web/
and fails on a route of the app that no test covers. A new page module adds its routes' tests
with ``@covers(...)`` and the check extends by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Test = TypeVar("Test", bound=Callable[..., Any])

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def covers(method: str, path: str) -> Callable[[Test], Test]:
    """Mark a test as covering the route ``method path`` (read by the route-listing test)."""

    def mark(test: Test) -> Test:
        return test

    return mark


def web_app(root: Path, examples: Path | None = None, **changes: Any) -> Any:
    """A web app keeping its cases under ``root`` (and sessions in a SQLite file there)."""
    from brightline.session.store import open_store
    from brightline.web.app import Settings, create_app

    url = f"sqlite:///{root / 'sessions.db'}"
    settings = Settings(
        cases_folder=root / "cases",
        examples_folder=examples,
        open_store=lambda: open_store(url),
        **changes,
    )
    return create_app(settings)


def csrf_token(client: Any) -> str:
    """The CSRF token of the client's browser session (fetched from the home page's forms)."""
    match = TOKEN.search(client.get("/").text)
    assert match, "the home page has no form with a CSRF token"
    return match.group(1)
