"""The live session: start one from a case, log each event, see the next move and the trail.

Each route makes one call on the app's :class:`~brightline.services.sessions.Sessions` (the same
store and the same validation as ``brightline log ...``) and renders the session page: the
playbook's next move for the stage, the concession log with its analytics, the timeline, a
badge saying whether the hash chain verifies, and one form per event kind. A refused event comes
back on the same page with the store's message beside its form.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.amounts import signed_amount
from brightline.errors import BrightlineError, UsageError
from brightline.services.case_library import CaseNotFound
from brightline.services.session_views import concession_rows, log_choices, timeline
from brightline.services.sessions import CACHE_STEPS, NextStep, Recorded, Sessions
from brightline.session.analytics import them_balance_text
from brightline.session.roles import Action
from brightline.web.access import Access, requires
from brightline.web.actions import advice_text
from brightline.web.workbench import Workbench

if TYPE_CHECKING:
    from brightline.report.document import Document

KINDS = ("offer", "concession", "signal", "stage", "decision", "approval", "note")
"""The event kinds a page can log, in the order their forms appear."""

Viewer = Annotated[Access, Depends(requires(Action.VIEW))]
Recorder = Annotated[Access, Depends(requires(Action.RUN_SESSIONS))]

NUMBERS = ("get_value", "value_to_us", "value_to_them", "position_after")
WHOLE_NUMBERS = ("approval",)


def balance(view: NextStep) -> str:
    """The concession balance in words, every amount with its unit (as ``next`` says it)."""
    analysis = view.analysis
    unit, their_unit = view.case.case.currency, view.case.case.their_unit
    ratio = "n/a" if analysis.reciprocity is None else f"{analysis.reciprocity:.2f}"
    return (
        f"balance to us {signed_amount(analysis.balance_to_us, unit)}, to them "
        f"{them_balance_text(analysis, their_unit)}; reciprocity {ratio}"
    )


def _number(name: str, text: str, whole: bool = False) -> float | int | None:
    """A form number (blank is none), or a UsageError naming the field."""
    text = text.strip().replace(",", "") if not whole else text.strip()
    if not text:
        return None
    try:
        value: float | int = int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a plain number such as -12000"
        raise UsageError(f"must be {kind}, not {text!r}", parameter=name) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"{text} is not a finite number; give a plain number", parameter=name)
    return value


def fields_of(kind: str, form: dict[str, str]) -> dict[str, Any]:
    """The event's fields from a log form, as the ``log`` command passes them to the service."""
    text = {key: value for key, value in form.items() if not key.startswith("issue:")}

    def get(name: str, default: str = "") -> str:
        return text.get(name, default)

    numbers = {
        name: _number(name, get(name), name in WHOLE_NUMBERS) for name in (*NUMBERS, *WHOLE_NUMBERS)
    }
    if kind == "concession":
        return {
            "by": get("by", "us"),
            "item": get("item"),
            "we_give": get("give"),
            "we_get": get("get"),
            "get_value": numbers["get_value"],
            "value_to_us": numbers["value_to_us"] or 0.0,
            "value_to_them": numbers["value_to_them"],
            "trigger": get("trigger"),
            "adds": get("adds", "nothing"),
            "binds": get("binds") or None,
            "position_after": numbers["position_after"],
            "approval": numbers["approval"],
        }
    if kind == "signal":
        return {"type": get("type"), "text": get("text"), "by": get("by", "them")}
    if kind == "stage":
        return {"to": get("stage"), "note": get("note")}
    if kind == "decision":
        return {
            "decision": get("decision"),
            "rationale": get("rationale"),
            "review_date": get("review_date") or None,
        }
    if kind == "approval":
        return {"approver": get("approver"), "scope": get("scope", "other"), "text": get("text")}
    return {"text": get("text")}


def _error_text(error: BrightlineError) -> str:
    if isinstance(error, UsageError) and error.parameter:
        return f"{error.parameter.replace('_', ' ')}: {error.message}"
    return str(error)


def router(workbench: Workbench) -> APIRouter:
    """The session pages."""
    routes = APIRouter()
    pages = workbench.pages
    pages.environment.globals.setdefault("signed", signed_amount)
    # The "next" document per answer: Sessions hands out the same NextStep object for as long
    # as the trail's head stays put, so its document (and the HTML the pages keep for it) is
    # built once per head, not once per request.
    documents: dict[int, tuple[NextStep, Document]] = {}

    def page(
        request: Request,
        sessions: Sessions,
        session_id: str,
        *,
        recorded: Recorded | None = None,
        failed: tuple[str, str] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        from brightline.report.sections.session import next_document

        overview = sessions.overview(session_id)
        step, case = overview.step, overview.step.case
        kept = documents.get(id(step))
        if kept is None or kept[0] is not step:
            kept = (step, next_document(step, balance(step), advice_text))
            documents[id(step)] = kept
            while len(documents) > CACHE_STEPS:
                documents.pop(next(iter(documents)))
        document = kept[1]
        return pages.render(
            request,
            "sessions/session.html",
            {
                "session_id": session_id,
                "info": overview.info,
                "case": case,
                "step": step,
                "document": document,
                "trail": step.trail,
                "timeline": timeline(case, overview.events),
                "concessions": concession_rows(overview.events),
                "flags": [advice_text(flag) for flag in step.standing_flags()],
                "choices": log_choices(),
                "kinds": KINDS,
                "recorded": recorded,
                "recorded_flags": [advice_text(flag) for flag in recorded.new_flags]
                if recorded
                else [],
                "failed": failed,
            },
            status=status,
        )

    @routes.get("/sessions", response_class=HTMLResponse)
    def session_list(request: Request, access: Viewer) -> HTMLResponse:
        return pages.render(request, "sessions/list.html", {"sessions": access.sessions.list()})

    @routes.post("/{library}/{case_id}/sessions")
    def start_session(access: Recorder, library: str, case_id: str) -> RedirectResponse:
        if library == "cases":
            found = access.cases
        elif library == "examples" and workbench.examples is not None:
            found = workbench.examples
        else:
            raise CaseNotFound(case_id)
        text = found.data(case_id).decode("utf-8-sig")
        info = access.sessions.start_text(text, f"{case_id}.yaml")
        return RedirectResponse(f"/sessions/{info.id}", status_code=303)

    @routes.get("/sessions/{session_id}", response_class=HTMLResponse)
    def show_session(request: Request, access: Viewer, session_id: str) -> HTMLResponse:
        return page(request, access.sessions, session_id)

    @routes.get("/sessions/{session_id}/export")
    def export_session(access: Viewer, session_id: str) -> Response:
        document = access.sessions.export(session_id)
        return Response(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n",
            media_type="application/json",
            headers={"content-disposition": f'attachment; filename="{session_id}.json"'},
        )

    @routes.post("/sessions/{session_id}/log/{kind}", response_class=HTMLResponse)
    async def log_event(
        request: Request, access: Recorder, session_id: str, kind: str
    ) -> HTMLResponse:
        from starlette.concurrency import run_in_threadpool

        form = {key: str(value) for key, value in (await request.form()).items()}
        return await run_in_threadpool(record, request, access, session_id, kind, form)

    def record(
        request: Request, access: Access, session_id: str, kind: str, form: dict[str, str]
    ) -> HTMLResponse:
        from brightline.session.events import EventKind

        sessions = access.sessions

        if kind not in KINDS:
            raise CaseNotFound(kind)
        try:
            if kind == "offer":
                terms = [
                    f"{key.removeprefix('issue:')}={value}"
                    for key, value in form.items()
                    if key.startswith("issue:") and value.strip()
                ]
                approval = _number("approval", form.get("approval", ""), whole=True)
                done = sessions.record_offer(
                    session_id,
                    form.get("direction", ""),
                    terms,
                    note=form.get("note", ""),
                    approval=int(approval) if approval is not None else None,
                )
            else:
                done = sessions.record(session_id, EventKind(kind), fields_of(kind, form))
        except BrightlineError as error:
            return page(
                request, sessions, session_id, failed=(kind, _error_text(error)), status=400
            )
        return page(request, sessions, session_id, recorded=done)

    return routes
