"""The compiled simulator against Axelrod's move sequences and against the closed forms.

Transcript tests read like the game: our trigger (Axelrod's Grudger when monitoring is perfect)
against fixed move cycles, move by move.
"""

from __future__ import annotations

import inspect
import itertools
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

from brightline.economics import simulator as sim
from brightline.economics.deterrence import GRIM, Game, value_after_test, value_per_period
from brightline.economics.simulator import (
    Simulation,
    simulate,
    simulate_many,
    simulate_population,
    transcript,
)
from brightline.economics.sweep import rounds_for
from brightline.errors import UsageError

if TYPE_CHECKING:
    import axelrod as axl

PRISONERS = Game(temptation=5, reward=3, punishment=1, sucker=0, delta=1.0)
"""Axelrod's default payoffs; δ = 1 makes values plain per-round means like Axelrod's scores."""


def _remembering(getsource: Callable[[Any], str]) -> Callable[[Any], str]:
    """``inspect.getsource`` that reads each function's source once (a failure is kept too).

    Importing Axelrod builds every strategy, its meta strategies build all of them again, and each
    build reads the source of every method of the player (its classifier's "makes_use_of"): about
    12,000 reads of a few dozen functions, 20 s of CPU per process. The sources do not
    change while it imports, so one read per function gives the same classifiers in about 5 s.
    """
    known: dict[object, str | OSError | TypeError] = {}

    def remembered(target: Any) -> str:
        key = getattr(target, "__func__", target)  # a bound method's source is its function's
        if key not in known:
            try:
                known[key] = getsource(target)
            except (OSError, TypeError) as error:  # no source (a class built at run time)
                known[key] = error
        found = known[key]
        if isinstance(found, Exception):
            raise found
        return found

    return remembered


@pytest.fixture(scope="module")
def axelrod() -> ModuleType:
    """Axelrod, imported only by the worker that runs these tests (not at collection time)."""
    getsource = inspect.getsource
    inspect.getsource = _remembering(getsource)
    try:
        import axelrod
    finally:
        inspect.getsource = getsource
    return axelrod


def _moves(pattern: str) -> tuple[bool, ...]:
    return tuple(move == "D" for move in pattern)


def _axelrod_moves(axl: ModuleType, ours: axl.Player, pattern: str, turns: int) -> tuple[str, str]:
    match = axl.Match((ours, axl.Cycler(pattern)), turns=turns)
    interactions = match.play()
    return (
        "".join(str(first) for first, _ in interactions),
        "".join(str(second) for _, second in interactions),
    )


def _our_moves(pattern: str, turns: int, detection: float) -> tuple[str, str]:
    game = Game(5, 3, 1, 0, 1.0, false_alarm=0.0, detection=detection)
    tester = sim.Tester(sim.TesterKind.PATTERN, pattern=_moves(pattern))
    played = transcript(Simulation(game, tester, GRIM, rounds=turns, replications=2))
    return (
        "".join("D" if move else "C" for move in played.ours),
        "".join("D" if move else "C" for move in played.tester),
    )


@pytest.mark.parametrize("pattern", ["C", "D", "CD", "CCD", "CCCCD", "DDC", "CCCCCCCCCD"])
def test_grim_trigger_plays_exactly_like_axelrod_grudger(axelrod: ModuleType, pattern: str) -> None:
    theirs = _axelrod_moves(axelrod, axelrod.Grudger(), pattern, 40)
    assert _our_moves(pattern, 40, detection=1.0) == theirs


@pytest.mark.parametrize("pattern", ["D", "CD", "CCD"])
def test_blind_trigger_plays_exactly_like_axelrod_cooperator(
    axelrod: ModuleType, pattern: str
) -> None:
    theirs = _axelrod_moves(axelrod, axelrod.Cooperator(), pattern, 25)
    assert _our_moves(pattern, 25, detection=0.0) == theirs


def test_transcript_reads_like_the_game() -> None:
    ours, theirs = _our_moves("CCD", 6, detection=1.0)
    assert theirs == "CCDCCD"
    assert ours == "CCCDDD"  # the test in round 3 is punished from round 4 on, for good


def test_noisy_grudger_against_a_tester_has_axelrods_mean(axelrod: ModuleType) -> None:
    axl = axelrod
    matches = 400
    scores = []
    for seed in range(matches):
        match = axl.Match((axl.Grudger(), axl.Random(0.95)), turns=100, noise=0.01, seed=seed)
        match.play()
        scores.append(match.final_score_per_turn())
    ours_axelrod = [score[0] for score in scores]
    mean = sum(ours_axelrod) / matches
    spread = math.sqrt(sum((s - mean) ** 2 for s in ours_axelrod) / (matches - 1) / matches)
    result = simulate(
        Simulation(
            PRISONERS,
            sim.Tester(test_probability=0.05),
            GRIM,
            rounds=100,
            noise=0.01,
            replications=100_000,
            seed=3,
        )
    )
    combined = math.hypot(spread, result.our_value.standard_error)
    assert abs(result.our_value.mean - mean) <= 3 * combined
    assert result.our_value.low <= result.our_value.mean <= result.our_value.high


def test_benchmark_exact_value_is_the_markov_chain_and_the_simulator_brackets_it() -> None:
    """docs/benchmarks.md quotes the exact mean 4.4229: the benchmark computes it, checked here."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "economics_simulator_benchmark.py"
    spec = importlib.util.spec_from_file_location("economics_simulator_benchmark", path)
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    exact = benchmark.exact_mean_score()
    assert round(exact, 4) == 4.4229
    # two rounds by hand: d = 0.05·0.99 + 0.95·0.01 = 0.059 of played tests
    tested = 0.059
    dealing = 0.99 * (1 - tested) * 3 + 0.01 * ((1 - tested) * 5 + tested)
    walked = 0.99 * ((1 - tested) * 5 + tested) + 0.01 * (1 - tested) * 3
    two = (dealing + (1 - tested) * dealing + tested * walked) / 2
    assert benchmark.exact_mean_score(rounds=2) == pytest.approx(two)
    result = simulate(
        Simulation(
            PRISONERS,
            sim.Tester(test_probability=0.05),
            GRIM,
            rounds=100,
            noise=0.01,
            replications=200_000,
            seed=11,
        )
    )
    assert abs(result.our_value.mean - exact) <= 3 * result.our_value.standard_error


GRID = list(itertools.product((0.6, 0.9), (0.0, 0.1), (0.7, 1.0), (1, 3, GRIM)))


@pytest.mark.parametrize(("delta", "false_alarm", "detection", "punishment"), GRID)
def test_simulation_agrees_with_closed_forms(
    delta: float, false_alarm: float, detection: float, punishment: int
) -> None:
    game = Game(5, 3, 1, 0, delta, false_alarm, detection)
    rounds = rounds_for(delta, tolerance=1e-9)
    comply = sim.Tester(walks_during_punishment=True)
    once = sim.Tester(
        sim.TesterKind.PATTERN,
        pattern=(True,) + (False,) * (rounds - 1),
        walks_during_punishment=True,
    )
    settings = [
        Simulation(game, tester, punishment, rounds, replications=20_000, seed=11)
        for tester in (comply, once)
    ]
    complied, tested = simulate_many(settings)
    for result, expected in (
        (complied, value_per_period(game, punishment)),
        (tested, value_after_test(game, punishment)),
    ):
        tolerance = max(3 * result.tester_value.standard_error, 1e-9)
        assert abs(result.tester_value.mean - expected) <= tolerance


def test_same_seed_same_result_whatever_the_number_of_workers() -> None:
    setting = Simulation(
        PRISONERS, sim.Tester(test_probability=0.1), 2, rounds=50, noise=0.02, replications=150_000
    )
    with ThreadPoolExecutor(max_workers=1) as single:
        one = simulate(setting, executor=single)
    assert simulate(setting) == one
    other = simulate(Simulation(**{**_fields(setting), "seed": 1}))
    assert other.tester_value.mean != one.tester_value.mean


def _fields(setting: Simulation) -> dict[str, object]:
    return {name: getattr(setting, name) for name in Simulation.__slots__}


def test_population_testing_more_earns_less_when_deterred() -> None:
    game = Game(5, 3, 1, 0, 0.9, false_alarm=0.0, detection=1.0)
    base = Simulation(
        game, sim.Tester(walks_during_punishment=True), 2, rounds=150, replications=5000
    )
    results = simulate_population(base, [0.0, 0.1, 0.3, 0.6])
    values = [result.tester_value.mean for result in results]
    assert values == sorted(values, reverse=True)


def test_adaptive_tester_learns_to_test_less_under_a_credible_threat() -> None:
    game = Game(5, 3, 1, 0, 0.95, false_alarm=0.0, detection=1.0)
    random_tester = sim.Tester(sim.TesterKind.RANDOM, 0.5, walks_during_punishment=True)
    learner = sim.Tester(sim.TesterKind.ADAPTIVE, 0.5, 0.3, walks_during_punishment=True)
    fixed, adaptive = simulate_many(
        [
            Simulation(game, tester, 2, rounds=200, replications=4000)
            for tester in (random_tester, learner)
        ]
    )
    assert adaptive.tests_per_round.high < fixed.tests_per_round.low


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"rounds": 0}, "rounds"),
        ({"replications": 1}, "replications"),
        ({"noise": 2.0}, "noise"),
        ({"punishment": -1}, "punishment"),
        ({"tester": sim.Tester(sim.TesterKind.PATTERN)}, "pattern"),
    ],
)
def test_bad_settings_are_refused(changes: dict[str, object], fragment: str) -> None:
    setting = Simulation(PRISONERS, sim.Tester())
    with pytest.raises(UsageError, match=fragment):
        simulate(Simulation(**{**_fields(setting), **changes}))  # type: ignore[arg-type]
