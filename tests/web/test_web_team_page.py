"""The team page: every member sees the team; only an owner adds members and changes roles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.session.roles import Role
from team_support import ACME_MEMBERS, Browser, accounts, browser, log_in, team_app, two_teams
from web_support import covers


@pytest.fixture(scope="module")
def team_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("team-page")
    two_teams(root)
    return root


@pytest.fixture(scope="module")
def app(team_root: Path) -> Any:
    return team_app(team_root)


@pytest.fixture(scope="module")
def owner(app: Any) -> Iterator[Browser]:
    found = browser(app, ACME_MEMBERS[Role.OWNER])
    yield found
    found.client.close()


@pytest.fixture(scope="module")
def viewer(app: Any) -> Iterator[Browser]:
    found = browser(app, ACME_MEMBERS[Role.VIEWER])
    yield found
    found.client.close()


@covers("GET", "/team")
def test_every_member_sees_the_team_and_only_the_owner_the_forms(
    owner: Browser, viewer: Browser
) -> None:
    seen = viewer.client.get("/team")
    assert seen.status_code == 200 and "<td>nina</td><td>negotiator</td>" in seen.text
    assert 'action="/team/members"' not in seen.text
    assert "<td>gus</td>" not in seen.text
    assert 'action="/team/members"' in owner.client.get("/team").text


@covers("POST", "/team/members")
def test_the_owner_adds_a_member_who_can_then_log_in(
    owner: Browser, viewer: Browser, app: Any
) -> None:
    denied = viewer.post("/team/members", {"name": "eve", "password": "x" * 12, "role": "owner"})
    assert denied.status_code == 403
    short = owner.post("/team/members", {"name": "quinn", "password": "short", "role": "viewer"})
    assert short.status_code == 422 and "use at least 12" in short.text
    bad = owner.post("/team/members", {"name": "<b>x</b>", "password": "x" * 12, "role": "viewer"})
    assert (
        bad.status_code == 422 and "&lt;b&gt;x&lt;/b&gt;" in bad.text and "<b>x</b>" not in bad.text
    )
    added = owner.post(
        "/team/members",
        {"name": "quinn", "password": "quinn's first passphrase", "role": "negotiator"},
    )
    assert added.status_code == 303 and added.headers["location"] == "/team?done=member"
    from fastapi.testclient import TestClient

    with TestClient(app) as quinn:
        log_in(quinn, "quinn", "quinn's first passphrase")
        assert "quinn · acme (negotiator)" in quinn.get("/").text
    # An existing user of another team joins with their own password untouched; the form asks
    # for a password whoever the name is, so its answer says nothing about which names exist.
    unsaid = owner.post("/team/members", {"name": "gus", "password": "", "role": "viewer"})
    assert unsaid.status_code == 422 and "use at least 12" in unsaid.text
    typed = {"password": "a first passphrase", "role": "viewer"}
    joined = owner.post("/team/members", {"name": "gus", **typed})
    fresh = owner.post("/team/members", {"name": "hana", **typed})
    assert joined.status_code == fresh.status_code == 303
    assert joined.headers["location"] == fresh.headers["location"]
    with TestClient(app) as gus:
        log_in(gus, "gus")


@covers("POST", "/team/role")
def test_the_owner_changes_roles_but_never_removes_the_last_owner(
    owner: Browser, viewer: Browser, team_root: Path
) -> None:
    assert viewer.post("/team/role", {"name": "victor", "role": "owner"}).status_code == 403
    changed = owner.post("/team/role", {"name": "victor", "role": "approver"})
    assert changed.status_code == 303
    assert ("victor", Role.APPROVER) in {
        (item.user, item.role) for item in accounts(team_root).team_members("acme")
    }
    last = owner.post("/team/role", {"name": "olive", "role": "viewer"})
    assert last.status_code == 422 and "the team&#39;s only owner" in last.text
    outsider = owner.post("/team/role", {"name": "nobody", "role": "viewer"})
    assert outsider.status_code == 422 and "is not a member of team acme" in outsider.text
