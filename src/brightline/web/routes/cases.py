"""Cases: create from a starter, upload, copy an example, view and check, download, delete.

Each route parses the request, makes one call on the case library (``services/case_library.py``)
and renders or redirects. The browser names a case by its library id only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.case.model import Context
from brightline.case.source import MAX_FILE_BYTES
from brightline.services.case_editor import field_anchor, sections
from brightline.services.case_library import CaseLibrary, CaseNotFound
from brightline.services.cases import parse_context
from brightline.services.team_cases import TeamCases
from brightline.session.roles import Action
from brightline.web.access import Access, requires
from brightline.web.workbench import Workbench

Viewer = Annotated[Access, Depends(requires(Action.VIEW))]
Editor = Annotated[Access, Depends(requires(Action.EDIT_CASES))]


def _download(library: CaseLibrary | TeamCases, case_id: str) -> Response:
    data = library.data(case_id)
    return Response(
        data,
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{case_id}.yaml"'},
    )


def _examples(workbench: Workbench, case_id: str) -> CaseLibrary:
    if workbench.examples is None:
        raise CaseNotFound(case_id)
    return workbench.examples


def router(workbench: Workbench) -> APIRouter:
    """The case pages."""
    routes = APIRouter()
    pages = workbench.pages

    def view(
        request: Request, library: CaseLibrary | TeamCases, case_id: str, base: str
    ) -> HTMLResponse:
        result = library.check(case_id)
        return pages.render(
            request,
            "cases/view.html",
            {
                "case_id": case_id,
                "base": base,
                "writable": library.writable,
                "loaded": result.loaded,
                "report": result.report,
                "text": library.data(case_id).decode("utf-8-sig"),
                "sections": [(slug, title) for slug, title, _ in sections()] + [("all", "All")],
                "readiness": [(item, field_anchor(item.path)) for item in result.report.readiness],
                "findings": [(entry, field_anchor(entry.path)) for entry in result.report.findings],
            },
        )

    @routes.get("/cases/new", response_class=HTMLResponse)
    def new_case(request: Request, access: Editor) -> HTMLResponse:
        return pages.render(request, "cases/new.html", {"contexts": list(Context)})

    @routes.post("/cases/new")
    def create_case(access: Editor, context: Annotated[str, Form()]) -> RedirectResponse:
        case_id = access.cases.add_starter(parse_context(context))
        return RedirectResponse(f"/cases/{case_id}?done=created", status_code=303)

    @routes.post("/cases/upload")
    def upload_case(access: Editor, file: Annotated[UploadFile, File()]) -> RedirectResponse:
        data = file.file.read(MAX_FILE_BYTES + 1)
        case_id = access.cases.add(data, file.filename or "uploaded.yaml")
        return RedirectResponse(f"/cases/{case_id}?done=uploaded", status_code=303)

    @routes.get("/cases/{case_id}", response_class=HTMLResponse)
    def show_case(request: Request, access: Viewer, case_id: str) -> HTMLResponse:
        return view(request, access.cases, case_id, "/cases")

    @routes.get("/cases/{case_id}/download")
    def download_case(access: Viewer, case_id: str) -> Response:
        return _download(access.cases, case_id)

    @routes.post("/cases/{case_id}/delete")
    def delete_case(access: Editor, case_id: str) -> RedirectResponse:
        access.cases.delete(case_id)
        return RedirectResponse("/?done=deleted", status_code=303)

    @routes.get("/examples/{case_id}", response_class=HTMLResponse)
    def show_example(request: Request, access: Viewer, case_id: str) -> HTMLResponse:
        return view(request, _examples(workbench, case_id), case_id, "/examples")

    @routes.get("/examples/{case_id}/download")
    def download_example(access: Viewer, case_id: str) -> Response:
        return _download(_examples(workbench, case_id), case_id)

    @routes.post("/examples/{case_id}/copy")
    def copy_example(access: Editor, case_id: str) -> RedirectResponse:
        copied = access.cases.copy_from(_examples(workbench, case_id), case_id)
        return RedirectResponse(f"/cases/{copied}?done=copied", status_code=303)

    return routes
