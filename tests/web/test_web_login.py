"""Log-in, log-out and the account page, with the security checks of OWASP ASVS level 1 that apply.

Throttling, session fixation, CSRF bound to the log-in, reflected and stored XSS on the new
pages, security headers and cookie attributes, and no secret in any log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.session.roles import Role
from brightline.web.security import SESSION_COOKIE
from team_support import (
    ACME_MEMBERS,
    PASSWORD,
    accounts,
    csrf_of,
    log_in,
    team_app,
    two_teams,
)
from web_support import EXAMPLES, covers

OWNER = ACME_MEMBERS[Role.OWNER]


@pytest.fixture(scope="module")
def team_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("login")
    two_teams(root)
    return root


@pytest.fixture(scope="module")
def app(team_root: Path) -> Any:
    return team_app(team_root, EXAMPLES)


@pytest.fixture
def fresh(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield client


def _cookie(client: Any) -> str:
    return str(client.cookies.get(SESSION_COOKIE))


def _post_login(client: Any, name: str, password: str, token: str | None = None) -> Any:
    token = token or csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"csrf_token": token, "name": name, "password": password, "next": "/sessions"},
        follow_redirects=False,
    )


@covers("GET", "/login")
def test_the_log_in_page_only_in_team_mode(fresh: Any, tmp_path: Path) -> None:
    page = fresh.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text
    assert 'type="password"' in page.text and 'autocomplete="current-password"' in page.text
    from fastapi.testclient import TestClient

    with TestClient(team_app(tmp_path)) as single_user:  # no accounts: no log-in page
        answer = single_user.get("/login", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/"


@covers("POST", "/login")
def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(fresh: Any) -> None:
    wrong_password = _post_login(fresh, "victor", "not the password at all")
    unknown_name = _post_login(fresh, "nobody-here", "not the password at all")
    assert wrong_password.status_code == unknown_name.status_code == 401
    assert "the name or the password is wrong" in wrong_password.text
    assert wrong_password.text.replace("victor", "X") == unknown_name.text.replace(
        "nobody-here", "X"
    )
    arrived = _post_login(fresh, "victor", PASSWORD)
    assert arrived.status_code == 303 and arrived.headers["location"] == "/sessions"


def test_log_in_is_throttled_per_name_even_for_the_right_password(fresh: Any) -> None:
    for _ in range(4):
        assert _post_login(fresh, "april", "guess guess guess").status_code == 401
    locked = _post_login(fresh, "april", "guess guess guess")
    assert locked.status_code == 429 and "try again in 15 minutes" in locked.text
    assert _post_login(fresh, "april", PASSWORD).status_code == 429  # locked: not even checked
    for _ in range(5):  # names that do not exist are throttled the same way
        last = _post_login(fresh, "ghost", "guess guess guess")
    assert last.status_code == 429
    assert _post_login(fresh, "nina", PASSWORD).status_code == 303  # other names unaffected


def test_a_log_in_gets_a_new_session_id_and_a_new_csrf_token(fresh: Any, app: Any) -> None:
    before_token = csrf_of(fresh.get("/login").text)
    planted = _cookie(fresh)  # what an attacker could have fixed in the victim's browser
    assert _post_login(fresh, OWNER, PASSWORD, before_token).status_code == 303
    after = _cookie(fresh)
    assert after != planted
    after_token = csrf_of(fresh.get("/account").text)
    assert after_token != before_token
    from fastapi.testclient import TestClient

    with TestClient(app, cookies={SESSION_COOKIE: planted}) as attacker:
        assert attacker.get("/account", follow_redirects=False).status_code == 303
    # The token of the anonymous session no longer passes.
    stale = fresh.post("/account/team", data={"csrf_token": before_token, "team": "acme"})
    assert stale.status_code == 403


def test_the_cookie_is_http_only_strict_and_secure_when_configured(
    fresh: Any, team_root: Path
) -> None:
    token = csrf_of(fresh.get("/login").text)
    answer = _post_login(fresh, OWNER, PASSWORD, token)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    from fastapi.testclient import TestClient

    with TestClient(team_app(team_root, secure_cookies=True)) as behind_tls:
        cookie = _post_login(behind_tls, OWNER, PASSWORD).headers["set-cookie"].lower()
        assert "; secure" in cookie and "httponly" in cookie


@covers("POST", "/logout")
def test_log_out_ends_the_log_in_for_good(fresh: Any, app: Any) -> None:
    token = log_in(fresh, "nina")
    held = _cookie(fresh)
    out = fresh.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert _cookie(fresh) != held
    from fastapi.testclient import TestClient

    with TestClient(app, cookies={SESSION_COOKIE: held}) as replay:  # a copied cookie is dead
        assert replay.get("/", follow_redirects=False).status_code == 303


@covers("GET", "/account")
def test_the_account_page_shows_the_member_and_their_team(fresh: Any) -> None:
    log_in(fresh, "victor")
    page = fresh.get("/account")
    assert page.status_code == 200
    assert "<strong>victor</strong>, viewer in team" in page.text
    for name in ACME_MEMBERS.values():
        assert f"<td>{name}</td>" in page.text
    assert "<td>gus</td>" not in page.text  # another team's members are not listed
    assert "victor · acme (viewer)" in page.text  # the badge in the navigation


@covers("POST", "/account/password")
def test_changing_the_password_logs_out_every_other_browser(
    fresh: Any, app: Any, team_root: Path
) -> None:
    from fastapi.testclient import TestClient

    store = accounts(team_root)
    store.add_user("paula", PASSWORD)
    store.grant("paula", "acme", Role.NEGOTIATOR)
    with TestClient(app) as elsewhere:
        log_in(elsewhere, "paula")
        token = log_in(fresh, "paula")
        wrong = fresh.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": "not it at all",
                "new_password": "a brand new passphrase",
                "confirm_password": "a brand new passphrase",
            },
        )
        assert wrong.status_code == 422 and "the current password is wrong" in wrong.text
        differ = fresh.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "a brand new passphrase",
                "confirm_password": "a different passphrase",
            },
        )
        assert differ.status_code == 422 and "the two new passwords differ" in differ.text
        short = fresh.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "short",
                "confirm_password": "short",
            },
        )
        assert short.status_code == 422 and "use at least 12" in short.text
        changed = fresh.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "a brand new passphrase",
                "confirm_password": "a brand new passphrase",
            },
            follow_redirects=False,
        )
        assert (
            changed.status_code == 303 and changed.headers["location"] == "/account?done=password"
        )
        assert fresh.get("/account").status_code == 200  # this browser got a new log-in
        assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    assert _post_login(fresh, "paula", PASSWORD).status_code == 401
    assert _post_login(fresh, "paula", "a brand new passphrase").status_code == 303


@covers("POST", "/account/team")
def test_a_member_of_two_teams_switches_between_them(fresh: Any, team_root: Path) -> None:
    accounts(team_root).grant("nina", "globex", Role.VIEWER)
    token = log_in(fresh, "nina")
    assert "nina · acme (negotiator)" in fresh.get("/").text
    page = fresh.get("/account")
    assert 'value="globex"' in page.text
    switched = fresh.post(
        "/account/team", data={"csrf_token": token, "team": "globex"}, follow_redirects=False
    )
    assert switched.status_code == 303
    assert "nina · globex (viewer)" in fresh.get("/").text
    assert (
        fresh.post("/cases/new", data={"csrf_token": token, "context": "sales"}).status_code == 403
    )
    refused = fresh.post("/account/team", data={"csrf_token": token, "team": "initech"})
    assert refused.status_code == 400 and "not a member of that team" in refused.text


def test_forms_without_this_browser_s_token_are_refused(fresh: Any, app: Any) -> None:
    assert fresh.post("/login", data={"name": OWNER, "password": PASSWORD}).status_code == 403
    from fastapi.testclient import TestClient

    with TestClient(app) as other:
        other_token = log_in(other, "victor")
    log_in(fresh, OWNER)
    borrowed = fresh.post(
        "/account/password",
        data={
            "csrf_token": other_token,
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    assert borrowed.status_code == 403
    cross_site = fresh.post(
        "/logout", data={"csrf_token": other_token}, headers={"origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403


XSS = '<script>alert(1)</script>{{7*7}}"><img src=x onerror=alert(2)>'


def test_text_sent_to_the_new_pages_comes_back_escaped(fresh: Any, team_root: Path) -> None:
    reflected = _post_login(fresh, XSS, "whatever it is")
    assert reflected.status_code == 401
    assert "<script>alert(1)" not in reflected.text and "<img src=x" not in reflected.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}" in reflected.text
    target = fresh.get("/login", params={"next": '"><script>alert(3)</script>'})
    assert "<script>alert(3)" not in target.text
    # Stored: a team case whose title is markup, listed on the team's home page.
    token = log_in(fresh, "nina")
    case = (EXAMPLES / "saas-data-residency.yaml").read_text(encoding="utf-8")
    title = next(line for line in case.splitlines() if line.strip().startswith("title:"))
    hostile = case.replace(title, title.split(":")[0] + ": '<script>alert(4)</script>'", 1)
    uploaded = fresh.post(
        "/cases/upload",
        data={"csrf_token": token},
        files={"file": ("hostile.yaml", hostile.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text
    home = fresh.get("/").text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in home and "<script>alert(4)" not in home


def test_the_new_pages_carry_the_security_headers(fresh: Any) -> None:
    for page in (fresh.get("/login"), _post_login(fresh, "victor", "wrong wrong wrong")):
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["cache-control"] == "no-store"


def test_only_a_configured_proxy_header_logs_anyone_in(team_root: Path, app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app) as plain:  # not configured: the header is ignored
        assert plain.get("/", headers={"x-user": OWNER}, follow_redirects=False).status_code == 303
    trusting = team_app(team_root, EXAMPLES, trusted_user_header="x-user")
    with TestClient(trusting) as proxied:
        page = proxied.get("/", headers={"x-user": OWNER})
        assert page.status_code == 200 and f"{OWNER} · acme (owner)" in page.text
        unknown = proxied.get("/", headers={"x-user": "mallory"}, follow_redirects=False)
        assert unknown.status_code == 303


def test_no_password_hash_or_cookie_reaches_a_log_line(
    fresh: Any, team_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "sqlalchemy.pool"):
        logging.getLogger(name).setLevel(logging.DEBUG)  # as if someone turned SQL logging on
    try:
        store = accounts(team_root)
        store.add_user("logan", PASSWORD)
        store.grant("logan", "acme", Role.VIEWER)
        _post_login(fresh, "logan", "a wrong password here")
        token = log_in(fresh, "logan")
        fresh.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "the next long passphrase",
                "confirm_password": "the next long passphrase",
            },
        )
        cookie = _cookie(fresh)
    finally:
        for name in ("sqlalchemy.engine", "sqlalchemy.pool"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    stored = store.list_users()
    assert any(user.name == "logan" for user in stored)
    from brightline.session.accounts import AccountStore
    from brightline.session.database import open_database
    from team_support import database_url

    with open_database(database_url(team_root)) as database:
        found = AccountStore(database).user("logan")
    assert found is not None
    text = caplog.text
    assert caplog.records, "nothing was logged: the capture did not work"
    secrets = [PASSWORD, "a wrong password here", "the next long passphrase", cookie]
    secrets += [cookie.split(".")[0], found.password_hash, found.password_hash.split("$")[-1]]
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/sessions", "/sessions"),
        ("/cases/deal?done=saved", "/cases/deal?done=saved"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_after_log_in_only_a_path_on_this_site_is_followed(
    fresh: Any, asked: str, sent_to: str
) -> None:
    token = csrf_of(fresh.get("/login").text)
    answer = fresh.post(
        "/login",
        data={"csrf_token": token, "name": "victor", "password": PASSWORD, "next": asked},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == sent_to
