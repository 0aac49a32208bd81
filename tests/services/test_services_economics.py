"""The economics use cases, called directly with typed arguments (no CLI)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from brightline.actions import act
from brightline.economics.deterrence import GRIM, value_after_test
from brightline.economics.simulator import Progress
from brightline.errors import UsageError
from brightline.services import economics
from brightline.services.economics import (
    DeterrenceRequest,
    HorizonNote,
    SimulationOptions,
    SweepGrid,
    case_economics,
    parse_grid,
    parse_punishment,
)
from conftest import EXAMPLES

SAAS = EXAMPLES / "saas-data-residency.yaml"
GAME = {"temptation": 5.0, "reward": 3.0, "walk_away": 1.0, "sucker": 0.0, "delta": 0.8}


def test_parsers_name_their_parameter() -> None:
    assert parse_punishment(None) is None
    assert parse_punishment("grim") == GRIM
    assert parse_punishment("3") == 3
    with pytest.raises(UsageError) as raised:
        parse_punishment("0")
    assert raised.value.parameter == "punishment"
    assert parse_grid("0, 0.5,1", "grid_delta") == (0.0, 0.5, 1.0)
    assert parse_grid(None, "grid_delta") is None
    for text in ("a,b", ","):
        with pytest.raises(UsageError) as bad:
            parse_grid(text, "grid_delta")
        assert bad.value.parameter == "grid_delta"


def test_a_scheduler_without_simulation_is_refused_with_the_fix() -> None:
    request = DeterrenceRequest(**GAME, simulation=SimulationOptions(scheduler="tcp://x:1"))
    with pytest.raises(UsageError) as raised:
        economics.deterrence(request)
    assert raised.value.parameter == "scheduler"
    assert raised.value.action == act("simulate", simulate=True)
    with pytest.raises(UsageError):
        case_economics(SAAS, simulation=SimulationOptions(scheduler="tcp://x:1"))


@pytest.mark.parametrize("name", ["temptation", "delta", "false_alarm", "detection"])
def test_a_number_that_is_not_finite_is_named(name: str) -> None:
    with pytest.raises(UsageError) as raised:
        economics.deterrence(DeterrenceRequest(**{**GAME, name: math.inf}))
    assert raised.value.parameter == name


def test_deterrence_closed_form_after_a_test_comes_with_the_simulation() -> None:
    plain = economics.deterrence(DeterrenceRequest(**GAME))
    assert plain.value_after_test is None and "simulation" not in plain.document
    told: list[HorizonNote] = []
    described: list[str] = []

    @contextmanager
    def progress(description: str) -> Iterator[Progress]:
        described.append(description)
        yield lambda done, total: None

    request = DeterrenceRequest(
        **GAME,
        simulate=True,
        simulation=SimulationOptions(replications=200),
        sweep=SweepGrid(false_alarms=(0.0,), detections=(1.0,), deltas=(0.5, 0.8)),
    )
    run = economics.deterrence(request, progress=progress, notify=told.append)
    assert run.value_after_test == pytest.approx(
        value_after_test(run.analysis.game, run.analysis.punishment_periods)
    )
    assert len(run.document["simulation"]) == 2
    assert len(run.document["sweep"]) == 2
    assert described == ["simulating", "sweeping"]
    assert all(isinstance(note, HorizonNote) for note in told)


def test_case_economics_simulates_the_population(tmp_path: Path) -> None:
    run = case_economics(SAAS, simulate=True, simulation=SimulationOptions(replications=100))
    assert run.population is not None
    expected = [*economics.POPULATION, 0.5]
    assert [row["test_probability"] for row in run.population] == pytest.approx(expected)
    assert run.document["simulation"] == run.population
    with pytest.raises(UsageError) as raised:
        case_economics(SAAS, plot=tmp_path / "chart.pdf")
    assert raised.value.parameter == "plot"
