"""The playbook: stage machine, moves per stage, phrases filled in from the case (pure)."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest

from brightline.case.model import Case, Context, Directness, Level, Stage
from brightline.playbook.moves import MOVES, allowed_next, guide, moves_for, opening_moves
from brightline.playbook.phrases import (
    CLOSING_LINES,
    CLOSING_MOVES,
    HOW_LINES,
    SAY_PHRASES,
    phrases_for,
)
from brightline.playbook.record import DecisionKind, SignalType
from brightline.session.events import DecisionPayload, SignalPayload
from factories import variant

SESSION = Path(__file__).resolve().parents[2] / "src" / "brightline" / "session"


def test_every_stage_has_a_move_and_every_move_has_phrases() -> None:
    for stage in Stage:
        assert moves_for(stage), stage
    for move in MOVES:
        # Preparation happens before the other side is at the table: nothing to say yet.
        if move.key in CLOSING_MOVES:
            assert set(CLOSING_LINES[move.key]) == set(Context)
        elif move.stage is not Stage.PREPARATION:
            assert set(SAY_PHRASES[move.key]) == set(Context)
        assert set(HOW_LINES[move.key]) == set(Directness)
        assert move.risk and move.safeguard and move.do


def test_stage_machine() -> None:
    assert allowed_next(Stage.PREPARATION) == (Stage.OPENING, Stage.CLOSED)
    assert allowed_next(Stage.MIDGAME) == (Stage.EARLY, Stage.LATE, Stage.CLOSED)
    assert allowed_next(Stage.LATE) == (Stage.MIDGAME, Stage.CLOSED)
    assert allowed_next(Stage.CLOSED) == (Stage.OPENING,)


@pytest.mark.parametrize(
    ("context", "directness", "distance"),
    list(itertools.product(Context, Directness, Level)),
)
def test_phrases_are_filled_for_every_profile(
    context: Context, directness: Directness, distance: Level
) -> None:
    case = Case.model_validate(
        variant(
            **{
                "case.context": context.value,
                "case.culture": {
                    "directness": directness.value,
                    "power_distance": distance.value,
                    "face_saving": ["a joint review by both legal teams"],
                },
            }
        )
    )
    for move in MOVES:
        phrases = phrases_for(move.key, case)
        lines = phrases.say + phrases.how
        assert all("{" not in line and "}" not in line for line in lines), lines
        assert (len(phrases.say) == 0) is (move.key == "prepare"), move.key
        assert any("Power distance is high" in line for line in phrases.how) is (
            distance is Level.HIGH
        )
    indirect = phrases_for("publish_must_haves", case)
    face_saving = "a joint review by both legal teams"
    assert (face_saving in " ".join(indirect.how)) is (directness is not Directness.DIRECT)
    assert face_saving not in " ".join(indirect.say)


def test_phrases_name_the_case() -> None:
    case = Case.model_validate(variant())
    phrases = phrases_for("publish_must_haves", case)
    (say,) = phrases.say
    assert "GDPR Chapter V" in say
    partnership = Case.model_validate(variant(**{"case.context": "partnership"}))
    assert "Them" in phrases_for("symmetric_constraints", partnership).say[0]


# Words that start or mark advice meant for us; none may reach a line we read out to them.
COACHING_MARKERS = (
    "say the rule", "do not soften", "before we quote", "check that", "power distance",
    "address ", "confirm in writing", "record who", "frame ", "present the", "let them",
    "expect them", "prepare ", "plan the", "agree internally", "walk through", "put the options",
    "name each", "read each", "summarise", "describe ", "go step by step", "give the reason",
    "face-saving", "batna", "reservation", "walk-away", "our limit", "estimate", "their value",
    "audit-readiness win", "not as our refusal", "use it",
)  # fmt: skip
PRIVATE = {
    "culture": {
        "power_distance": "high",
        "face_saving": ["Frame the pilot as the buyer's audit-readiness win, not as our refusal."],
        "escalation_steps": ["A call between the two CIOs"],
    }
}


@pytest.mark.parametrize(("context", "directness"), list(itertools.product(Context, Directness)))
def test_no_say_line_holds_coaching_or_private_numbers(
    context: Context, directness: Directness
) -> None:
    culture = {**PRIVATE["culture"], "directness": directness.value}
    document = variant(
        **{"case.context": context.value, "case.culture": culture, "reservation.value": -12345}
    )
    case = Case.model_validate(document)
    private = {-12345.0, 12345.0}
    if case.batna is not None:
        for component in case.batna.components:
            if component.value is not None:
                value = component.value
                private |= {value.low, value.likely, value.high}
    for move in MOVES:
        phrases = phrases_for(move.key, case, "2027-06-30")
        for line in phrases.say:
            lowered = line.lower()
            assert not [marker for marker in COACHING_MARKERS if marker in lowered], line
            numbers = {
                float(found.replace(",", ""))
                for found in re.findall(r"\d[\d,]*(?:\.\d+)?", line.replace("2027-06-30", ""))
            }
            assert not numbers & private, line
        assert phrases.how, move.key


def test_closed_stage_follows_the_last_decision() -> None:
    case = Case.model_validate(variant())

    def closed(decision: DecisionKind | None) -> list[str]:
        payload = (
            None
            if decision is None
            else DecisionPayload(decision=decision, rationale="why", review_date="2027-06-30")
        )
        result = guide(case, Stage.CLOSED, (), payload)
        return [move.move.key for move in result.moves]

    assert closed(DecisionKind.ACCEPT) == ["implement_deal"]
    assert closed(DecisionKind.NARROW_DEAL) == ["narrow_deal_follow_up"]
    assert closed(DecisionKind.PAUSE) == ["pause_and_revisit"]
    assert closed(DecisionKind.WALK) == ["respectful_walk_away"]
    assert closed(None) == ["respectful_walk_away"]
    accepted = guide(case, Stage.CLOSED, (), DecisionPayload(decision="accept", rationale="ok"))
    say = " ".join(accepted.moves[0].say)
    assert "pause" not in say and "cannot meet" not in say
    paused = DecisionPayload(decision="pause", rationale="no", review_date="2027-06-30")
    assert "2027-06-30" in " ".join(guide(case, Stage.CLOSED, (), paused).moves[0].say)


def test_signals_matching_a_watch_raise_alerts() -> None:
    case = Case.model_validate(variant())
    signals = [
        (4, SignalPayload(type=SignalType.STALLING_ACCUSATION, text="You are stalling")),
        (5, SignalPayload(type=SignalType.OBJECTION)),
    ]
    result = guide(case, Stage.MIDGAME, signals)
    assert [(alert.seq, alert.reaction.value) for alert in result.alerts] == [(4, "adjust")]
    assert [move.move.key for move in result.moves] == ["symmetric_constraints", "costly_signal"]


def test_opening_moves_and_case_safeguards() -> None:
    moves = opening_moves(Case.model_validate(variant()))
    assert [move.move.key for move in moves] == ["publish_must_haves", "narrow_bundles"]
    assert moves[0].case_safeguards == ("attest",)


@pytest.mark.parametrize(
    "name",
    ["analytics.py", "events.py", "recording.py", "timeline.py"],
)
def test_pure_session_modules_import_no_database(name: str) -> None:
    tree = ast.parse((SESSION / name).read_text(encoding="utf-8"))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [module for module in imported if module.split(".")[0] in {"sqlalchemy", "alembic"}]
    assert "brightline.session.store" not in imported


def test_plan_and_playbook_do_not_import_the_database() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import brightline.report.plan, brightline.playbook.moves\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_reminders_point_at_loose_ends() -> None:
    from brightline.actions import act
    from brightline.playbook.moves import reminders
    from brightline.session.analytics import replay
    from brightline.session.events import GENESIS, EventKind, StartPayload, parse_payload, seal

    def trail(*items: tuple[EventKind, dict[str, object]]) -> list:  # type: ignore[type-arg]
        start = StartPayload(case_id="t", case_file="f", snapshot_sha256="x")
        events = [seal("s", 1, EventKind.START, "a", "t", start, GENESIS)]
        for kind, fields in items:
            payload = parse_payload(kind, dict(fields))
            events.append(seal("s", len(events) + 1, kind, "a", "t", payload, events[-1].hash))
        return events

    case = Case.model_validate(variant(**{"case.culture": {"power_distance": "high"}}))
    walk = (EventKind.DECISION, {"decision": "walk", "rationale": "No compliant offer"})
    notes = {note.text: note.action for note in reminders(case, replay(case, trail(walk)))}
    by_topic = {
        topic: next(action for text, action in notes.items() if topic in text)
        for topic in ("stage is preparation", "no review date", "no approval")
    }
    assert by_topic["stage is preparation"] == act("log stage", session=None, stage="closed")
    assert by_topic["no review date"] == act(
        "log decision", session=None, decision="walk", rationale=None, review_date=None
    )
    assert by_topic["no approval"] == act("log approval", session=None, approver=None)
    assert not [text for text in notes if "--" in text or "brightline" in text]
    closed = (EventKind.STAGE, {"to": "closed"})
    (undecided,) = reminders(case, replay(case, trail(closed)))
    assert "without a decision" in undecided.text
    assert undecided.action is not None and undecided.action.use_case == "log decision"
    dated = (EventKind.DECISION, {**walk[1], "review_date": "2027-06-30"})
    approval = (EventKind.APPROVAL, {"approver": "Board"})
    assert reminders(case, replay(case, trail(closed, dated, approval))) == ()
