"""Use cases on money, time and deterrence: a case's economics, the deterrence game, simulations.

The core (:mod:`brightline.economics`) computes; this module decides what the adapters used to: the
simulated population of counterparts, *where* simulations run (local threads, or a Dask cluster
at a scheduler address: a network connection, so it lives here and the core only sees an
executor), numba's cache folder, and the chart files. Progress is reported through a callback the
adapter gives (the CLI draws a Rich bar), so nothing here prints.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from brightline.case.validate import LoadedCase
from brightline.economics.analysis import CaseEconomics
from brightline.economics.deterrence import Deterrence, Game
from brightline.economics.simulator import Progress, SimulationResult
from brightline.errors import UsageError
from brightline.services.cases import load_case

POPULATION = (0.0, 0.05, 0.1, 0.25, 0.5)
"""Test probabilities of the simulated population of counterparts."""

SCHEDULER_TIMEOUT_SECONDS = 10
"""How long to wait for a Dask scheduler before calling it unreachable (tests shorten it)."""

ProgressFactory = Callable[[str], AbstractContextManager[Progress]]
"""Given a description ("simulating"), a context that yields the progress callback."""


@dataclass(frozen=True, slots=True)
class HorizonNote:
    """Said before a simulation: its horizon is capped at this discount weight.

    ``in_result`` is true when the result carries the same note (the simulation rows do; sweep
    points do not), so an adapter that shows the result can leave it out.
    """

    delta: float
    text: str
    in_result: bool


Notify = Callable[[HorizonNote], None]
"""Where a note said before a long run goes (the CLI writes it to stderr)."""


@dataclass(frozen=True, slots=True)
class SimulationOptions:
    """How to simulate: games per setting, move noise, and where to run.

    Attributes:
        replications: Games per simulated setting.
        noise: Chance each move is flipped by mistake.
        scheduler: A Dask scheduler address (``tcp://HOST:PORT``); ``None`` runs on local cores.
    """

    replications: int = 20_000
    noise: float = 0.0
    scheduler: str | None = None


@contextlib.contextmanager
def _no_progress(description: str) -> Iterator[Progress]:
    def ignore(done: int, total: int) -> None:
        return None

    yield ignore


@contextlib.contextmanager
def executor_for(scheduler: str | None) -> Iterator[Executor | None]:
    """None (local threads) or a Dask executor connected to ``scheduler``, closed afterwards.

    Raises:
        UsageError: naming ``scheduler`` when Dask is not installed or the scheduler does not
            answer within :data:`SCHEDULER_TIMEOUT_SECONDS`.
    """
    if scheduler is None:
        yield None
        return
    import importlib

    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise UsageError(
            "needs Dask; install the extra: pip install 'brightline[dask]'",
            parameter="scheduler",
        ) from None
    try:
        client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT_SECONDS)
    except (OSError, TimeoutError, ValueError) as problem:
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({problem}); check the address"
        ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()


def refuse_idle_scheduler(scheduler: str | None, simulate: bool) -> None:
    """A scheduler only says where simulations run; without a simulation it would be ignored."""
    from brightline.actions import act

    if scheduler is not None and not simulate:
        raise UsageError(
            f"{scheduler} would be ignored: only simulations run on the cluster (closed forms "
            "and sweeps without simulation are computed here)",
            parameter="scheduler",
            action=act("simulate", simulate=True),
        )


def use_numba_cache() -> None:
    """Point numba's cache at the user's cache directory (unless NUMBA_CACHE_DIR is already set).

    The compiled kernels are cached only where a use case says (see ``simulator_kernels``): never
    inside the installed package. Called before the simulator first imports numba, which reads
    the variable once. A cache directory that cannot be created means no cache, not an error.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("brightline")) / "numba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    if os.access(folder, os.W_OK):
        os.environ["NUMBA_CACHE_DIR"] = str(folder)


def _tell_horizon(notify: Notify | None, delta: float, in_result: bool) -> None:
    """Tell ``notify`` that the simulated horizon is capped at ``delta``, if it is."""
    from brightline.economics.sweep import horizon_note, rounds_for

    note = horizon_note(delta, rounds_for(delta))
    if notify is not None and note is not None:
        notify(HorizonNote(delta, note, in_result))


@dataclass(frozen=True, slots=True)
class EconomicsRun:
    """A case's economics and, when simulated, the population's results.

    Attributes:
        loaded: The case.
        analysis: BATNA costing, hold-versus-cave and deterrence.
        document: The JSON document (with ``simulation`` when simulated).
        population: One JSON row per simulated counterpart, or ``None`` without simulation.
        chart: The chart file written, if one was asked for.
    """

    loaded: LoadedCase
    analysis: CaseEconomics
    document: dict[str, Any]
    population: list[dict[str, Any]] | None
    chart: Path | None


def case_economics(
    path: str | os.PathLike[str],
    *,
    seed: int = 0,
    simulate: bool = False,
    simulation: SimulationOptions | None = None,
    plot: Path | None = None,
    progress: ProgressFactory | None = None,
    notify: Notify | None = None,
) -> EconomicsRun:
    """BATNA costing, hold-versus-cave and deterrence for a case; optionally simulated, drawn.

    Args:
        path: The case file.
        seed: Seed of the BATNA sampler and the simulations.
        simulate: Simulate a population of counterparts against our trigger.
        simulation: How to simulate (default: :class:`SimulationOptions`).
        plot: Write a chart to this .png or .svg file.
        progress: Reports simulation progress (default: none).
        notify: Told a capped simulation horizon before the run (default: not told).

    Raises:
        UsageError: a scheduler without a simulation, a simulation of a case with no deterrence
            game, an unreachable scheduler, a chart file name that is not .png or .svg.
    """
    from brightline.amounts import finite_json
    from brightline.economics.analysis import analyse_case
    from brightline.economics.summary import economics_json

    options = simulation or SimulationOptions()
    refuse_idle_scheduler(options.scheduler, simulate)
    loaded = load_case(path)
    result = analyse_case(loaded, seed=seed)
    document = economics_json(result)
    population = None
    if simulate:
        if result.deterrence is not None:
            _tell_horizon(notify, result.deterrence.game.delta, in_result=True)
        population = simulate_population(result, seed, options, progress)
        document["simulation"] = finite_json(population)
    if plot is not None:
        from brightline.economics.charts import economics_chart
        from brightline.services.charts import write_chart

        currency = loaded.case.case.currency
        write_chart(plot, lambda kind: economics_chart(result, currency, kind))
    return EconomicsRun(loaded, result, document, population, plot)


def simulate_population(
    result: CaseEconomics,
    seed: int,
    options: SimulationOptions,
    progress: ProgressFactory | None = None,
) -> list[dict[str, Any]]:
    """Simulate the population of counterparts against the case's trigger strategy.

    One tester per probability of :data:`POPULATION`, and one adaptive tester.

    Raises:
        UsageError: naming ``simulate`` when the case has no deterrence game to simulate.
    """
    from brightline.economics.simulator import Simulation, Tester, TesterKind, simulate_many
    from brightline.economics.summary import simulation_json
    from brightline.economics.sweep import rounds_for

    if result.deterrence is None:
        raise UsageError(
            "needs the deterrence game; " + " ".join(result.notes), parameter="simulate"
        )
    verdict = result.deterrence
    base = Simulation(
        game=verdict.game,
        tester=Tester(walks_during_punishment=True),
        punishment=verdict.punishment_periods,
        rounds=rounds_for(verdict.game.delta),
        noise=options.noise,
        replications=options.replications,
        seed=seed,
    )
    settings = [
        replace(base, tester=replace(base.tester, test_probability=probability))
        for probability in POPULATION
    ]
    settings.append(
        replace(
            base,
            tester=Tester(TesterKind.ADAPTIVE, 0.5, 0.2, walks_during_punishment=True),
        )
    )
    use_numba_cache()
    with (
        executor_for(options.scheduler) as executor,
        (progress or _no_progress)("simulating") as report,
    ):
        results = simulate_many(settings, executor=executor, progress=report)
    return [simulation_json(item) for item in results]


def parse_punishment(text: str | None, parameter: str = "punishment") -> int | None:
    """``None`` (the shortest that deters), ``GRIM`` for ``grim``, or a whole number >= 1."""
    from brightline.economics.deterrence import GRIM

    if text is None:
        return None
    if text.strip().lower() == "grim":
        return GRIM
    try:
        periods = int(text)
    except ValueError:
        periods = 0
    if periods < 1:
        raise UsageError(
            f"must be a whole number of periods >= 1 or 'grim', not {text!r}",
            parameter=parameter,
        )
    return periods


def parse_grid(text: str | None, parameter: str) -> tuple[float, ...] | None:
    """Comma-separated numbers (``0,0.05,0.1``), or ``None`` when not given."""
    if text is None:
        return None
    try:
        values = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise UsageError(
            f"must be comma-separated numbers, got {text!r}", parameter=parameter
        ) from None
    if not values:
        raise UsageError("needs at least one number", parameter=parameter)
    return values


@dataclass(frozen=True, slots=True)
class SweepGrid:
    """The points of a deterrence sweep; ``None`` takes the default grid of that axis."""

    false_alarms: tuple[float, ...] | None = None
    detections: tuple[float, ...] | None = None
    deltas: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class DeterrenceRequest:
    """The game and what to do with it.

    Attributes:
        temptation: T, their payoff if they test and we cave.
        reward: R, their payoff when both keep the deal.
        walk_away: P, their payoff when talks end.
        sucker: S, their payoff if they comply and we walk.
        delta: Weight of the next period, in [0, 1).
        false_alarm: p, the chance we flag a test when they complied.
        detection: q, the chance we catch a test.
        punishment: Periods we walk away after a flag, ``GRIM`` for good, ``None`` for the
            shortest that deters.
        simulate: Check the closed forms (and the sweep's points) by simulation.
        simulation: How to simulate.
        sweep: Evaluate a grid over p, q and delta.
        seed: Seed of the simulations.
        plot: Write a chart to this .png or .svg file.
    """

    temptation: float
    reward: float
    walk_away: float
    sucker: float
    delta: float
    false_alarm: float = 0.0
    detection: float = 1.0
    punishment: int | None = None
    simulate: bool = False
    simulation: SimulationOptions = field(default_factory=SimulationOptions)
    sweep: SweepGrid | None = None
    seed: int = 0
    plot: Path | None = None


@dataclass(frozen=True, slots=True)
class DeterrenceRun:
    """The deterrence verdict, its JSON document, and what simulation adds.

    Attributes:
        analysis: The closed forms.
        document: The JSON document (with ``simulation`` and ``sweep`` when asked for).
        value_after_test: Their closed-form value per period if they test once, shown beside
            the simulated one (``None`` without simulation).
        chart: The chart file written, if one was asked for.
    """

    analysis: Deterrence
    document: dict[str, Any]
    value_after_test: float | None
    chart: Path | None


def deterrence(
    request: DeterrenceRequest,
    *,
    progress: ProgressFactory | None = None,
    notify: Notify | None = None,
) -> DeterrenceRun:
    """Does the threat of walking away deter a test of the rule? Closed forms, simulation, sweep.

    Raises:
        UsageError: naming the parameter that is not a finite number, a scheduler without a
            simulation, an unreachable scheduler, a chart file name that is not .png or .svg.
    """
    from brightline.amounts import finite_json
    from brightline.economics import sweep as sweeps
    from brightline.economics.deterrence import analyse, value_after_test
    from brightline.economics.summary import deterrence_json, simulation_json, sweep_json

    simulation = request.simulation
    refuse_idle_scheduler(simulation.scheduler, request.simulate)
    for name in (
        "temptation",
        "reward",
        "walk_away",
        "sucker",
        "delta",
        "false_alarm",
        "detection",
    ):
        value = getattr(request, name)
        if not math.isfinite(value):
            raise UsageError(f"must be a finite number, got {value!r}", parameter=name)
    game = Game(
        request.temptation,
        request.reward,
        request.walk_away,
        request.sucker,
        request.delta,
        request.false_alarm,
        request.detection,
    )
    result = analyse(game, request.punishment)
    document = deterrence_json(result)
    after_test = None
    if request.simulate:
        use_numba_cache()
        _tell_horizon(notify, request.delta, in_result=True)
        simulated = _simulate_deterrence(result, simulation, request.seed, progress)
        document["simulation"] = finite_json([simulation_json(item) for item in simulated])
        after_test = value_after_test(result.game, result.punishment_periods)
    if request.sweep is not None:
        grid = request.sweep
        deltas = grid.deltas or sweeps.DEFAULT_DELTAS
        if request.simulate:
            for grid_point_delta in deltas:
                _tell_horizon(notify, grid_point_delta, in_result=False)
        with (
            executor_for(simulation.scheduler) as executor,
            (progress or _no_progress)("sweeping") as report,
        ):
            points = sweeps.sweep(
                game,
                false_alarms=grid.false_alarms or sweeps.DEFAULT_FALSE_ALARMS,
                detections=grid.detections or sweeps.DEFAULT_DETECTIONS,
                deltas=deltas,
                punishment=request.punishment,
                replications=simulation.replications if request.simulate else 0,
                seed=request.seed,
                executor=executor,
                progress=report,
            )
        document["sweep"] = finite_json(sweep_json(points))
    if request.plot is not None:
        from brightline.economics.charts import deterrence_chart
        from brightline.services.charts import write_chart

        write_chart(request.plot, lambda kind: deterrence_chart(result, kind))
    return DeterrenceRun(result, document, after_test, request.plot)


def _simulate_deterrence(
    result: Deterrence,
    options: SimulationOptions,
    seed: int,
    progress: ProgressFactory | None,
) -> list[SimulationResult]:
    """Simulate a complier and a one-off tester against the analysed trigger."""
    from brightline.economics.simulator import Simulation, Tester, TesterKind, simulate_many
    from brightline.economics.sweep import rounds_for

    rounds = rounds_for(result.game.delta)
    once = (True,) + (False,) * (rounds - 1)
    settings = [
        Simulation(
            result.game,
            Tester(walks_during_punishment=True),
            result.punishment_periods,
            rounds,
            replications=options.replications,
            seed=seed,
        ),
        Simulation(
            result.game,
            Tester(TesterKind.PATTERN, pattern=once, walks_during_punishment=True),
            result.punishment_periods,
            rounds,
            replications=options.replications,
            seed=seed,
        ),
    ]
    with (
        executor_for(options.scheduler) as executor,
        (progress or _no_progress)("simulating") as report,
    ):
        return simulate_many(settings, executor=executor, progress=report)
