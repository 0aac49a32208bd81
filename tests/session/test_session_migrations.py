"""Migrations, upward from each older schema, with sessions recorded before the upgrade."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from brightline.session.database import create, current_revision, migrate, newest_revision
from brightline.session.events import EventKind, NotePayload
from brightline.session.rows import stored_state
from brightline.session.store import open_store
from brightline.session.tables import events as events_table
from brightline.session.tables import sessions as sessions_table
from session_support import POSTGRES_VARIABLE, case_text

FIRST = "0001"


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    import os

    from sqlalchemy.engine import make_url

    server = os.environ.get(POSTGRES_VARIABLE, "")
    if not server:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    name = f"bl_migration_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.mark.parametrize("old_revision", [FIRST, "0002", "0003"])
def test_a_session_recorded_on_an_older_schema_survives_the_upgrade(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_revision: str
) -> None:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "key.pem"))
    # A session recorded elsewhere, written into a database at the first revision row by row.
    with open_store(f"sqlite:///{tmp_path / 'source.db'}") as source:
        session_id = source.start(case_text(), "case.yaml", "alice").id
        source.record(session_id, EventKind.NOTE, NotePayload(text="before"), "alice")
        document = source.export(session_id)
        with source.database.reading() as connection:
            session_row = dict(connection.execute(sessions_table.select()).mappings().one())
            del session_row[
                "team"
            ]  # added by 0004 (team mode): the old schemas have no such column
            event_rows = [
                {key: value for key, value in row.items() if key != "id"}
                for row in connection.execute(events_table.select()).mappings()
            ]
    old = create(empty_url)
    try:
        migrate(old, old_revision)
        assert current_revision(old) == old_revision
        with old.begin() as connection:
            connection.execute(insert(sessions_table).values(**session_row))
            connection.execute(insert(events_table), event_rows)
    finally:
        old.dispose()
    with open_store(empty_url) as upgraded:
        assert current_revision(upgraded.database.engine) == newest_revision() != old_revision
        assert upgraded.verify(session_id).intact
        assert upgraded.export(session_id) == document
        assert upgraded.info(session_id).team is None  # recorded before team mode: no team
        with upgraded.database.reading() as connection:  # recorded before the head state
            assert stored_state(connection, session_id) is None
        after = upgraded.record(session_id, EventKind.NOTE, NotePayload(text="after"), "bob")
        assert after.seq == 3
        with upgraded.database.reading() as connection:  # the first append wrote it
            written = stored_state(connection, session_id)
        assert written is not None and written[:2] == (3, after.hash)
        assert upgraded.verify(session_id).intact
        checkpoint = upgraded.anchor(session_id)
        assert json.loads(json.dumps(upgraded.export(session_id)))["checkpoint"]["events"] == 3
        assert checkpoint.head == after.hash
