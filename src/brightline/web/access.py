"""How a route declares who may call it, and what it is handed: the member and their team's data.

Every route names its rule explicitly, one of two ways (a test lists the app's routes and fails
on any route with neither, so a page added later cannot be open by omission):

* ``access: Annotated[Access, Depends(requires(Action.EDIT_CASES))]``: the caller must be a
  logged-in member whose role allows the action (``session/roles.py``'s matrix). The route gets
  an :class:`Access`: the member, and the team's cases and sessions, already scoped to the team,
  so a route cannot reach another team's data by forgetting a check. An id of another team is
  not found, the same 404 as an id that never existed.
* ``dependencies=[Depends(public)]``: anyone may call it (the log-in page).

Team mode is on when the store has users (``services/accounts.py``). Off, every rule admits the
single local user as the owner of their own workbench, with the app's case folder and store, so
the app is the single-user loopback workbench it always was. On, a request without a valid
log-in is sent to the log-in page (a page) or refused with 401 (anything else), and a role that
does not allow the action gets 403 saying which role it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request

from brightline.errors import BrightlineError
from brightline.session.roles import PERMISSIONS, Action, Member, Role

if TYPE_CHECKING:
    from brightline.services.case_library import CaseLibrary
    from brightline.services.sessions import Sessions
    from brightline.services.team_cases import TeamCases
    from brightline.web.workbench import Workbench

ACCESS_RULE = "brightline_access_rule"
"""The attribute naming a dependency's rule: an :class:`Action`, or ``"public"``."""

LOCAL_TEAM = "local"
"""The team of the single local user when team mode is off (their own workbench)."""


class LoginRequired(BrightlineError):
    """Team mode is on and the request carries no valid log-in."""


class NotAllowed(BrightlineError):
    """The member's role does not allow the action the route needs."""


@dataclass(frozen=True, slots=True)
class Access:
    """What a route may use, for the member making the request.

    Attributes:
        member: Who is asking, in which team and role (the local user as owner when team mode
            is off).
        cases: The team's cases (the app's folder when team mode is off).
        sessions: The team's sessions, recording as the member.
        team_mode: Whether the store has accounts.
        teams: Every team the member belongs to (team mode only).
        where: Where the cases are kept, in words, for the home page.
    """

    member: Member
    cases: CaseLibrary | TeamCases
    sessions: Sessions
    team_mode: bool
    teams: tuple[Member, ...] = field(default=())
    where: str = ""


def case_library(
    workbench: Workbench, access: Access, library: str, case_id: str
) -> CaseLibrary | TeamCases:
    """The library a page's case is in: the member's cases or the read-only examples.

    Raises:
        CaseNotFound: for any other library name, or examples when the app has none.
    """
    from brightline.services.case_library import CaseNotFound

    if library == "cases":
        return access.cases
    if library == "examples" and workbench.examples is not None:
        return workbench.examples
    raise CaseNotFound(case_id)


Rule = Callable[[Request], Access]


def requires(action: Action) -> Rule:
    """The dependency admitting members whose role allows ``action``; it returns their Access.

    Raises (from the dependency):
        LoginRequired: team mode is on and nobody is logged in.
        NotAllowed: the member's role does not allow ``action``.
    """

    def rule(request: Request) -> Access:
        from brightline.web.auth import TeamGate

        gate = request.app.state.team_gate
        assert isinstance(gate, TeamGate)
        access = gate.access(request)
        if not access.member.may(action):
            needed = [role.value for role in Role if action in PERMISSIONS[role]]
            raise NotAllowed(
                f"your role in team {access.member.team!r} is {access.member.role.value}, "
                f"which may not {action.value}; ask an owner of the team for the "
                f"{' or '.join(needed)} role"
            )
        request.state.access = access
        return access

    setattr(rule, ACCESS_RULE, action)
    rule.__name__ = f"requires_{action.name.lower()}"
    return rule


def public() -> None:
    """The dependency of a route anyone may call (the log-in page): it checks nothing."""


setattr(public, ACCESS_RULE, "public")
