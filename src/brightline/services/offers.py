"""Use cases on offers: a MESO grid, the evaluation of an incoming offer, a ranking of bids.

The adapters give typed options (a :class:`Level` for a target or a tolerance, a
:class:`~brightline.offers.bids_numbers.NumberStyle` for decimals); the decisions that used to sit
in the CLI live here: what "50%" of a target means for this case, whether ``--offer`` text names a
file or lists pairs, which tables can have sheets.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.case.model import Case, OptionValue
from brightline.case.validate import LoadedCase
from brightline.errors import UsageError
from brightline.offers.bids import BidsResult
from brightline.offers.bids_numbers import NumberStyle
from brightline.offers.evaluate import Evaluation
from brightline.offers.meso import MesoResult
from brightline.offers.meso_request import DEFAULT_TIME_LIMIT
from brightline.services.cases import load_case
from brightline.services.files import TableFile, read_input

if TYPE_CHECKING:
    from brightline.engine.frontier import Frontier
    from brightline.engine.space import OutcomeSpace
    from brightline.offers.meso import MesoAsk


@dataclass(frozen=True, slots=True)
class Level:
    """A value to us as the user gave it: an amount in the case currency, or a share.

    What a share is of depends on the use: a MESO target's share is of the way from the
    reservation point to the best case, a tolerance's of our whole value range.
    """

    number: float
    share: bool = False


def parse_level(text: str, parameter: str) -> Level:
    """Read ``"1500"`` (an amount) or ``"50%"`` (a share, 0.5) given for ``parameter``.

    Raises:
        UsageError: naming ``parameter`` when the text is neither a finite amount nor a share.
    """
    from brightline.offers.valuation import parse_amount

    return Level(parse_amount(text, 1.0, parameter), text.strip().endswith("%"))


@dataclass(frozen=True, slots=True)
class MesoOptions:
    """What a MESO request may set; ``None`` leaves the choice (and its relaxation) to the search.

    Attributes:
        count: Offers in the grid, 2 to 5.
        target: Least value to us of each offer (a share is of the way from the reservation
            point to the best compliant value).
        tolerance: Width of the value band (a share is of our whole value range).
        min_difference: Issues in which every pair of offers differs.
        min_dimensions: Dimensions in which every pair of offers differs.
        time_limit: Seconds the whole request may take, loading and compiling included.
    """

    count: int | None = None
    target: Level | None = None
    tolerance: Level | None = None
    min_difference: int | None = None
    min_dimensions: int | None = None
    time_limit: float = DEFAULT_TIME_LIMIT


@dataclass(frozen=True, slots=True)
class MesoRun:
    """A case and its MESO grid."""

    loaded: LoadedCase
    result: MesoResult

    @property
    def found(self) -> bool:
        """Whether any grid was found (a smaller fallback grid counts)."""
        return bool(self.result.offers)


def meso_grid(
    path: str | os.PathLike[str], options: MesoOptions, *, started: float | None = None
) -> MesoRun:
    """Several compliant offers of equal value to us, as attractive to them as possible.

    Args:
        path: The case file.
        options: The request.
        started: When the request began (``time.perf_counter()``); the time limit counts from
            there. Default: now.
    """
    from brightline.engine.frontier import pareto_frontier
    from brightline.engine.space import compile_space
    from brightline.offers.meso import generate_meso

    started = time.perf_counter() if started is None else started
    loaded = load_case(path)
    space = compile_space(loaded)
    frontier = pareto_frontier(space)  # one computation for the shares and the search
    result = generate_meso(
        loaded, meso_ask(loaded, space, options, started, frontier), space=space, frontier=frontier
    )
    return MesoRun(loaded, result)


def meso_ask(
    loaded: LoadedCase,
    space: OutcomeSpace,
    options: MesoOptions,
    started: float,
    frontier: Frontier | None = None,
) -> MesoAsk:
    """The request in the case currency: what a share of a target or a tolerance comes to here.

    Args:
        loaded: The validated case.
        space: Its compiled space.
        options: The request as the user gave it.
        started: When the request began (``time.perf_counter()``).
        frontier: The compliant frontier of ``space``, when the caller has it (a target share
            reads the best case from it).
    """
    from brightline.offers.meso import MesoAsk
    from brightline.offers.valuation import value_scale

    scale = value_scale(loaded, space, None if frontier is None else lambda: frontier)
    tolerance, target = options.tolerance, options.target
    return MesoAsk(
        count=options.count,
        target=None
        if target is None
        else scale.at_share(target.number)
        if target.share
        else target.number,
        tolerance=None
        if tolerance is None
        else tolerance.number * scale.span
        if tolerance.share
        else tolerance.number,
        min_difference=options.min_difference,
        min_dimensions=options.min_dimensions,
        time_limit=options.time_limit,
        started=started,
    )


def read_offer(offer: str, case: Case) -> dict[str, OptionValue]:
    """An offer given as a file name (YAML or JSON) or as ``issue=option,...`` pairs.

    Text with ``=`` that is not an existing file is read as pairs, and so is blank text (which
    is refused as empty); anything else is a file.
    """
    from brightline.offers.offer_input import parse_offer_document, parse_offer_text

    if not offer.strip() or ("=" in offer and not Path(offer).exists()):
        return parse_offer_text(offer, case)
    return parse_offer_document(read_input(offer), offer, case)


@dataclass(frozen=True, slots=True)
class EvaluationRun:
    """A case and the evaluation of one offer in it."""

    loaded: LoadedCase
    evaluation: Evaluation


def evaluate_offer_in(path: str | os.PathLike[str], offer: str) -> EvaluationRun:
    """Which rule an offer breaks, what it is worth, what to do and what to say."""
    from brightline.offers.evaluate import evaluate_offer

    loaded = load_case(path)
    return EvaluationRun(loaded, evaluate_offer(loaded, read_offer(offer, loaded.case)))


@dataclass(frozen=True, slots=True)
class BidsOptions:
    """How to read a bids table and whether to award past unreadable rows.

    Attributes:
        number_style: Which mark separates decimals; ``None`` decides per file.
        sheet: The workbook sheet to read (only .xlsx and .xlsm files have sheets).
        ignore_unreadable: Recommend an award even when an unreadable row might have won.
        ranking_file: Also write the ranking, each criterion's part of every score included,
            to this ``.csv``, ``.xlsx`` or ``.json`` file (:func:`write_ranking`).
    """

    number_style: NumberStyle | None = None
    sheet: str | None = None
    ignore_unreadable: bool = False
    ranking_file: Path | None = None


@dataclass(frozen=True, slots=True)
class BidsRun:
    """A case and its ranked bids."""

    loaded: LoadedCase
    result: BidsResult

    @property
    def needs_fixing(self) -> bool:
        """Unreadable rows might have won: fix them, or ignore them on purpose."""
        return bool(self.result.recommendation["action"] == "fix-unreadable")


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
"""Tables with sheets; every other table is read as CSV."""


def rank_bids(
    path: str | os.PathLike[str], table: Path, options: BidsOptions | None = None
) -> BidsRun:
    """Knock out bids that fail a must-have, score and rank the rest, advise award or re-bid.

    Raises:
        UsageError: naming ``sheet`` when a sheet is asked of a CSV table.
    """
    from brightline.offers.bids import evaluate_bids
    from brightline.offers.bids_reading import read_bids

    chosen = options or BidsOptions()
    loaded = load_case(path)
    if chosen.sheet is not None and not str(table).lower().endswith(WORKBOOK_SUFFIXES):
        raise UsageError(
            f"{chosen.sheet!r}: only .xlsx workbooks have sheets; {table} is CSV",
            parameter="sheet",
        )
    source = TableFile.of(table)
    mapping, parsed = read_bids(loaded, source, str(table), chosen.number_style, chosen.sheet)
    result = evaluate_bids(loaded, mapping, parsed, ignore_unreadable=chosen.ignore_unreadable)
    run = BidsRun(loaded, result)
    if chosen.ranking_file is not None:
        write_ranking(chosen.ranking_file, run)
    return run


def write_ranking(path: Path, run: BidsRun) -> None:
    """Write the ranking with each criterion's part of the score: ``.csv``, ``.xlsx`` or ``.json``.

    Raises:
        UsageError: for another suffix, or ``.xlsx`` without the extra that writes it.
    """
    from brightline.report.bids_files import json_chunks, ranking_rows

    result, loaded = run.result, run.loaded
    suffix = path.suffix.lower()
    if suffix == ".json":
        with path.open("w", encoding="utf-8") as handle:
            for chunk in json_chunks(loaded, result):
                handle.write(chunk)
        return
    if suffix == ".csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in ranking_rows(result, loaded):
            writer.writerow(["" if value is None else value for value in row])
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return
    if suffix == ".xlsx":
        try:
            import openpyxl  # type: ignore[import-untyped]
        except ImportError:
            raise UsageError(
                "writing .xlsx needs the xlsx extra: pip install 'brightline[xlsx]' (or write .csv)"
            ) from None
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Ranking")
        for row in ranking_rows(result, loaded):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a bidder named "=HYPERLINK(...)" stays text
                cells.append(cell)
            sheet.append(cells)
        book.save(path)
        return
    raise UsageError(f"{path}: write a .csv, .xlsx or .json file", parameter="output")
