"""Helpers for the web tests: the route-coverage marker, the app and its client and CSRF token.

``covers("GET", "/cases/{case_id}")`` marks a test as the TestClient test of a route; the
route-listing test (tests/web/test_web_routes.py) reads every ``covers(...)`` call under tests/web/
and fails on a route of the app that no test covers. A new page module adds its routes' tests
with ``@covers(...)`` and the check extends by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

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


# Fixtures: a test module imports the ones it uses (``from web_support import client, token``);
# tests/web has no conftest.py of its own, since a second ``conftest`` module would shadow the
# root one that other folders import from. Each module gets its own folder and app, built once.


@pytest.fixture(scope="module")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this module's own for cases and sessions."""
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def client(web_root: Path) -> Iterator[Any]:
    """A TestClient on an app with the examples and an empty cases folder."""
    from fastapi.testclient import TestClient

    with TestClient(web_app(web_root, EXAMPLES)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def token(client: Any) -> str:
    """The client's CSRF token."""
    return csrf_token(client)
