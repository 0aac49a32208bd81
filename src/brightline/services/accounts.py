"""Use cases of team mode's accounts: the first owner, users, roles, log-in, log-out, passwords.

Team mode is on exactly when the store holds a user (after ``brightline users create-owner``);
until then Brightline is a single user's workbench and nothing here is asked. Every method opens
the store, does one use case in as few transactions as it can and closes it; results are typed.

Choices a reviewer should know (OWASP ASVS level 1 where it applies):

* Passwords are hashed with argon2id (argon2-cffi) at its default cost; :class:`HashCost` is a
  knob so tests can hash cheaply. A password is 12 to 1,024 characters (long passphrases are
  welcome, a megabyte to hash is not). A hash made at a lower cost is upgraded at the next log-in.
* A wrong name and a wrong password get the same answer, and an unknown name costs the same
  hash verification as a known one, so neither the message nor the time says which names exist.
* At most :data:`HASHES_AT_ONCE` hashes run at once per process: each takes 64 MiB, and a
  burst of log-in attempts must queue rather than exhaust a worker's memory.
* Throttling is per name tried (:class:`Throttle`: 5 failures within 15 minutes lock that name
  for 15 minutes), stored in the database so every worker counts the same failures. The lock
  applies to names that do not exist too. Someone can lock a colleague out for 15 minutes by
  failing on purpose; that is the accepted price of not tracking addresses. A wrong current
  password in a password change and a failed command-line sign-in count as failed log-ins.
* A log-in is a random 256-bit token, kept by the browser and stored here only as its SHA-256.
  Each log-in makes a new token (no session fixation), ends after 2 hours unused or 12 hours in
  all (:class:`Lifetime`), and log-out deletes it. Changing or resetting a password ends every
  log-in of that user; a change made in the browser hands back a new token for that browser.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brightline.errors import BrightlineError
from brightline.services.account_rules import CHEAP_HASH as CHEAP_HASH
from brightline.services.account_rules import DEFAULT_COST, DEFAULT_LIFETIME, DEFAULT_THROTTLE
from brightline.services.account_rules import MAX_PASSWORD as MAX_PASSWORD
from brightline.services.account_rules import MIN_PASSWORD as MIN_PASSWORD
from brightline.services.account_rules import TEAM_ID as TEAM_ID
from brightline.services.account_rules import USER_NAME as USER_NAME
from brightline.services.account_rules import AccountError as AccountError
from brightline.services.account_rules import HashCost as HashCost
from brightline.services.account_rules import Lifetime as Lifetime
from brightline.services.account_rules import Throttle as Throttle
from brightline.services.account_rules import check_password as check_password
from brightline.services.account_rules import parse_role as parse_role
from brightline.services.account_rules import team_id as team_id
from brightline.services.account_rules import user_name as user_name
from brightline.session.roles import Member, Role

if TYPE_CHECKING:
    from brightline.session.accounts import AccountStore, StoredWebSession
    from brightline.session.database import Database

DatabaseFactory = Callable[[], "Database"]
"""Opens the session database (a context manager that closes it)."""

Clock = Callable[[], datetime.datetime]

HASHES_AT_ONCE = 2
"""Password hashes computed at once per process (each takes argon2's memory cost)."""


class LoginFailed(BrightlineError):
    """The name and password do not match (the same answer whichever of the two is wrong)."""


class LoginThrottled(LoginFailed):
    """Too many failed log-ins for this name lately: wait before trying again."""


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """A new browser log-in: the token for the cookie (shown once, stored only as a hash)."""

    token: str
    member: Member
    expires_at: str


@dataclass(frozen=True, slots=True)
class Visit:
    """What a request's token says: whether team mode is on, and who is logged in, if anyone.

    Attributes:
        team_mode: Whether the store has any user.
        member: The logged-in member in the log-in's current team; None when the token is
            missing, unknown, expired, or its user no longer belongs to that team.
        teams: Every team the user belongs to (to switch between), empty when nobody is in.
    """

    team_mode: bool
    member: Member | None = None
    teams: tuple[Member, ...] = ()


@dataclass(frozen=True, slots=True)
class UserListing:
    """A user and their memberships, as ``brightline users list`` shows them."""

    name: str
    created_at: str
    memberships: tuple[Member, ...]


def token_hash(token: str) -> str:
    """The SHA-256 a log-in token is stored under."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def _default_database() -> Database:
    from brightline.session.database import open_database

    return open_database()


class Accounts:
    """The account use cases over one database factory.

    Args:
        open_database: Opens the session database (default: the configured one).
        cost: argon2id's cost for new hashes.
        throttle: The log-in throttle.
        lifetime: How long log-ins last.
        clock: Now, in UTC (tests pass their own to step through the throttle).
    """

    def __init__(
        self,
        open_database: DatabaseFactory | None = None,
        *,
        cost: HashCost = DEFAULT_COST,
        throttle: Throttle = DEFAULT_THROTTLE,
        lifetime: Lifetime = DEFAULT_LIFETIME,
        clock: Clock = _utc_now,
    ) -> None:
        self._open = open_database or _default_database
        self.cost = cost
        self.throttle = throttle
        self.lifetime = lifetime
        self._clock = clock
        self._hasher: Any = None
        self._dummy_hash = ""
        # argon2id at its default cost takes 64 MiB for each hash in flight; a burst of log-in
        # attempts must queue here rather than take a worker's memory (a few at once at most).
        self._hashing = threading.BoundedSemaphore(HASHES_AT_ONCE)
        # Team mode, asked by every request of the web app: see _has_users.
        self._kept_team_mode: tuple[tuple[object, ...], bool] | None = None

    # --- hashing -----------------------------------------------------------------------------

    def _passwords(self) -> Any:
        if self._hasher is None:
            from argon2 import PasswordHasher

            self._hasher = PasswordHasher(
                time_cost=self.cost.time_cost,
                memory_cost=self.cost.memory_kib,
                parallelism=self.cost.parallelism,
            )
        return self._hasher

    def _dummy(self) -> str:
        """A hash to verify against when the name is unknown, so both cost one verification.

        Made on the first unknown name (that one attempt costs a hash more), not when the
        hasher is made: a command that signs in once would pay a hash it never uses.
        """
        if not self._dummy_hash:
            self._dummy_hash = self._hash(secrets.token_urlsafe(16), checked=False)
        return self._dummy_hash

    def _hash(self, password: str, *, checked: bool = True) -> str:
        if checked:
            check_password(password)
        hasher = self._passwords()
        with self._hashing:
            return str(hasher.hash(password))

    def _matches(self, stored_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = self._passwords()
        try:
            with self._hashing:
                return bool(hasher.verify(stored_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    # --- administration (the ``brightline users`` command) -----------------------------------

    def team_mode(self) -> bool:
        """Whether the store has users (team mode on)."""
        with self._store() as store:
            return self._has_users(store)

    def _has_users(self, store: AccountStore) -> bool:
        """Whether the store has users, without a query on most requests.

        Every web request asks (about 0.6 ms of a query), and the answer hardly ever changes.
        The answer, either way, is kept only as long as the database's change stamp
        (``Database.change_stamp``) stays the same, so an account created anywhere (this app,
        another worker, ``brightline users`` in another process) turns team mode on at the next
        request, and a database replaced under a running server (``brightline store restore``
        of a backup without accounts into a new file) turns it off again without a restart. A
        database without a cheap stamp (PostgreSQL) is asked every time.
        """
        # The stamp before the query: a commit after it changes the stamp.
        stamp = store.database.change_stamp()
        kept = self._kept_team_mode
        if stamp is not None and kept is not None and kept[0] == stamp:
            return kept[1]
        found = store.has_users()
        self._kept_team_mode = None if stamp is None else (stamp, found)
        return found

    def create_owner(self, name: str, password: str, team: str, team_name: str = "") -> Member:
        """Create the first user as the owner of a new team: this turns team mode on.

        Raises:
            AccountError: when a user exists already (add users with :meth:`add_user`), or a
                name, team id or password is not acceptable.
        """
        from brightline.session.accounts import AccountConflict

        chosen, slug = user_name(name), team_id(team)
        hashed = self._hash(password)
        at = _stamp(self._clock())
        with self._store() as store:
            try:
                store.add_user(chosen, hashed, at, first=True)
            except AccountConflict:
                raise AccountError(
                    "this store has users already, so it has its first owner; an owner adds "
                    "users and grants roles",
                    parameter="user",
                ) from None
            self._kept_team_mode = None  # team mode is on from the next request
            if store.team(slug) is None:
                store.add_team(slug, team_name.strip() or slug, at)
            store.grant(chosen, slug, Role.OWNER)
        return Member(chosen, slug, Role.OWNER)

    def add_user(self, name: str, password: str) -> str:
        """Create a user (with no team yet: grant a role next); return the stored name.

        Raises:
            AccountError: when the name is taken or the password is not acceptable.
        """
        from brightline.session.accounts import AccountConflict

        chosen = user_name(name)
        hashed = self._hash(password)
        with self._store() as store:
            try:
                store.add_user(chosen, hashed, _stamp(self._clock()))
            except AccountConflict:
                raise AccountError(f"{chosen!r} exists already", parameter="user") from None
            self._kept_team_mode = None
        return chosen

    def grant(self, name: str, team: str, role: Role | str, team_name: str = "") -> Member:
        """Give a user a role in a team, creating the team when it is new.

        Raises:
            AccountError: when there is no such user, or the role is not one of the four.
        """
        chosen, slug, granted = user_name(name), team_id(team), parse_role(role)
        with self._store() as store:
            if store.user(chosen) is None:
                raise AccountError(f"there is no user {chosen!r}; add them first", parameter="user")
            if store.team(slug) is None:
                store.add_team(slug, team_name.strip() or slug, _stamp(self._clock()))
            store.grant(chosen, slug, granted)
        return Member(chosen, slug, granted)

    def add_member(self, name: str, password: str, team: str, role: Role | str) -> Member:
        """An owner adds a member to their team, creating the user when the name is new.

        A new user gets ``password``; an existing user keeps their own and gets the role. The
        answer is the same either way, and so are the checks (a password is required and
        checked even for a name that exists), so the form tells an owner nothing about which
        names exist. It is an owner's act, like an employer's: the user is not asked first
        (docs/how-to/team-roles.md says so, and why).

        Raises:
            AccountError: when the name, the role or the password is not acceptable.
        """
        chosen, granted = user_name(name), parse_role(role)
        check_password(password)  # before looking the name up: one answer for both cases
        with self._store() as store:
            exists = store.user(chosen) is not None
        if not exists:
            self.add_user(chosen, password)
        return self.grant(chosen, team, granted)

    def change_role(self, name: str, team: str, role: Role | str) -> Member:
        """An owner changes a member's role in their team; the last owner stays an owner.

        Raises:
            AccountError: when the user is not a member of the team, the role is not one of the
                four, or the change would leave the team without an owner.
        """
        chosen, slug, granted = user_name(name), team_id(team), parse_role(role)
        with self._store() as store:
            members = store.team_members(slug)
            current = next((item for item in members if item.user == chosen), None)
            if current is None:
                raise AccountError(f"{chosen!r} is not a member of team {slug}", parameter="user")
            owners = [item for item in members if item.role is Role.OWNER]
            if current.role is Role.OWNER and granted is not Role.OWNER and len(owners) == 1:
                raise AccountError(
                    f"{chosen} is the team's only owner; make another member owner first",
                    parameter="role",
                )
            store.grant(chosen, slug, granted)
        return Member(chosen, slug, granted)

    def list_users(self) -> list[UserListing]:
        """Every user with their teams and roles (never a hash)."""
        with self._store() as store:
            return [
                UserListing(user.name, user.created_at, tuple(store.memberships(user.name)))
                for user in store.users()
            ]

    def team_members(self, team: str) -> list[Member]:
        """Every member of a team."""
        with self._store() as store:
            return store.team_members(team_id(team))

    def reset_password(self, name: str, password: str) -> None:
        """Set a user's password (an administrator's reset) and end their log-ins.

        Raises:
            AccountError: when there is no such user or the password is not acceptable.
        """
        chosen = user_name(name)
        hashed = self._hash(password)
        with self._store() as store:
            if store.user(chosen) is None:
                raise AccountError(f"there is no user {chosen!r}", parameter="user")
            store.set_password(chosen, hashed, _stamp(self._clock()))
            store.close_user_sessions(chosen)

    # --- the browser: log-in, visits, log-out, password change -------------------------------

    def authenticate(self, name: str, password: str) -> LoggedIn:
        """Check a name and password and open a new browser log-in.

        Raises:
            LoginThrottled: when the name is locked after too many failures (nothing checked).
            LoginFailed: when the name and password do not match, or the user has no team.
        """
        now = self._clock()
        with self._store() as store:
            teams = self._checked(store, name, password, now)
            return self._open_login(store, teams[0], now)

    def sign_in(self, name: str, password: str, team: str | None = None) -> Member:
        """Check a name and password for the command line; the member it acts as, in ``team``.

        The same check as a browser log-in, counted by the same throttle, but nothing is
        opened: a command acts once, as this member, and ends. ``team`` may be left out when
        the user belongs to one team only.

        Raises:
            LoginThrottled: when the name is locked after too many failures (nothing checked).
            LoginFailed: when the name and password do not match, or the user has no team.
            AccountError: naming ``team`` when the user is not in it, or is in several and
                none was named.
        """
        with self._store() as store:
            teams = self._checked(store, name, password, self._clock(), upgrade=False)
        if team is None and len(teams) == 1:
            return teams[0]
        chosen = next((item for item in teams if item.team == (team or "").strip().lower()), None)
        if chosen is None:
            names = ", ".join(item.team for item in teams)
            said = f"is not a member of team {team!r}" if team else "is in several teams"
            raise AccountError(f"{teams[0].user} {said}; name one of: {names}", parameter="team")
        return chosen

    def _checked(
        self,
        store: AccountStore,
        name: str,
        password: str,
        now: datetime.datetime,
        *,
        upgrade: bool = True,
    ) -> list[Member]:
        """The user's memberships when ``password`` is theirs; throttled per name tried.

        With ``upgrade``, a hash made at a lower cost than :attr:`cost` is made again at it
        (a browser log-in does; a one-off command's sign-in leaves that to the next log-in).
        """
        key = name.strip().lower()[:64]
        attempts = store.attempts(key)
        if attempts and attempts.locked_until and _moment(attempts.locked_until) > now:
            raise self._throttled(_moment(attempts.locked_until) - now)
        # Count the attempt *before* the slow password check, in one transaction: guesses
        # sent in parallel each take a place in the count, so at most `failures` of them are
        # ever checked in a window (counting after the check let a burst through).
        counted = store.record_failure(
            key,
            _stamp(now),
            _stamp(now - self.throttle.window),
            self.throttle.failures,
            _stamp(now + self.throttle.lock),
        )
        if counted.failures > self.throttle.failures:
            raise self._throttled(self.throttle.lock)
        user = store.user(key) if USER_NAME.fullmatch(key) else None
        hasher = self._passwords()
        ok = self._matches(user.password_hash if user else self._dummy(), password)
        teams = store.memberships(key) if ok and user else []
        if not (ok and user and teams):
            if counted.locked_until is not None:
                raise self._throttled(self.throttle.lock)
            raise LoginFailed("the name or the password is wrong")
        store.clear_attempts(key)
        if upgrade and hasher.check_needs_rehash(user.password_hash):
            # The password was accepted when it was set: rehash it whatever the policy now.
            rehashed = self._hash(password, checked=False)
            store.set_password(key, rehashed, user.password_changed_at)
        return teams

    def _throttled(self, wait: datetime.timedelta) -> LoginThrottled:
        minutes = max(1, int(wait.total_seconds() // 60) + (wait.total_seconds() % 60 > 0))
        unit = "minute" if minutes == 1 else "minutes"
        return LoginThrottled(
            f"too many failed log-ins for this name; try again in {minutes} {unit}"
        )

    def _open_login(self, store: AccountStore, member: Member, now: datetime.datetime) -> LoggedIn:
        from brightline.session.accounts import StoredWebSession

        token = secrets.token_urlsafe(32)
        expires = now + self.lifetime.absolute
        store.open_web_session(
            StoredWebSession(
                token_hash(token),
                member.user,
                member.team,
                _stamp(now),
                _stamp(expires),
                _stamp(now),
            )
        )
        return LoggedIn(token, member, _stamp(expires))

    def visit(self, token: str | None) -> Visit:
        """Who a browser's token logs in (see :class:`Visit`), noting the visit.

        One database opening answers both questions a request asks: is team mode on, and who
        is this.
        """
        with self._store() as store:
            if not self._has_users(store):
                return Visit(team_mode=False)
            if not token:
                return Visit(team_mode=True)
            found = store.web_session(token_hash(token))
            if found is None:
                return Visit(team_mode=True)
            now = self._clock()
            if self._expired(found, now):
                store.close_web_session(found.token_hash)
                return Visit(team_mode=True)
            teams = tuple(store.memberships(found.user))
            member = next((item for item in teams if item.team == found.team), None)
            if member is None:  # removed from the team since logging in
                return Visit(team_mode=True)
            if now - _moment(found.last_seen_at) >= self.lifetime.touch_every:
                store.touch_web_session(found.token_hash, _stamp(now))
            return Visit(True, member, teams)

    def member_named(self, name: str) -> Visit:
        """The member a trusted proxy's user header names (their first team), for single sign-on.

        Only called when the app is configured to trust such a header; an unknown name or a
        user with no team is nobody.
        """
        with self._store() as store:
            if not self._has_users(store):
                return Visit(team_mode=False)
            key = name.strip().lower()
            teams = tuple(store.memberships(key)) if USER_NAME.fullmatch(key) else ()
            return Visit(True, teams[0] if teams else None, teams)

    def _expired(self, found: StoredWebSession, now: datetime.datetime) -> bool:
        return (
            now >= _moment(found.expires_at)
            or now - _moment(found.last_seen_at) >= self.lifetime.idle
        )

    def switch_team(self, token: str, team: str) -> Member:
        """Make ``team`` the log-in's current team.

        Raises:
            AccountError: when the user does not belong to that team (or is not logged in).
        """
        visit = self.visit(token)
        chosen = next((item for item in visit.teams if item.team == team), None)
        if visit.member is None or chosen is None:
            raise AccountError("you are not a member of that team", parameter="team")
        with self._store() as store:
            store.touch_web_session(token_hash(token), _stamp(self._clock()), chosen.team)
        return chosen

    def log_out(self, token: str | None) -> None:
        """End a browser log-in (nothing happens for an unknown token)."""
        if not token:
            return
        with self._store() as store:
            store.close_web_session(token_hash(token))

    def change_password(self, token: str, current: str, new: str) -> LoggedIn:
        """Change the logged-in user's password; every log-in ends and this browser gets a new one.

        A wrong current password counts as a failed log-in of the user (:class:`Throttle`), so
        a browser left logged in cannot be used to guess the password at leisure.

        Raises:
            LoginThrottled: when the user's name is locked after too many failures.
            LoginFailed: when the token logs nobody in or ``current`` is wrong.
            AccountError: naming ``password`` when the new password is not acceptable.
        """
        visit = self.visit(token)
        if visit.member is None:
            raise LoginFailed("you are not logged in; log in again")
        member = visit.member
        check_password(new)
        now = self._clock()
        with self._store() as store:
            try:  # the same throttle as a log-in: a stolen browser is no way to guess passwords
                self._checked(store, member.user, current, now, upgrade=False)
            except LoginThrottled:
                raise
            except LoginFailed:
                raise LoginFailed(
                    "the current password is wrong", parameter="current_password"
                ) from None
            store.set_password(member.user, self._hash(new), _stamp(now))
            store.close_user_sessions(member.user)
            return self._open_login(store, member, now)

    # --- plumbing ----------------------------------------------------------------------------

    def _store(self) -> _OpenStore:
        return _OpenStore(self._open)


class _OpenStore:
    """Opens the database for one use case and closes it after (``with self._store() as s``)."""

    def __init__(self, open_database: DatabaseFactory) -> None:
        self._open = open_database
        self._database: Database | None = None

    def __enter__(self) -> AccountStore:
        from brightline.session.accounts import AccountStore

        self._database = self._open()
        return AccountStore(self._database)

    def __exit__(self, *exc_info: object) -> None:
        if self._database is not None:
            self._database.close()
