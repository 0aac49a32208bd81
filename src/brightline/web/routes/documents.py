"""The Documents page of a case: every kind listed, each one downloaded in each of its formats.

Moved out of ``analysis.py`` so the document pages grow on their own. Each route reads the case's
bytes from its library (by id, never a path), takes the case's computations from this module's
:class:`~brightline.services.analyses.CaseAnalyses` (cached per case content) and hands the kind
and format to the same services function the ``brightline doc`` command uses.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from brightline.services.analyses import CaseAnalyses, case_document
from brightline.services.document_choices import document_offers
from brightline.session import roles
from brightline.web.access import Access, case_library, requires
from brightline.web.actions import action_text
from brightline.web.workbench import Workbench

Viewer = Annotated[Access, Depends(requires(roles.Action.VIEW))]
"""Building a document to download changes nothing, so any member of the team may."""

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""What a downloaded document is, by format."""


def router(workbench: Workbench) -> APIRouter:
    """The document pages, over one cache of this app's per-case computations."""
    routes = APIRouter()
    analyses = CaseAnalyses()
    pages = workbench.pages

    def source(access: Access, library: str, case_id: str) -> tuple[bytes, str, str]:
        found = case_library(workbench, access, library, case_id)
        return found.data(case_id), f"{case_id}.yaml", f"/{library}/{case_id}"

    @routes.get("/{library}/{case_id}/documents", response_class=HTMLResponse)
    def documents_page(
        request: Request, access: Viewer, library: str, case_id: str
    ) -> HTMLResponse:
        data, name, base = source(access, library, case_id)
        context = analyses.context(data, name)
        return pages.render(
            request,
            "analysis/documents.html",
            {
                "case_id": case_id,
                "library": library,
                "base": base,
                "section": "documents",
                "writable": library == "cases",
                "case": context.loaded.case,
                "offers": document_offers(context),
                "word": action_text,
            },
        )

    @routes.get("/{library}/{case_id}/documents/{kind}/{fmt}")
    def download_document(
        access: Viewer, library: str, case_id: str, kind: str, fmt: str
    ) -> Response:
        found = case_library(workbench, access, library, case_id)
        data, name, _ = source(access, library, case_id)
        context = analyses.context(data, name)
        content = case_document(context, found.path(case_id), kind, fmt)
        media = MEDIA_TYPES.get(fmt, "application/octet-stream")
        return Response(
            content,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{case_id}-{kind}.{fmt}"'},
        )

    return routes
