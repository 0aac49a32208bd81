"""``serve`` prints its address only once the socket listens, and a taken port is an error.

Printing before the bind told the user to open an address that refused connections for a
moment (or for good, when the port was taken: uvicorn then logged the error and exited 1 after
the address had been printed as running).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.web import server


class Announced(Exception):
    """Raised by the test's announcement to stop the server before it serves."""


@pytest.fixture(autouse=True)
def small_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app that costs nothing to build: what is tested is the socket, not the pages."""
    import brightline.web.app

    async def app(scope: object, receive: object, send: object) -> None:  # pragma: no cover
        raise AssertionError("no request is served in these tests")

    monkeypatch.setattr(server, "settings_of", lambda launch: None)
    monkeypatch.setattr(brightline.web.app, "create_app", lambda settings: app)


def _launch(tmp_path: Path, port: int) -> server.Launch:
    return server.plan(
        "127.0.0.1",
        port,
        1,
        f"sqlite:///{tmp_path / 'serve.db'}",
        tmp_path / "cases",
        None,
        ("127.0.0.1",),
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_address_answers_when_it_is_announced(tmp_path: Path) -> None:
    port = _free_port()
    answered: list[bool] = []

    def announce() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            answered.append(True)
        raise Announced

    with pytest.raises(Announced):
        server.run(_launch(tmp_path, port), announce)
    assert answered == [True]


def test_a_taken_port_is_an_error_and_nothing_is_announced(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        announced: list[bool] = []
        with pytest.raises(UsageError) as refused:
            server.run(_launch(tmp_path, port), lambda: announced.append(True))
    assert announced == []
    assert refused.value.parameter == "port"
    assert str(port) in refused.value.message and "free port" in refused.value.message
