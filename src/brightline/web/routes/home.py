"""The home page (the user's cases and the examples) and the glossary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from brightline.amounts import amount
from brightline.case.source import MAX_FILE_BYTES
from brightline.session.roles import Action
from brightline.web.access import Access, public, requires
from brightline.web.glossary import TERMS, slug
from brightline.web.workbench import Workbench

Viewer = Annotated[Access, Depends(requires(Action.VIEW))]


def router(workbench: Workbench) -> APIRouter:
    """The home and glossary pages."""
    routes = APIRouter()

    @routes.get("/", response_class=HTMLResponse)
    def home(request: Request, access: Viewer) -> HTMLResponse:
        examples = workbench.examples.entries() if workbench.examples else []
        return workbench.pages.render(
            request,
            "home.html",
            {
                "cases": access.cases.entries(),
                "examples": examples,
                "folder": access.where,
                "limit": amount(MAX_FILE_BYTES / 1024**2, "MiB"),
            },
        )

    # Public: it explains words and holds nothing of anyone's, and the log-in page links to it.
    @routes.get("/glossary", response_class=HTMLResponse, dependencies=[Depends(public)])
    def glossary(request: Request) -> HTMLResponse:
        return workbench.pages.render(
            request,
            "glossary.html",
            {"terms": list(TERMS.items()), "slugs": {name: slug(name) for name in TERMS}},
        )

    return routes
