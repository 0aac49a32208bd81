"""``brightline serve``: loopback by default, prints its address, warns on an open address;
several workers only on PostgreSQL, all signing with one secret."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brightline.web import server

Started = list[server.Launch]
POSTGRES = "postgresql+psycopg://team@db.internal/brightline"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Started:
    """Stands in for the server: keeps the launch plan and prints the address as run does.

    The store is a new SQLite file here (never the user's own: its schema may be newer).
    """
    calls: Started = []
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")

    def run(launch: server.Launch, announce: Callable[[], None]) -> None:
        calls.append(launch)
        announce()

    monkeypatch.setattr(server, "run", run)
    monkeypatch.delenv(server.SECRET_VARIABLE, raising=False)
    return calls


def test_serve_listens_on_loopback_and_prints_the_url(
    cli: Any, started: Started, tmp_path: Path
) -> None:
    result = cli("serve", "--port", "8123", "--cases", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Brightline is running at http://127.0.0.1:8123/ ")
    assert "workers" not in result.stdout and "every network interface" not in result.stdout
    assert "warning" not in result.stderr and "note" not in result.stderr
    launch = started[0]
    assert (launch.host, launch.port, launch.cases_folder) == ("127.0.0.1", 8123, tmp_path)
    assert launch.workers == 1
    assert launch.allowed_hosts == ("127.0.0.1", "localhost", "[::1]")  # no DNS rebinding


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_serve_on_an_open_address_warns_without_authentication(
    cli: Any, started: Started, host: str
) -> None:
    result = cli("serve", "--host", host)
    assert result.exit_code == 0, result.output
    assert "warning: listening on" in result.stderr
    assert "no authentication is configured" in result.stderr
    assert started[0].host == host
    assert started[0].allowed_hosts == ("*",)  # reached under names this process cannot know


@pytest.mark.parametrize(
    ("host", "opened", "listening"),
    [
        ("0.0.0.0", "http://127.0.0.1:8000/", "every network interface (0.0.0.0, port 8000)"),
        ("::", "http://[::1]:8000/", "every network interface (::, port 8000)"),
        ("192.168.1.10", "http://192.168.1.10:8000/", None),
    ],
)
def test_serve_prints_the_address_to_open_and_where_it_listens(
    cli: Any, started: Started, host: str, opened: str, listening: str | None
) -> None:
    result = cli("serve", "--host", host)
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    assert first == f"Brightline is running at {opened} (press Ctrl+C to stop)"
    if listening is None:
        assert not rest
    else:
        assert rest == [
            f"It listens on {listening}: other machines reach it at this machine's name or address."
        ]


def test_a_proxy_name_is_answered_on_loopback(cli: Any, started: Started) -> None:
    result = cli("serve", "--allow-host", "brightline.example.com", "--allow-host", "*.corp")
    assert result.exit_code == 0, result.output
    assert started[0].allowed_hosts == (
        "127.0.0.1",
        "localhost",
        "[::1]",
        "brightline.example.com",
        "*.corp",
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert server.is_loopback(host)


def test_several_workers_on_postgres_share_one_generated_secret(
    cli: Any, started: Started, tmp_path: Path
) -> None:
    result = cli("serve", "--workers", "3", "--database", POSTGRES, "--cases", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "with 3 workers" in result.stdout
    assert "BRIGHTLINE_SECRET is not set" in result.stderr
    assert "several machines" in result.stderr
    launch = started[0]
    assert (launch.workers, launch.database, launch.secret_generated) == (3, POSTGRES, True)
    assert len(launch.secret) == 64
    environment = server.worker_environment(launch)
    assert environment == {
        "BRIGHTLINE_DATABASE_URL": POSTGRES,
        "BRIGHTLINE_SECRET": launch.secret.decode(),
        "BRIGHTLINE_CASES_FOLDER": str(tmp_path.resolve()),
        "BRIGHTLINE_ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
        "BRIGHTLINE_TRUST_USER_HEADER": "",  # no single sign-on unless asked for
        "BRIGHTLINE_SECURE_COOKIES": "",
    }


def test_a_configured_secret_is_used_and_not_announced(
    cli: Any, started: Started, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(server.SECRET_VARIABLE, "s" * 40)
    result = cli("serve", "--workers", "2", "--database", POSTGRES)
    assert result.exit_code == 0, result.output
    assert "note" not in result.stderr
    assert started[0].secret == b"s" * 40 and not started[0].secret_generated


def test_a_short_secret_is_refused(
    cli: Any, started: Started, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(server.SECRET_VARIABLE, "hunter2")
    result = cli("serve", "--workers", "2", "--database", POSTGRES)
    assert result.exit_code == 2
    assert "error: BRIGHTLINE_SECRET is 7 characters long; use at least 32" in result.stderr
    assert "hunter2" not in result.output
    assert not started


@pytest.mark.parametrize("database", [None, "sqlite:///team.db"])
def test_several_workers_on_sqlite_are_refused_with_what_to_do(
    cli: Any, started: Started, monkeypatch: pytest.MonkeyPatch, database: str | None
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", "sqlite:///default.db")
    result = cli("serve", "--workers", "4", *(("--database", database) if database else ()))
    assert result.exit_code == 2
    assert "error: --workers 4 needs a PostgreSQL database" in result.stderr
    assert "serve SQLite with one worker" in result.stderr
    assert "postgresql+psycopg://" in result.stderr
    assert not started


def test_an_unreachable_database_is_one_clear_error_before_the_address(
    cli: Any, tmp_path: Path
) -> None:
    result = cli(
        "serve", "--workers", "2", "--database", "postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    assert result.exit_code == 2
    assert "error: cannot open database postgresql+psycopg://nobody@127.0.0.1:1/none" in (
        result.stderr
    )
    assert "Brightline is running at" not in result.stdout


def test_help_does_not_import_the_web_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from brightline.cli.app import run\n"
        "try:\n    run(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'jinja2', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]"), done.stdout
