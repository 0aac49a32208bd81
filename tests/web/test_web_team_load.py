"""A short run of the team load test (benchmarks/bench_team_load.py) in the suite.

Users of two teams, each logged in with their own account, log notes into their team's shared
session at once; afterwards every note the server acknowledged is in the store as that event
with that text and that user as its author, none is stored twice, every session is its team's
and every chain verifies. SQLite with one worker always (the app served in a thread of this process);
PostgreSQL with four worker processes of a real ``brightline serve``, started on an empty
database (which they must migrate exactly once), when the test server is there.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from brightline.services.accounts import CHEAP_HASH
from brightline.session.database import create, current_revision, newest_revision
from conftest import POSTGRES_VARIABLE
from team_load_support import harness

USERS = 8
TEAMS = 2
SECONDS = 1.0
WORKERS = 4
MIGRATED = "brought the database schema up to date"


def _connected_workers(database: str) -> int:
    """How many server connections the database has (each booted worker keeps its pool's one)."""
    admin = create_engine(os.environ[POSTGRES_VARIABLE])
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                {"name": make_url(database).database},
            ).scalar_one()
    finally:
        admin.dispose()
    return int(found)


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


def test_postgres_four_workers_migrate_once_then_lose_and_duplicate_nothing(
    tmp_path: Path,
) -> None:
    """One real ``brightline serve`` with four workers, started on an empty database.

    The workers start at once and must bring the schema to the newest revision exactly once
    (the advisory lock in ``session/database.py``); then the team's users log in and log notes
    through them. One server boot covers both, as the suite's time budget asks.
    """
    server = os.environ.get(POSTGRES_VARIABLE, "")
    if not server:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    database = harness.fresh_postgres_database(server)
    with harness.served(database, WORKERS, tmp_path / "cases") as running:
        deadline = time.monotonic() + 120
        while _connected_workers(database) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _connected_workers(database) >= WORKERS, "not every worker opened the store"
        # Accounts made now, on the migrated store: every request asks whether users exist,
        # so the running workers switch to team mode. Cheap hashes are upgraded at log-in.
        harness.create_accounts(database, USERS, TEAMS, CHEAP_HASH)
        result = harness.run_load(
            running.base,
            database,
            label="PostgreSQL",
            workers=WORKERS,
            users=USERS,
            teams=TEAMS,
            seconds=SECONDS,
            warm_up=False,
        )
    assert running.stderr.count(MIGRATED) == 1, running.stderr
    assert "Traceback" not in running.stderr, running.stderr
    engine = create(database)
    try:
        assert current_revision(engine) == newest_revision()
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT count(*) FROM alembic_version"))
            assert versions.scalar_one() == 1
    finally:
        engine.dispose()
    _assert_sound(result)
