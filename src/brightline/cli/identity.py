"""Who a command acts as: on a team store, a signed-in account; otherwise whoever runs it.

A store with accounts (team mode) holds several teams' trails, and the web app lets each member
do what their role allows. The command line keeps the same rule: on such a store a session
command acts as an account, named by ``--author`` (default: ``BRIGHTLINE_AUTHOR``, else the OS
user) and signed in with its password (``BRIGHTLINE_PASSWORD``, else a hidden prompt), in the
team ``BRIGHTLINE_TEAM`` names (needed only for a member of several teams). The store it opens
is that team's, and it writes what the member's role allows in the member's name
(``session/writers.py``). A failed sign-in counts against the name like a failed log-in.

``BRIGHTLINE_ADMINISTRATOR=1`` opens the whole store instead, as its administrator: every
team's sessions and those from before team mode can be listed, shown, exported and verified,
and nothing can be recorded (the store refuses a write by no account).

On a store without accounts nothing changes: no sign-in, and events name whoever is given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.services.approvals import Approvals
    from brightline.services.sessions import Sessions
    from brightline.session.database import Database
    from brightline.session.roles import Member
    from brightline.session.store import SessionStore

PASSWORD_VARIABLE = "BRIGHTLINE_PASSWORD"
TEAM_VARIABLE = "BRIGHTLINE_TEAM"
ADMINISTRATOR_VARIABLE = "BRIGHTLINE_ADMINISTRATOR"


def administrator() -> bool:
    """Whether the command runs as the store's administrator (read-only on a team store)."""
    return os.environ.get(ADMINISTRATOR_VARIABLE, "").strip() == "1"


def _password(name: str) -> str:
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        from brightline.errors import UsageError

        raise UsageError(
            f"this store has accounts (team mode): {name} signs in with a password; set "
            f"{PASSWORD_VARIABLE}, or run the command in a terminal to be asked for it, or set "
            f"{ADMINISTRATOR_VARIABLE}=1 to read the whole store as its administrator"
        )
    import typer

    return str(typer.prompt(f"Password of {name}", hide_input=True, err=True))


def sign_in(database: Database, author: str | None) -> Member | None:
    """The member a command acts as on ``database``; None on a store without accounts.

    Raises:
        LoginFailed: when the name and password do not match (counted by the throttle).
        AccountError: when the team is not one of the user's, or must be named.
    """
    from brightline.services.accounts import Accounts
    from brightline.session.accounts import AccountStore
    from brightline.session.store import resolve_author

    if administrator() or not AccountStore(database).has_users():
        return None
    name = resolve_author(author)
    return Accounts().sign_in(name, _password(name), os.environ.get(TEAM_VARIABLE) or None)


def store_factory(author: str | None = None) -> Callable[[], SessionStore]:
    """Opens the store as the command's account (signed in once, on first use)."""
    signed: list[Member | None] = []

    def open_acting() -> SessionStore:
        from brightline.session.store import SessionStore, open_store

        store = open_store()
        if not signed:
            try:
                signed.append(sign_in(store.database, author))
            except BaseException:
                store.close()
                raise
        member = signed[0]
        if member is None:
            return store
        return SessionStore(store.database, store.collaborators, member=member)

    return open_acting


def sessions(author: str | None = None) -> Sessions:
    """The session use cases as the command's account (see the module docstring)."""
    from brightline.services.sessions import Sessions

    return Sessions(store_factory(author))


def acting_member(author: str | None) -> tuple[Approvals, Member]:
    """The approval use cases and the member they act as: the account, or the local owner."""
    from brightline.services.approvals import Approvals, local_member
    from brightline.session.store import resolve_author

    factory = store_factory(author)
    with factory() as store:
        member = store.member
    return Approvals(factory), member or local_member(resolve_author(author))
