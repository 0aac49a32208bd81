"""The team page: its members and roles; an owner adds members and changes roles.

Every member may see who is in the team (``view``); adding a member or changing a role is the
owner's (``manage team``). The last owner of a team cannot be demoted here, so a team is never
left without someone who can manage it. Each route makes one call on the account use cases.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.errors import BrightlineError
from brightline.services.accounts import MIN_PASSWORD, Accounts
from brightline.session.roles import Action, Role
from brightline.web.access import Access, requires
from brightline.web.auth import TeamGate
from brightline.web.workbench import Workbench

Viewer = Annotated[Access, Depends(requires(Action.VIEW))]
Manager = Annotated[Access, Depends(requires(Action.MANAGE_TEAM))]


def _accounts(request: Request) -> Accounts:
    gate = request.app.state.team_gate
    assert isinstance(gate, TeamGate)
    return gate.accounts


def router(workbench: Workbench) -> APIRouter:
    """The team page."""
    routes = APIRouter()
    pages = workbench.pages

    def page(request: Request, access: Access, problem: str = "", status: int = 200) -> Response:
        members = _accounts(request).team_members(access.member.team) if access.team_mode else []
        return pages.render(
            request,
            "account/team.html",
            {
                "team_mode": access.team_mode,
                "member": access.member,
                "members": members,
                "roles": list(Role),
                "manages": access.member.may(Action.MANAGE_TEAM),
                "minimum": MIN_PASSWORD,
                "problem": problem,
            },
            status=status,
        )

    @routes.get("/team", response_class=HTMLResponse)
    def show_team(request: Request, access: Viewer) -> Response:
        return page(request, access)

    @routes.post("/team/members", response_model=None)
    def add_member(
        request: Request,
        access: Manager,
        name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=4096)] = "",
        role: Annotated[str, Form(max_length=40)] = "viewer",
    ) -> Response:
        if not access.team_mode:
            return page(request, access)
        try:
            _accounts(request).add_member(name, password, access.member.team, role)
        except BrightlineError as error:
            return page(request, access, _text(error), status=422)
        return RedirectResponse("/team?done=member", status_code=303)

    @routes.post("/team/role", response_model=None)
    def change_role(
        request: Request,
        access: Manager,
        name: Annotated[str, Form(max_length=200)] = "",
        role: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        if not access.team_mode:
            return page(request, access)
        try:
            _accounts(request).change_role(name, access.member.team, role)
        except BrightlineError as error:
            return page(request, access, _text(error), status=422)
        return RedirectResponse("/team?done=role", status_code=303)

    return routes


def _text(error: BrightlineError) -> str:
    if error.parameter:
        return f"{error.parameter}: {error.message}"
    return error.message
