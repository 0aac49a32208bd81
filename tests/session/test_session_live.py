"""Live session habits: where a concession starts from, threats, valued gets, warnings once.

Pure parts on hand-built trails; the command-line parts in-process on SQLite (the store's own
tests cover PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_session_analytics import concession, trail

from brightline.case.model import Case, Stage
from brightline.playbook.moves import Reaction, guide
from brightline.playbook.record import SignalType
from brightline.session.analytics import analyse_concessions, check_reservation, replay
from brightline.session.events import ConcessionPayload, EventKind, SignalPayload
from conftest import Outcome
from factories import variant
from session_support import case_text

Cli = Callable[..., Outcome]


def case(reservation: float = -10000) -> Case:
    return Case.model_validate(variant(**{"reservation.value": reservation}))


def offer(direction: str, discount: int) -> tuple[EventKind, dict[str, Any]]:
    outcome = {"residency": "eu_only", "discount": discount}
    return EventKind.OFFER, {"direction": direction, "outcome": outcome}


def test_without_our_offer_the_position_is_the_offer_on_the_table() -> None:
    # Their ask of 10 % discount is worth -10,000 to us; conceding 1,000 more from it crosses -10,000.
    state = replay(case(), trail(offer("received", 10)))
    assert state.position == -10000
    line = ConcessionPayload(item="discount", value_to_us=-1000)
    check = check_reservation(case(), state, line)
    assert check.crosses and check.position_after == -11000
    # Once we have made an offer, our side of the table is ours: their later ask does not move it.
    ours_first = replay(case(), trail(offer("made", 0), offer("received", 20)))
    assert ours_first.position == 0
    assert not check_reservation(case(), ours_first, line).crosses
    # A newer offer of ours replaces the old one.
    assert replay(case(), trail(offer("made", 0), offer("made", 5))).position == -5000
    analysis = analyse_concessions(case(), replay(case(), trail(offer("received", 5), concession(we_get="x", value_to_us=-1000))))  # fmt: skip
    assert analysis.unanchored == () and analysis.position == -6000


def test_a_threat_stops_the_move_in_every_stage() -> None:
    threat = [(7, SignalPayload(type=SignalType.THREAT, text="We will go to your CEO"))]
    for stage in Stage:
        result = guide(case(), stage, threat)
        stops = [alert for alert in result.alerts if alert.signal is SignalType.THREAT]
        assert stops, stage
        assert all(alert.reaction is Reaction.STOP for alert in stops)
        assert all(alert.seq == 7 for alert in stops)


def test_a_non_monetary_get_counts_towards_reciprocity() -> None:
    # We give 6,000 of discount and get a reference customer worth 4,000 to us: net -2,000.
    valued = concession(we_give="6%", we_get="reference call", value_to_us=-2000, get_value=4000)
    analysis = analyse_concessions(case(), replay(case(), trail(offer("made", 0), valued)))
    assert analysis.given == 6000 and analysis.received == 4000
    assert analysis.reciprocity == pytest.approx(4000 / 6000)
    assert analysis.balance_to_us == -2000 and analysis.position == -2000
    # The same line without the get's value: only the net loss is known.
    bare = concession(we_give="6%", we_get="reference call", value_to_us=-2000)
    plain = analyse_concessions(case(), replay(case(), trail(offer("made", 0), bare)))
    assert plain.given == 2000 and plain.received == 0 and plain.reciprocity == 0
    # A valued get with no words still counts as a get (not "given without a get").
    silent = concession(value_to_us=-500, get_value=500)
    assert not analyse_concessions(case(), replay(case(), trail(silent))).unreciprocated


def test_reciprocity_below_one_belongs_to_the_events_that_left_it_there() -> None:
    events = trail(
        offer("made", 0),
        concession(we_get="term", value_to_us=-3000),  # #3: 0 / 3,000
        concession(by="them", item="seats", we_get="seats", value_to_us=5000),  # #4: theirs
        concession(we_get="logo", value_to_us=-1000),  # #5: 5,000 / 4,000 = 1.25
        concession(we_get="nothing much", value_to_us=-4000),  # #6: 5,000 / 8,000
    )
    analysis = analyse_concessions(case(), replay(case(), events))
    assert analysis.reciprocity_below == (3, 6)


@pytest.fixture
def sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'live.db'}")
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe")
    path = tmp_path / "case.yaml"
    path.write_text(case_text(), encoding="utf-8")
    return path


def _start(cli: Cli, path: Path) -> str:
    result = cli("session", "start", str(path))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_refused_concession_names_position_after(cli: Cli, sqlite: Path) -> None:
    session_id = _start(cli, sqlite)
    assert cli("log", "offer", session_id, "received", "residency=eu_only", "discount=10").exit_code == 0  # fmt: skip
    refused = cli("log", "concession", session_id, "discount", "--value-to-us", "-1000")
    assert refused.exit_code == 2, refused.output
    assert "-11,000 EUR" in refused.stderr and "latest offer on the table" in refused.stderr
    assert "--position-after" in refused.stderr
    stated = cli(
        "log", "concession", session_id, "discount", "--value-to-us", "-1000",
        "--position-after", "-2000",
    )  # fmt: skip
    assert stated.exit_code == 0, stated.output


def test_a_threat_in_the_midgame_prints_the_stop_line(cli: Cli, sqlite: Path) -> None:
    session_id = _start(cli, sqlite)
    for stage in ("opening", "early", "midgame"):
        assert cli("log", "stage", session_id, stage).exit_code == 0
    assert cli("log", "signal", session_id, "threat", "We will escalate").exit_code == 0
    shown = cli("next", session_id)
    assert shown.exit_code == 0, shown.output
    assert "STOP #5 threat:" in shown.stdout
    document = json.loads(cli("next", session_id, "--format", "json").stdout)
    assert [(a["seq"], a["reaction"]) for a in document["alerts"]] == [(5, "stop")]


def test_reciprocity_is_warned_once_per_event(cli: Cli, sqlite: Path) -> None:
    session_id = _start(cli, sqlite)
    assert cli("log", "offer", session_id, "made", "residency=eu_only", "discount=0").exit_code == 0  # fmt: skip
    first = cli("log", "concession", session_id, "discount", "--get", "term", "--value-to-us", "-2000")  # fmt: skip
    assert first.exit_code == 0 and "warning: reciprocity 0.00" in first.stderr
    for _ in range(2):  # later looks at the session do not repeat it
        later = cli("next", session_id)
        assert later.exit_code == 0 and "reciprocity 0.00" in later.stdout
        assert "warning" not in later.stdout and "ask for something" not in later.stdout
    logo = cli("log", "note", session_id, "coffee")  # an unrelated event: no warning again
    assert "reciprocity" not in logo.stderr
    second = cli(
        "log", "concession", session_id, "logo", "--get", "a reference call",
        "--get-value", "1500", "--value-to-us", "-500",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    # Gave 2,000 + 2,000 (the get is worth 1,500, the net -500), got 1,500: 0.375, a new event.
    assert "warning: reciprocity 0.38" in second.stderr
    assert "(worth 1,500 EUR to us)" in second.stdout


def test_an_offer_we_make_below_their_alternative_is_warned(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'alt.db'}")
    path = tmp_path / "case.yaml"
    path.write_text(case_text(**{"their_batna.value": 8000}), encoding="utf-8")
    session_id = _start(cli, path)
    low = cli("log", "offer", session_id, "made", "residency=eu_only", "discount=5")
    assert low.exit_code == 0, low.output
    assert (
        "below our estimate of their alternative" in low.stderr and "likely refused" in low.stderr
    )
    high = cli("log", "offer", session_id, "made", "residency=eu_only", "discount=10")
    assert high.exit_code == 0 and "alternative" not in high.stderr
    received = cli("log", "offer", session_id, "received", "residency=eu_only", "discount=0")
    assert "alternative" not in received.stderr
