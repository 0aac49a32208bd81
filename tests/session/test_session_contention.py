"""A writer that waits out the lock is told the lock was contended, never that the URL is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from brightline.session import database
from brightline.session.events import EventKind, NotePayload, StoreBusy
from brightline.session.store import SessionStore, open_store
from session_support import case_text, database_url, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest


@contextmanager
def lock_held(url: str, session_id: str) -> Iterator[None]:
    """Another writer holding the session's write lock (the database's on SQLite, the row's on PG)."""
    engine = database.create(url)
    try:
        with engine.begin() as connection:  # BEGIN IMMEDIATE on SQLite
            connection.execute(
                text("SELECT id FROM sessions WHERE id = :s FOR UPDATE")
                if url.startswith("postgresql")
                else text("UPDATE sessions SET event_count = event_count WHERE id = :s"),
                {"s": session_id},
            )
            yield
    finally:
        engine.dispose()


def test_a_writer_that_waits_out_the_lock_says_so(
    store: SessionStore, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    # Opening a current database takes no lock (it would raise StoreBusy if it did).
    with lock_held(database_url, session_id), open_store(database_url) as waiting:
        with pytest.raises(StoreBusy, match="stayed locked by other writers") as refused:
            waiting.record(session_id, EventKind.NOTE, NotePayload(text="late"), "bob")
        # Reads are not blocked by the writer either.
        assert waiting.verify(session_id).intact
    assert "URL" not in str(refused.value) and "try again" in str(refused.value)
    assert "for 0.3 s" in str(refused.value)
    event = store.record(session_id, EventKind.NOTE, NotePayload(text="later"), "bob")
    assert event.seq == 2
