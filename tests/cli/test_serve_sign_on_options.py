"""``serve --trust-user-header`` and ``--secure-cookies`` (or their environment variables).

Both existed only as ``Settings`` fields that ``serve`` never set, so a server could not be
put behind a single-sign-on proxy, nor told that its proxy ends TLS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brightline.web import server

Started = list[server.Launch]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Started:
    """Stands in for the server, keeping the launch plan (a new SQLite store)."""
    calls: Started = []
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setattr(server, "run", lambda launch, announce: calls.append(launch))
    monkeypatch.delenv(server.SECRET_VARIABLE, raising=False)
    monkeypatch.delenv(server.TRUST_HEADER_VARIABLE, raising=False)
    monkeypatch.delenv(server.SECURE_COOKIES_VARIABLE, raising=False)
    return calls


def test_both_are_off_by_default(cli: Callable[..., Any], started: Started) -> None:
    assert cli("serve").exit_code == 0
    assert started[0].trusted_user_header is None and not started[0].secure_cookies
    settings = server.settings_of(started[0])
    assert settings.trusted_user_header is None and not settings.secure_cookies


def test_behind_a_named_proxy_the_header_is_trusted_without_a_warning(
    cli: Callable[..., Any], started: Started
) -> None:
    result = cli(
        "serve",
        "--allow-host",
        "brightline.example.com",
        "--trust-user-header",
        "X-Forwarded-User",
        "--secure-cookies",
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    launch = started[0]
    assert launch.trusted_user_header == "x-forwarded-user" and launch.secure_cookies
    settings = server.settings_of(launch)
    assert settings.trusted_user_header == "x-forwarded-user" and settings.secure_cookies
    workers = server.worker_environment(launch)
    assert workers[server.TRUST_HEADER_VARIABLE] == "x-forwarded-user"
    assert workers[server.SECURE_COOKIES_VARIABLE] == "1"


@pytest.mark.parametrize("where", [(), ("--host", "0.0.0.0")])
def test_a_trusted_header_without_a_named_proxy_warns(
    cli: Callable[..., Any],
    started: Started,
    monkeypatch: pytest.MonkeyPatch,
    where: tuple[str, ...],
) -> None:
    monkeypatch.setenv(server.TRUST_HEADER_VARIABLE, "x-remote-user")
    result = cli("serve", *where)
    assert result.exit_code == 0, result.output
    assert "warning: trusting the x-remote-user header" in result.stderr
    assert "anyone who can send that header can act as any account" in result.stderr
    assert started[0].trusted_user_header == "x-remote-user"


def test_a_header_name_that_is_no_header_name_is_refused(
    cli: Callable[..., Any], started: Started
) -> None:
    result = cli("serve", "--trust-user-header", "x user: admin")
    assert result.exit_code == 2
    assert "is not a header name" in result.stderr
    assert started == []


def test_a_worker_reads_both_from_its_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    launch = server.plan(
        "127.0.0.1",
        8000,
        2,
        f"postgresql+psycopg://u@h/{tmp_path.name}",
        tmp_path,
        None,
        ("127.0.0.1",),
        trusted_user_header="x-forwarded-user",
        secure_cookies=True,
    )
    for name, value in server.worker_environment(launch).items():
        monkeypatch.setenv(name, value)
    captured: list[Any] = []
    monkeypatch.setattr(server, "settings_of", lambda built: captured.append(built) or built)
    monkeypatch.setattr("brightline.web.app.create_app", lambda settings: settings)
    server.worker_app()
    assert captured[0].trusted_user_header == "x-forwarded-user"
    assert captured[0].secure_cookies is True
