"""Parameter sweeps: the deterrence closed forms (and, optionally, simulations) over a grid.

A sweep answers "how good must our monitoring be, and how long must the relationship last, for the
threat to work?": it evaluates every (p, q, δ) combination of a grid. Closed forms are cheap and
run inline; simulations are split into chunks and sent to an executor: a local thread pool over
all cores by default, or a Dask cluster when the caller passes ``Client.get_executor()``. The
core never opens a connection itself: the adapter decides where work runs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace

from brightline.economics.deterrence import GRIM, Deterrence, Game, analyse
from brightline.economics.simulator import (
    Progress,
    Simulation,
    SimulationResult,
    Tester,
    simulate_many,
)
from brightline.errors import BrightlineError

MAX_ROUNDS = 10_000
"""Longest simulated horizon, in rounds per game. A δ this close to 1 needs more rounds for the
tail beyond the horizon to weigh under 1e-6 (δ > 0.9986, e.g. the default m/(m+1) for a
relationship of more than ~720 expected deals); the simulation then plays a finite relationship of
``MAX_ROUNDS`` deals and says so, instead of running for minutes (δ = 1 − 10⁻⁶ would ask for
1.4 × 10⁷ rounds per game)."""

HORIZON_TOLERANCE = 1e-6
"""Weight δ^N of the rounds beyond the horizon N below which a finite run matches the closed form."""

DEFAULT_FALSE_ALARMS = (0.0, 0.05, 0.1, 0.2)
DEFAULT_DETECTIONS = (0.6, 0.8, 0.9, 1.0)
DEFAULT_DELTAS = (0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True, slots=True)
class SweepPoint:
    """One grid point: the closed forms and, if asked, the simulated value of complying.

    Attributes:
        game: The game at this point.
        deterrence: The closed forms, None when the point is not a valid game.
        problem: Why the point is not valid.
        simulation: Simulated per-period value of a complying counterpart under the shortest
            deterring punishment (grim when none deters), to compare with the closed-form v.
    """

    game: Game
    deterrence: Deterrence | None
    problem: str = ""
    simulation: SimulationResult | None = None


def rounds_for(
    delta: float, tolerance: float = HORIZON_TOLERANCE, least: int = 100, most: int = MAX_ROUNDS
) -> int:
    """Rounds after which δ^rounds < tolerance, so a finite run matches the infinite closed form.

    Never more than ``most`` (see :data:`MAX_ROUNDS`; :func:`horizon_note` says when it binds).
    """
    if delta <= 0.0:
        return least
    if delta >= 1.0:
        return most
    return min(most, max(least, math.ceil(math.log(tolerance) / math.log1p(delta - 1.0))))


def horizon_note(delta: float, rounds: int) -> str | None:
    """A sentence when ``rounds`` is too short for δ (the horizon was capped), else None."""
    if delta >= 1.0 or delta**rounds < HORIZON_TOLERANCE:
        return None
    return (
        f"simulated horizon capped at {rounds:,} rounds per game: with δ = {delta:.6g} the deals "
        f"beyond it still weigh {delta**rounds:.2g} of the total, so the simulated values are for "
        f"a relationship of {rounds:,} deals, not the endless one of the closed forms"
    )


def sweep(
    base: Game,
    *,
    false_alarms: Sequence[float] = DEFAULT_FALSE_ALARMS,
    detections: Sequence[float] = DEFAULT_DETECTIONS,
    deltas: Sequence[float] = DEFAULT_DELTAS,
    punishment: int | None = None,
    replications: int = 0,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[SweepPoint]:
    """Evaluate every (false alarm, detection, δ) combination, simulating if replications > 0.

    Args:
        base: Payoffs; its δ, p and q are replaced by the grid's.
        false_alarms: Grid axis of p, the false-alarm probability.
        detections: Grid axis of q, the detection probability.
        deltas: Grid axis of δ, the weight of the next period.
        punishment: Fixed punishment length (``GRIM`` for good), or None for the shortest that
            deters at each point.
        replications: Simulated games per point (0: closed forms only).
        seed: Seed of the simulations.
        executor: Where simulations run (None: local threads on all cores).
        progress: Called as simulation chunks finish.
    """
    points: list[SweepPoint] = []
    for false_alarm, detection, delta in itertools.product(false_alarms, detections, deltas):
        game = replace(base, false_alarm=false_alarm, detection=detection, delta=delta)
        try:
            points.append(SweepPoint(game, analyse(game, punishment)))
        except BrightlineError as problem:
            points.append(SweepPoint(game, None, str(problem)))
    if replications <= 0:
        return points
    runnable = [point for point in points if point.deterrence is not None]
    settings = [
        Simulation(
            game=point.game,
            tester=Tester(walks_during_punishment=True),
            punishment=point.deterrence.punishment_periods if point.deterrence else GRIM,
            rounds=rounds_for(point.game.delta),
            replications=replications,
            seed=seed,
        )
        for point in runnable
    ]
    results = iter(simulate_many(settings, executor=executor, progress=progress))
    return [
        replace(point, simulation=next(results)) if point.deterrence is not None else point
        for point in points
    ]
