"""Log-in, log-out, the account page (password change, team switch, the team's members).

Each route makes one call on the account use cases (``services/accounts.py``) through the app's
:class:`~brightline.web.auth.TeamGate` and renders or redirects. The log-in page is the one page
anyone may open; everything else here needs a log-in (the ``account`` action every role has).
Nothing here logs: a password, a hash or a cookie value never reaches a log line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from brightline.services.accounts import MIN_PASSWORD, AccountError, LoginFailed, LoginThrottled
from brightline.session.roles import PERMISSIONS, Action
from brightline.web.access import Access, public, requires
from brightline.web.auth import TeamGate, local_target
from brightline.web.workbench import Workbench


def _gate(request: Request) -> TeamGate:
    gate = request.app.state.team_gate
    assert isinstance(gate, TeamGate)
    return gate


def router(workbench: Workbench) -> APIRouter:
    """The log-in and account pages."""
    routes = APIRouter()
    pages = workbench.pages

    def login_page(
        request: Request, name: str = "", target: str = "/", problem: str = "", status: int = 200
    ) -> HTMLResponse:
        return pages.render(
            request,
            "account/login.html",
            {"name": name, "next": local_target(target), "problem": problem},
            status=status,
        )

    @routes.get("/login", response_model=None, dependencies=[Depends(public)])
    def show_login(request: Request) -> Response:
        if not _gate(request).visit(request).team_mode:
            return RedirectResponse("/", status_code=303)
        return login_page(request, target=request.query_params.get("next", "/"))

    @routes.post("/login", response_model=None, dependencies=[Depends(public)])
    def log_in(
        request: Request,
        name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=4096)] = "",
        next: Annotated[str, Form(max_length=2000)] = "/",
    ) -> Response:
        gate = _gate(request)
        try:
            logged_in = gate.accounts.authenticate(name, password)
        except LoginThrottled as error:
            return login_page(request, name, next, str(error), status=429)
        except LoginFailed as error:
            return login_page(request, name, next, str(error), status=401)
        response = RedirectResponse(local_target(next), status_code=303)
        gate.login_cookie(response, logged_in.token, request)
        return response

    @routes.post("/logout")
    def log_out(
        request: Request, access: Annotated[Access, Depends(requires(Action.ACCOUNT))]
    ) -> RedirectResponse:
        gate = _gate(request)
        response = RedirectResponse("/login" if access.team_mode else "/", status_code=303)
        if access.team_mode:
            gate.accounts.log_out(getattr(request.state, "browser_session", None))
            fresh, _ = gate.signer.new_cookie()
            gate.login_cookie(response, fresh, request)
        return response

    def account_page(
        request: Request, access: Access, problem: str = "", status: int = 200
    ) -> HTMLResponse:
        gate = _gate(request)
        members = gate.accounts.team_members(access.member.team) if access.team_mode else []
        return pages.render(
            request,
            "account/account.html",
            {
                "team_mode": access.team_mode,
                "member": access.member,
                "teams": access.teams,
                "members": members,
                "allowed": [
                    action for action in Action if action in PERMISSIONS[access.member.role]
                ],
                "minimum": MIN_PASSWORD,
                "problem": problem,
            },
            status=status,
        )

    @routes.get("/account", response_class=HTMLResponse)
    def show_account(
        request: Request, access: Annotated[Access, Depends(requires(Action.ACCOUNT))]
    ) -> HTMLResponse:
        return account_page(request, access)

    @routes.post("/account/password", response_model=None)
    def change_password(
        request: Request,
        access: Annotated[Access, Depends(requires(Action.ACCOUNT))],
        current_password: Annotated[str, Form(max_length=4096)] = "",
        new_password: Annotated[str, Form(max_length=4096)] = "",
        confirm_password: Annotated[str, Form(max_length=4096)] = "",
    ) -> Response:
        gate = _gate(request)
        if not access.team_mode:
            return account_page(request, access)
        if new_password != confirm_password:
            return account_page(
                request, access, "the two new passwords differ; type the same one twice", 422
            )
        token = getattr(request.state, "browser_session", None) or ""
        try:
            logged_in = gate.accounts.change_password(token, current_password, new_password)
        except (LoginFailed, AccountError) as error:
            return account_page(request, access, _error_text(error), 422)
        response = RedirectResponse("/account?done=password", status_code=303)
        gate.login_cookie(response, logged_in.token, request)
        return response

    @routes.post("/account/team")
    def switch_team(
        request: Request,
        access: Annotated[Access, Depends(requires(Action.ACCOUNT))],
        team: Annotated[str, Form(max_length=80)] = "",
    ) -> RedirectResponse:
        if access.team_mode:
            token = getattr(request.state, "browser_session", None) or ""
            _gate(request).accounts.switch_team(token, team)
        return RedirectResponse("/?done=team", status_code=303)

    return routes


def _error_text(error: LoginFailed | AccountError) -> str:
    if error.parameter:
        return f"{error.parameter.replace('_', ' ')}: {error.message}"
    return error.message
