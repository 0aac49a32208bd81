"""The case in forms: one page per section (or all at once), rules checked as they are typed.

Each route reads the submitted form as a plain mapping of names to text, makes one call on the
case editor (``services/case_editor.py``) and renders its result; the forms themselves are built
from the case model by the service, so no field is named here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.case.model import DiscreteIssue, NumericIssue
from brightline.services.case_editor import CaseEditor, SectionForm, issue_options, sections
from brightline.services.case_forms import FormField, Widget
from brightline.session.roles import Action
from brightline.web.access import Access, requires
from brightline.web.workbench import Workbench

Editor = Annotated[Access, Depends(requires(Action.EDIT_CASES))]


async def _form(request: Request) -> dict[str, str]:
    """The submitted fields as name -> text (the last value of a repeated name)."""
    submitted = await request.form()
    return {
        key: value
        for key, value in submitted.multi_items()
        if isinstance(value, str) and key != "csrf_token"
    }


def router(workbench: Workbench) -> APIRouter:
    """The form pages of a case."""
    routes = APIRouter()
    pages = workbench.pages

    def render(
        request: Request, access: Access, form: SectionForm, status: int = 200
    ) -> HTMLResponse:
        loaded = access.cases.load(form.case_id)
        return pages.render(
            request,
            "cases/edit.html",
            {
                "case_id": form.case_id,
                "case_title": loaded.case.case.title,
                "form": form,
                "sections": [(slug, title) for slug, title, _ in sections()] + [("all", "All")],
                "issues": _issues(loaded.case.issues),
            },
            status=status,
        )

    @routes.get("/cases/{case_id}/edit/{section}", response_class=HTMLResponse)
    def edit_section(request: Request, access: Editor, case_id: str, section: str) -> HTMLResponse:
        return render(request, access, CaseEditor(access.cases).form(case_id, section))

    @routes.post("/cases/{case_id}/edit/{section}", response_model=None)
    async def save_section(
        request: Request, access: Editor, case_id: str, section: str
    ) -> Response:
        from starlette.concurrency import run_in_threadpool

        form = await _form(request)
        editor = CaseEditor(access.cases)
        result = await run_in_threadpool(editor.submit, case_id, section, form)
        if result.saved:
            return RedirectResponse(f"/cases/{case_id}?done=saved", status_code=303)
        return render(request, access, result, status=422 if result.problems else 200)

    @routes.post("/cases/{case_id}/rule", response_class=HTMLResponse)
    async def check_rule(request: Request, access: Editor, case_id: str) -> HTMLResponse:
        form = await _form(request)
        name = form.get("field", "")
        problem = CaseEditor(access.cases).check_rule(case_id, form.get(name, ""), _kind(name))
        return pages.render(request, "cases/rule_status.html", {"name": name, "problem": problem})

    @routes.post("/cases/{case_id}/rule/compose", response_class=HTMLResponse)
    async def compose_rule(request: Request, access: Editor, case_id: str) -> HTMLResponse:
        form = await _form(request)
        name = form.get("field", "")
        editor = CaseEditor(access.cases)
        text = editor.compose_rule(
            form.get(name, ""),
            form.get("@join", "and"),
            form.get("@issue", ""),
            form.get("@operator", "=="),
            form.get("@value", ""),
        )
        field = FormField(
            name, "Rule", Widget.RULE, text, required=True,
            error=editor.check_rule(case_id, text, _kind(name)),
        )  # fmt: skip
        loaded = access.cases.load(case_id)
        return pages.render(
            request,
            "cases/rule_field.html",
            {"f": field, "case_id": case_id, "issues": _issues(loaded.case.issues)},
        )

    return routes


def _kind(name: str) -> str:
    return "harm" if name.startswith("harms.") else "standard"


def _issues(issues: Sequence[DiscreteIssue | NumericIssue]) -> list[tuple[str, list[str]]]:
    """Each issue's id and its options as text (none for a numeric issue), for the rule builder."""
    return [
        (issue.id, list(issue_options(issue)) if isinstance(issue, DiscreteIssue) else [])
        for issue in issues
    ]
