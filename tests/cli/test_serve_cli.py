"""``brightline serve``: loopback by default, prints its address, warns on an open address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brightline.web import server


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[Any, str, int]]:
    # serve reads the store to know whether accounts exist: never the user's own store here.
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    calls: list[tuple[Any, str, int]] = []
    monkeypatch.setattr(
        server, "run", lambda settings, host, port: calls.append((settings, host, port))
    )
    return calls


def test_serve_listens_on_loopback_and_prints_the_url(
    cli: Any, started: list[tuple[Any, str, int]], tmp_path: Path
) -> None:
    result = cli("serve", "--port", "8123", "--cases", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.stdout
    assert "warning" not in result.stderr
    settings, host, port = started[0]
    assert (host, port, settings.cases_folder) == ("127.0.0.1", 8123, tmp_path)
    assert settings.allowed_hosts == ("127.0.0.1", "localhost", "[::1]")  # no DNS rebinding


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_serve_on_an_open_address_warns_without_authentication(
    cli: Any, started: list[tuple[Any, str, int]], host: str
) -> None:
    result = cli("serve", "--host", host)
    assert result.exit_code == 0, result.output
    assert "warning: listening on" in result.stderr
    assert "no authentication is configured" in result.stderr
    assert started[0][1] == host
    assert started[0][0].allowed_hosts == ("*",)  # reached under names this process cannot know


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert server.is_loopback(host)


def test_help_does_not_import_the_web_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from brightline.cli.app import run\n"
        "try:\n    run(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'jinja2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]"), done.stdout
