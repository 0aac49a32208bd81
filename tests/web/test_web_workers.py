"""Worker processes hold no state another needs: built from the environment, they share the store
and the signing secret, so a form served by one worker is accepted by another."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.web import server
from web_support import covers

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def worker_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What ``brightline serve --workers N`` hands its workers, on a SQLite file here."""
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")
    monkeypatch.setenv(server.SECRET_VARIABLE, "x" * 64)
    monkeypatch.setenv(server.CASES_VARIABLE, str(tmp_path / "cases"))
    monkeypatch.setenv(server.HOSTS_VARIABLE, "testserver,127.0.0.1")
    return tmp_path


@covers("POST", "/{library}/{case_id}/sessions")
def test_two_workers_accept_each_others_forms_and_see_one_store(worker_environment: Path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(server.worker_app()) as first, TestClient(server.worker_app()) as second:
        token = TOKEN.search(first.get("/cases/new").text)
        assert token is not None
        second.cookies.update(first.cookies)  # the browser goes on, the proxy picks the other
        started = second.post(
            "/examples/saas-data-residency/sessions",
            data={"csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert started.status_code == 303, started.text
        # The session the second worker started is in the store the first one reads.
        assert first.get(started.headers["location"]).status_code == 200


def test_a_worker_without_a_secret_refuses_to_start(
    worker_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(server.SECRET_VARIABLE)
    with pytest.raises(UsageError, match="a worker needs BRIGHTLINE_SECRET"):
        server.worker_app()


def test_a_worker_with_another_secret_refuses_the_form(
    worker_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    with TestClient(server.worker_app()) as first:
        token = TOKEN.search(first.get("/cases/new").text)
        assert token is not None
        monkeypatch.setenv(server.SECRET_VARIABLE, "y" * 64)
        with TestClient(server.worker_app()) as other:
            other.cookies.update(first.cookies)
            refused = other.post(
                "/examples/saas-data-residency/sessions",
                data={"csrf_token": token.group(1)},
                follow_redirects=False,
            )
    assert refused.status_code == 403
