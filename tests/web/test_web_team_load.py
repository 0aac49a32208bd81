"""A short run of the team load test (benchmarks/bench_team_load.py) in the suite.

Users of two teams, each logged in with their own account, log notes into their team's shared
session at once; afterwards every note the server acknowledged is in the store as that event
with that text and that user as its author, none is stored twice, every session is its team's
and every chain verifies. SQLite with one worker always (the app served in a thread of this process);
PostgreSQL with two worker processes of a real ``brightline serve`` when the test server is there.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from brightline.services.accounts import CHEAP_HASH
from conftest import POSTGRES_VARIABLE
from team_load_support import harness

USERS = 8
TEAMS = 2
SECONDS = 2.0


@contextmanager
def in_thread(database: str, cases: Path) -> Iterator[str]:
    """The app with a pooled store, as one ``serve`` worker builds it, in a uvicorn thread."""
    import uvicorn

    from brightline.services.case_library import bundled_examples_folder
    from brightline.web import server
    from brightline.web.app import create_app

    launch = server.Launch(
        host="127.0.0.1",
        port=0,
        workers=1,
        database=database,
        cases_folder=cases,
        examples_folder=bundled_examples_folder(),
        allowed_hosts=("127.0.0.1",),
        secret=harness.SECRET.encode(),
        secret_generated=False,
    )
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    settings = replace(server.settings_of(launch), password_cost=CHEAP_HASH)
    config = uvicorn.Config(create_app(settings), log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        harness.wait_for(base, 30)
        yield base
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        listener.close()


def _assert_sound(result: object) -> None:
    assert result.lost == 0, result  # type: ignore[attr-defined]
    assert result.duplicated == 0, result  # type: ignore[attr-defined]
    assert result.misplaced_sessions == 0, result  # type: ignore[attr-defined]
    assert result.chains_intact == result.sessions == TEAMS, result  # type: ignore[attr-defined]
    assert result.failed == 0, result.failures  # type: ignore[attr-defined]
    # every user was answered at least once, and the sessions were shared while it ran
    assert result.acknowledged >= USERS, result  # type: ignore[attr-defined]


def test_sqlite_with_one_worker_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'load.db'}"
    harness.create_accounts(database, USERS, TEAMS, CHEAP_HASH)
    with in_thread(database, tmp_path / "cases") as base:
        result = harness.run_load(
            base,
            database,
            label="SQLite",
            workers=1,
            users=USERS,
            teams=TEAMS,
            seconds=SECONDS,
            warm_up=False,
        )
    _assert_sound(result)


def test_postgres_with_two_workers_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    server = os.environ.get(POSTGRES_VARIABLE, "")
    if not server:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    database = harness.fresh_postgres_database(server)
    harness.create_accounts(database, USERS, TEAMS)  # the server hashes at the real cost
    with harness.served(database, 2, tmp_path / "cases") as running:
        result = harness.run_load(
            running.base,
            database,
            label="PostgreSQL",
            workers=2,
            users=USERS,
            teams=TEAMS,
            seconds=SECONDS,
            warm_up=False,
        )
    assert "Traceback" not in running.stderr, running.stderr
    _assert_sound(result)
