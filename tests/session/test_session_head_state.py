"""The head state: appends read it instead of the trail; verify checks it and never trusts it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from brightline.session.analytics import replay
from brightline.session.events import (
    ApprovalPayload,
    ConcessionPayload,
    EventKind,
    NotePayload,
    OfferPayload,
    ReservationCrossed,
    StagePayload,
    TrailDamaged,
)
from brightline.session.head_state import at_head, decode
from brightline.session.rows import stored_state
from brightline.session.store import SessionStore, open_store
from session_support import case_text, database_url, execute, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest

RECEIVED = OfferPayload(direction="received", outcome={"residency": "eu_only", "discount": 5})
MADE = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 0})
DEEP = ConcessionPayload(item="discount", we_give="15%", value_to_us=-15000)


def head_row(store: SessionStore, session_id: str) -> tuple[int | None, str, str]:
    with store.database.reading() as connection:
        row = stored_state(connection, session_id)
    assert row is not None
    return row


def assert_head_is_the_replay(store: SessionStore, session_id: str) -> None:
    count, head, text = head_row(store, session_id)
    events = store.events(session_id)
    loaded = store.snapshot(session_id)
    assert (count, head) == (len(events), events[-1].hash)
    assert decode(text) == at_head(replay(loaded.case, events))


def record(url: str, session_id: str, kind: EventKind, payload: Any) -> int:
    """Append from a new store, as a `brightline log` process does."""
    with open_store(url) as fresh:
        return fresh.record(session_id, kind, payload, "alice").seq


def test_every_append_keeps_the_head_state_equal_to_the_replay(
    store: SessionStore, database_url: str
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    assert_head_is_the_replay(store, session_id)
    steps: list[tuple[EventKind, Any]] = [
        (EventKind.STAGE, StagePayload(to="opening")),
        (EventKind.OFFER, RECEIVED),
        (EventKind.CONCESSION, ConcessionPayload(item="term", we_get="x", value_to_us=-500)),
        (EventKind.APPROVAL, ApprovalPayload(approver="Dana", scope="reservation")),
        (EventKind.OFFER, MADE),
        (EventKind.NOTE, NotePayload(text="n")),
    ]
    for number, (kind, payload) in enumerate(steps):
        if number % 2:
            record(database_url, session_id, kind, payload)  # a new store
        else:
            store.record(session_id, kind, payload, "bob")  # the long-lived one
        assert_head_is_the_replay(store, session_id)
    assert store.verify(session_id).intact


def test_a_new_store_appends_without_reading_the_trail(
    store: SessionStore, database_url: str
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    for number in range(6):
        store.record(session_id, EventKind.NOTE, NotePayload(text=f"note {number}"), "bob")
    statements: list[str] = []
    with open_store(database_url) as fresh:

        @event.listens_for(fresh.database.engine, "before_cursor_execute")
        def _seen(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            statements.append(" ".join(statement.split()))

        fresh.record(session_id, EventKind.NOTE, NotePayload(text="cold"), "bob")
    reads = [text for text in statements if text.startswith("SELECT") and "FROM events" in text]
    assert reads, statements
    assert all("events.seq >" in text or "events.seq <=" in text for text in reads), reads


def test_the_checks_in_a_new_process_see_position_and_approvals(
    store: SessionStore, database_url: str
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    record(database_url, session_id, EventKind.OFFER, MADE)
    with pytest.raises(ReservationCrossed, match="-15,000 EUR"):
        record(database_url, session_id, EventKind.CONCESSION, DEEP)
    approval = record(
        database_url,
        session_id,
        EventKind.APPROVAL,
        ApprovalPayload(approver="Dana", scope="reservation"),
    )
    approved = DEEP.model_copy(update={"approval": approval})
    assert record(database_url, session_id, EventKind.CONCESSION, approved) == approval + 1
    record(database_url, session_id, EventKind.STAGE, StagePayload(to="opening"))
    with pytest.raises(Exception, match="cannot move from opening to opening"):
        record(database_url, session_id, EventKind.STAGE, StagePayload(to="opening"))


def forge_state(store: SessionStore, session_id: str, **changes: Any) -> None:
    _, _, text = head_row(store, session_id)
    document = {**json.loads(text), **changes}
    execute(
        store,
        "UPDATE session_states SET state = :t WHERE session_id = :s",
        t=json.dumps(document),
        s=session_id,
    )


def test_an_edited_head_state_is_caught_by_verify_and_not_anchored(
    store: SessionStore, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "key.pem"))
    session_id = store.start(case_text(), "case.yaml", "alice").id
    record(database_url, session_id, EventKind.OFFER, MADE)
    # Someone slips an approval into the head state, then logs a deep concession citing it.
    forged = {"approver": "nobody", "scope": "reservation", "text": ""}
    forge_state(store, session_id, approvals={"2": forged})
    record(database_url, session_id, EventKind.CONCESSION, DEEP.model_copy(update={"approval": 2}))
    report = store.verify(session_id)
    assert not report.intact and report.broken_seq == 3
    assert "head state at event 3 is not what the trail replays to" in report.problem
    with pytest.raises(TrailDamaged, match="head state"):
        store.anchor(session_id)


def test_an_unreadable_head_state_is_reported_and_rebuilt_from_the_trail(
    store: SessionStore, database_url: str
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    record(database_url, session_id, EventKind.OFFER, MADE)
    execute(
        store, "UPDATE session_states SET state = 'not json' WHERE session_id = :s", s=session_id
    )
    report = store.verify(session_id)
    assert not report.intact and "head state cannot be read" in report.problem
    with pytest.raises(ReservationCrossed):  # rebuilt by a full replay: the position is known
        record(database_url, session_id, EventKind.CONCESSION, DEEP)
    record(database_url, session_id, EventKind.NOTE, NotePayload(text="after"))
    assert store.verify(session_id).intact
    assert_head_is_the_replay(store, session_id)


def test_a_tail_cut_off_without_the_head_state_is_caught_without_an_anchor(
    store: SessionStore, database_url: str
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    for number in range(4):
        store.record(session_id, EventKind.NOTE, NotePayload(text=f"note {number}"), "bob")
    head = store.events(session_id)[2].hash
    execute(store, "DELETE FROM events WHERE session_id = :s AND seq > 3", s=session_id)
    execute(
        store,
        "UPDATE sessions SET event_count = 3, head_hash = :h WHERE id = :s",
        h=head,
        s=session_id,
    )
    report = store.verify(session_id)
    assert not report.intact and report.broken_seq == 4
    assert "recorded at event 5, but 3 events are stored" in report.problem
    with pytest.raises(TrailDamaged, match="tail was removed"):
        record(database_url, session_id, EventKind.NOTE, NotePayload(text="more"))


def test_a_head_state_behind_the_trail_catches_up(store: SessionStore, database_url: str) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    store.record(session_id, EventKind.NOTE, NotePayload(text="one"), "bob")
    behind = head_row(store, session_id)
    store.record(session_id, EventKind.STAGE, StagePayload(to="opening"), "bob")
    store.record(session_id, EventKind.OFFER, RECEIVED, "bob")
    execute(
        store,
        "UPDATE session_states SET event_count = :n, head_hash = :h, state = :t "
        "WHERE session_id = :s",
        n=behind[0],
        h=behind[1],
        t=behind[2],
        s=session_id,
    )
    assert store.verify(session_id).intact  # a head state behind the trail is checked at its event
    record(database_url, session_id, EventKind.NOTE, NotePayload(text="two"))
    assert_head_is_the_replay(store, session_id)


def test_an_imported_session_gets_its_head_state(store: SessionStore) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    store.record(session_id, EventKind.OFFER, MADE, "bob")
    document = store.export(session_id)
    execute(store, "DELETE FROM session_states WHERE session_id = :s", s=session_id)
    execute(store, "DELETE FROM events WHERE session_id = :s", s=session_id)
    execute(store, "DELETE FROM sessions WHERE id = :s", s=session_id)
    store.import_session(document)
    assert_head_is_the_replay(store, session_id)


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("DELETE FROM events WHERE session_id = :s AND seq = 1", "start, is missing"),
        ("UPDATE sessions SET case_text = case_text || '# edited' WHERE id = :s", "snapshot"),
        ("UPDATE sessions SET case_title = 'forged' WHERE id = :s", "case title"),
    ],
    ids=["start-deleted", "snapshot-edited", "title-edited"],
)
def test_an_append_checks_the_case_it_is_checked_against(
    store: SessionStore, database_url: str, sql: str, words: str
) -> None:
    # The head state says nothing about the case: the append reads the start event for that.
    session_id = store.start(case_text(), "case.yaml", "alice").id
    store.record(session_id, EventKind.NOTE, NotePayload(text="one"), "bob")
    execute(store, sql, s=session_id)
    with pytest.raises(TrailDamaged, match=words):
        record(database_url, session_id, EventKind.NOTE, NotePayload(text="two"))


def test_concession_analysis_from_the_deals_moves_equals_the_whole_replay(
    store: SessionStore,
) -> None:
    from brightline.session.analytics import analyse_concessions

    session_id = store.start(case_text(), "case.yaml", "alice").id
    steps: list[tuple[EventKind, Any]] = [
        (EventKind.STAGE, StagePayload(to="opening")),
        (EventKind.CONCESSION, ConcessionPayload(item="term", value_to_us=-100)),
        (EventKind.NOTE, NotePayload(text="n")),
        (EventKind.OFFER, RECEIVED),
        (EventKind.CONCESSION, ConcessionPayload(item="term", we_get="x", value_to_us=-500)),
        (EventKind.APPROVAL, ApprovalPayload(approver="Dana", scope="reservation")),
        (EventKind.OFFER, MADE),
        (EventKind.CONCESSION, DEEP.model_copy(update={"approval": 7})),
        (EventKind.NOTE, NotePayload(text="m")),
    ]
    for kind, payload in steps:
        store.record(session_id, kind, payload, "bob")
    case = store.snapshot(session_id).case
    moves = store.concession_events(session_id)
    assert [event.kind for event in moves].count("note") == 0 and len(moves) == 6
    whole = analyse_concessions(case, replay(case, store.events(session_id)))
    assert analyse_concessions(case, replay(case, moves)) == whole
    assert whole.crossings == ((9, "Dana"),) and whole.unanchored == (3,)
