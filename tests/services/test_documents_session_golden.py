"""Session-bound documents pinned as text: the decision trail and a pause written inside a session.

One session on the city's tender, with one event of each kind a trail shows differently (an
offer received, a signal, a note, a change of stage, a pause decided with its review date, the
pause document itself). Dates, times, hashes, the session id and the examples folder are
normalised, so the golden files change only when the words do. Regenerate with
``BRIGHTLINE_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from brightline.report.context import CaseContext
from brightline.services.cases import load_case
from brightline.services.documents import DocumentRequest, build_document, produce_document, render
from conftest import EXAMPLES
from document_text import normalise_dates, normalise_hashes

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"
RFP = EXAMPLES / "city-services-rfp.yaml"
BUILT = datetime.date(2026, 1, 1)
BID = ["annual_price=16.5", "safety_level=2", "inspections=self_report"]
BID += ["credit_cap_pct=5", "mobilization_weeks=10"]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, str, CaseContext]:
    """The tender's session, its events recorded once for both documents."""
    from brightline.services.sessions import Sessions
    from brightline.session.events import EventKind
    from brightline.session.store import open_store

    folder = tmp_path_factory.mktemp("session-golden")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIGHTLINE_ANCHOR_KEY", str(folder / "anchor.pem"))
        patch.setenv("BRIGHTLINE_AUTHOR", "alice")
        sessions = Sessions(lambda: open_store(f"sqlite:///{folder / 'trail.db'}"))
        started = sessions.start(RFP, "alice").id
        sessions.record_offer(started, "received", BID, note="Lowest bid", author="alice")
        signal = {"type": "pushback_on_source", "text": "The scale is not an industry norm"}
        sessions.record(started, EventKind.SIGNAL, signal, "alice")
        sessions.record(started, EventKind.NOTE, {"text": "Council briefed"}, "alice")
        sessions.record(started, EventKind.STAGE, {"to": "late"}, "alice")
        decision = {
            "decision": "pause",
            "rationale": "No compliant bid is worth more than re-bidding",
            "review_date": "2027-03-01",
        }
        sessions.record(started, EventKind.DECISION, decision, "alice")
        context = CaseContext(load_case(RFP))
        request = DocumentRequest("pause", RFP, session=started, built=BUILT)
        produce_document(
            request, "md", file_name="pause.md", sessions=sessions, context=context
        )  # recorded as a document event: the trail shows it
    return sessions, started, context


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with BRIGHTLINE_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} changed"


def normalised(text: str, session_id: str) -> str:
    text = text.replace(session_id, "<session>")
    text = re.sub(r"\S*city-services-rfp\.yaml", "<case file>", text)  # as the session was given it
    return normalise_hashes(normalise_dates(text))


def test_the_decision_trail_matches_its_golden(
    session: tuple[object, str, CaseContext],
) -> None:
    """Terms by label and unit ("Annual contract price: 16.5 USD million / year"), never ids."""
    sessions, started, context = session
    document = build_document(
        "trail",
        RFP,
        session=started,
        sessions=sessions,
        built=BUILT,
        context=context,  # type: ignore[arg-type]
    )
    text = normalised(render(document, "md").decode("utf-8"), started)
    assert "Annual contract price: 16.5 USD million / year" in text
    assert "annual_price" not in text and "self_report" not in text
    assert "Decided to pause the talks" in text
    check("city-services-rfp--trail--session.md", text)


def test_a_pause_inside_a_session_matches_its_golden(
    session: tuple[object, str, CaseContext],
) -> None:
    sessions, started, context = session
    document = build_document(
        "pause",
        RFP,
        session=started,
        sessions=sessions,
        built=BUILT,
        context=context,  # type: ignore[arg-type]
    )
    text = normalised(render(document, "md").decode("utf-8"), started)
    assert "We proposed a pause, to review on <date>" in text
    assert "16.5" not in text  # to each bidder: no bid's terms
    check("city-services-rfp--pause--session.md", text)


def test_a_concession_log_inside_a_session_with_no_concession_does_not_say_no_session(
    session: tuple[object, str, CaseContext],
) -> None:
    sessions, started, context = session
    document = build_document(
        "concession-log",
        RFP,
        session=started,
        sessions=sessions,
        context=context,  # type: ignore[arg-type]
    )
    text = render(document, "md").decode("utf-8")
    assert "No session" not in text
    assert "No concession is recorded in the session yet: the 4 tradeables of the case" in text
