"""Four workers of a real ``brightline serve`` starting at once on an empty PostgreSQL database
bring it to the newest schema exactly once (the advisory lock in ``session/database.py``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from brightline.session.database import create, current_revision, newest_revision
from conftest import POSTGRES_VARIABLE
from team_load_support import harness

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


def test_four_workers_on_an_empty_database_migrate_it_once(tmp_path: Path) -> None:
    if not os.environ.get(POSTGRES_VARIABLE):
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    database = harness.fresh_postgres_database(os.environ[POSTGRES_VARIABLE])
    with harness.served(database, WORKERS, tmp_path / "cases") as running:
        deadline = time.monotonic() + 120
        while _connected_workers(database) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _connected_workers(database) >= WORKERS, "not every worker opened the store"
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
