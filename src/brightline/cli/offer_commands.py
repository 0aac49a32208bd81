"""Commands on offers: meso (a grid of compliant offers), evaluate (an incoming offer), bids.

Each parses its arguments, calls one use case of :mod:`brightline.services.offers` and renders
the result; :func:`register` adds them to the app it is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from brightline.cli.output import OutputFormat, print_json, solver_output_to_stderr


def meso(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-k",
            help="Offers in the grid, 2 to 5 (default: 3, fewer when no grid of 3 exists).",
        ),
    ] = None,
    tolerance: Annotated[
        str | None,
        typer.Option(
            help="Width of the value band: an amount, or a share of our value range like 2% "
            "(default: 2%, widened up to 5% when no grid exists)."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            help="Least value to us of each offer: an amount, or a share like 50% of the way "
            "from the reservation point to the best compliant value (default: 50%, lowered "
            "only when no grid exists otherwise, never below the reservation point)."
        ),
    ] = None,
    min_difference: Annotated[
        int | None,
        typer.Option(
            help="Issues in which every pair of offers differs (default: 2, 1 when no grid "
            "exists otherwise)."
        ),
    ] = None,
    min_dimensions: Annotated[
        int | None,
        typer.Option(
            help="Dimensions (scope, timing, verification, price, terms) in which every pair "
            "differs; 1 adds nothing to --min-difference. Default: 2 when the issues span "
            "several dimensions (1, with a note, when no such grid exists)."
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Seconds the whole search may take (wall clock).")
    ] = 20.0,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Several compliant offers of equal value to us, as attractive to them as possible."""
    import time

    started = time.perf_counter()
    from brightline.services.offers import MesoOptions, meso_grid, parse_level

    options = MesoOptions(
        count=count,
        target=None if target is None else parse_level(target, "target"),
        tolerance=None if tolerance is None else parse_level(tolerance, "tolerance"),
        min_difference=min_difference,
        min_dimensions=min_dimensions,
        time_limit=time_limit,
    )
    with solver_output_to_stderr():
        run = meso_grid(case, options, started=started)  # the limit covers loading too
    loaded, result = run.loaded, run.result
    if format is OutputFormat.JSON:
        print_json(result.to_json())
    else:
        from brightline.cli.actions import meso_flags
        from brightline.cli.render import print_markdown, print_text
        from brightline.report.sections.meso import meso_document, meso_text_document

        if format is OutputFormat.MARKDOWN:
            print_markdown(meso_document(loaded, result, meso_flags))
        else:
            print_text(meso_text_document(loaded, result, meso_flags))
    if not run.found:
        raise typer.Exit(1)  # no grid at all, in every format (a smaller fallback grid exits 0)


def evaluate(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    offer: Annotated[
        str,
        typer.Option(help='An offer file (YAML or JSON), or "issue=option,issue=option".'),
    ],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Which rule an offer breaks, what it is worth, what to do and what to say."""
    from brightline.services.offers import evaluate_offer_in

    with solver_output_to_stderr():
        run = evaluate_offer_in(case, offer)
    loaded, result = run.loaded, run.evaluation
    if format is OutputFormat.JSON:
        print_json(result.to_json())
    else:
        from brightline.cli.render import print_markdown, print_text
        from brightline.report.sections.evaluation import (
            evaluation_document,
            evaluation_text_document,
        )

        if format is OutputFormat.MARKDOWN:
            print_markdown(evaluation_document(loaded, result))
        else:
            print_text(evaluation_text_document(loaded, result))


def bids(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    table: Annotated[Path, typer.Argument(help="Bids as .csv or .xlsx (one row per bid).")],
    limit: Annotated[
        int,
        typer.Option(
            min=0, help="Rows shown per list in text output, 0 for all (JSON lists every row)."
        ),
    ] = 20,
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--decimal-point",
            help="Numbers write decimals with a comma (1.265.000,50) or a point (1,265,000.50). "
            "Default: a point in comma-separated files; in ; and tab files either, and a lone "
            "separator before three digits (1.265) is refused as ambiguous.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The .xlsx sheet to read (default: the first).")
    ] = None,
    ignore_unreadable: Annotated[
        bool,
        typer.Option(
            help="Recommend an award even when an unreadable row might have won it (after you "
            "have looked at those rows)."
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            help="Also write the ranking, with each criterion's part of every score, to a "
            ".csv, .xlsx or .json file."
        ),
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Knock out bids that fail a must-have, score and rank the rest, advise award or re-bid.

    Exits 1 when unreadable rows might have won (fix them, or pass --ignore-unreadable).
    """
    from brightline.offers.bids_numbers import NumberStyle
    from brightline.services.offers import BidsOptions, rank_bids

    style = None
    if decimal_comma is not None:
        style = NumberStyle.COMMA if decimal_comma else NumberStyle.POINT
    run = rank_bids(case, table, BidsOptions(style, sheet, ignore_unreadable, output))
    loaded, result = run.loaded, run.result
    if format is OutputFormat.JSON:
        from brightline.report.bids_files import json_chunks

        for chunk in json_chunks(loaded, result):
            sys.stdout.write(chunk)
    else:
        from functools import partial

        from brightline.cli.actions import BIDS_REMEDY_FLAGS, bids_fix_unreadable, bids_more
        from brightline.cli.render import print_markdown, print_text
        from brightline.report.sections.bids import bids_document, bids_text_document

        build = (
            bids_document
            if format is OutputFormat.MARKDOWN
            else partial(bids_text_document, width=terminal_width())
        )
        document = build(
            loaded,
            result,
            result.to_json(loaded, limit=limit),
            limit,
            more=bids_more,
            fix_unreadable=bids_fix_unreadable,
            remedies=BIDS_REMEDY_FLAGS,
        )
        (print_markdown if format is OutputFormat.MARKDOWN else print_text)(document)
    if run.needs_fixing:
        raise typer.Exit(1)


def terminal_width() -> int | None:
    """Columns a terminal shows (``COLUMNS`` when set), to wrap sentences to; ``None`` off a terminal.

    Output piped to a file or another program keeps one line per statement, as ever.
    """
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def register(app: typer.Typer) -> None:
    """Add meso, evaluate and bids to ``app``."""
    for command in (meso, evaluate, bids):
        app.command()(command)
