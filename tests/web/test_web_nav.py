"""The navigation bar: in team mode a visitor nobody logged in sees only the log-in and glossary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.session.roles import Role
from team_support import ACME_MEMBERS, log_in, team_app, two_teams
from web_support import EXAMPLES

LINKS = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)


def _nav(page: str) -> list[str]:
    found = LINKS.search(page)
    assert found, "the page has no main navigation"
    return re.findall(r'href="([^"]+)"', found.group(1))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("nav")
    two_teams(root)
    return team_app(root, EXAMPLES)


@pytest.fixture
def visitor(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield client


def test_logged_out_the_nav_offers_only_log_in_and_the_glossary(visitor: Any) -> None:
    login = visitor.get("/login")
    assert _nav(login.text) == ["/login", "/glossary"]
    glossary = visitor.get("/glossary")  # public: the words, nobody's cases
    assert glossary.status_code == 200 and _nav(glossary.text) == ["/login", "/glossary"]
    missing = visitor.get("/no-such-page")
    assert missing.status_code == 404 and _nav(missing.text) == ["/login", "/glossary"]


def test_logged_in_the_whole_nav_is_back(visitor: Any) -> None:
    log_in(visitor, ACME_MEMBERS[Role.OWNER])
    shown = _nav(visitor.get("/").text)
    assert "/sessions" in shown and "/cases/new" in shown and "/login" not in shown
    assert "/glossary" in _nav(visitor.get("/glossary").text)


def test_without_accounts_the_nav_is_whole_everywhere(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(team_app(tmp_path, EXAMPLES)) as single_user:
        for page in ("/", "/glossary", "/no-such-page"):
            shown = _nav(single_user.get(page).text)
            assert "/sessions" in shown and "/login" not in shown, page
