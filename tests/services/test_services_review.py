"""The debrief and the review across deals, on trails recorded through the session use cases."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from brightline.case.validate import parse_case
from brightline.engine.space import compile_space, enumerate_outcomes
from brightline.errors import UsageError
from brightline.services.review import Review
from brightline.services.sessions import Sessions
from brightline.session.events import SessionError, SessionNotFound
from factories import to_yaml
from review_support import Built, built, review_case

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def stores(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Sessions, Review, Built]:
    ready = built(tmp_path_factory)
    opened = ready.copy_to(tmp_path)
    return Sessions(opened), Review(opened), ready


def test_the_debrief_answers_the_four_questions_from_the_trail(
    stores: tuple[Sessions, Review, Built],
) -> None:
    _, review, ready = stores
    found = review.debrief(ready.deal, TODAY)
    assert found.outcome.value == "deal" and found.decision_seq == 7
    assert found.trail.intact
    # 1: our compliant offer came first, no hard stance.
    assert found.integrative.first_compliant_offer == 2
    assert found.integrative.first_hard_stance is None
    assert not found.integrative.stance_before_sweep
    assert [option.status.value for option in found.integrative.options] == ["rejected"]
    # 2-3: the standard was held; its concession (item "eu") is counted on it, with its measure.
    (standard,) = found.standards
    assert standard.held is True and standard.concessions == (4,) and standard.conceded == 1000.0
    assert standard.measure is not None and standard.measure.over_breadth == 0.0
    # 4: drift after the close, and the events naming the safeguard.
    assert found.close_seq == 6
    assert found.drift == ((8, "term_creep"),)
    (attest,) = found.safeguards
    assert attest.mentions == ((8, "signal"), (9, "note"))
    assert attest.due == datetime.date(2027, 1, 31) and not attest.overdue
    assert [size.size for size in found.analysis.sizes] == [5000.0, 1000.0]


def test_the_agreed_deal_and_its_improvement_are_exact(
    stores: tuple[Sessions, Review, Built],
) -> None:
    _, review, ready = stores
    found = review.debrief(ready.deal, TODAY)
    settlement = found.settlement
    assert settlement is not None and settlement.post is not None
    assert settlement.offer_seq == 5 and settlement.broken == ()
    assert settlement.outcome == {"residency": "eu_only", "discount": 15.0, "start": "late"}
    post = settlement.post
    assert (post.agreed_ours, post.agreed_theirs) == (-15000.0, 15000.0)
    # Brute force: every compliant outcome better for both sides than the signed deal.
    loaded = parse_case(to_yaml(review_case()).encode(), "case.yaml")
    space = compile_space(loaded)
    listed = enumerate_outcomes(space)
    better = [
        dict(space.outcome(listed.choices[row]))
        for row in range(listed.choices.shape[0])
        if listed.compliant[row] and listed.ours[row] > -15000 and listed.theirs[row] > 15000
    ]
    assert settlement.improvement_outcomes == tuple(better)
    assert better == [{"residency": "eu_only", "discount": 15.0, "start": "early"}]
    best = post.best_improvement
    assert best is not None and (best.gain_ours, best.gain_theirs) == (2000.0, 3000.0)
    assert (post.left_for_us, post.left_for_them, post.joint_loss) == (2000.0, 3000.0, 5000.0)


def test_a_hard_stance_before_any_compliant_offer_is_named(
    stores: tuple[Sessions, Review, Built],
) -> None:
    _, review, ready = stores
    found = review.debrief(ready.pause, TODAY)
    assert found.outcome.value == "pause" and found.settlement is None
    assert found.integrative.first_hard_stance == (2, "threat by us")
    assert found.integrative.stance_before_sweep
    assert found.review_date == datetime.date(2026, 11, 20)
    assert [standard.held for standard in found.standards] == [None]


def test_answers_are_recorded_in_the_trail_and_shown(
    stores: tuple[Sessions, Review, Built],
) -> None:
    sessions, review, ready = stores
    session = ready.spare
    run = review.debrief_run(session, ratings={"outcome": 3, "self": 6}, note="held firm")
    assert run.recorded is not None and run.recorded.event.kind == "debrief"
    answers = run.debrief.answers
    assert answers is not None and (answers.outcome, answers.self_image) == (3, 6)
    assert answers.process is None and answers.note == "held firm"
    shared = sessions.minutes(session)
    assert all(event.kind != "debrief" for event in shared.shown)  # our view stays ours


def test_bad_answers_are_refused_before_anything_is_recorded(
    stores: tuple[Sessions, Review, Built], tmp_path: Path
) -> None:
    sessions, review, ready = stores
    session = ready.pause
    with pytest.raises(UsageError) as raised:
        review.debrief_run(session, ratings={"process": 8})
    assert raised.value.parameter == "process"
    with pytest.raises(UsageError) as chart:
        review.debrief_run(session, ratings={"outcome": 5}, chart=tmp_path / "chart.pdf")
    assert chart.value.parameter == "chart"
    with pytest.raises(SessionError, match="at least one answer"):
        review.record_answers(session, {})
    assert len(sessions.export(session)["events"]) == 3


def test_an_unknown_session_is_a_session_error(stores: tuple[Sessions, Review, Built]) -> None:
    _, review, _ = stores
    with pytest.raises(SessionNotFound):
        review.debrief("nope")


def test_the_review_adds_up_every_session(
    stores: tuple[Sessions, Review, Built], tmp_path: Path
) -> None:
    _, review, ready = stores
    chart = tmp_path / "review.svg"
    run = review.across(chart=chart, csv=True, today=TODAY)
    found = run.found
    assert [summary.session for summary in found.sessions] == [
        ready.deal,
        ready.pause,
        ready.undated,
        ready.spare,
    ]
    assert found.outcomes == (("deal", 1), ("pause", 3))
    (tally,) = found.standards
    assert (tally.sessions, tally.held, tally.kept, tally.broken) == (4, 1, 3, 0)
    assert tally.concessions == 1 and tally.conceded == {"EUR": 1000.0}
    assert found.left_for_us == {"EUR": 2000.0} and found.joint_loss == {"EUR": 5000.0}
    assert run.chart == chart and chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert run.csv is not None and run.csv.count("\r\n") == 5  # a header and one row each
    assert run.document.section("standards").data[0]["held"] == 1
