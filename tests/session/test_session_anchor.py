"""Attacks by someone with database access, and the signed checkpoint that catches them.

Each attack rewrites the database so that the chain verifies again on its own (re-hashed events,
a session row and a head state fixed up to match); only a checkpoint signed with a key kept
outside the database tells the difference. An attacker who forgets the head state is caught
without a checkpoint (tests/session/test_session_head_state.py).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brightline.session.anchor import Checkpoint, sign, trusted_key
from brightline.session.events import (
    Event,
    EventKind,
    NotePayload,
    SessionError,
    TrailBroken,
    canonical_json,
)
from brightline.session.store import SessionStore, open_store
from conftest import Outcome
from session_support import case_text, database_url, execute, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest

Cli = Callable[..., Outcome]


@pytest.fixture(autouse=True)
def anchor_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test signs with its own key under tmp_path, never the user's."""
    path = tmp_path / "keys" / "anchor-key.pem"
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(path))
    return path


def started(store: SessionStore, notes: int = 5) -> str:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    for number in range(notes):
        store.record(session_id, EventKind.NOTE, NotePayload(text=f"note {number}"), "bob")
    return session_id


def rehash_from(store: SessionStore, session_id: str, seq: int, text: str) -> None:
    """Edit event ``seq``'s note and re-hash it and every later event, fixing the session row."""
    events = store.events(session_id)
    prev = events[seq - 2].hash
    for event in events[seq - 1 :]:
        payload = {"text": text} if event.seq == seq else event.payload
        forged = Event(
            event.session, event.seq, event.kind, event.author, event.at, payload, prev, ""
        )
        digest = forged.computed_hash()
        execute(
            store,
            "UPDATE events SET payload = :p, prev_hash = :prev, hash = :h "
            "WHERE session_id = :s AND seq = :seq",
            p=canonical_json(payload),
            prev=prev,
            h=digest,
            s=session_id,
            seq=event.seq,
        )
        prev = digest
    execute(store, "UPDATE sessions SET head_hash = :h WHERE id = :s", h=prev, s=session_id)
    fix_head_state(store, session_id, len(events), prev)


def fix_head_state(store: SessionStore, session_id: str, count: int, head: str) -> None:
    """Point the head state at a new head (the trails here hold notes, so its state is unchanged)."""
    execute(
        store,
        "UPDATE session_states SET event_count = :n, head_hash = :h WHERE session_id = :s",
        n=count,
        h=head,
        s=session_id,
    )


def truncate_to(store: SessionStore, session_id: str, count: int) -> None:
    """Delete the events after ``count`` and fix the session row's count and head to match."""
    head = store.events(session_id)[count - 1].hash
    execute(store, "DELETE FROM events WHERE session_id = :s AND seq > :n", s=session_id, n=count)
    execute(
        store,
        "UPDATE sessions SET event_count = :n, head_hash = :h WHERE id = :s",
        n=count,
        h=head,
        s=session_id,
    )
    fix_head_state(store, session_id, count, head)


def test_checkpoint_holds_for_an_untouched_trail_and_later_appends(store: SessionStore) -> None:
    session_id = started(store)
    checkpoint = store.anchor(session_id)
    assert checkpoint.events == 6 and checkpoint.head == store.info(session_id).head_hash
    store.record(session_id, EventKind.NOTE, NotePayload(text="after the anchor"), "bob")
    report = store.verify(session_id, checkpoint, trusted_key())
    assert report.intact, report.problem
    assert store.latest_checkpoint(session_id) == checkpoint


def test_deleting_the_last_events_and_fixing_the_row_is_caught(store: SessionStore) -> None:
    session_id = started(store)
    checkpoint = store.anchor(session_id)
    truncate_to(store, session_id, 4)
    assert store.verify(session_id).intact  # the chain alone cannot tell
    report = store.verify(session_id, checkpoint, trusted_key())
    assert not report.intact and report.broken_seq == 5
    assert "only 4 are stored" in report.problem and "cut back" in report.problem


def test_editing_an_event_and_rehashing_the_chain_is_caught(store: SessionStore) -> None:
    session_id = started(store)
    checkpoint = store.anchor(session_id)
    rehash_from(store, session_id, 3, "we never said that")
    assert store.verify(session_id).intact  # re-hashed: the chain alone cannot tell
    report = store.verify(session_id, checkpoint, trusted_key())
    assert not report.intact and report.broken_seq == 6
    assert "rewritten and re-hashed" in report.problem


def test_a_truncated_tail_extended_again_is_caught(store: SessionStore, database_url: str) -> None:
    # Cut back to an earlier head, then append new events so the count matches again.
    session_id = started(store, notes=3)
    checkpoint = store.anchor(session_id)
    truncate_to(store, session_id, 2)
    with open_store(database_url) as fresh:
        for number in range(2):
            fresh.record(session_id, EventKind.NOTE, NotePayload(text=f"other {number}"), "eve")
    assert store.verify(session_id).intact and store.info(session_id).event_count == 4
    report = store.verify(session_id, checkpoint, trusted_key())
    assert not report.intact and report.broken_seq == 4 and "re-hashed" in report.problem


def _forged(checkpoint: Checkpoint, **changes: Any) -> Checkpoint:
    fields = {**checkpoint.to_json(), **changes}
    del fields["brightline_checkpoint"]
    return Checkpoint(**fields)


def test_forged_checkpoints_are_refused(store: SessionStore, tmp_path: Path) -> None:
    session_id = started(store)
    genuine = store.anchor(session_id)
    truncate_to(store, session_id, 4)
    cut = store.info(session_id)
    # Edited after signing: claims the truncated head.
    edited = _forged(genuine, events=4, head=cut.head_hash)
    report = store.verify(session_id, edited, trusted_key())
    assert not report.intact and "signature does not match" in report.problem
    # Signed afresh with the attacker's own key.
    attacker = sign(session_id, 4, cut.head_hash, tmp_path / "attacker.pem")
    report = store.verify(session_id, attacker, trusted_key())
    assert not report.intact and "not the trusted key" in report.problem
    # Their key in the key field, our signature: still not valid.
    swapped = _forged(genuine, key=attacker.key)
    assert "not the trusted key" in store.verify(session_id, swapped, trusted_key()).problem


def test_the_key_is_created_private_and_reused(store: SessionStore, anchor_key: Path) -> None:
    session_id = started(store, notes=0)
    first = store.anchor(session_id)
    assert stat.S_IMODE(anchor_key.stat().st_mode) == 0o600
    assert store.anchor(session_id).key == first.key == trusted_key()
    os.chmod(anchor_key, 0o644)
    with pytest.raises(SessionError, match="chmod 600"):
        store.anchor(session_id)


def test_a_broken_trail_is_not_anchored(store: SessionStore) -> None:
    from brightline.session.events import TrailDamaged

    session_id = started(store)
    execute(store, "DELETE FROM events WHERE session_id = :s AND seq = 3", s=session_id)
    with pytest.raises(TrailDamaged, match="event 3"):
        store.anchor(session_id)


def test_exports_carry_the_latest_checkpoint_and_import_checks_it(
    store: SessionStore, tmp_path: Path
) -> None:
    session_id = started(store)
    store.anchor(session_id)
    store.record(session_id, EventKind.NOTE, NotePayload(text="more"), "bob")
    latest = store.anchor(session_id)
    document = store.export(session_id)
    assert document["checkpoint"] == latest.to_json()
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        other.import_session(json.loads(json.dumps(document)))
        assert other.latest_checkpoint(session_id) == latest
        assert other.verify(session_id, latest, trusted_key()).intact
    forged = {**document, "checkpoint": {**document["checkpoint"], "events": 3}}
    forged["id"] = document["id"]
    with (
        open_store(f"sqlite:///{tmp_path / 'third.db'}") as third,
        pytest.raises(TrailBroken, match="checkpoint the export carries"),
    ):
        third.import_session(forged)


def test_anchor_and_verify_from_the_command_line(
    cli: Cli, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", database_url)
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    session_id = cli("session", "start", str(case)).stdout.strip()
    logged = cli("log", "note", session_id, "first")
    assert logged.exit_code == 0, logged.output
    with open_store(database_url) as opened:
        head = opened.info(session_id).head_hash
    assert f"  head: {head[:12]}" in logged.stdout
    file = tmp_path / "checkpoint.json"
    anchored = cli("session", "anchor", session_id, "--output", str(file))
    assert anchored.exit_code == 0, anchored.output
    assert json.loads(file.read_text())["head"] == head
    verified = cli("session", "verify", session_id, "--anchor", str(file))
    assert verified.exit_code == 0 and "matches the checkpoint" in verified.stdout
    with open_store(database_url) as opened:
        truncate_to(opened, session_id, 1)
    assert cli("session", "verify", session_id).exit_code == 0
    caught = cli("session", "verify", session_id, "--anchor", str(file))
    assert caught.exit_code == 1 and "cut back" in caught.stdout
    key = json.loads(file.read_text())["key"]
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "auditor-has-no-key.pem"))
    audited = cli("session", "verify", session_id, "--anchor", str(file), "--key", key)
    assert audited.exit_code == 1 and "cut back" in audited.stdout
    assert "no anchor key" in cli("session", "verify", session_id, "--anchor", str(file)).stderr
    bad_key = cli("session", "verify", session_id, "--anchor", str(file), "--key", "xyz")
    assert bad_key.exit_code == 2 and "64 hexadecimal digits" in bad_key.stderr
    other = "ab" * 32
    forged = cli("session", "verify", session_id, "--anchor", str(file), "--key", other)
    assert forged.exit_code == 1 and "not the trusted key" in forged.stdout
    file.write_text('{"brightline_checkpoint": 1, "session": 5}', encoding="utf-8")
    damaged = cli("session", "verify", session_id, "--anchor", str(file))
    assert damaged.exit_code == 2 and str(file) in damaged.stderr and "session" in damaged.stderr
