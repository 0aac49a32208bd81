"""Fixtures of the web tests: an app on a temporary folder, its client and CSRF token.

The app is built once per module (building it is cheap, but the examples' first parse is not);
each module gets its own folder, so tests in one module see each other's cases but no other
module's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web_support import EXAMPLES, csrf_token, web_app


@pytest.fixture(scope="module")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def client(web_root: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(web_app(web_root, EXAMPLES)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def token(client: Any) -> str:
    return csrf_token(client)
