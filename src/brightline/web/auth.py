"""Team mode in the web app: who a request comes from, and the log-in cookie.

:class:`TeamGate` is built once per app by the factory and answers, for each request, the
:class:`~brightline.web.access.Access` its route works with: in team mode the member of the
request's log-in with their team's cases and sessions; otherwise the local user's workbench.
The gate holds no state of its own: log-ins, throttling and cases are rows of the session
database, so any worker answers any request.

The cookie: the browser-session cookie of ``security.py`` (signed, ``HttpOnly``,
``SameSite=Strict``, ``Secure`` over https or when configured) carries a random id. Before
log-in the id is anonymous and only binds the CSRF token; a successful log-in replaces it with a
new random token stored (hashed) as a log-in, so an id planted before log-in is worth nothing
after (no session fixation), and the CSRF token changes with it. Log-out deletes the log-in and
hands out a new anonymous id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from brightline.session.roles import Member, Role
from brightline.web.access import LOCAL_TEAM, Access, LoginRequired

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.responses import Response

    from brightline.services.accounts import Accounts, DatabaseFactory, Visit
    from brightline.services.sessions import StoreFactory
    from brightline.services.team_cases import ParsedCases
    from brightline.session.store import SessionStore
    from brightline.web.app import Settings
    from brightline.web.security import Signer
    from brightline.web.workbench import Workbench


def database_factory(open_store: StoreFactory | None) -> DatabaseFactory:
    """Opens the database the app's session store uses (accounts live beside the sessions).

    Opened once per app and shared by every request: an opening reconnects and checks the
    schema's revision (about 10 ms of CPU), and every request asks who it comes from. A use case
    that closes the shared handle keeps its connection pool; the process's end closes it.
    """
    import threading

    from brightline.session.database import Database

    class Shared(Database):
        def close(self) -> None:
            """Keep the pool: the next request uses it."""

    kept: list[Database] = []
    opening = threading.Lock()

    def open_database() -> Database:
        with opening:
            if not kept:
                if open_store is None:
                    from brightline.session.database import open_database as open_default

                    opened = open_default()
                else:
                    opened = open_store().database
                kept.append(Shared(opened.engine))
            return kept[0]

    return open_database


def team_store(
    open_store: StoreFactory | None, team: str, member: Member | None = None
) -> StoreFactory:
    """A factory of session stores that see and start ``team``'s sessions only.

    With ``member`` (the logged-in member), the store also checks every write against the
    member's role and name (``session/writers.py``), under whatever the route checked.
    """

    def opened() -> SessionStore:
        if open_store is None:
            from brightline.session.store import open_store as open_default

            return open_default(team=team, member=member)
        store = open_store()
        store.team = team
        store.member = member
        return store

    return opened


class TeamGate:
    """Builds each request's :class:`Access` (see the module docstring).

    Args:
        settings: The app's settings (store, proxy header, cookie security).
        workbench: The app's collaborators (the local workbench, when team mode is off).
        accounts: The account use cases over the app's database.
        parsed: The app's memo of parsed case texts.
        signer: Signs the browser-session cookie.
    """

    def __init__(
        self,
        settings: Settings,
        workbench: Workbench,
        accounts: Accounts,
        parsed: ParsedCases,
        signer: Signer,
    ) -> None:
        from brightline.session.store import resolve_author

        self.settings = settings
        self.workbench = workbench
        self.accounts = accounts
        self.signer = signer
        self._parsed = parsed
        self._open_database = database_factory(settings.open_store)
        self._local = Access(
            Member(resolve_author(), LOCAL_TEAM, Role.OWNER),
            workbench.cases,
            workbench.sessions,
            team_mode=False,
            where=str(workbench.cases.folder),
        )

    def visit(self, request: Request) -> Visit:
        """Who the request comes from (asked once per request, then kept on its state)."""
        found = getattr(request.state, "visit", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
        header = self.settings.trusted_user_header
        named = request.headers.get(header) if header else None
        if named:
            visit = self.accounts.member_named(named)
        else:
            visit = self.accounts.visit(getattr(request.state, "browser_session", None))
        request.state.visit = visit
        return visit

    def access(self, request: Request) -> Access:
        """The request's Access.

        Raises:
            LoginRequired: team mode is on and the request has no valid log-in.
        """
        from brightline.services.sessions import Sessions
        from brightline.services.team_cases import TeamCases

        visit = self.visit(request)
        if not visit.team_mode:
            return self._local
        member = visit.member
        if member is None:
            raise LoginRequired("log in to use your team's workbench")
        return Access(
            member,
            TeamCases(self._open_database, member.team, member.user, self._parsed),
            Sessions(
                team_store(self.settings.open_store, member.team, member),
                author=member.user,
                member=member,
            ),
            team_mode=True,
            teams=visit.teams,
            where=f"team {member.team}'s shared store",
        )

    def login_cookie(self, response: Response, token: str, request: Request) -> None:
        """Set the browser-session cookie to ``token`` (a new log-in or a new anonymous id)."""
        from brightline.web.security import SESSION_COOKIE

        response.set_cookie(
            SESSION_COOKIE,
            self.signer.sign(token),
            path="/",
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookies or request.url.scheme == "https",
        )


def install_login_redirect(app: FastAPI, workbench: Workbench) -> None:
    """Send a page request without a log-in to the log-in page; refuse anything else with 401."""
    from starlette.responses import RedirectResponse

    async def login_required(request: Request, error: Exception) -> Response:
        if request.method == "GET" and request.headers.get("hx-request") != "true":
            from urllib.parse import quote

            target = request.url.path
            if request.url.query:
                target += f"?{request.url.query}"
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return workbench.pages.render(
            request, "error.html", {"message": str(error), "problems": []}, status=401
        )

    app.add_exception_handler(LoginRequired, login_required)


def local_target(text: str | None) -> str:
    """Where to go after logging in: a path on this site only (never another site's address)."""
    if not text or not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text
