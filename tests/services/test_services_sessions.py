"""The session use cases, called directly with typed arguments on a store factory (no CLI)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.actions import act
from brightline.errors import UsageError
from brightline.services.sessions import Sessions, stored_path
from brightline.session.events import EventKind, SessionError
from brightline.session.store import SessionStore, open_store
from session_support import case_text


def _factory(path: Path) -> Callable[[], SessionStore]:
    url = f"sqlite:///{path}"
    return lambda: open_store(url)


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sessions:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    return Sessions(_factory(tmp_path / "trail.db"))


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(case_text(), encoding="utf-8")
    return path


def test_two_services_on_two_stores_share_nothing(tmp_path: Path, case_file: Path) -> None:
    first = Sessions(_factory(tmp_path / "one.db"))
    second = Sessions(_factory(tmp_path / "two.db"))
    started = first.start(case_file, "alice")
    assert [info.id for info in first.list()] == [started.id]
    assert second.list() == []
    with pytest.raises(SessionError):
        second.export(started.id)


def test_start_refuses_text_that_is_not_utf8(sessions: Sessions, tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(case_text().encode("utf-8") + "# café\n".encode("latin-1"))
    with pytest.raises(SessionError, match="not UTF-8"):
        sessions.start(latin)


def test_the_trail_names_the_case_file_without_the_home_folder(tmp_path: Path) -> None:
    assert stored_path(tmp_path / "deep" / "case.yaml") == "case.yaml"


def test_a_concession_without_a_position_is_unchecked_and_flagged(
    sessions: Sessions, case_file: Path
) -> None:
    session = sessions.start(case_file, "alice").id
    fields = {"by": "us", "item": "discount", "value_to_us": -500.0, "value_to_them": 500.0}
    recorded = sessions.record(session, EventKind.CONCESSION, fields, "alice")
    assert recorded.event.seq == 2 and recorded.unchecked
    # Said once, for this event: ``unchecked`` carries it, so no flag repeats it beside it.
    assert not any(flag.text.startswith("position unknown") for flag in recorded.new_flags)
    again = sessions.record(session, EventKind.CONCESSION, fields, "alice")
    assert again.unchecked
    assert not any(flag.text.startswith("position unknown") for flag in again.new_flags)
    # ... and never again on a later ``next``: the concession's position cannot be checked now.
    step = sessions.next_step(session)
    assert step.analysis.unanchored == (2, 3)
    assert any(flag.text.startswith("position unknown") for flag in step.analysis.flags)
    assert not any(flag.text.startswith("position unknown") for flag in step.standing_flags())


def test_an_empty_value_to_them_is_unknown_not_zero(sessions: Sessions, case_file: Path) -> None:
    """The review: an empty "to them" was recorded as 0; it is unknown, and the balance says so."""
    session = sessions.start(case_file, "alice").id
    known = {"item": "discount", "value_to_us": -500.0, "value_to_them": 800.0}
    unknown = {"item": "reference call", "value_to_us": -100.0}
    sessions.record(session, EventKind.CONCESSION, known, "alice")
    recorded = sessions.record(session, EventKind.CONCESSION, unknown, "alice")
    assert recorded.event.payload.get("value_to_them") is None
    analysis = sessions.next_step(session).analysis
    assert analysis.balance_to_them == 800.0 and analysis.unknown_to_them == (3,)
    from brightline.session.analytics import them_balance_text

    assert them_balance_text(analysis, "pts") == "+800 pts (1 line unknown to them, left out)"
    exported = sessions.export(session)
    lines = [event for event in exported["events"] if event["kind"] == "concession"]
    assert [line["payload"].get("value_to_them") for line in lines] == [800.0, None]


def test_a_number_that_is_not_finite_is_refused_by_its_field(
    sessions: Sessions, case_file: Path
) -> None:
    session = sessions.start(case_file).id
    fields = {"item": "discount", "value_to_us": math.nan}
    with pytest.raises(UsageError) as raised:
        sessions.record(session, EventKind.CONCESSION, fields)
    assert raised.value.parameter == "value_to_us"
    assert len(json.loads(json.dumps(sessions.export(session)))["events"]) == 1


def test_an_offer_is_evaluated_and_next_reads_it(sessions: Sessions, case_file: Path) -> None:
    session = sessions.start(case_file).id
    recorded = sessions.record_offer(session, "received", ["residency=eu_only", "discount=20"])
    assert recorded.event.kind == "offer"
    assert isinstance(recorded.event.payload.get("evaluation"), dict)
    step = sessions.next_step(session)
    assert step.session_id == session and step.trail.intact
    assert step.guide.advice is not None and step.guide.advice.offer
    assert not step.has_concessions
    assert set(step.standing_flags()) <= set(step.analysis.flags)


def test_minutes_leave_out_what_is_private(sessions: Sessions, case_file: Path) -> None:
    session = sessions.start(case_file).id
    sessions.record(session, EventKind.APPROVAL, {"approver": "Dana", "scope": "deal"})
    sessions.record(session, EventKind.NOTE, {"text": "hello"})
    shared = sessions.minutes(session)
    private = sessions.minutes(session, internal=True)
    assert len(private.shown) == 3 and private.left_out == 0
    assert len(shared.shown) + shared.left_out == 3 and shared.left_out >= 1
    assert set(shared.export["case"]) == {"id", "title", "file"}


def test_anchor_verify_export_and_import(
    sessions: Sessions, case_file: Path, tmp_path: Path
) -> None:
    session = sessions.start(case_file).id
    sessions.record(session, EventKind.NOTE, {"text": "published the rule"})
    anchored = sessions.anchor(session, tmp_path / "checkpoint.json")
    assert anchored.path.exists() and anchored.checkpoint.events == 2
    verified = sessions.verify(session, anchor=anchored.path)
    assert verified.report.intact and verified.checkpoint == anchored.checkpoint
    export = tmp_path / "export.json"
    export.write_text(json.dumps(sessions.export(session)), encoding="utf-8")
    elsewhere = Sessions(_factory(tmp_path / "elsewhere.db"))
    imported = elsewhere.import_export(export)
    assert imported.info.id == session and imported.info.event_count == 2
    assert imported.checkpoint is not None and imported.checkpoint.head == verified.head


def test_an_unwritable_checkpoint_proposes_another_output(
    sessions: Sessions, case_file: Path, tmp_path: Path
) -> None:
    session = sessions.start(case_file).id
    with pytest.raises(UsageError) as raised:
        sessions.anchor(session, tmp_path / "no" / "such" / "folder.json")
    assert raised.value.action == act("session anchor", output=None)
