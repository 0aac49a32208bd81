"""``next`` answers through the one stance × situation table, and never pauses where it may not."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.case.model import Case, Stage
from brightline.offers.evaluate import evaluate_offer
from brightline.offers.recommendation import RECOMMENDATIONS, Recommendation, Situation, Stance
from brightline.playbook.advice import ADVISED_MOVES, TableAdvice, session_advice
from brightline.playbook.moves import MOVES, guide
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
