"""A long-lived store verifies a trail once per state of its rows, and again whenever they change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import brightline.session.store as store_module
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import SessionStore, open_store
from session_support import case_text, execute


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SessionStore]:
    with open_store(f"sqlite:///{tmp_path / 'trail.db'}") as opened:
        yield opened


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions each real verification of the page's read was run for."""
    counted: list[str] = []
    real = store_module._verify_row

    def counting(row: object, stored: list[object]) -> object:
        counted.append(str(row["id"]))  # type: ignore[index]
        return real(row, stored)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "_verify_row", counting)
    return counted


def test_the_rows_unchanged_the_kept_verification_is_the_one_a_fresh_check_gives(
    store: SessionStore, verifications: list[str]
) -> None:
    session = store.start(case_text(), "case.yaml", "alice").id
    store.record(session, EventKind.NOTE, NotePayload(text="first"), "alice")
    first = store.read_verified(session)[2]
    again = store.read_verified(session)[2]
    assert again is first and verifications == [session]
    assert first.report == store.verify(session) and first.report.intact
    assert [event.seq for event in first.events] == [1, 2]


def test_a_new_event_is_verified_at_once(store: SessionStore, verifications: list[str]) -> None:
    session = store.start(case_text(), "case.yaml", "alice").id
    store.read_verified(session)
    store.record(session, EventKind.NOTE, NotePayload(text="moved on"), "alice")
    info, _, trail = store.read_verified(session)
    assert len(verifications) == 2 and trail.report.intact
    assert info.head_hash == trail.events[-1].hash and len(trail.events) == 2


@pytest.mark.parametrize(
    ("sql", "broken_at"),
    [
        # The payload edited under an unchanged head hash: only the rows say it changed.
        ('UPDATE events SET payload = \'{"text":"forged"}\' WHERE session_id = :s AND seq = 2', 2),
        ("UPDATE events SET author = 'mallory' WHERE session_id = :s AND seq = 2", 2),
        ("UPDATE session_states SET head_hash = 'f00d' WHERE session_id = :s", 2),
    ],
)
def test_an_edit_made_outside_brightline_breaks_the_kept_trail_at_once(
    store: SessionStore, sql: str, broken_at: int
) -> None:
    session = store.start(case_text(), "case.yaml", "alice").id
    store.record(session, EventKind.NOTE, NotePayload(text="honest"), "alice")
    assert store.read_verified(session)[2].report.intact
    execute(store, sql, s=session)
    report = store.read_verified(session)[2].report
    assert not report.intact and report.broken_seq == broken_at
    assert report == store.verify(session)


def _settled() -> None:
    """Wait until the file's last write is old enough for its change stamp to be trusted."""
    import time

    from brightline.session.database import STAMP_SETTLE_SECONDS

    time.sleep(STAMP_SETTLE_SECONDS * 1.5)


def test_an_unchanged_database_file_is_not_queried_again(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = store.start(case_text(), "case.yaml", "alice").id
    store.record(session, EventKind.NOTE, NotePayload(text="first"), "alice")
    reads: list[str] = []
    real = store_module._event_rows

    def counting(connection: object, session_id: str) -> object:
        reads.append(session_id)
        return real(connection, session_id)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "_event_rows", counting)
    _settled()
    first = store.read_verified(session)
    assert store.read_verified(session) is first and reads == [session]
    store.record(session, EventKind.NOTE, NotePayload(text="second"), "alice")
    _settled()
    moved = store.read_verified(session)
    assert len(reads) == 2 and len(moved[2].events) == 3 and moved[2].report.intact


def test_an_edit_outside_brightline_after_a_quiet_spell_is_seen_at_the_next_read(
    store: SessionStore, tmp_path: Path
) -> None:
    import sqlite3

    session = store.start(case_text(), "case.yaml", "alice").id
    store.record(session, EventKind.NOTE, NotePayload(text="honest"), "alice")
    _settled()
    assert store.read_verified(session)[2].report.intact
    _settled()
    # Another process's connection, as a tamperer would use: not this store's engine.
    with sqlite3.connect(tmp_path / "trail.db") as outside:
        outside.execute(
            "UPDATE events SET payload = ? WHERE session_id = ? AND seq = 2",
            ('{"text":"forged"}', session),
        )
    _settled()
    report = store.read_verified(session)[2].report
    assert not report.intact and report.broken_seq == 2
