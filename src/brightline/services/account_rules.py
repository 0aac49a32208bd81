"""The rules of team mode's accounts: valid names, team ids, roles, passwords, and the knobs.

Kept apart from the use cases (``services/accounts.py``) because both the use cases and the
command line's sign-in check by them, and so each module stays readable; everything here is
re-exported by ``services/accounts.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from brightline.errors import UsageError
from brightline.session.roles import Role

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
"""A user name: lower-case letters, digits and ``. _ @ -``, up to 64 characters (an e-mail
address fits). It is the author of the user's trail events, so it is kept plain."""

TEAM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
"""A team id: a short slug (lower-case letters, digits, hyphens)."""

MIN_PASSWORD = 12
MAX_PASSWORD = 1024


class AccountError(UsageError):
    """A request about accounts that cannot be done (name taken, weak password, unknown team)."""


@dataclass(frozen=True, slots=True)
class HashCost:
    """argon2id's cost: iterations, memory in KiB, lanes (argon2-cffi's defaults, RFC 9106)."""

    time_cost: int = 3
    memory_kib: int = 65_536
    parallelism: int = 4


CHEAP_HASH = HashCost(time_cost=1, memory_kib=8, parallelism=1)
"""For tests only: a hash in microseconds. Never use it for real passwords."""


@dataclass(frozen=True, slots=True)
class Throttle:
    """Failed log-ins allowed per name within ``window`` before it is locked for ``lock``."""

    failures: int = 5
    window: datetime.timedelta = datetime.timedelta(minutes=15)
    lock: datetime.timedelta = datetime.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Lifetime:
    """How long a browser log-in lasts: unused (``idle``) and in all (``absolute``)."""

    idle: datetime.timedelta = datetime.timedelta(hours=2)
    absolute: datetime.timedelta = datetime.timedelta(hours=12)
    touch_every: datetime.timedelta = datetime.timedelta(minutes=1)
    """A visit is written back at most this often, so reading pages does not write each time."""


def user_name(text: str) -> str:
    """A user name as stored (trimmed, lower case).

    Raises:
        AccountError: naming ``user`` when it is not a valid name.
    """
    name = text.strip().lower()
    if not USER_NAME.fullmatch(name):
        raise AccountError(
            f"{text[:80]!r} is not a user name; use lower-case letters, digits and . _ @ - "
            "(up to 64 characters, starting with a letter or digit)",
            parameter="user",
        )
    return name


def team_id(text: str) -> str:
    """A team id as stored (trimmed, lower case).

    Raises:
        AccountError: naming ``team`` when it is not a valid id.
    """
    slug = text.strip().lower()
    if not TEAM_ID.fullmatch(slug):
        raise AccountError(
            f"{text[:80]!r} is not a team id; use lower-case letters, digits and hyphens "
            "(up to 40 characters), for example deal-desk",
            parameter="team",
        )
    return slug


def parse_role(text: Role | str) -> Role:
    """One of the four roles.

    Raises:
        AccountError: naming ``role`` when ``text`` is none of them.
    """
    try:
        return Role(str(text).strip().lower())
    except ValueError:
        raise AccountError(
            f"{str(text)[:40]!r} is not a role; use one of {', '.join(item.value for item in Role)}",
            parameter="role",
        ) from None


def check_password(password: str) -> None:
    """Refuse a password that is too short or too long (the length is all we require).

    Raises:
        AccountError: naming ``password``.
    """
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"is {len(password)} characters long; use at least {MIN_PASSWORD} (a few words "
            "make a good one)",
            parameter="password",
        )
    if len(password) > MAX_PASSWORD:
        raise AccountError(
            f"is longer than {MAX_PASSWORD:,} characters; use a shorter one", parameter="password"
        )


DEFAULT_COST = HashCost()
DEFAULT_THROTTLE = Throttle()
DEFAULT_LIFETIME = Lifetime()
