"""``brightline users``: the accounts of team mode (first owner, users, roles, password resets).

Creating the first owner turns team mode on for the web app served from the same database
(``BRIGHTLINE_DATABASE_URL``): from then on every page asks for a log-in. Passwords are read
from a hidden prompt (asked twice), or from the first line of standard input with
``--password-stdin`` for scripts; never from a command-line value, which other users of the
machine can read in the process list and which shells keep in their history.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from brightline.services.accounts import Accounts

USERS_HELP = "Team mode's accounts: the first owner, users, their roles per team, password resets."

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of standard input instead of a prompt.",
    ),
]
TeamOption = Annotated[str, typer.Option("--team", help="The team's id, e.g. deal-desk.")]
TeamName = Annotated[
    str, typer.Option("--team-name", help="The team's display name when it is created.")
]


def _accounts() -> Accounts:
    from brightline.services.accounts import Accounts

    return Accounts()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Password", hide_input=True)
    again = typer.prompt("Password again", hide_input=True)
    if first != again:
        from brightline.errors import UsageError

        raise UsageError("the two passwords differ; type the same one twice")
    return str(first)


def create_owner(
    name: Annotated[str, typer.Argument(help="The owner's user name (lower case).")],
    team: TeamOption,
    team_name: TeamName = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create the first user, as owner of a new team: this turns team mode on.

    Only works on a store with no users yet; afterwards use add and grant.
    """
    member = _accounts().create_owner(name, _password(password_stdin), team, team_name)
    sys.stdout.write(
        f"Created {member.user}, owner of team {member.team}. Team mode is on: the web app now "
        "asks for a log-in.\n"
    )


def add(
    name: Annotated[str, typer.Argument(help="The new user's name (lower case).")],
    team: TeamOption,
    role: Annotated[
        str, typer.Option("--role", help="owner, negotiator, approver or viewer.")
    ] = "viewer",
    team_name: TeamName = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user with a role in a team (the team is created if it is new)."""
    from brightline.services.accounts import parse_role, team_id

    chosen, slug = parse_role(role), team_id(team)  # refuse before asking for a password
    accounts = _accounts()
    stored = accounts.add_user(name, _password(password_stdin))
    member = accounts.grant(stored, slug, chosen, team_name)
    sys.stdout.write(f"Added {member.user}, {member.role.value} in team {member.team}.\n")


def grant(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    team: TeamOption,
    role: Annotated[str, typer.Option("--role", help="owner, negotiator, approver or viewer.")],
    team_name: TeamName = "",
) -> None:
    """Give a user a role in a team, replacing the role they had there (new teams are created)."""
    member = _accounts().grant(name, team, role, team_name)
    sys.stdout.write(f"{member.user} is {member.role.value} in team {member.team}.\n")


def list_users() -> None:
    """Every user with their teams and roles (never a password or hash)."""
    from rich.table import Table

    from brightline.cli.output import console

    listing = _accounts().list_users()
    if not listing:
        sys.stdout.write(
            "No users: team mode is off (one local user). Start it with users create-owner.\n"
        )
        return
    table = Table("User", "Teams and roles", "Created (UTC)")
    for user in listing:
        roles = ", ".join(f"{item.team}: {item.role.value}" for item in user.memberships)
        table.add_row(user.name, roles or "(no team)", user.created_at[:19].replace("T", " "))
    console().print(table)


def reset_password(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (they forgot it) and log them out of every browser."""
    _accounts().reset_password(name, _password(password_stdin))
    sys.stdout.write(f"Password of {name.strip().lower()} reset; their log-ins have ended.\n")


def register(app: typer.Typer) -> None:
    """Add ``users create-owner|add|grant|list|reset-password`` to ``app``."""
    from brightline.cli.groups import group

    users = group(app, "users", USERS_HELP)
    users.command("create-owner")(create_owner)
    users.command("add")(add)
    users.command("grant")(grant)
    users.command("list")(list_users)
    users.command("reset-password")(reset_password)
