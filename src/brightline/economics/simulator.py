"""Monte Carlo simulation of the test-or-comply game, for what the closed forms do not cover.

The closed forms in :mod:`~brightline.economics.deterrence` assume an infinite horizon, one
counterpart who reasons perfectly, and flawless execution. This simulator relaxes each of these:
a finite number of rounds, a population of counterparts that test the rule with different
probabilities, *adaptive* testers who test less after being punished and more after getting away
with it, and execution noise (each intended move is flipped with a small probability, as in
Axelrod's ``Match(noise=...)``).

Our side plays a trigger strategy: deal normally until our check flags a test (probability q when
they test, p when they comply), then walk away from the next k rounds (k = 0 means for good). Tests
made while we are already walking away are not monitored, as in the closed forms. With p = 0 and
q = 1 our side is exactly Axelrod's ``Grudger`` (k = 0).

Every run is seeded (``seed=``) and reproducible: each replication draws from its own stream, so
the result does not depend on how many threads or machines share the work. Results carry standard
errors and 95% confidence intervals (normal approximation over independent replications).
numba is imported inside the functions below, so importing this module stays cheap.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from brightline.economics.deterrence import GRIM, Game
from brightline.errors import UsageError

CHUNK = 65_536
"""Replications per work item; fixed so that results never depend on the number of workers."""

Z_95 = 1.959963984540054
"""Two-sided 95% normal quantile."""

Progress = Callable[[int, int], None]
"""Called with (work items done, work items in total) as a simulation or sweep progresses."""


class TesterKind(IntEnum):
    """How the counterpart decides to test the rule each round."""

    RANDOM = 0
    """Tests with a fixed probability each round (Axelrod's ``Random(1 − probability)``)."""
    ADAPTIVE = 1
    """Starts at a probability, lowers it by the learning rate after a punished test, raises it
    after a test that went unpunished."""
    PATTERN = 2
    """A fixed cycle of moves (Axelrod's ``Cycler``): deterministic, for transcript tests."""


@dataclass(frozen=True, slots=True)
class Tester:
    """The counterpart's strategy.

    Attributes:
        kind: How tests are decided.
        test_probability: Chance of testing in a round (RANDOM) or at the start (ADAPTIVE).
        learning_rate: Share by which an ADAPTIVE tester moves its probability after a test.
        pattern: Moves of a PATTERN tester, True for a test, repeated as a cycle.
        walks_during_punishment: Plays "walk away" while we punish, so those rounds pay (P, P) as
            in the closed forms; False plays its own strategy throughout, as Axelrod's players do.
    """

    kind: TesterKind = TesterKind.RANDOM
    test_probability: float = 0.0
    learning_rate: float = 0.0
    pattern: tuple[bool, ...] = ()
    walks_during_punishment: bool = False


@dataclass(frozen=True, slots=True)
class Simulation:
    """One simulation setting: the game, our trigger strategy, the tester, and the sample.

    Attributes:
        game: Payoffs, δ (discount per round; 1.0 means a plain average) and monitoring p, q.
        tester: The counterpart.
        punishment: Rounds we walk away after a flag, ``GRIM`` (0) for good.
        rounds: Horizon in rounds.
        noise: Chance each intended move is flipped.
        replications: Independent games played.
        seed: Seed of the random streams.
    """

    game: Game
    tester: Tester
    punishment: int = GRIM
    rounds: int = 100
    noise: float = 0.0
    replications: int = 10_000
    seed: int = 0

    def validate(self) -> None:
        """Refuse settings that cannot run, saying what to change."""
        if self.rounds < 1:
            raise UsageError(f"rounds must be at least 1, got {self.rounds}")
        if self.replications < 2:
            raise UsageError(f"replications must be at least 2, got {self.replications}")
        if self.punishment < 0:
            raise UsageError(
                f"punishment must be 0 (grim) or a positive number of rounds, got {self.punishment}"
            )
        if not 0.0 <= self.game.delta <= 1.0:
            raise UsageError(f"delta must be in [0, 1] for a simulation, got {self.game.delta:g}")
        for name, value in (
            ("noise", self.noise),
            ("test probability", self.tester.test_probability),
            ("learning rate", self.tester.learning_rate),
            ("false alarm", self.game.false_alarm),
            ("detection", self.game.detection),
        ):
            if not 0.0 <= value <= 1.0:
                raise UsageError(f"{name} must be in [0, 1], got {value:g}")
        if self.tester.kind is TesterKind.PATTERN and not self.tester.pattern:
            raise UsageError("a pattern tester needs at least one move")


@dataclass(frozen=True, slots=True)
class Estimate:
    """A Monte Carlo mean with its standard error and 95% confidence interval."""

    mean: float
    standard_error: float

    @property
    def low(self) -> float:
        """Lower end of the 95% confidence interval."""
        return self.mean - Z_95 * self.standard_error

    @property
    def high(self) -> float:
        """Upper end of the 95% confidence interval."""
        return self.mean + Z_95 * self.standard_error


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """Per-period values of both sides and how often they tested.

    Attributes:
        simulation: The setting simulated.
        tester_value: Their discounted payoff per round.
        our_value: Ours, on the same scale.
        tests_per_round: Tests per round, counted while we were not punishing.
    """

    simulation: Simulation
    tester_value: Estimate
    our_value: Estimate
    tests_per_round: Estimate = field(default_factory=lambda: Estimate(0.0, 0.0))


def _arguments(simulation: Simulation) -> tuple[Any, ...]:
    import numpy as np

    game, tester = simulation.game, simulation.tester
    payoffs = np.array([game.reward, game.sucker, game.temptation, game.punishment])
    pattern = np.array(tester.pattern or (False,), dtype=np.int8)
    return (
        payoffs,
        float(game.delta),
        int(simulation.rounds),
        int(simulation.punishment),
        float(game.false_alarm),
        float(game.detection),
        float(simulation.noise),
        int(tester.kind),
        float(tester.test_probability),
        float(tester.learning_rate),
        pattern,
        bool(tester.walks_during_punishment),
        np.uint64(simulation.seed % 2**64),
    )


def play_chunk(simulation: Simulation, first: int, count: int) -> tuple[Any, Any, Any]:
    """Play ``count`` replications starting at index ``first``; returns three numpy arrays.

    A module-level function so that process pools and Dask workers can pickle it.
    """
    import numpy as np

    from brightline.economics import simulator_kernels

    tester = np.empty(count)
    ours = np.empty(count)
    tests = np.empty(count)
    kernel: Any = simulator_kernels.play_block
    kernel(*_arguments(simulation), first, tester, ours, tests)
    return tester, ours, tests


def _estimate(values: Any) -> Estimate:
    count = values.shape[0]
    return Estimate(float(values.mean()), float(values.std(ddof=1)) / math.sqrt(count))


def local_executor() -> Executor:
    """A thread pool with one worker per core (the kernels release the GIL)."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1)


def simulate_many(
    simulations: Sequence[Simulation],
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[SimulationResult]:
    """Run several simulations, split into fixed-size chunks spread over the executor.

    Args:
        simulations: The settings to run.
        executor: Where to run the chunks: None for a local thread pool over all cores, or any
            ``concurrent.futures.Executor`` (a Dask ``Client.get_executor()`` for a cluster).
        progress: Called as chunks finish.

    Raises:
        UsageError: if a setting cannot run.
    """
    import numpy as np

    for simulation in simulations:
        simulation.validate()
    jobs = [
        (index, first, min(CHUNK, simulation.replications - first))
        for index, simulation in enumerate(simulations)
        for first in range(0, simulation.replications, CHUNK)
    ]
    owned = executor is None
    pool = local_executor() if executor is None else executor
    try:
        futures = [
            pool.submit(play_chunk, simulations[index], first, count)
            for index, first, count in jobs
        ]
        parts: list[tuple[Any, Any, Any]] = []
        for done, future in enumerate(futures, start=1):
            parts.append(future.result())
            if progress is not None:
                progress(done, len(futures))
    finally:
        if owned:
            pool.shutdown()
    results: list[SimulationResult] = []
    for index, simulation in enumerate(simulations):
        mine = [part for (owner, _, _), part in zip(jobs, parts, strict=True) if owner == index]
        tester = np.concatenate([part[0] for part in mine])
        ours = np.concatenate([part[1] for part in mine])
        tests = np.concatenate([part[2] for part in mine]) / simulation.rounds
        results.append(
            SimulationResult(simulation, _estimate(tester), _estimate(ours), _estimate(tests))
        )
    return results


def simulate(
    simulation: Simulation,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Run one simulation over all local cores (or the given executor)."""
    return simulate_many([simulation], executor=executor, progress=progress)[0]


def simulate_population(
    simulation: Simulation,
    test_probabilities: Sequence[float],
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[SimulationResult]:
    """The same setting against a population of testers that differ in their test probability."""
    from dataclasses import replace

    settings = [
        replace(simulation, tester=replace(simulation.tester, test_probability=probability))
        for probability in test_probabilities
    ]
    return simulate_many(settings, executor=executor, progress=progress)


@dataclass(frozen=True, slots=True)
class Transcript:
    """The moves of one game, True for a test (theirs) or a punishment (ours)."""

    tester: tuple[bool, ...]
    ours: tuple[bool, ...]


def transcript(simulation: Simulation, replication: int = 0) -> Transcript:
    """Play one replication and return its moves (for tests that read like the game)."""
    import numpy as np

    from brightline.economics import simulator_kernels

    simulation.validate()
    tester = np.zeros(simulation.rounds, dtype=np.int8)
    ours = np.zeros(simulation.rounds, dtype=np.int8)
    arguments = _arguments(simulation)
    start: Any = simulator_kernels.start_streams
    state, streams = start(
        arguments[-1],
        replication,
        simulation.tester.test_probability,
        int(simulation.tester.kind),
        simulation.noise,
        simulation.game.false_alarm,
    )
    kernel: Any = simulator_kernels.play_one
    kernel(*arguments[:-1], streams, state, tester, ours)
    return Transcript(tuple(bool(move) for move in tester), tuple(bool(move) for move in ours))
