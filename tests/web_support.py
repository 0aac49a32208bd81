"""Helpers for the web tests: the route-coverage marker, the app and its client and CSRF token.

``covers("GET", "/cases/{case_id}")`` marks a test as the TestClient test of a route; the
route-listing test (tests/web/test_web_routes.py) reads every ``covers(...)`` call under tests/web/
and fails on a route of the app that no test covers. A new page module adds its routes' tests
with ``@covers(...)`` and the check extends by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    options: dict[str, Any] = {"allowed_hosts": ("testserver", "127.0.0.1", "localhost")}
    options.update(changes)
    settings = Settings(
        cases_folder=root / "cases",
        examples_folder=examples,
        open_store=lambda: open_store(url),
        **options,
    )
    return create_app(settings)


def csrf_token(client: Any) -> str:
    """The CSRF token of the client's browser session (from the new-case form, a cheap page)."""
    match = TOKEN.search(client.get("/cases/new").text)
    assert match, "the new-case page has no form with a CSRF token"
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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    import socket
    import threading

    import uvicorn

    root = tmp_path_factory.mktemp("live")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # No examples: the journey starts from a starter, and listing the examples parses each one.
    config = uvicorn.Config(web_app(root), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(500):  # up to 5 s: the app is built before the thread starts, so this is short
        if server.started:
            started.set()
            break
        started.wait(0.01)
    assert server.started, "the live server did not start"
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as warm:
        assert warm.status == 200  # templates compiled here, not inside a page's timeout
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (skipped, with the reason, when it is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/debian.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@contextmanager
def screenshot_on_failure(page: Any, folder: Path) -> Iterator[None]:
    """Leave a full-page screenshot in ``folder`` when the block fails; its path is in the error."""
    try:
        yield
    except BaseException as error:
        shot = folder / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        error.add_note(f"screenshot of the page at the failure: {shot} (at {page.url})")
        raise
