"""Use cases of the web workbench's analysis pages, over one cache of per-case computations.

A browser asks for the same case again and again (the analysis page, then MESO with another
count, then an offer): compiling the outcome space and running the gate each time would cost a
``plan`` per click. :class:`CaseAnalyses` keeps one :class:`~brightline.report.context.CaseContext`
per case file *content* (keyed by the SHA-256 of its bytes), so an edited file is a new key and an
old result can never be served for it. The cache is an object the app's factory makes and hands to
its routes, never module state: two apps (two tests, two users' servers) never share results.

The results are the core's typed results plus a few view records the pages need and the CLI does
not (the points of the frontier chart, the rows of a bids ranking); no HTML here.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.case.model import Direction, NumericIssue, OptionValue
from brightline.case.validate import LoadedCase, parse_case
from brightline.report.context import CaseContext
from brightline.services.offers import BidsOptions, BidsRun, MesoOptions, MesoRun

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.lint import LintReport
    from brightline.offers.bids import BidsResult
    from brightline.offers.evaluate import Evaluation
    from brightline.report.document import Section

CACHE_CASES = 16
"""Case contents kept at once (least recently used first out)."""

CHART_POINTS = 240
"""Frontier points drawn at most per frontier; longer frontiers are thinned evenly."""


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One outcome drawn on the frontier chart.

    Attributes:
        ours: Value to us (case currency).
        theirs: Estimated value to them (their unit).
        outcome: The outcome in labelled terms (``Data residency: EU only; Discount: 10%``),
            shown on hover and in the table of marks.
        label: What the point is (``Nash point``, ``MESO offer 2``, ``received: o1``).
    """

    ours: float
    theirs: float
    outcome: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class FrontierChart:
    """What the frontier chart draws, in value units (the page maps them to pixels).

    Attributes:
        held: The frontier with every standard, best for us first.
        free: The frontier ignoring the standards.
        marks: Nash and Kalai points, the MESO offers and the offers received.
        reservation_ours: Our reservation value (a vertical line).
        reservation_theirs: Their estimated alternative (a horizontal line).
        zopa: ``(ours_low, ours_high)`` of the compliant ZOPA, None when there is none.
        held_points: Points on the whole compliant frontier (``held`` may be thinned).
        free_points: Points on the whole frontier ignoring standards.
        unit: The case currency.
        their_unit: Their value unit.
    """

    held: tuple[ChartPoint, ...]
    free: tuple[ChartPoint, ...]
    marks: tuple[ChartPoint, ...]
    reservation_ours: float
    reservation_theirs: float
    zopa: tuple[float, float] | None
    held_points: int
    free_points: int
    unit: str
    their_unit: str


@dataclass(frozen=True, slots=True)
class RankedBid:
    """One passing bid: its place, row, bidder, value to us and each criterion's part of it."""

    place: int
    row: int
    bidder: str
    score: float
    parts: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class KnockedOutBid:
    """One bid that breaks a must-have, with each broken rule in words."""

    row: int
    bidder: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BidsView:
    """A ranked bids table as a page shows it (the first ``limit`` rows of each list).

    Attributes:
        run: The case and the core's result.
        criteria: Names of the score's parts, in column order.
        ranked: The best passing bids.
        knocked_out: Bids knocked out by a must-have.
        unreadable: Each unreadable cell, in words (sheet, row, column, what is wrong).
        ranked_total: Passing bids in all.
        knocked_total: Knocked-out bids in all.
        action: The recommendation (``award``, ``two-stage-award``, ``re-bid``, ...).
        reasons: Why, in sentences with units.
        blocking_rows: For ``fix-unreadable``, the unreadable rows that might have won
            (``4, 6 and 9``): fix them, or rank without them on purpose.
        blocking_count: How many rows that is.
    """

    run: BidsRun
    criteria: tuple[str, ...]
    ranked: tuple[RankedBid, ...]
    knocked_out: tuple[KnockedOutBid, ...]
    unreadable: tuple[str, ...]
    ranked_total: int
    knocked_total: int
    action: str
    reasons: tuple[str, ...]
    blocking_rows: str = ""
    blocking_count: int = 0


@dataclass(frozen=True, slots=True)
class Overview:
    """What the analysis page shows, in the report's words.

    Attributes:
        context: The case's shared results.
        lint: Readiness items and pitfall findings.
        gate: The warrant gate's section (or the engine's note when it cannot hold the case).
        sweep: The sweep's section; None when the engine could not run.
        received: The evaluation of each offer received; None when there is none.
        engine_ran: Whether the engine could hold the case (the chart needs it).
    """

    context: CaseContext
    lint: LintReport
    gate: Section
    sweep: Section | None
    received: Section | None
    engine_ran: bool


def offer_from_choices(case: Case, choices: Mapping[str, str]) -> dict[str, OptionValue]:
    """An offer picked in a form (issue id -> the option or number as typed).

    Read as ``evaluate``'s ``issue=option`` pairs are, with the same checks and messages.

    Raises:
        InputFileError: listing every unknown issue or option and every missing issue.
    """
    from brightline.offers.offer_input import parse_offer_text

    pairs = ",".join(f"{issue}={value}" for issue, value in choices.items() if value.strip())
    return parse_offer_text(pairs, case)


class CaseAnalyses:
    """Per-case computations for the web pages, cached by the case file's content hash.

    Args:
        capacity: Case contents kept at once.
    """

    def __init__(self, capacity: int = CACHE_CASES) -> None:
        self._capacity = capacity
        self._contexts: OrderedDict[str, tuple[CaseContext, threading.Lock]] = OrderedDict()
        self._extras: dict[tuple[str, str, Any], Any] = {}
        self._lock = threading.Lock()

    # --- the cache ---------------------------------------------------------------------------

    def _entry(self, data: bytes, name: str) -> tuple[str, CaseContext, threading.Lock]:
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            found = self._contexts.get(key)
            if found is not None:
                self._contexts.move_to_end(key)
                return key, *found
        loaded = parse_case(data, name)  # outside the lock: a slow parse blocks no other case
        with self._lock:
            found = self._contexts.get(key)
            if found is None:
                found = (CaseContext(loaded), threading.Lock())
                self._contexts[key] = found
                while len(self._contexts) > self._capacity:
                    gone, _ = self._contexts.popitem(last=False)
                    self._extras = {k: v for k, v in self._extras.items() if k[0] != gone}
            return key, *found

    def context(self, data: bytes, name: str) -> CaseContext:
        """The shared results of the case in ``data`` (``name`` is how problems name the file).

        Raises:
            CaseFileError: when the bytes are not a valid case.
        """
        return self._entry(data, name)[1]

    def _computed(self, data: bytes, name: str, what: str, argument: Any, compute: Any) -> Any:
        """``compute(context)`` once per case content and argument; one computation at a time."""
        key, context, lock = self._entry(data, name)
        slot = (key, what, argument)
        with lock:  # a case's results are computed one at a time: never twice in parallel
            if slot not in self._extras:
                self._extras[slot] = compute(context)
            return self._extras[slot]

    # --- the use cases -----------------------------------------------------------------------

    def overview(self, data: bytes, name: str) -> Overview:
        """The analysis page's sections: lint, gate and sweep, offers received (computed once).

        A case the engine cannot hold gets the gate section's note instead of the sweep.
        """

        def compute(context: CaseContext) -> Overview:
            from brightline.report.sections.engine import engine_sections
            from brightline.report.sections.offers import received_offers_section

            engine = engine_sections(context)
            gate = engine[0]
            sweep = engine[1] if len(engine) > 1 else None
            received = received_offers_section(context) if sweep is not None else None
            return Overview(context, context.lint, gate, sweep, received, sweep is not None)

        return self._computed(data, name, "overview", None, compute)  # type: ignore[no-any-return]

    def frontier_chart(self, data: bytes, name: str) -> FrontierChart:
        """The frontier chart's points: both frontiers, Nash, Kalai, the MESO and received offers.

        Raises:
            BrightlineError: when the engine cannot hold the case.
        """
        return self._computed(data, name, "chart", None, _frontier_chart)  # type: ignore[no-any-return]

    def meso(self, data: bytes, name: str, options: MesoOptions | None = None) -> MesoRun:
        """A MESO grid; the default request is the plan's own grid, computed once per case."""
        chosen = options or MesoOptions()

        def compute(context: CaseContext) -> MesoRun:
            if chosen == MesoOptions():
                return MesoRun(context.loaded, context.meso)
            return _meso(context, chosen)

        return self._computed(data, name, "meso", chosen, compute)  # type: ignore[no-any-return]

    def evaluate(
        self, data: bytes, name: str, outcome: Mapping[str, OptionValue]
    ) -> tuple[LoadedCase, Evaluation]:
        """Evaluate one offer on the case's compiled space and gate (what breaks, counters, say)."""
        from brightline.offers.evaluate import evaluate_offer

        frozen = tuple(outcome.items())

        def compute(context: CaseContext) -> tuple[LoadedCase, Evaluation]:
            result = evaluate_offer(
                context.loaded, dict(frozen), space=context.space, gate=context.gate
            )
            return context.loaded, result

        return self._computed(data, name, "evaluate", frozen, compute)  # type: ignore[no-any-return]

    def economics_svg(self, data: bytes, name: str) -> bytes:
        """The economics chart (BATNA tornado, hold versus cave) as SVG, drawn once per case."""

        def compute(context: CaseContext) -> bytes:
            from brightline.economics.charts import economics_chart

            currency = context.loaded.case.case.currency
            return economics_chart(context.economics, currency, "svg")

        return self._computed(data, name, "economics.svg", None, compute)  # type: ignore[no-any-return]

    def economics(self, data: bytes, name: str) -> CaseContext:
        """The case with its economics computed (BATNA costing, hold versus cave, deterrence)."""

        def compute(context: CaseContext) -> CaseContext:
            context.economics  # noqa: B018
            return context

        return self._computed(data, name, "economics", None, compute)  # type: ignore[no-any-return]

    def economics_section(self, data: bytes, name: str) -> tuple[CaseContext, Section]:
        """The economics page's section with its case, worded once per case content."""

        def compute(context: CaseContext) -> tuple[CaseContext, Section]:
            from brightline.report.sections.economics import economics_section

            return context, economics_section(context)

        return self._computed(data, name, "economics section", None, compute)  # type: ignore[no-any-return]

    def bids(
        self,
        data: bytes,
        name: str,
        table: bytes,
        table_name: str,
        options: BidsOptions | None = None,
        limit: int = 50,
    ) -> BidsView:
        """Rank an uploaded bids table with the command line's readers (each upload is new).

        Raises:
            UsageError: naming ``sheet`` when a sheet is asked of a CSV table.
            InputFileError: when the table cannot be read (located by sheet, row and column).
        """
        from brightline.errors import UsageError
        from brightline.offers.bids import evaluate_bids
        from brightline.offers.bids_reading import read_bids
        from brightline.services.offers import WORKBOOK_SUFFIXES

        chosen = options or BidsOptions()
        loaded = self.context(data, name).loaded
        if chosen.sheet is not None and not table_name.lower().endswith(WORKBOOK_SUFFIXES):
            raise UsageError(
                f"{chosen.sheet!r}: only .xlsx workbooks have sheets; {table_name} is CSV",
                parameter="sheet",
            )
        mapping, parsed = read_bids(loaded, table, table_name, chosen.number_style, chosen.sheet)
        result = evaluate_bids(loaded, mapping, parsed, ignore_unreadable=chosen.ignore_unreadable)
        return _bids_view(BidsRun(loaded, result), limit)


def _thinned(count: int, limit: int) -> list[int]:
    """Evenly spaced indices from 0 to ``count - 1``, at most ``limit`` of them."""
    if count <= limit:
        return list(range(count))
    step = (count - 1) / (limit - 1)
    return sorted({round(position * step) for position in range(limit)})


def labelled_outcome(case: Case, outcome: Mapping[str, OptionValue]) -> str:
    """An outcome as people read it: ``Data residency: EU only; Discount: 10%`` (never ids).

    Each issue by its name and each choice by its label, or a number with its range's unit, as
    the documents name them.
    """
    from brightline.report.labels import issue_label, option_label

    return "; ".join(
        f"{issue_label(case, issue_id)}: {option_label(case, issue_id, value)}"
        for issue_id, value in outcome.items()
    )


def _frontier_chart(context: CaseContext) -> FrontierChart:
    from brightline.errors import BrightlineError
    from brightline.offers.valuation import outcome_values
    from brightline.report.labels import spaced

    loaded, found = context.loaded, context.sweep
    case = loaded.case

    def points(frontier: Any) -> tuple[ChartPoint, ...]:
        return tuple(
            ChartPoint(
                float(frontier.ours[index]),
                float(frontier.theirs[index]),
                labelled_outcome(case, found.space.outcome(frontier.choices[index])),
            )
            for index in _thinned(len(frontier), CHART_POINTS)
        )

    marks: list[ChartPoint] = []
    for label, index in (("Nash point", found.nash), ("Kalai point", found.kalai)):
        if index is not None:
            outcome = found.space.outcome(found.frontier.choices[index])
            marks.append(
                ChartPoint(
                    float(found.frontier.ours[index]),
                    float(found.frontier.theirs[index]),
                    labelled_outcome(case, outcome),
                    label,
                )
            )
    try:
        grid = context.meso
    except BrightlineError:
        grid = None
    for number, offer in enumerate(grid.offers if grid is not None else (), start=1):
        marks.append(
            ChartPoint(
                offer.ours, offer.theirs, labelled_outcome(case, offer.outcome), f"MESO {number}"
            )
        )
    for recorded in case.offers:
        if all(issue.id in recorded.outcome for issue in case.issues):
            ours, theirs = outcome_values(loaded, recorded.outcome)
            direction = "received" if recorded.direction is Direction.RECEIVED else "made"
            marks.append(
                ChartPoint(
                    ours,
                    theirs,
                    labelled_outcome(case, recorded.outcome),
                    f"{direction}: {spaced(recorded.id)}",
                )
            )
    zone = found.zopa
    zopa = (
        (zone.ours_low, zone.ours_high)
        if zone.exists and zone.ours_low is not None and zone.ours_high is not None
        else None
    )
    return FrontierChart(
        points(found.frontier),
        points(found.unconstrained),
        tuple(marks),
        found.reservations.ours,
        found.reservations.theirs,
        zopa,
        len(found.frontier),
        len(found.unconstrained),
        case.case.currency,
        case.case.their_unit,
    )


def _meso(context: CaseContext, options: MesoOptions) -> MesoRun:
    """``meso_grid`` on the context's compiled space and frontier (shares of a level mean the same)."""
    from brightline.offers.meso import generate_meso
    from brightline.services.offers import meso_ask

    started = time.perf_counter()
    loaded, space, frontier = context.loaded, context.space, context.frontier
    ask = meso_ask(loaded, space, options, started, frontier)
    return MesoRun(loaded, generate_meso(loaded, ask, space=space, frontier=frontier))


def _bids_view(run: BidsRun, limit: int) -> BidsView:
    from brightline.offers.bids_words import row_list

    result, loaded = run.result, run.loaded
    criteria = tuple(result.points)
    ranked = tuple(
        RankedBid(
            place,
            result.row(int(position)),
            result.bidder(int(position)),
            float(result.scores[position]),
            tuple(result.breakdown(int(position))[name] for name in criteria),
        )
        for place, position in enumerate(result.ranked[:limit], start=1)
    )
    knocked = tuple(
        KnockedOutBid(
            result.row(int(position)),
            result.bidder(int(position)),
            knock_out_reasons(result, loaded, int(position)),
        )
        for position in result.knocked_out[:limit]
    )
    unreadable = tuple(
        f"row {error.row}{f' column {error.column}' if error.column else ''}: {error.message}"
        for error in result.table.errors[:limit]
    )
    recommendation = result.recommendation
    rows = recommendation.get("rows", []) if recommendation["action"] == "fix-unreadable" else []
    reasons = [str(reason) for reason in recommendation.get("reasons", [])]
    if recommendation.get("two_stage_award"):
        reasons.append(str(recommendation["two_stage_award"]))
    return BidsView(
        run,
        criteria,
        ranked,
        knocked,
        unreadable,
        int(result.ranked.shape[0]),
        int(result.knocked_out.shape[0]),
        str(recommendation["action"]),
        tuple(reasons),
        row_list(list(rows)) if rows else "",
        len(rows),
    )


def knock_out_reasons(result: BidsResult, loaded: LoadedCase, position: int) -> tuple[str, ...]:
    """Why one bid is knocked out, in the case's words: each broken standard by its name.

    ``Safety level 3 or higher: this bid has level 2; needed: score on the safety scale is at
    least level 3``:
    the clauses the bid fails (the core's own blame, one per pattern of clause truths) worded by
    :func:`~brightline.report.labels.rule_words`, and the bid's value by its option label or
    with its unit. The command line's reasons name the ids the case file uses; a page names
    what the reader knows.
    """
    import numpy as np

    from brightline.case.model import DiscreteIssue
    from brightline.offers.bids_json import value_index
    from brightline.report.labels import rule_words, standard_label
    from brightline.rules import parse_rule

    case = loaded.case
    standards = {standard.id: standard for standard in case.standards}
    found: list[str] = []
    for column, standard_id in enumerate(result.standard_ids):
        if not result.failing[position, column]:
            continue
        pattern_of_row, blamed = result.blame_patterns(loaded, standard_id, column)
        name = standard_label(standards[standard_id])
        for issue_id, clause in blamed[int(pattern_of_row[position])]:
            texts, index = value_index(result, loaded, issue_id, np.array([position]))
            raw = texts[int(index[0])]
            if raw == "?":
                has = "no readable value"
            elif isinstance(case.issue(issue_id), DiscreteIssue):
                has = f"“{value_text(case, issue_id, _option_id(case, issue_id, raw))}”"
            else:
                has = raw
            needs = rule_words(case, parse_rule(clause))
            found.append(f"{name}: this bid has {has}; needed: {needs}")
    return tuple(found)


def _option_id(case: Case, issue_id: str, text: str) -> OptionValue:
    """The option of ``issue_id`` whose id reads ``text`` (ids may be numbers)."""
    issue = case.issue(issue_id)
    return next((value for value in issue.values() if str(value) == text), text)


def numeric_issues(case: Case) -> dict[str, NumericIssue]:
    """The case's numeric issues by id (the offer form asks a number for each)."""
    return {issue.id: issue for issue in case.issues if isinstance(issue, NumericIssue)}


def value_text(case: Case, issue_id: str, value: OptionValue) -> str:
    """One issue's value for people: an option by its label, a number with its unit."""
    from brightline.report.labels import option_label

    try:
        return option_label(case, issue_id, value)
    except KeyError:  # an issue the case does not have (an offer file's typo): as written
        return str(value)


@dataclass(frozen=True, slots=True)
class DocumentChoice:
    """A document kind a case page offers, and the formats it can be downloaded in here.

    Attributes:
        name: The kind (``proposal``, ``brief``).
        summary: One line saying what it is.
        audience: ``counterpart`` (safe to send) or ``internal``.
        formats: The formats this build can write it in (PDF, Word and HTML need the documents
            renderers; Markdown is always there).
        needs: What it needs beyond the case, when it cannot be built from the case alone
            (``bids``, ``bidder``, ``session``); empty when a download works.
    """

    name: str
    summary: str
    audience: str
    formats: tuple[str, ...]
    needs: tuple[str, ...]


def document_choices(case: Case) -> tuple[DocumentChoice, ...]:
    """The document kinds written for this case's context, counterpart kinds first."""
    import importlib.util

    from brightline.report.documents import TABLE_FORMATS
    from brightline.services.documents import list_kinds

    rendered = importlib.util.find_spec("brightline.report.formats") is not None
    context = case.case.context.value
    return tuple(
        DocumentChoice(
            kind.name,
            kind.summary,
            kind.audience,
            tuple(fmt for fmt in kind.formats if rendered or fmt == "md" or fmt in TABLE_FORMATS),
            tuple(kind.needs),
        )
        for kind in list_kinds()
        if kind.fits(context)
    )


def case_document(context: CaseContext, path: Path, kind: str, fmt: str) -> bytes:
    """One document of the case in ``fmt``, from the context the pages already computed.

    Raises:
        UsageError: naming ``kind`` or ``format`` when the kind does not exist, does not fit the
            case, needs more than the case, or does not come in that format.
    """
    from brightline.services.documents import write_document

    return write_document(kind, path, fmt, context=context)
