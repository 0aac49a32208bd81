"""Commands on money, time and deterrence: ``economics CASE`` and ``deterrence``.

Each parses its arguments, calls one use case of :mod:`brightline.services.economics` (which
chooses where simulations run: local threads, or a Dask cluster at ``--scheduler``) and renders
the result; the Rich progress bar is the one thing drawn here while the use case runs.
:func:`register` adds the commands to the app it is given.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.output import OutputFormat, print_json

if TYPE_CHECKING:
    from brightline.economics.simulator import Progress
    from brightline.services.economics import HorizonNote, Notify

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


def _notes(format: OutputFormat) -> Notify:
    """Say a capped horizon on stderr before the run, unless the output will carry the note.

    Used when stdout is JSON, and for sweep points, whose text lines do not carry the note.
    """

    def notify(note: HorizonNote) -> None:
        if format is OutputFormat.JSON or not note.in_result:
            sys.stderr.write(f"note: {note.text}\n")

    return notify


def _wrote(chart: Path | None) -> None:
    if chart is not None:
        sys.stderr.write(f"wrote {chart}\n")


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
    from brightline.report.context import CaseContext
    from brightline.report.sections.economics import economics_section
    from brightline.services.economics import SimulationOptions, case_economics

    run = case_economics(
        case,
        seed=seed,
        simulate=simulate,
        simulation=SimulationOptions(replications, noise, scheduler),
        plot=plot,
        progress=_progress,
        notify=_notes(format),
    )
    _wrote(run.chart)
    loaded, result, population = run.loaded, run.analysis, run.population
    if format is OutputFormat.JSON:
        print_json(run.document)
        return
    section = economics_section(CaseContext(loaded).with_economics(result))
    if format is OutputFormat.MARKDOWN:
        from brightline.report.document import Document
        from brightline.report.markdown import render_markdown

        info = loaded.case.case
        sys.stdout.write(render_markdown(Document("Economics", info.title, (section,), info.id)))
    else:
        from brightline.cli.render import render_section

        render_section(section)
    if population is not None and format is OutputFormat.TEXT:
        from brightline.cli.render import print_text
        from brightline.report.sections.economics import population_document

        print_text(population_document(population, loaded.case.case.their_unit))


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
    from brightline.services.economics import (
        DeterrenceRequest,
        SimulationOptions,
        SweepGrid,
        parse_grid,
        parse_punishment,
    )
    from brightline.services.economics import deterrence as run_deterrence

    grid = None
    if sweep:
        grid = SweepGrid(
            parse_grid(grid_false_alarm, "grid_false_alarm"),
            parse_grid(grid_detection, "grid_detection"),
            parse_grid(grid_delta, "grid_delta"),
        )
    request = DeterrenceRequest(
        temptation,
        reward,
        walk_away,
        sucker,
        delta,
        false_alarm,
        detection,
        punishment=parse_punishment(punishment),
        simulate=simulate,
        simulation=SimulationOptions(replications, scheduler=scheduler),
        sweep=grid,
        seed=seed,
        plot=plot,
    )
    run = run_deterrence(request, progress=_progress, notify=_notes(format))
    _wrote(run.chart)
    if format is OutputFormat.JSON:
        print_json(run.document)
        return
    if format is OutputFormat.MARKDOWN:
        from brightline.report.markdown import render_markdown
        from brightline.report.sections.deterrence import deterrence_document

        sys.stdout.write(render_markdown(deterrence_document(run.document)))
        return
    from brightline.cli.render import print_text
    from brightline.report.sections.deterrence import deterrence_text_document

    print_text(deterrence_text_document(run.document, run.value_after_test))


def register(app: typer.Typer) -> None:
    """Add economics and deterrence to ``app``."""
    app.command()(economics)
    app.command()(deterrence)
