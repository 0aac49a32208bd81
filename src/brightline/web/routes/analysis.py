"""Every analysis of a case on a page: check and gate with the frontier, MESO, an offer, bids, money.

Each route reads the case's bytes from its library (by id, never a path), makes one call on the
app's :class:`~brightline.services.analyses.CaseAnalyses` (which caches per case content) and
renders the report's own sections, so a page says what ``brightline gate``, ``meso`` or
``evaluate`` says. Forms that only compute (MESO, evaluate) still post with the CSRF token, as
every form does; htmx swaps in just the result, and without JavaScript the whole page comes back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from brightline.actions import Action
from brightline.case.model import DiscreteIssue, NumericIssue, Option
from brightline.case.source import MAX_FILE_BYTES
from brightline.errors import CaseFileError, UsageError
from brightline.report.sections.meso import relaxation_lines, summary_text
from brightline.services.analyses import (
    CACHE_CASES,
    BidsView,
    CaseAnalyses,
    FrontierChart,
    offer_from_choices,
    value_text,
)
from brightline.services.offers import BidsOptions, Level, MesoOptions, parse_level
from brightline.services.page_words import field_words
from brightline.session import roles
from brightline.web.access import Access, case_library, requires
from brightline.web.actions import action_text
from brightline.web.frontier import drawn_kinds, frontier_svg, mark_class
from brightline.web.workbench import Workbench

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.offers.meso_diagnosis import Infeasibility

LIBRARIES = ("cases", "examples")
"""The libraries a case page can be in: the user's cases and the read-only examples."""

BIDS_ROWS = 50
"""Rows of each bids list a page shows."""

MESO_FIELDS = ("count", "target", "tolerance")

_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")


def inline(text: str) -> Markup:
    """The report's inline Markdown (``**bold**``, ```code```) as HTML; everything else escaped."""
    out: list[str] = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        bold, code = match.groups()
        out.append(
            f"<strong>{escape(bold)}</strong>"
            if bold is not None
            else f"<code>{escape(code)}</code>"
        )
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def fix_href(base: str, path: tuple[str | int, ...]) -> str:
    """Where the field at a finding's path is edited.

    For the user's own cases, the case forms' field; for the read-only examples, the case page.
    """
    from brightline.services.case_editor import field_anchor

    if not base.startswith("/cases/"):
        return base
    section, name = field_anchor(path)
    return f"{base}/edit/{section}#field-{name.replace('.', '-')}"


Viewer = Annotated[Access, Depends(requires(roles.Action.VIEW))]
"""Every analysis reads: computing one changes nothing, so any member of the team may."""


def _wants_fragment(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def router(workbench: Workbench) -> APIRouter:
    """The analysis pages, over one cache of this app's per-case computations."""
    routes = APIRouter()
    analyses = CaseAnalyses()
    pages = workbench.pages
    pages.environment.filters.setdefault("inline", inline)
    pages.environment.globals.setdefault("mark_class", mark_class)
    pages.environment.globals.setdefault("drawn_kinds", drawn_kinds)
    pages.environment.globals.setdefault("value_text", value_text)
    pages.environment.globals.setdefault("fix_href", fix_href)
    pages.environment.globals.setdefault("field_words", field_words)

    charts: dict[int, tuple[FrontierChart, str]] = {}

    def drawn(chart: FrontierChart) -> str:
        """The chart's SVG, drawn once per chart (the cache hands out the same chart object)."""
        kept = charts.get(id(chart))
        if kept is None or kept[0] is not chart:
            kept = (chart, frontier_svg(chart))
            if len(charts) >= CACHE_CASES:
                charts.pop(next(iter(charts)))
            charts[id(chart)] = kept
        return kept[1]

    def source(access: Access, library: str, case_id: str) -> tuple[bytes, str, str]:
        found = case_library(workbench, access, library, case_id)
        return found.data(case_id), f"{case_id}.yaml", f"/{library}/{case_id}"

    def common(library: str, case_id: str, base: str, section: str) -> dict[str, object]:
        return {
            "case_id": case_id,
            "library": library,
            "base": base,
            "section": section,
            "writable": library == "cases",
        }

    @routes.get("/{library}/{case_id}/analysis", response_class=HTMLResponse)
    def analysis_page(request: Request, access: Viewer, library: str, case_id: str) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        overview = analyses.overview(data, name)
        chart = analyses.frontier_chart(data, name) if overview.engine_ran else None
        return pages.render(
            request,
            "analysis/overview.html",
            {
                **common(library, case_id, base, "analysis"),
                "case": overview.context.loaded.case,
                "overview": overview,
                "chart": chart,
                "svg": drawn(chart) if chart is not None else "",
            },
        )

    def meso_page(
        request: Request,
        access: Access,
        library: str,
        case_id: str,
        form: dict[str, str],
    ) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        errors: dict[str, str] = {}
        options = _meso_options(form, errors)
        run = None if errors else analyses.meso(data, name, options)
        context = {
            **common(library, case_id, base, "meso"),
            "case": analyses.context(data, name).loaded.case,
            "form": form,
            "errors": errors,
            "run": run,
            "word": action_text,
            "suggestions": _suggestions(run.result.infeasible) if run is not None else [],
            "summary": summary_text(run.result) if run is not None else "",
            "relaxed": relaxation_lines(run.result) if run is not None else [],
        }
        template = "analysis/_meso_grid.html" if _wants_fragment(request) else "analysis/meso.html"
        return pages.render(request, template, context, status=400 if errors else 200)

    @routes.get("/{library}/{case_id}/meso", response_class=HTMLResponse)
    def meso_default(request: Request, access: Viewer, library: str, case_id: str) -> HTMLResponse:
        return meso_page(request, access, library, case_id, {})

    @routes.post("/{library}/{case_id}/meso", response_class=HTMLResponse)
    def meso_request(
        request: Request,
        access: Viewer,
        library: str,
        case_id: str,
        count: Annotated[str, Form()] = "",
        target: Annotated[str, Form()] = "",
        tolerance: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        form = {"count": count, "target": target, "tolerance": tolerance}
        return meso_page(request, access, library, case_id, form)

    def evaluate_page(
        request: Request, access: Access, library: str, case_id: str, picked: dict[str, str] | None
    ) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        case = analyses.context(data, name).loaded.case
        problems: list[str] = []
        result = None
        if picked is not None:
            try:
                outcome = offer_from_choices(case, picked)
            except CaseFileError as error:
                problems = [
                    problem.message + (f"; {problem.hint}" if problem.hint else "")
                    for problem in error.problems
                ]
            else:
                result = analyses.evaluate(data, name, outcome)[1]
        context = {
            **common(library, case_id, base, "evaluate"),
            "case": case,
            "issues": [
                _issue_field(issue, (picked or {}).get(issue.id, "")) for issue in case.issues
            ],
            "problems": problems,
            "result": result,
        }
        template = (
            "analysis/_evaluation.html" if _wants_fragment(request) else "analysis/evaluate.html"
        )
        return pages.render(request, template, context, status=400 if problems else 200)

    @routes.get("/{library}/{case_id}/evaluate", response_class=HTMLResponse)
    def evaluate_form(request: Request, access: Viewer, library: str, case_id: str) -> HTMLResponse:
        return evaluate_page(request, access, library, case_id, None)

    @routes.post("/{library}/{case_id}/evaluate", response_class=HTMLResponse)
    async def evaluate_offer(
        request: Request, access: Viewer, library: str, case_id: str
    ) -> HTMLResponse:
        form = await request.form()
        picked = {
            key.removeprefix("issue:"): str(value)
            for key, value in form.items()
            if key.startswith("issue:") and isinstance(value, str)
        }
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(evaluate_page, request, access, library, case_id, picked)

    @routes.get("/{library}/{case_id}/bids", response_class=HTMLResponse)
    def bids_form(request: Request, access: Viewer, library: str, case_id: str) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        context = {
            **common(library, case_id, base, "bids"),
            "case": analyses.context(data, name).loaded.case,
            "view": None,
            "problems": [],
            "limit": _limit_text(),
        }
        return pages.render(request, "analysis/bids.html", context)

    @routes.post("/{library}/{case_id}/bids", response_class=HTMLResponse)
    def rank_bids(
        request: Request,
        access: Viewer,
        library: str,
        case_id: str,
        file: Annotated[UploadFile, File()],
        decimals: Annotated[str, Form()] = "",
        sheet: Annotated[str, Form()] = "",
        ignore_unreadable: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        from brightline.offers.bids_numbers import NumberStyle

        data, name, base = source(access, library, case_id)
        table = file.file.read(MAX_FILE_BYTES + 1)
        table_name = _table_name(file.filename or "bids.csv")
        problems: list[str] = []
        view = None
        options = BidsOptions(
            number_style=NumberStyle(decimals) if decimals in ("point", "comma") else None,
            sheet=sheet.strip() or None,
            ignore_unreadable=bool(ignore_unreadable),
        )
        try:
            view = analyses.bids(data, name, table, table_name, options, BIDS_ROWS)
        except CaseFileError as error:
            problems = [str(problem) for problem in error.problems]
        except UsageError as error:
            problems = [error.message or str(error)]
        case = analyses.context(data, name).loaded.case
        context = {
            **common(library, case_id, base, "bids"),
            "case": case,
            "view": view,
            "bid_values": [] if view is None else bid_values(view, case),
            "problems": problems,
            "limit": _limit_text(),
        }
        return pages.render(request, "analysis/bids.html", context, status=400 if problems else 200)

    @routes.get("/{library}/{case_id}/economics", response_class=HTMLResponse)
    def economics_page(
        request: Request, access: Viewer, library: str, case_id: str
    ) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        context, section = analyses.economics_section(data, name)
        result = context.economics
        return pages.render(
            request,
            "analysis/economics.html",
            {
                **common(library, case_id, base, "economics"),
                "case": context.loaded.case,
                "section": section,
                "charted": result.costing is not None or result.hold_or_cave is not None,
            },
        )

    @routes.get("/{library}/{case_id}/economics.svg")
    def economics_chart(access: Viewer, library: str, case_id: str) -> Response:
        data, name, _ = source(access, library, case_id)
        return Response(analyses.economics_svg(data, name), media_type="image/svg+xml")

    return routes


def _limit_text() -> str:
    from brightline.amounts import amount

    return amount(MAX_FILE_BYTES / 1024**2, "MiB")


def _table_name(name: str) -> str:
    """The uploaded table's bare file name, for messages and to tell .xlsx from CSV."""
    bare = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.\- ]+", "-", bare)[:80] or "bids.csv"


def _meso_options(form: dict[str, str], errors: dict[str, str]) -> MesoOptions:
    """The request from the form; each unusable field gets its message in ``errors``."""
    count: int | None = None
    text = form.get("count", "").strip()
    if text:
        try:
            count = int(text)
        except ValueError:
            errors["count"] = f"must be a whole number from 2 to 5, not {text!r}"
        else:
            if not 2 <= count <= 5:
                errors["count"] = f"must be from 2 to 5 offers, not {count}"
    levels: dict[str, Level | None] = {}
    for name in ("target", "tolerance"):
        text = form.get(name, "").strip()
        levels[name] = None
        if text:
            try:
                levels[name] = parse_level(text, name)
            except UsageError as error:
                errors[name] = error.message or str(error)
    return MesoOptions(count=count, target=levels["target"], tolerance=levels["tolerance"])


def _suggestions(infeasible: Infeasibility | None) -> list[Action]:
    """The request the search proposes when the one asked for has no grid (none or one)."""
    if infeasible is None or infeasible.suggestion is None:
        return []
    return [infeasible.suggestion.action()]


def bid_values(view: BidsView, case: Case) -> list[tuple[str, ...]]:
    """What each ranked bid offers per criterion, in words with its unit (``845,000 USD``).

    The ranked table shows the value a committee reads next to its score; ``view.ranked`` are
    the first rows of ``result.ranked``, in the same order.
    """
    from brightline.amounts import quantity
    from brightline.engine.wording import issue_value_text

    result = view.run.result
    positions = [int(position) for position in result.ranked[: len(view.ranked)]]
    rows: list[list[str]] = [[] for _ in positions]
    for criterion in view.criteria:
        header = result.mapping.issues.get(criterion, criterion)
        issue = next((found for found in case.issues if found.id == criterion), None)
        for shown, position in zip(rows, positions, strict=True):
            if isinstance(issue, DiscreteIssue):
                index = int(result.table.options[header][position])
                words = option_words(issue.options[index]) if index >= 0 else "?"
            else:
                value = float(result.table.numbers[header][position])
                if issue is None:
                    words = quantity(value)
                else:
                    words = issue_value_text(case, criterion, value)
            shown.append(words)
    return [tuple(shown) for shown in rows]


def option_words(option: Option) -> str:
    """An option as a page names it: its label, or its id in words."""
    from brightline.report.labels import spaced

    return option.label or spaced(str(option.id))


def _issue_field(issue: DiscreteIssue | NumericIssue, chosen: str) -> dict[str, object]:
    """One select (discrete issue) or number box (numeric issue) of the offer form."""
    if isinstance(issue, DiscreteIssue):
        return {
            "id": issue.id,
            "name": issue.name or issue.id,
            "options": [(str(option.id), option_words(option)) for option in issue.options],
            "chosen": chosen,
        }
    return {
        "id": issue.id,
        "name": issue.name or issue.id,
        "range": issue.range,
        "chosen": chosen,
    }
