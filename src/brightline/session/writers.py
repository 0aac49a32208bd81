"""Who may write to a trail: the last check under every use case, on every store.

The web app checks each route's access rule, and the approval services check who may decide;
but a use case can be reached by other ways (a command, a script, a service that records a
debrief or a sent document). So the session store itself asks, before it starts, extends or
imports a session, whether the writer may:

* A store opened **for a member** (an account acting in one team, as the command line does on a
  team store) writes only what the member's role allows (:data:`~brightline.session.roles.
  PERMISSIONS`: recording and starting need *run sessions*, a request *request approval*, an
  approval or a refusal *decide approval*), and only in the member's own name: the event's
  author is the account, never free text.
* A store opened **for a team** but no member is the web app's: its routes checked the
  logged-in member and name them as the author.
* A store opened for neither, on a database that has accounts (team mode), writes nothing: it
  is an administrator's view of the whole store (reading and verifying every trail), and a
  write from it would be a write by nobody in particular.

A single-user store (no accounts) is unchanged: whoever holds the file records, under the name
they give.
"""

from __future__ import annotations

from brightline.session.events import EventKind, SessionError
from brightline.session.roles import Action, Member


class WriteRefused(SessionError):
    """The writer may not record this: the wrong role, another name, or nobody on a team store."""


REQUIRED = {
    EventKind.REQUEST: Action.REQUEST_APPROVAL,
    EventKind.APPROVAL: Action.DECIDE_APPROVAL,
    EventKind.REFUSAL: Action.DECIDE_APPROVAL,
}
"""What recording an event of a kind needs; every other kind (and a start) needs *run sessions*."""


def required_action(kind: EventKind | None) -> Action:
    """The action recording ``kind`` needs (None: starting or importing a session)."""
    return REQUIRED.get(kind, Action.RUN_SESSIONS) if kind is not None else Action.RUN_SESSIONS


def check_member_write(member: Member, author: str, kind: EventKind | None) -> str:
    """Refuse a write the member's role does not allow, or one in another name; the author.

    The author is the member's user name as stored (a name given in other capitals or with
    spaces around it is the same account).

    Raises:
        WriteRefused: naming the role and the action, or the two names.
    """
    action = required_action(kind)
    if not member.may(action):
        raise WriteRefused(
            f"{member.user} is a {member.role.value} in team {member.team}, and a "
            f"{member.role.value} may not {action.value}; an owner of the team can change the role"
        )
    if author.strip().lower() != member.user:
        raise WriteRefused(
            f"this is recorded by the account {member.user}, so its author is {member.user}, "
            f"not {author[:80]!r}; record it as {author[:80]!r}'s own account instead"
        )
    return member.user


def refuse_anonymous_write() -> WriteRefused:
    """The refusal of a write on a team store by no account."""
    return WriteRefused(
        "this store has accounts (team mode), so every event is recorded by one of them, with "
        "its role checked: record it as your account (its name and password), or in the web app"
    )
