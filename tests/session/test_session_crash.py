"""Crash safety and concurrency of the trail, with real processes on SQLite and PostgreSQL.

Crash: a writer process appends notes as fast as it can and reports each seq after its commit
returned; it is killed with SIGKILL after a random number of reported commits, while it is in
the middle of its next write, several times in a row on one session. Every seq it reported must
be in the trail with the text it wrote, and the trail must verify and accept new events
afterwards (no lock left behind, no half-written event).

Kill between insert and commit: a writer stops inside SQLAlchemy's commit hook (its row and the
session's new head are written, the COMMIT is not) and is killed there. The event must not exist,
the lock it held must be released at once, and the trail must verify.

Concurrency: several writer processes wait at a start line, then append to the same session at
once. The trail must be one chain (no fork, no duplicate or missing seq) holding every event.

The writers (tests/trail_writers.py) are forked from a server that imported the store once, and
the test waits for what they report, never for a clock, so a loaded machine slows the tests
down but cannot make them fail.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

import trail_writers
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import SessionStore
from session_support import case_text, database_url, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest

KILLS = 5
WRITERS = 3
EVENTS_PER_WRITER = 25


def test_writer_killed_mid_write_loses_no_committed_event(
    store: SessionStore, database_url: str, tmp_path: Path
) -> None:
    session_id = store.start(case_text(), "case.yaml", "tester").id
    rng = random.Random(6)
    reported: dict[int, str] = {}
    for round_number in range(KILLS):
        process, connection = trail_writers.start(
            trail_writers.write_notes, tmp_path, database_url, session_id, f"k{round_number}"
        )
        # Kill after a random number of commits: the writer is then inside its next write.
        for _ in range(rng.randint(1, 30)):
            seq, text = trail_writers.receive(connection, process)
            reported[seq] = text
        process.kill()
        process.join(timeout=60)
        assert process.exitcode == -signal.SIGKILL
        reported.update(dict(trail_writers.drain(connection)))
        connection.close()
        report = store.verify(session_id)
        assert report.intact, f"trail broken after kill {round_number}: {report.problem}"
        print(f"kill {round_number}: {len(reported)} reported commits, {report.events} events")
    events = {event.seq: event for event in store.events(session_id)}
    for seq, text in reported.items():
        assert events[seq].payload["text"] == text
    after = store.record(session_id, EventKind.NOTE, NotePayload(text="after the kills"), "t")
    assert after.seq == len(events) + 1
    assert store.verify(session_id).intact


def test_concurrent_writers_never_fork_the_chain(
    store: SessionStore, database_url: str, tmp_path: Path
) -> None:
    session_id = store.start(case_text(), "case.yaml", "tester").id
    writers = [
        trail_writers.start(
            trail_writers.write_on_signal,
            tmp_path,
            database_url,
            session_id,
            f"w{index}",
            EVENTS_PER_WRITER,
        )
        for index in range(WRITERS)
    ]
    for _, connection in writers:
        connection.send(trail_writers.GO)
    reported: dict[int, str] = {}
    for process, connection in writers:
        seqs = dict(trail_writers.drain(connection))
        connection.close()
        process.join(timeout=120)
        assert process.exitcode == 0, f"writer {process.pid} exited with {process.exitcode}"
        assert len(seqs) == EVENTS_PER_WRITER, "a writer did not report every note"
        assert sorted(seqs) == list(seqs), "a writer's own events went out of order"
        assert not set(seqs) & set(reported), "two writers got the same seq"
        reported.update(seqs)
    total = WRITERS * EVENTS_PER_WRITER
    assert sorted(reported) == list(range(2, total + 2))
    report = store.verify(session_id)
    assert report.intact and report.events == total + 1
    texts = {event.payload.get("text") for event in store.events(session_id)}
    expected = {f"w{i}-{n}" for i in range(WRITERS) for n in range(EVENTS_PER_WRITER)}
    assert expected <= texts


@pytest.mark.parametrize("attempts", [2])
def test_append_retries_when_the_seq_is_taken(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch, attempts: int
) -> None:
    # The unique (session, seq) constraint is the backstop behind the lock: simulate a writer
    # whose insert hits a seq that is already taken once, and check the append is retried.
    # (A stale head in the session row is caught earlier, as a broken chain: see the store tests.)
    from brightline.session import store as store_module

    session_id = store.start(case_text(), "case.yaml", "tester").id
    original = store_module._event_row
    calls = {"count": 0}

    def taken_once(event):  # type: ignore[no-untyped-def]
        calls["count"] += 1
        row = original(event)
        return {**row, "seq": 1} if calls["count"] == 1 else row

    monkeypatch.setattr(store_module, "_event_row", taken_once)
    event = store.record(session_id, EventKind.NOTE, NotePayload(text="x"), "t")
    assert calls["count"] == attempts and event.seq == 2
    assert store.verify(session_id).intact


def test_writer_killed_between_insert_and_commit_leaves_nothing_behind(
    store: SessionStore, database_url: str, tmp_path: Path
) -> None:
    session_id = store.start(case_text(), "case.yaml", "tester").id
    store.record(session_id, EventKind.NOTE, NotePayload(text="before"), "t")
    process, connection = trail_writers.start(
        trail_writers.stall_in_commit, tmp_path, database_url, session_id
    )
    assert trail_writers.receive(connection, process) == (trail_writers.STALLED,)
    process.kill()
    process.join(timeout=60)
    assert process.exitcode == -signal.SIGKILL
    connection.close()
    started_at = time.monotonic()
    after = store.record(session_id, EventKind.NOTE, NotePayload(text="after"), "t")
    assert time.monotonic() - started_at < 10, "the killed writer's lock was not released"
    assert after.seq == 3
    assert [event.payload.get("text") for event in store.events(session_id)][1:] == [
        "before",
        "after",
    ]
    assert store.verify(session_id).intact
