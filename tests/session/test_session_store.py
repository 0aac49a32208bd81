"""The session store on SQLite and PostgreSQL: recording, the hash chain, export and import."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from brightline.actions import act
from brightline.case.model import Stage
from brightline.session.events import (
    ApprovalPayload,
    ConcessionPayload,
    EventKind,
    NotePayload,
    OfferPayload,
    ReservationCrossed,
    SessionError,
    SessionExists,
    SessionNotFound,
    StagePayload,
    TrailBroken,
)
from brightline.session.recording import Collaborators
from brightline.session.store import SessionStore, open_store
from session_support import case_text, database_url, execute, kinds, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest


def started(store: SessionStore, notes: int = 3) -> str:
    info = store.start(case_text(), "case.yaml", "alice")
    for number in range(notes):
        store.record(info.id, EventKind.NOTE, NotePayload(text=f"note {number}"), "bob")
    return info.id


def test_start_snapshots_the_case_and_lists_it(store: SessionStore) -> None:
    info = store.start(case_text(), "case.yaml", "alice")
    assert info.case_id == "t" and info.event_count == 1 and info.created_by == "alice"
    assert info.id in [listed.id for listed in store.sessions()]
    assert store.snapshot(info.id).case.case.title == "Test case"
    (start,) = store.events(info.id)
    assert start.kind == "start" and start.payload["case_file"] == "case.yaml"


def test_events_have_author_timestamp_and_chain(store: SessionStore) -> None:
    session_id = started(store)
    events = store.events(session_id)
    assert [event.seq for event in events] == [1, 2, 3, 4]
    assert [event.author for event in events] == ["alice", "bob", "bob", "bob"]
    assert all(event.at.endswith("+00:00") for event in events)
    for before, after in itertools.pairwise(events):
        assert after.prev == before.hash
    report = store.verify(session_id)
    assert report.intact and report.events == 4


def test_unknown_session_is_reported(store: SessionStore) -> None:
    with pytest.raises(SessionNotFound, match="list of sessions") as missing:
        store.events("nope")
    assert missing.value.action is not None and missing.value.action.use_case == "session list"


@pytest.mark.parametrize(
    ("sql", "broken", "words"),
    [
        (
            'UPDATE events SET payload = \'{"text":"forged"}\' WHERE session_id = :s AND seq = 3',
            3,
            "edited",
        ),
        ("UPDATE events SET author = 'mallory' WHERE session_id = :s AND seq = 2", 2, "edited"),
        ("DELETE FROM events WHERE session_id = :s AND seq = 2", 2, "deleted"),
        ("DELETE FROM events WHERE session_id = :s AND seq = 4", 4, "deleted"),
        ("UPDATE sessions SET case_text = case_text || '# edited' WHERE id = :s", 1, "snapshot"),
    ],
    ids=["edit-payload", "edit-author", "delete-middle", "delete-last", "edit-snapshot"],
)
def test_tampering_names_the_first_broken_event(
    store: SessionStore, sql: str, broken: int, words: str
) -> None:
    session_id = started(store)
    execute(store, sql, s=session_id)
    report = store.verify(session_id)
    assert not report.intact
    assert report.broken_seq == broken, report.problem
    assert words in report.problem


def test_reordering_rows_is_detected(store: SessionStore) -> None:
    session_id = started(store)
    execute(store, "UPDATE events SET seq = 100 WHERE session_id = :s AND seq = 2", s=session_id)
    execute(store, "UPDATE events SET seq = 2 WHERE session_id = :s AND seq = 3", s=session_id)
    execute(store, "UPDATE events SET seq = 3 WHERE session_id = :s AND seq = 100", s=session_id)
    report = store.verify(session_id)
    assert not report.intact and report.broken_seq == 2


def test_export_import_round_trip_is_lossless(store: SessionStore, tmp_path: Path) -> None:
    session_id = started(store)
    store.record(session_id, EventKind.STAGE, StagePayload(to=Stage.OPENING), "carol")
    document = store.export(session_id)
    text = json.dumps(document)
    with open_store(f"sqlite:///{tmp_path / 'elsewhere.db'}") as other:
        info = other.import_session(json.loads(text))
        assert info.id == session_id and info.event_count == 5
        assert other.export(session_id) == document
        assert other.verify(session_id).intact
        with pytest.raises(SessionExists):
            other.import_session(json.loads(text))


def test_import_refuses_a_tampered_trail(store: SessionStore, tmp_path: Path) -> None:
    document: dict[str, Any] = store.export(started(store))
    document["events"][2]["payload"]["text"] = "forged"
    with (
        open_store(f"sqlite:///{tmp_path / 'elsewhere.db'}") as other,
        pytest.raises(TrailBroken, match="event 3"),
    ):
        other.import_session(document)


def test_import_refuses_what_is_not_an_export(store: SessionStore) -> None:
    with pytest.raises(SessionError, match="not a Brightline session export"):
        store.import_session({"hello": 1})
    with pytest.raises(SessionError, match="case: missing or not an object"):
        store.import_session({"brightline_session": 1, "id": "x"})


def test_stage_machine_refuses_a_jump(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    with pytest.raises(SessionError, match="can move to opening, closed"):
        store.record(session_id, EventKind.STAGE, StagePayload(to=Stage.LATE), "alice")
    store.record(session_id, EventKind.STAGE, StagePayload(to=Stage.CLOSED), "alice")
    offer = OfferPayload(direction="made", outcome={"residency": "eu_only"})
    with pytest.raises(SessionError, match="session is closed"):
        store.record(session_id, EventKind.OFFER, offer, "alice")


def test_offer_must_fit_the_case(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    bad = OfferPayload(direction="made", outcome={"colour": "red"})
    with pytest.raises(SessionError, match="no issue 'colour'"):
        store.record(session_id, EventKind.OFFER, bad, "alice")
    assert kinds(store.events(session_id)) == ["start"]


def test_received_offer_is_evaluated_on_arrival(store: SessionStore, database_url: str) -> None:
    session_id = started(store, notes=0)
    offer = OfferPayload(direction="received", outcome={"residency": "global", "discount": 5})
    evaluation = store.record(session_id, EventKind.OFFER, offer, "a").payload["evaluation"]
    assert evaluation["compliant"] is False and evaluation["recommendation"]
    partial = OfferPayload(direction="received", outcome={"discount": 5})
    assert "evaluation" not in store.record(session_id, EventKind.OFFER, partial, "a").payload
    counting = Collaborators(evaluate_offer=lambda loaded, outcome: {"issues": len(outcome)})
    with open_store(database_url, counting) as other:
        event = other.record(session_id, EventKind.OFFER, offer, "a")
    assert event.payload["evaluation"] == {"issues": 2}
    plain = store.record(session_id, EventKind.OFFER, offer, "a").payload["evaluation"]
    assert plain["recommendation"]  # the first store still evaluates with the engine
    assert store.verify(session_id).intact


def test_offer_we_make_is_evaluated_and_stored(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    made = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 5})
    evaluation = store.record(session_id, EventKind.OFFER, made, "a").payload["evaluation"]
    assert evaluation["compliant"] is True and evaluation["ours"] == -5000


def test_offer_we_make_against_a_standard_needs_a_standard_approval(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    made = OfferPayload(direction="made", outcome={"residency": "global", "discount": 0})
    with pytest.raises(ReservationCrossed, match="breaks the standard eu") as refused:
        store.record(session_id, EventKind.OFFER, made, "a")
    approve = refused.value.action
    assert approve is not None and approve.use_case == "log approval"
    assert approve.parameter("scope") == "standard"
    assert [action.use_case for action in refused.value.also] == ["log offer"]
    wrong = store.record(
        session_id, EventKind.APPROVAL, ApprovalPayload(approver="Dana", scope="reservation"), "a"
    )
    with pytest.raises(ReservationCrossed, match="breaks the standard"):
        store.record(
            session_id, EventKind.OFFER, made.model_copy(update={"approval": wrong.seq}), "a"
        )
    right = store.record(
        session_id, EventKind.APPROVAL, ApprovalPayload(approver="Dana", scope="standard"), "a"
    )
    event = store.record(
        session_id, EventKind.OFFER, made.model_copy(update={"approval": right.seq}), "a"
    )
    assert event.payload["approval"] == right.seq
    assert event.payload["evaluation"]["violations"][0]["standard"] == "eu"
    assert kinds(store.events(session_id)) == ["start", "approval", "approval", "offer"]


def test_offer_we_make_below_the_reservation_point_is_refused(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    made = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 20})
    with pytest.raises(ReservationCrossed, match=r"-20,000 EUR to us, below the reservation point"):
        store.record(session_id, EventKind.OFFER, made, "a")
    with pytest.raises(SessionError, match="not an approval event"):
        store.record(session_id, EventKind.OFFER, made.model_copy(update={"approval": 1}), "a")
    deal = store.record(
        session_id, EventKind.APPROVAL, ApprovalPayload(approver="CFO", scope="deal"), "a"
    )
    event = store.record(
        session_id, EventKind.OFFER, made.model_copy(update={"approval": deal.seq}), "a"
    )
    assert event.payload["evaluation"]["reservation"] == -10000


def test_concession_below_reservation_needs_a_named_approval(store: SessionStore) -> None:
    session_id = started(store, notes=0)
    offer = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 0})
    store.record(session_id, EventKind.OFFER, offer, "alice")
    first = ConcessionPayload(item="discount", we_give="5%", we_get="2 years", value_to_us=-5000)
    store.record(session_id, EventKind.CONCESSION, first, "alice")
    deep = ConcessionPayload(item="discount", we_give="another 10%", value_to_us=-6000)
    with pytest.raises(ReservationCrossed, match="below the reservation point"):
        store.record(session_id, EventKind.CONCESSION, deep, "alice")
    approval = store.record(
        session_id,
        EventKind.APPROVAL,
        ApprovalPayload(approver="Dana (CFO)", scope="reservation", text="strategic logo"),
        "alice",
    )
    approved = deep.model_copy(update={"approval": approval.seq})
    event = store.record(session_id, EventKind.CONCESSION, approved, "alice")
    assert event.payload["approval"] == approval.seq
    with pytest.raises(SessionError, match="not an approval event"):
        store.record(
            session_id, EventKind.CONCESSION, deep.model_copy(update={"approval": 2}), "alice"
        )


def test_non_finite_numbers_are_refused_in_payloads() -> None:
    from brightline.session.events import parse_payload

    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(SessionError, match="value_to_us"):
            parse_payload(EventKind.CONCESSION, {"item": "discount", "value_to_us": bad})
        with pytest.raises(SessionError, match="outcome"):
            parse_payload(EventKind.OFFER, {"direction": "made", "outcome": {"discount": bad}})


TAMPERING = [
    ("UPDATE events SET payload = 'not json' WHERE session_id = :s AND seq = 3", 3, "not a JSON"),
    ("UPDATE events SET kind = 'bogus' WHERE session_id = :s AND seq = 3", 3, "kind 'bogus'"),
    (
        "UPDATE events SET kind = 'stage', payload = '{\"to\":\"nowhere\"}' "
        "WHERE session_id = :s AND seq = 3",
        3,
        "stage payload is not valid",
    ),
    ("UPDATE sessions SET event_count = 'abc' WHERE id = :s", None, "event count 'abc'"),
]


@pytest.mark.parametrize(
    ("sql", "seq", "words"), TAMPERING, ids=["not-json", "bogus-kind", "bad-stage", "bad-count"]
)
def test_undecodable_rows_are_reported_not_crashed_on(
    store: SessionStore, database_url: str, sql: str, seq: int | None, words: str
) -> None:
    from brightline.session.events import TrailDamaged

    if seq is None and database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's integer column cannot hold 'abc'")
    session_id = started(store)
    execute(store, sql, s=session_id)
    report = store.verify(session_id)
    assert not report.intact and report.broken_seq == seq and words in report.problem
    if seq is not None:
        assert f"event {seq} unreadable" in report.problem
    for read in (store.events, store.export, store.state):
        with pytest.raises(TrailDamaged, match="verifying the session") as damaged:
            read(session_id)
        assert damaged.value.action == act("session verify", session=session_id)
    # A new store (every `brightline log` process) reads the session row, the start event and
    # the head: damage there is refused, damage further back is left for verify to name.
    with open_store(database_url) as fresh:
        if seq is None:
            with pytest.raises(TrailDamaged, match=words):
                fresh.record(session_id, EventKind.NOTE, NotePayload(text="more"), "bob")
        else:
            fresh.record(session_id, EventKind.NOTE, NotePayload(text="more"), "bob")
            assert store.verify(session_id).broken_seq == seq
    assert session_id in [info.id for info in store.sessions()]


@pytest.mark.parametrize("column", ["case_id", "case_title", "created_by", "created_at"])
def test_editing_the_session_row_breaks_the_chain(store: SessionStore, column: str) -> None:
    session_id = started(store)
    execute(store, f"UPDATE sessions SET {column} = 'forged' WHERE id = :s", s=session_id)
    report = store.verify(session_id)
    assert not report.intact and report.broken_seq == 1
    assert column.replace("_", " ") in report.problem


def test_appending_to_a_broken_chain_without_a_head_state_is_refused(
    store: SessionStore, database_url: str
) -> None:
    # A session recorded before revision 0003 has no head state: its first append verifies the
    # whole trail, and refuses to extend a broken one.
    from brightline.session.events import TrailDamaged

    session_id = started(store)
    execute(store, "DELETE FROM session_states WHERE session_id = :s", s=session_id)
    execute(
        store,
        'UPDATE events SET payload = \'{"text":"forged"}\' WHERE session_id = :s AND seq = 3',
        s=session_id,
    )
    with (
        open_store(database_url) as fresh,
        pytest.raises(TrailDamaged, match=r"broken at event 3: event 3 .* edited"),
    ):
        fresh.record(session_id, EventKind.NOTE, NotePayload(text="after"), "bob")
    assert store.verify(session_id).broken_seq == 3
    from sqlalchemy import text

    with store.database.transaction() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM events WHERE session_id = :s"), {"s": session_id}
        ).scalar_one()
    assert count == 4
