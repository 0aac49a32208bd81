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
"""

from __future__ import annotations

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
