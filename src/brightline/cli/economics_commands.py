"""Commands on money, time and deterrence: ``economics CASE`` and ``deterrence``.

Thin adapters: parse, call the pure core in :mod:`brightline.economics`, format, write charts.
The one thing done here and not in the core is choosing *where* simulations run: a local thread
pool, or a Dask cluster when ``--scheduler ADDRESS`` is given (the connection is I/O, so it lives
in the adapter and the core only sees an executor).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from brightline.amounts import amount, number_text, quantity
from brightline.cli.app import app
from brightline.cli.output import OutputFormat, print_json

if TYPE_CHECKING:
    from brightline.economics.simulator import Progress

POPULATION = (0.0, 0.05, 0.1, 0.25, 0.5)
"""Test probabilities of the simulated population of counterparts."""

ScheduleOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://HOST:PORT) to run the simulations of --simulate "
        "on; needs the dask extra (pip install 'brightline\\[dask]'). Default: all local cores.",
    ),
]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Write a chart to this .png or .svg file.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f")]


SCHEDULER_TIMEOUT_SECONDS = 10
"""How long to wait for a Dask scheduler before calling it unreachable (tests shorten it)."""


@contextlib.contextmanager
def _executor(scheduler: str | None) -> Iterator[Executor | None]:
    """None (local threads) or a Dask executor connected to ``scheduler``, closed afterwards."""
    if scheduler is None:
        yield None
        return
    import importlib

    from brightline.errors import UsageError

    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise UsageError(
            "--scheduler needs Dask; install the extra: pip install 'brightline[dask]'"
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


@contextlib.contextmanager
def _progress(description: str) -> Iterator[Progress]:
    """A Rich progress bar on stderr (stdout stays clean for JSON)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _write_plot(path: Path, render: Any) -> None:
    from brightline.errors import UsageError

    image_format = path.suffix.lower().lstrip(".")
    if image_format not in ("png", "svg"):
        raise UsageError(f"--plot needs a .png or .svg file name, got {path.name!r}")
    data: bytes = render(image_format)
    try:
        path.write_bytes(data)
    except OSError as problem:
        raise UsageError(f"cannot write {path}: {problem.strerror}") from None
    sys.stderr.write(f"wrote {path}\n")


def _parse_punishment(text: str | None) -> int | None:
    from brightline.economics.deterrence import GRIM
    from brightline.errors import UsageError

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
            f"--punishment must be a whole number of periods >= 1 or 'grim', not {text!r}"
        )
    return periods


def _parse_grid(text: str | None, default: tuple[float, ...], name: str) -> tuple[float, ...]:
    from brightline.errors import UsageError

    if text is None:
        return default
    try:
        values = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise UsageError(f"{name} must be comma-separated numbers, got {text!r}") from None
    if not values:
        raise UsageError(f"{name} needs at least one number")
    return values


def _refuse_idle_scheduler(scheduler: str | None, simulate: bool) -> None:
    """``--scheduler`` only says where simulations run; without ``--simulate`` it would be ignored."""
    from brightline.errors import UsageError

    if scheduler is not None and not simulate:
        raise UsageError(
            f"--scheduler {scheduler} would be ignored: only simulations run on the cluster "
            "(closed forms and sweeps without simulation are computed here). Add --simulate, "
            "or drop --scheduler"
        )


def _refuse_non_finite(*options: tuple[str, float]) -> None:
    """Refuse inf and nan, which typer's float parser accepts, naming the option."""
    import math

    from brightline.errors import UsageError

    for name, value in options:
        if not math.isfinite(value):
            raise UsageError(f"{name} must be a finite number, got {value!r}")


def _warn_if_capped(delta: float) -> None:
    """Say on stderr, before the run, that the simulated horizon is capped.

    Used when stdout is JSON, and for sweep points, whose text lines do not carry the note.
    """
    from brightline.economics.sweep import horizon_note, rounds_for

    note = horizon_note(delta, rounds_for(delta))
    if note is not None:
        sys.stderr.write(f"note: {note}\n")


def _use_numba_cache() -> None:
    """Point numba's cache at the user's cache directory (unless NUMBA_CACHE_DIR is already set).

    The compiled kernels are cached only where an adapter says (see ``simulator_kernels``): never
    inside the installed package. Called before the simulator first imports numba, which reads
    the variable once. A cache directory that cannot be created means no cache, not an error.
    """
    import os

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


@app.command()
def economics(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: FormatOption = OutputFormat.TEXT,
    plot: PlotOption = None,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed of the BATNA sampler and simulations.")
    ] = 0,
    simulate: Annotated[
        bool, typer.Option(help="Simulate a population of counterparts against our trigger.")
    ] = False,
    replications: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="Games per simulated counterpart.")
    ] = 20_000,
    noise: Annotated[float, typer.Option(help="Chance each move is flipped by mistake.")] = 0.0,
    scheduler: ScheduleOption = None,
) -> None:
    """BATNA costing, hold-versus-cave and deterrence for a case, with the mapping shown."""
    from brightline.economics.analysis import analyse_case
    from brightline.economics.summary import economics_json, economics_section, finite_json
    from brightline.services import load_case

    _refuse_idle_scheduler(scheduler, simulate)
    loaded = load_case(case)
    result = analyse_case(loaded, seed=seed)
    document = economics_json(result)
    population = None
    if simulate:
        if format is OutputFormat.JSON and result.deterrence is not None:
            _warn_if_capped(result.deterrence.game.delta)
        population = _simulate_population(result, seed, replications, noise, scheduler)
        document["simulation"] = finite_json(population)
    if plot is not None:
        from brightline.economics.charts import economics_chart

        currency = loaded.case.case.currency
        _write_plot(plot, lambda kind: economics_chart(result, currency, kind))
    if format is OutputFormat.JSON:
        print_json(document)
        return
    section = economics_section(loaded, result)
    if format is OutputFormat.MARKDOWN:
        from brightline.plan import Plan

        sys.stdout.write(
            Plan(loaded.case.case.id, loaded.case.case.title, (section,)).to_markdown("Economics")
        )
    else:
        from brightline.cli.plan_output import render_section

        render_section(section)
    if population is not None and format is OutputFormat.TEXT:
        unit = loaded.case.case.their_unit
        for row in population:
            value = row["tester_value"]
            sys.stdout.write(
                f"counterpart {row['tester']} p(test)={row['test_probability']:.2f}: their value "
                f"{amount(value['mean'], unit)} per deal (95% CI "
                f"{number_text(value['ci95_low'])} to {amount(value['ci95_high'], unit)})\n"
            )
        if population and population[0]["horizon_note"]:
            sys.stdout.write(f"note: {population[0]['horizon_note']}\n")


def _simulate_population(
    result: Any, seed: int, replications: int, noise: float, scheduler: str | None
) -> list[dict[str, Any]]:
    from dataclasses import replace

    from brightline.economics.simulator import Simulation, Tester, TesterKind, simulate_many
    from brightline.economics.summary import simulation_json
    from brightline.economics.sweep import rounds_for
    from brightline.errors import UsageError

    if result.deterrence is None:
        raise UsageError("--simulate needs the deterrence game; " + " ".join(result.notes))
    verdict = result.deterrence
    base = Simulation(
        game=verdict.game,
        tester=Tester(walks_during_punishment=True),
        punishment=verdict.punishment_periods,
        rounds=rounds_for(verdict.game.delta),
        noise=noise,
        replications=replications,
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
    _use_numba_cache()
    with _executor(scheduler) as executor, _progress("simulating") as progress:
        results = simulate_many(settings, executor=executor, progress=progress)
    return [simulation_json(item) for item in results]


@app.command()
def deterrence(
    temptation: Annotated[
        float, typer.Option("--T", help="T: their payoff if they test and we cave.")
    ],
    reward: Annotated[float, typer.Option("--R", help="R: their payoff when both keep the deal.")],
    walk_away: Annotated[float, typer.Option("--P", help="P: their payoff when talks end.")],
    sucker: Annotated[
        float, typer.Option("--S", help="S: their payoff if they comply and we walk.")
    ],
    delta: Annotated[float, typer.Option("--delta", help="Weight of the next period, in [0, 1).")],
    false_alarm: Annotated[
        float, typer.Option("--false-alarm", help="p: chance we flag a test when they complied.")
    ] = 0.0,
    detection: Annotated[
        float, typer.Option("--detection", help="q: chance we catch a test.")
    ] = 1.0,
    punishment: Annotated[
        str | None,
        typer.Option(
            "--punishment",
            help="Periods we walk away after a flag (K) or 'grim'. "
            "Default: the shortest that deters.",
        ),
    ] = None,
    format: FormatOption = OutputFormat.TEXT,
    plot: PlotOption = None,
    simulate: Annotated[bool, typer.Option(help="Check the closed forms by simulation.")] = False,
    replications: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="Simulated games per setting.")
    ] = 20_000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the simulations.")] = 0,
    sweep: Annotated[bool, typer.Option(help="Evaluate a grid over p, q and delta.")] = False,
    grid_false_alarm: Annotated[
        str | None, typer.Option(help="Grid of p, e.g. 0,0.05,0.1.")
    ] = None,
    grid_detection: Annotated[str | None, typer.Option(help="Grid of q, e.g. 0.6,0.9,1.")] = None,
    grid_delta: Annotated[
        str | None, typer.Option(help="Grid of delta, e.g. 0.5,0.8,0.95.")
    ] = None,
    scheduler: ScheduleOption = None,
) -> None:
    """Does the threat of walking away deter a test of the rule? Closed forms, simulation, sweep."""
    from brightline.economics import sweep as sweeps
    from brightline.economics.deterrence import Game, analyse
    from brightline.economics.summary import (
        deterrence_json,
        finite_json,
        simulation_json,
        sweep_json,
    )

    _refuse_idle_scheduler(scheduler, simulate)
    _refuse_non_finite(
        ("--T", temptation),
        ("--R", reward),
        ("--P", walk_away),
        ("--S", sucker),
        ("--delta", delta),
        ("--false-alarm", false_alarm),
        ("--detection", detection),
    )
    game = Game(temptation, reward, walk_away, sucker, delta, false_alarm, detection)
    result = analyse(game, _parse_punishment(punishment))
    document = deterrence_json(result)
    if simulate:
        _use_numba_cache()
        if format is OutputFormat.JSON:
            _warn_if_capped(delta)
        simulated = _simulate_deterrence(result, replications, seed, scheduler)
        document["simulation"] = finite_json([simulation_json(item) for item in simulated])
    if sweep:
        grid = (
            _parse_grid(grid_false_alarm, sweeps.DEFAULT_FALSE_ALARMS, "--grid-false-alarm"),
            _parse_grid(grid_detection, sweeps.DEFAULT_DETECTIONS, "--grid-detection"),
            _parse_grid(grid_delta, sweeps.DEFAULT_DELTAS, "--grid-delta"),
        )
        if simulate:
            for grid_point_delta in grid[2]:
                _warn_if_capped(grid_point_delta)
        with _executor(scheduler) as executor, _progress("sweeping") as progress:
            points = sweeps.sweep(
                game,
                false_alarms=grid[0],
                detections=grid[1],
                deltas=grid[2],
                punishment=_parse_punishment(punishment),
                replications=replications if simulate else 0,
                seed=seed,
                executor=executor,
                progress=progress,
            )
        document["sweep"] = finite_json(sweep_json(points))
    if plot is not None:
        from brightline.economics.charts import deterrence_chart

        _write_plot(plot, lambda kind: deterrence_chart(result, kind))
    if format is OutputFormat.JSON:
        print_json(document)
        return
    if format is OutputFormat.MARKDOWN:
        from brightline.cli.deterrence_output import deterrence_markdown

        sys.stdout.write(deterrence_markdown(document))
        return
    _print_deterrence(document)


def _simulate_deterrence(
    result: Any, replications: int, seed: int, scheduler: str | None
) -> list[Any]:
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
            replications=replications,
            seed=seed,
        ),
        Simulation(
            result.game,
            Tester(TesterKind.PATTERN, pattern=once, walks_during_punishment=True),
            result.punishment_periods,
            rounds,
            replications=replications,
            seed=seed,
        ),
    ]
    with _executor(scheduler) as executor, _progress("simulating") as progress:
        return simulate_many(settings, executor=executor, progress=progress)


def _print_deterrence(document: dict[str, Any]) -> None:
    from brightline.economics.deterrence import Game, value_after_test

    out = sys.stdout
    game = document["game"]
    out.write(document["verdict"] + "\n")
    out.write(
        f"game: T={number_text(game['T'])} R={number_text(game['R'])} P={number_text(game['P'])} S={number_text(game['S'])} "
        f"delta={quantity(game['delta'])} false alarm p={quantity(game['false_alarm'])} "
        f"detection q={quantity(game['detection'])}\n"
    )
    out.write(
        f"grim trigger deters (perfect monitoring) iff delta >= {document['delta_star_grim']:.4f}\n"
    )
    noisy = document["delta_star_grim_noisy"]
    check = (
        f"false alarm p={quantity(game['false_alarm'])}, detection q={quantity(game['detection'])}"
    )
    out.write(
        f"grim trigger deters ({check}) iff delta >= {noisy:.4f}\n"
        if noisy is not None
        else f"grim trigger deters ({check}) at no delta below 1\n"
    )
    out.write(
        f"their loss from a test {number_text(document['incentive'])} vs gain T - R "
        f"{number_text(document['gain_from_testing'])} per period\n"
        f"value per period v = {number_text(document['value_per_period'])}; surplus destroyed by false "
        f"alarms R - v = {number_text(document['surplus_destroyed'])} per period\n"
    )
    for item, label in zip(document.get("simulation", []), ("comply", "test once"), strict=False):
        value = item["tester_value"]
        out.write(
            f"simulated their value if they {label}: {number_text(value['mean'])} "
            f"(95% CI {number_text(value['ci95_low'])} to {number_text(value['ci95_high'])}, "
            f"{item['replications']:,} games x {item['rounds']:,} rounds)\n"
        )
    if document.get("simulation") and document["simulation"][0]["horizon_note"]:
        out.write(f"note: {document['simulation'][0]['horizon_note']}\n")
    if document.get("simulation"):
        periods = document["punishment"]
        game_object = Game(
            game["T"],
            game["R"],
            game["P"],
            game["S"],
            game["delta"],
            game["false_alarm"],
            game["detection"],
        )
        length = 0 if periods == "grim" else int(periods)
        out.write(
            f"closed form if they test once: {number_text(value_after_test(game_object, length))}\n"
        )
    for point in document.get("sweep", []):
        if "problem" in point:
            out.write(
                f"p={quantity(point['false_alarm'])} q={quantity(point['detection'])} delta={quantity(point['delta'])}: {point['problem']}\n"
            )
            continue
        out.write(
            f"p={quantity(point['false_alarm'])} q={quantity(point['detection'])} delta={quantity(point['delta'])}: "
            f"{'deters' if point['deterred'] else 'does not deter'} with punishment "
            f"{point['punishment']}, v={number_text(point['value_per_period'])}, grim deters "
            + (
                f"from delta {point['delta_star_grim_noisy']:.4f}\n"
                if point["delta_star_grim_noisy"] is not None
                else "at no delta below 1\n"
            )
        )
