"""``next`` answers through the one stance × situation table, and never pauses where it may not."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.case.model import Case, Stage
from brightline.case.validate import LoadedCase
from brightline.offers.evaluate import evaluate_offer
from brightline.offers.recommendation import RECOMMENDATIONS, Recommendation, Situation, Stance
from brightline.playbook.advice import (
    ADVISED_MOVES,
    Standing,
    TableAdvice,
    TrailSoFar,
    session_advice,
    standing_of,
)
from brightline.playbook.moves import MOVES, guide
from brightline.report.sections.session import advice_line
from brightline.services import load_case
from brightline.session.events import DecisionPayload, OfferPayload
from conftest import EXAMPLES, Outcome
from factories import to_yaml, variant

Cli = Callable[..., Outcome]
PAUSE = DecisionPayload(decision="pause", rationale="no deal today", review_date="2027-06-30")


@pytest.mark.parametrize(
    ("stance", "situation"), list(itertools.product(Stance, Situation)), ids=str
)
def test_a_recorded_pause_follows_the_table(stance: Stance, situation: Situation) -> None:
    case = Case.model_validate(variant())
    advice = TableAdvice("#3", stance, situation, RECOMMENDATIONS[stance, situation])
    result = guide(case, Stage.CLOSED, (), PAUSE, advice=advice)
    keys = [move.move.key for move in result.moves]
    said = " ".join(line for move in result.moves for line in move.say).lower()
    if stance.rules_out_holding_out:
        assert keys == [ADVISED_MOVES[advice.recommendation]]
        assert "pause_and_revisit" not in keys and "paus" not in said
        assert stance.value in result.gate_note
    else:
        assert keys == ["pause_and_revisit"] and not result.gate_note


def test_every_advised_move_exists_and_closes() -> None:
    keys = {move.key: move for move in MOVES}
    for recommendation in Recommendation:
        assert keys[ADVISED_MOVES[recommendation]].stage is Stage.CLOSED


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_next_and_evaluate_agree_on_every_example(path: Path) -> None:
    loaded = load_case(path)
    received = [o for o in loaded.case.offers if o.direction.value == "received"]
    advice = session_advice(loaded)
    assert advice is not None
    if received:
        evaluation = evaluate_offer(loaded, received[-1].outcome)
        assert advice.offer == received[-1].id
        assert (advice.stance, advice.recommendation) == (
            evaluation.stance,
            evaluation.recommendation,
        )
    # An offer recorded in the session is the one on the table, ahead of the case file's.
    if received:
        first = dict(received[0].outcome)
        recorded = [(4, OfferPayload(direction="received", outcome=first))]
        assert session_advice(loaded, recorded).offer == "#4"  # type: ignore[union-attr]


def test_next_answers_a_pause_the_gate_rules_out(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hiring case under a legal duty to accommodate: keep seeking, never pause."""
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'advice.db'}")
    loaded = load_case(EXAMPLES / "senior-hire-pay-band.yaml")
    relationship = loaded.case.case.relationship.model_copy(
        update={"legal_duty_to_accommodate": True}
    )
    info = loaded.case.case.model_copy(update={"relationship": relationship})
    duty = dataclasses.replace(loaded, case=loaded.case.model_copy(update={"case": info}))
    assert session_advice(duty).stance is Stance.KEEP_SEEKING  # type: ignore[union-attr]
    path = tmp_path / "duty.yaml"
    path.write_text(to_yaml(duty.case.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    started = cli("session", "start", str(path))
    assert started.exit_code == 0, started.output
    session_id = started.stdout.strip()
    for step in (
        ("log", "decision", session_id, "pause", "The candidate wants more than the band"),
        ("log", "stage", session_id, "closed"),
    ):
        assert cli(*step).exit_code == 0
    shown = cli("next", session_id)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert "Keep looking for a compliant deal" in text and "GATE" in text
    assert "Pause and put the revisit" not in text
    document = json.loads(cli("next", session_id, "--format", "json").stdout)
    assert [move["key"] for move in document["moves"]] == ["keep_seeking"]
    assert document["advice"]["recommendation"] == "keep-seeking"
    assert not any("paus" in line.lower() for line in document["moves"][0]["say"])


RFP = EXAMPLES / "city-services-rfp.yaml"
ACCEPT = DecisionPayload(decision="accept", rationale="the bid meets every standard")
WALK = DecisionPayload(decision="walk", rationale="no bid reaches our floor")
NARROW = DecisionPayload(decision="narrow_deal", rationale="award the compliant routes only")
LAST_EVENTS: dict[str, tuple[DecisionPayload | None, Standing, Standing]] = {
    # last event after the offer -> (decision, standing in an open stage, standing when closed)
    "offer": (None, Standing.OPEN, Standing.CLOSED),
    "pause": (PAUSE, Standing.ON_HOLD, Standing.CLOSED),
    "accept": (ACCEPT, Standing.ANSWERED, Standing.CLOSED),
    "walk": (WALK, Standing.ANSWERED, Standing.CLOSED),
    "narrow_deal": (NARROW, Standing.ANSWERED, Standing.CLOSED),
}


@pytest.fixture(scope="module")
def rfp() -> tuple[LoadedCase, TableAdvice]:
    """The city RFP with its last bid recorded at #2, evaluated once (it is open: a tender asks
    every compliant bidder for a best and final offer)."""
    loaded = load_case(RFP)
    received = [
        (2, OfferPayload(direction="received", outcome=dict(loaded.case.offers[-1].outcome)))
    ]
    advice = session_advice(loaded, received, TrailSoFar(Stage.MIDGAME, 1))
    assert advice is not None and advice.offer == "#2" and advice.standing is Standing.OPEN
    return loaded, advice


@pytest.mark.parametrize("stage", list(Stage), ids=str)
@pytest.mark.parametrize("last", list(LAST_EVENTS), ids=str)
def test_what_is_on_the_table_follows_the_trail(
    stage: Stage, last: str, rfp: tuple[LoadedCase, TableAdvice]
) -> None:
    """Every stage x last event: an answered offer is never shown as one to counter."""
    loaded, open_advice = rfp
    decision, open_standing, closed_standing = LAST_EVENTS[last]
    decisions = [] if decision is None else [(3, decision)]
    trail = TrailSoFar(stage, 1, decisions)
    standing, since, answered_by = standing_of(2, trail)
    expected = closed_standing if stage is Stage.CLOSED else open_standing
    assert standing is expected
    answered = expected in (Standing.ON_HOLD, Standing.ANSWERED)
    assert answered_by is (decision.decision if answered and decision else None)
    advice = dataclasses.replace(open_advice, standing=standing, since=since, decision=answered_by)
    line = advice_line(_Shown(loaded, advice))
    if expected is Standing.OPEN:
        assert line.startswith("on the table: offer #2: best-and-final")
    else:
        assert "best-and-final (" not in line and not line.startswith("on the table:")
        assert ("#3" if expected is not Standing.CLOSED else "#1") in line
    # A decision older than the offer (or than the last change of stage) answers nothing.
    still_open = Standing.CLOSED if stage is Stage.CLOSED else Standing.OPEN
    assert standing_of(5, trail)[0] is still_open
    assert standing_of(2, TrailSoFar(stage, 4, decisions))[0] is still_open


@dataclasses.dataclass
class _Shown:
    """The part of ``next``'s view the advice line reads."""

    case: Case
    guide: object

    def __init__(self, loaded: LoadedCase, advice: TableAdvice) -> None:
        self.case = loaded.case
        self.guide = guide(loaded.case, Stage.MIDGAME, advice=advice)


def test_a_procurement_pause_and_close_leave_nothing_to_counter(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The city RFP: after a pause the bid is on hold, after the close nothing is open; the bid
    is named by its words and date, never by its id."""
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'rfp.db'}")
    started = cli("session", "start", str(RFP))
    assert started.exit_code == 0, started.output
    session_id = started.stdout.strip()

    def shown() -> str:
        result = cli("next", session_id)
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())

    before = shown()
    assert "on the table: Ironbridge bid, received 2026-10-28: best-and-final" in before
    assert "ironbridge_bid" not in before
    paused = ("log", "decision", session_id, "pause", "No bid is worth more than re-bidding")
    assert cli(*paused).exit_code == 0
    on_hold = shown()
    assert "on hold: Ironbridge bid, received 2026-10-28, paused at #2" in on_hold
    assert "best-and-final (" not in on_hold and "ironbridge_bid" not in on_hold
    assert cli("log", "stage", session_id, "closed").exit_code == 0
    closed = shown()
    assert "nothing on the table: the session closed at #3" in closed
    assert "best-and-final (" not in closed and "ironbridge_bid" not in closed
    document = json.loads(cli("next", session_id, "--format", "json").stdout)
    assert document["advice"]["standing"] == "closed" and document["advice"]["since"] == 3
