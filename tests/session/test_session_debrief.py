"""The debrief and the review computed from a trail built in memory (no store): edge cases."""

from __future__ import annotations

import datetime
from typing import Any

from brightline.case.validate import LoadedCase, parse_case
from brightline.report.sections.debrief import debrief_document
from brightline.session.debrief import build_debrief
from brightline.session.events import (
    GENESIS,
    ChainReport,
    Event,
    EventKind,
    parse_payload,
    seal,
)
from brightline.session.review import across
from brightline.session.store import SessionInfo
from factories import to_yaml
from review_support import review_case

TODAY = datetime.date(2026, 12, 1)


def _trail(loaded: LoadedCase, *steps: tuple[EventKind, dict[str, Any]]) -> list[Event]:
    events: list[Event] = []
    prev = GENESIS
    start = (EventKind.START, {"case_id": "t", "case_file": "case.yaml", "snapshot_sha256": "0"})
    for seq, (kind, fields) in enumerate((start, *steps), start=1):
        event = seal(
            "s1", seq, kind, "alice", f"2026-11-0{seq}T00:00:00", parse_payload(kind, fields), prev
        )
        events.append(event)
        prev = event.hash
    return events


def _debrief(*steps: tuple[EventKind, dict[str, Any]]) -> Any:
    loaded = parse_case(to_yaml(review_case()).encode(), "case.yaml")
    info = SessionInfo(
        "s1", "t", "Test case", "case.yaml", "2026-11-01", "alice", 1 + len(steps), ""
    )
    return build_debrief(info, loaded, _trail(loaded, *steps), ChainReport(True, 1), TODAY)


def test_a_deal_signed_without_recorded_terms_is_not_counted_as_kept() -> None:
    found = _debrief((EventKind.DECISION, {"decision": "accept", "rationale": "Signed"}))
    assert found.outcome.value == "deal" and found.settlement is None
    text = " ".join(debrief_document(found).section("standards").lines)
    assert "The signed terms are unknown" in text
    summary = across([found]).sessions[0]
    assert summary.held == summary.kept == summary.broken == ()


def test_a_deal_on_the_frontier_is_efficient() -> None:
    terms = {"residency": "eu_only", "discount": 0.0, "start": "early"}
    found = _debrief(
        (EventKind.OFFER, {"direction": "received", "outcome": terms}),
        (EventKind.DECISION, {"decision": "narrow_deal", "rationale": "Pilot only"}),
    )
    assert found.outcome.value == "narrow-deal"
    assert found.settlement is not None and found.settlement.post is not None
    assert found.settlement.post.efficient
    text = " ".join(debrief_document(found).section("improvement").lines)
    assert "The deal is efficient" in text
    assert across([found]).sessions[0].efficient is True


def test_a_deal_that_breaks_a_standard_is_measured_against_compliant_terms() -> None:
    terms = {"residency": "global", "discount": 0.0, "start": "early"}
    found = _debrief(
        (EventKind.OFFER, {"direction": "received", "outcome": terms}),
        (EventKind.DECISION, {"decision": "accept", "rationale": "Exception approved"}),
    )
    assert found.settlement is not None and found.settlement.broken == ("eu",)
    assert [review.held for review in found.standards] == [False]
    post = found.settlement.post
    assert post is not None and post.efficient and post.left_for_us is not None
    assert post.left_for_us < 0  # no compliant deal matches what breaking the rule gave
    assert across([found]).standards[0].broken == 1
