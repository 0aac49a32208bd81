"""The home page (the user's cases and the examples) and the glossary."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from brightline.amounts import amount
from brightline.case.source import MAX_FILE_BYTES
from brightline.web.glossary import TERMS, slug
from brightline.web.workbench import Workbench


def router(workbench: Workbench) -> APIRouter:
    """The home and glossary pages."""
    routes = APIRouter()

    @routes.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        examples = workbench.examples.entries() if workbench.examples else []
        return workbench.pages.render(
            request,
            "home.html",
            {
                "cases": workbench.cases.entries(),
                "examples": examples,
                "folder": str(workbench.cases.folder),
                "limit": amount(MAX_FILE_BYTES / 1024**2, "MiB"),
            },
        )

    @routes.get("/glossary", response_class=HTMLResponse)
    def glossary(request: Request) -> HTMLResponse:
        return workbench.pages.render(
            request,
            "glossary.html",
            {"terms": list(TERMS.items()), "slugs": {name: slug(name) for name in TERMS}},
        )

    return routes
