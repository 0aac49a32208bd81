"""Documents that must not be written, and the record that must not be left behind.

An offer letter below our reservation point, or beaten for both sides by other compliant terms,
gives value away in a signed document; a proposal where the gate says walk away promises what we
will not do; a pause or walk-away record with no decision behind it states what nobody decided.
Each is refused with a usage error naming the parameter to change. And a document that could not
be written leaves no ``document`` event in the append-only trail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.services.documents import DocumentRequest, build_document, produce_document, render
from brightline.services.sessions import Sessions
from brightline.session.events import EventKind
from brightline.session.store import open_store
from conftest import EXAMPLES

HIRE = EXAMPLES / "senior-hire-pay-band.yaml"
SAAS = EXAMPLES / "saas-data-residency.yaml"
TERMS = "base_salary=130000,signing_bonus=10000,level=staff,review_month=6,remote_days=4"


def _with_reservation(tmp_path: Path, value: int) -> Path:
    text = HIRE.read_text(encoding="utf-8")
    assert "\n  value: 60000\n" in text
    path = tmp_path / "hire.yaml"
    path.write_text(text.replace("\n  value: 60000\n", f"\n  value: {value}\n"), encoding="utf-8")
    return path


def test_an_offer_letter_below_the_reservation_point_is_refused(tmp_path: Path) -> None:
    case = _with_reservation(tmp_path, 115_000)
    with pytest.raises(UsageError) as raised:
        build_document("offer-letter", case, offer=TERMS)
    assert raised.value.parameter == "offer"
    message = raised.value.message
    assert "below our reservation point (115,000 EUR)" in message, message
    assert "35,000 EUR below" in message  # worth 80,000 EUR to us


def test_an_offer_letter_beaten_for_both_sides_is_refused_with_the_better_terms() -> None:
    dominated = "base_salary=120000,signing_bonus=5000,level=staff,review_month=12,remote_days=4"
    with pytest.raises(UsageError) as raised:
        build_document("offer-letter", HIRE, offer=dominated)
    assert raised.value.parameter == "offer"
    message = raised.value.message
    assert message.startswith("is beaten for both sides by other compliant terms ("), message
    assert "Annual base salary: " in message  # the better terms, by label
    assert "EUR more to us and an estimated" in message and "more to them" in message


def test_an_offer_letter_on_the_frontier_above_the_floor_is_written() -> None:
    fine = "base_salary=120000,signing_bonus=5000,level=staff,review_month=6,remote_days=2"
    document = build_document("offer-letter", HIRE, offer=fine)
    assert document.heading == "Offer letter"


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sessions:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    return Sessions(lambda: open_store(url))


def _document_events(sessions: Sessions, session: str) -> list[object]:
    minutes = sessions.minutes(session, internal=True)
    return [event for event in minutes.shown if event.kind == EventKind.DOCUMENT.value]


def test_a_document_that_cannot_be_written_leaves_no_event(
    sessions: Sessions, tmp_path: Path
) -> None:
    started = sessions.start(SAAS, "alice")
    sessions.record(
        started.id, EventKind.DECISION, {"decision": "pause", "rationale": "Budget next quarter"}
    )
    request = DocumentRequest("pause", SAAS, session=started.id)
    missing = tmp_path / "no-such-folder" / "pause.md"
    with pytest.raises(UsageError) as raised:
        produce_document(request, "md", output=missing, sessions=sessions)
    assert raised.value.parameter == "output"
    assert "nothing was recorded" in raised.value.message
    assert not missing.exists() and not list(missing.parent.parent.glob(".*partial"))
    assert _document_events(sessions, started.id) == []
    written = tmp_path / "pause.md"
    done = produce_document(request, "md", output=written, sessions=sessions)
    assert written.read_bytes() == done.data
    assert done.event is not None and done.event.payload["file"] == "pause.md"
    assert len(_document_events(sessions, started.id)) == 1


def test_a_proposal_is_refused_where_the_gate_says_walk_away_and_the_record_is_written(
    tmp_path: Path,
) -> None:
    case = _with_reservation(tmp_path, 115_000)  # no outcome reaches both reservation points
    with pytest.raises(UsageError) as raised:
        build_document("proposal", case)
    assert raised.value.parameter == "kind"
    assert "verdict is walk-away" in raised.value.message
    assert raised.value.action is not None and raised.value.action.use_case == "doc"
    record = build_document("walk-away", case)  # the verdict supports it without a decision
    assert record.heading == "Walk-away record"


def test_a_walk_away_with_no_offer_on_record_speaks_of_no_terms_on_the_table(
    tmp_path: Path,
) -> None:
    lead = "We will not go ahead on the terms on the table."
    text = HIRE.read_text(encoding="utf-8")
    bare = tmp_path / "no-offers.yaml"
    bare.write_text(text[: text.index("\noffers:")] + "\n", encoding="utf-8")
    without = render(build_document("walk-away", bare), "md").decode("utf-8")
    assert lead not in without and "This record says which rule we hold" in without
    with_offers = render(build_document("walk-away", HIRE), "md").decode("utf-8")
    assert lead in with_offers


def test_a_pause_record_follows_a_recorded_pause_decision(sessions: Sessions) -> None:
    started = sessions.start(SAAS, "alice")  # integrative-first: no record without a decision
    with pytest.raises(UsageError, match="no pause decision is on record") as raised:
        build_document("pause", SAAS, session=started.id, sessions=sessions)
    assert raised.value.action is not None and raised.value.action.use_case == "log decision"
    sessions.record(
        started.id, EventKind.DECISION, {"decision": "walk", "rationale": "They will not move"}
    )
    with pytest.raises(UsageError, match="no pause decision"):  # a walk is not a pause
        build_document("pause", SAAS, session=started.id, sessions=sessions)
    assert build_document("walk-away", SAAS, session=started.id, sessions=sessions)
    sessions.record(
        started.id, EventKind.DECISION, {"decision": "pause", "rationale": "Budget next quarter"}
    )
    assert build_document("pause", SAAS, session=started.id, sessions=sessions)
