"""Fixtures shared by the session tests: one store per backend (SQLite file, real PostgreSQL).

The PostgreSQL URL comes from BRIGHTLINE_TEST_POSTGRES_URL, which scripts/test sets after starting a
throwaway server (scripts/postgres.sh); under pytest-xdist each worker gets its own database on
it (tests/conftest.py). Without it the postgres parameters are skipped, so the tests still run
on a laptop without PostgreSQL; CI always has it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.session.events import Event
from brightline.session.store import SessionStore, open_store
from conftest import POSTGRES_VARIABLE
from factories import to_yaml, variant

BACKENDS = ["sqlite", "postgres"]


def backend_url(backend: str, tmp_path: Path) -> str:
    """A database URL for the backend: a fresh SQLite file, or the shared test server."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'sessions.db'}"
    url = os.environ.get(POSTGRES_VARIABLE, "")
    if not url:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that uses it runs once on SQLite and once on PostgreSQL."""
    return backend_url(str(request.param), tmp_path)


@pytest.fixture
def store(database_url: str) -> Iterator[SessionStore]:
    """An open store on the backend under test (sessions get fresh random ids, so tests share)."""
    with open_store(database_url) as opened:
        yield opened


def case_text(**changes: Any) -> str:
    """The minimal factory case as YAML, with a reservation point far enough below zero to trade."""
    document = variant(**{"reservation.value": -10000, **changes})
    return to_yaml(document)


def execute(store: SessionStore, sql: str, **parameters: Any) -> None:
    """Run raw SQL against the store, as someone tampering with the database would."""
    from sqlalchemy import text

    with store.database.engine.begin() as connection:
        connection.execute(text(sql), parameters)


def kinds(events: list[Event]) -> list[str]:
    """The kinds of events, in order."""
    return [event.kind for event in events]
