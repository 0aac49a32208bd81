"""What every route module is handed: the app's collaborators and the page renderer.

:class:`Workbench` is built once per app by the factory; a route module closes over it in its
``router(workbench)`` instead of reaching for globals.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.services.case_library import CaseLibrary
from brightline.services.sessions import Sessions
from brightline.session.roles import Member

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup
    from starlette.requests import Request
    from starlette.responses import HTMLResponse

    from brightline.case.model import Case
    from brightline.report.document import Section
    from brightline.services.page_words import PageWords
    from brightline.web.app import Settings

FLASH = {
    "created": "Case created from the starter. Replace the placeholder text with your own.",
    "copied": "Example copied into your cases. You can change this copy.",
    "uploaded": "Case uploaded and checked: the file is valid.",
    "saved": "Saved. The case file is valid.",
    "deleted": "Case deleted.",
    "password": "Password changed. Every other browser you were logged in on is logged out.",
    "team": "Switched team: the cases and sessions shown are this team's.",
    "member": "Member added to the team.",
    "role": "Role changed.",
}
"""Messages a redirect may ask a page to show, by key: no user text is ever reflected."""

NAV = (
    ("/", "Cases"),
    ("/cases/new", "New case"),
    ("/glossary", "Glossary"),
)
"""The navigation bar: (path, label). Pages of other modules add their links on case pages."""


REPORT_TEMPLATE = "analysis/_document.html"
"""The macros that lay out a report section (``section``) or its blocks (``blocks``) on a page."""

KEPT_FRAGMENTS = 256
"""Rendered report parts a :class:`ReportFragments` keeps (oldest first out)."""


class ReportFragments:
    """Report sections rendered to HTML once per section object, not once per request.

    A section is a frozen value, and the analysis cache (keyed by the case file's content
    hash) and the session page (keyed by the trail's head) hand out the same object for as
    long as what it says holds; so its HTML is kept with it, by identity. The object itself is
    kept beside its HTML, so its id cannot be reused by another while the entry lives, and a
    changed case or a moved head brings a new object, rendered afresh.
    """

    def __init__(self, environment: Environment, size: int = KEPT_FRAGMENTS) -> None:
        self._environment = environment
        self._size = size
        self._kept: dict[tuple[int, str, int], tuple[object, Markup]] = {}
        self._cases: dict[int, tuple[Case, PageWords]] = {}
        self._lock = threading.Lock()

    def words(self, case: Case) -> PageWords:
        """The case's page words, built once per case object (one per case content)."""
        from brightline.services.page_words import PageWords

        kept = self._cases.get(id(case))
        if kept is None or kept[0] is not case:
            kept = (case, PageWords(case))
            with self._lock:
                self._cases[id(case)] = kept
                while len(self._cases) > self._size:
                    self._cases.pop(next(iter(self._cases)))
        return kept[1]

    def html(self, macro: str, part: Section, case: Case, level: int = 2) -> Markup:
        """The HTML of ``part`` laid out by ``macro`` (``section`` at heading ``level``, ``blocks``).

        The section is first put in ``case``'s words (labels, never ids: ``page_words.py``).
        """
        from markupsafe import Markup

        key = (id(part), macro, level)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is part:
            return kept[1]
        module = self._environment.get_template(REPORT_TEMPLATE).module
        laid_out = getattr(module, macro)
        worded = self.words(case).section(part)
        html = Markup(laid_out(worded, level) if macro == "section" else laid_out(worded))
        with self._lock:
            self._kept.pop(key, None)
            self._kept[key] = (part, html)
            while len(self._kept) > self._size:
                self._kept.pop(next(iter(self._kept)))
        return html


class Pages:
    """Renders templates with what every page needs: its request, the CSRF token, the nav."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        fragments = ReportFragments(environment)

        def report_section(part: Section, case: Case, level: int = 2) -> Markup:
            return fragments.html("section", part, case, level)

        def report_blocks(part: Section, case: Case) -> Markup:
            return fragments.html("blocks", part, case)

        def in_words(text: str, case: Case) -> str:
            return fragments.words(case).text(str(text))

        environment.globals["report_section"] = report_section
        environment.globals["report_blocks"] = report_blocks
        # Engine text a template shows outside a report section (an evaluation's reasons).
        environment.filters["in_words"] = in_words

    def html(self, request: Request, template: str, context: Mapping[str, Any]) -> str:
        """The page's HTML."""
        flash_key = request.query_params.get("done", "")
        values = {
            "request": request,
            "csrf_token": getattr(request.state, "csrf_token", ""),
            "nav": NAV,
            "path": request.url.path,
            "flash": FLASH.get(flash_key),
            # The logged-in member (team mode), set by the route's access rule; None otherwise.
            "member_badge": _member_badge(request),
            "logged_out": _logged_out(request),
            **context,
        }
        return self.environment.get_template(template).render(values)

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        status: int = 200,
    ) -> HTMLResponse:
        """The page as an HTML response."""
        from starlette.responses import HTMLResponse

        return HTMLResponse(self.html(request, template, context or {}), status_code=status)


def _logged_out(request: Request) -> bool:
    """Team mode is on and nobody is logged in: the nav offers only the log-in and the glossary.

    A page a route admitted the request to has its access; a public page (the log-in page,
    the glossary, an error) asks the team gate, which answers once per request.
    """
    access = getattr(request.state, "access", None)
    if access is not None:
        return False
    gate = getattr(request.app.state, "team_gate", None)
    if gate is None:
        return False
    from brightline.errors import BrightlineError

    try:
        visit = gate.visit(request)
    except BrightlineError:  # the store is unreachable: the error page says so, nav or not
        return False
    return bool(visit.team_mode and visit.member is None)


def _member_badge(request: Request) -> Member | None:
    access = getattr(request.state, "access", None)
    if access is None or not access.team_mode:
        return None
    member = access.member
    assert isinstance(member, Member)
    return member


@dataclass(frozen=True, slots=True)
class Workbench:
    """The collaborators of one app.

    Attributes:
        cases: The user's cases (writable).
        examples: The bundled examples (read-only), None when there are none.
        sessions: The session use cases over the app's store factory.
        pages: The template renderer.
    """

    cases: CaseLibrary
    examples: CaseLibrary | None
    sessions: Sessions
    pages: Pages


def environment(templates: Path) -> Environment:
    """The Jinja2 environment: autoescape on for every template, undefined names are errors."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from brightline.web import filters

    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and never change under a running server: no stat
        # of every template file on every render.
        auto_reload=False,
    )
    filters.install(env)
    return env


def build_workbench(settings: Settings, templates: Path) -> Workbench:
    """The collaborators for ``settings``."""
    examples = (
        CaseLibrary(settings.examples_folder, writable=False)
        if settings.examples_folder is not None
        else None
    )
    return Workbench(
        cases=CaseLibrary(settings.cases_folder),
        examples=examples,
        sessions=Sessions(settings.open_store, keep_open=True),
        pages=Pages(environment(templates)),
    )
