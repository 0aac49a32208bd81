"""Who is acting, for team mode: the four roles and the member an action is checked against.

A hard stance is rarely one person's call, so in team mode every case, session and document
belongs to a team and every request is made by a member of it in one role. This module is the
shared vocabulary (pure: no storage): the accounts store (who the users and teams are), the
approval policy (what needs whose sign-off) and the web app's access rules all speak of
:class:`Member` and :class:`Role`, so they cannot drift apart.

Roles, from most to least trusted:

* ``owner``: runs the team: members, roles, the approval policy, and everything a negotiator does.
* ``negotiator``: prepares cases, runs sessions, makes offers and documents; asks for approvals.
* ``approver``: reads everything in the team and approves or refuses requests made by others.
* ``viewer``: reads the team's cases, sessions and documents; changes nothing.

What each role may do is one table, :data:`PERMISSIONS` (role -> the :class:`Action` values it
allows). The web app's access rules, the services and the documentation's matrix all read that
table, and a test walks every role x action pair, so a role cannot gain a right in one place
and not another. Actions are deliberately coarse: a right a user cannot name is a right nobody
can review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A member's role in one team (see the module docstring for what each may do)."""

    OWNER = "owner"
    NEGOTIATOR = "negotiator"
    APPROVER = "approver"
    VIEWER = "viewer"


@dataclass(frozen=True, slots=True)
class Member:
    """One user acting in one team.

    Attributes:
        user: The user's log-in name, as recorded as the author of trail events.
        team: The team's id (a short slug).
        role: The user's role in that team.
    """

    user: str
    team: str
    role: Role

    def may(self, action: Action) -> bool:
        """Whether this member's role allows ``action`` (see :data:`PERMISSIONS`)."""
        return allows(self.role, action)


class Action(StrEnum):
    """What a member may be allowed to do in a team, as the access rules name it."""

    VIEW = "view"
    """Read the team's cases, analyses, sessions, trails and documents (computing an analysis
    changes nothing, so it is reading too)."""
    EDIT_CASES = "edit cases"
    """Create, upload, copy, edit and delete the team's cases."""
    RUN_SESSIONS = "run sessions"
    """Start sessions and record events in their trails (offers, concessions, documents sent)."""
    REQUEST_APPROVAL = "request approval"
    """Ask for an approval the team's policy requires before an action proceeds."""
    DECIDE_APPROVAL = "decide approval"
    """Approve or refuse another member's request (never one's own)."""
    MANAGE_TEAM = "manage team"
    """Add members, change their roles and edit the team's approval policy."""
    ACCOUNT = "account"
    """Change one's own password and log out: every member, whatever the role."""


PERMISSIONS: Mapping[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.NEGOTIATOR: frozenset(
        {
            Action.VIEW,
            Action.EDIT_CASES,
            Action.RUN_SESSIONS,
            Action.REQUEST_APPROVAL,
            Action.ACCOUNT,
        }
    ),
    Role.APPROVER: frozenset({Action.VIEW, Action.DECIDE_APPROVAL, Action.ACCOUNT}),
    Role.VIEWER: frozenset({Action.VIEW, Action.ACCOUNT}),
}
"""The role x action matrix: what each role allows. docs/how-to/team-roles.md shows it."""


def allows(role: Role, action: Action) -> bool:
    """Whether ``role`` allows ``action``."""
    return action in PERMISSIONS[role]
