"""Errors as pages: a Brightline error is the user's to fix, so it gets a page saying how.

A case that does not validate shows every problem in the CLI's words (``FILE:LINE:COL: field:
what is wrong; what to do``); an unknown case or page is 404; a refused token is 403. Anything
else is a bug and propagates (a test should have caught it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brightline.errors import BrightlineError, CaseFileError
from brightline.services.case_editor import SectionNotFound
from brightline.services.case_library import CaseNotFound
from brightline.session.events import SessionNotFound
from brightline.web.access import LoginRequired, NotAllowed
from brightline.web.security import CsrfRejected

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

    from brightline.web.workbench import Workbench


def status_of(error: BrightlineError) -> int:
    """The HTTP status a Brightline error maps to."""
    if isinstance(error, CaseNotFound | SectionNotFound | SessionNotFound):
        return 404  # another team's ids answer the same: nothing to learn by guessing
    if isinstance(error, LoginRequired):
        return 401
    if isinstance(error, CsrfRejected | NotAllowed):
        return 403
    if isinstance(error, CaseFileError):
        return 422
    return 400


def install_error_pages(app: FastAPI, workbench: Workbench) -> None:
    """Render Brightline errors and HTTP errors (404, 405) with the site's layout."""
    from starlette.exceptions import HTTPException

    async def brightline_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, BrightlineError)
        problems = error.problems if isinstance(error, CaseFileError) else []
        return workbench.pages.render(
            request,
            "error.html",
            {"message": str(error) if not problems else "", "problems": problems},
            status=status_of(error),
        )

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = "There is no such page." if error.status_code == 404 else str(error.detail)
        return workbench.pages.render(
            request, "error.html", {"message": message, "problems": []}, status=error.status_code
        )

    app.add_exception_handler(BrightlineError, brightline_error)
    app.add_exception_handler(HTTPException, http_error)
