"""The accounts store: users, teams, memberships, browser log-ins and log-in throttling.

Team mode keeps everything a web worker needs in the session database, next to the sessions:
several worker processes (or machines) behind one proxy then share who is logged in, how many
times a name failed to log in, and the team's cases, and no worker holds state of its own.
This module is storage only: SQL over the tables of ``tables.py``, no password hashing and no
policy (``services/accounts.py`` decides; this module does what it is told, in one transaction
per call).

Secrets never reach this module in the clear: it is handed password *hashes* and the SHA-256 of
browser tokens, so a copy of the database lets nobody log in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from brightline.session.database import Database, is_postgres
from brightline.session.roles import Member, Role
from brightline.session.tables import login_attempts, memberships, team_cases, teams, users
from brightline.session.tables import web_sessions as web_sessions_table


class AccountConflict(Exception):
    """A row that must be unique exists already (a user or team name taken)."""


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user's row: the name and the password hash (never shown, never logged)."""

    name: str
    password_hash: str
    created_at: str
    password_changed_at: str


@dataclass(frozen=True, slots=True)
class StoredTeam:
    """A team's row."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class StoredWebSession:
    """A browser log-in: whose, in which team, and when it ends (ISO times, UTC)."""

    token_hash: str
    user: str
    team: str
    created_at: str
    expires_at: str
    last_seen_at: str


@dataclass(frozen=True, slots=True)
class StoredAttempts:
    """Failed log-ins of one name since ``window_started_at``; locked until, if locked."""

    name: str
    failures: int
    window_started_at: str
    locked_until: str | None


@dataclass(frozen=True, slots=True)
class StoredCase:
    """One team case's text and who saved it last."""

    team: str
    case_id: str
    text: str
    updated_at: str
    updated_by: str


class AccountStore:
    """Account, log-in and team-case rows in one database.

    Args:
        database: An open database whose schema is current (``database.open_database``).
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    # --- users ------------------------------------------------------------------------------

    def has_users(self) -> bool:
        """Whether any user exists: team mode is on exactly when one does."""
        with self.database.reading() as connection:
            return connection.execute(select(users.c.name).limit(1)).first() is not None

    def user(self, name: str) -> StoredUser | None:
        """The user called ``name``, None when there is none."""
        with self.database.reading() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).mappings().first()
        return None if row is None else StoredUser(**row)

    def users(self) -> list[StoredUser]:
        """Every user, by name."""
        with self.database.reading() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).mappings()
            return [StoredUser(**row) for row in rows]

    def add_user(self, name: str, password_hash: str, at: str, *, first: bool = False) -> None:
        """Store a new user.

        Args:
            name: The user name (already checked by the service).
            password_hash: The argon2id hash of the password.
            at: Now (created and password-changed time).
            first: Refuse unless the store has no user yet (creating the first owner), checked
                in the same transaction as the insert so two first owners cannot both win.

        Raises:
            AccountConflict: when the name is taken, or ``first`` and a user exists.
        """
        try:
            with self.database.transaction("adding a user") as connection:
                if first and connection.execute(select(users.c.name).limit(1)).first():
                    raise AccountConflict("a user exists already")
                connection.execute(
                    insert(users).values(
                        name=name,
                        password_hash=password_hash,
                        created_at=at,
                        password_changed_at=at,
                    )
                )
        except IntegrityError:
            raise AccountConflict(f"user {name!r} exists already") from None

    def set_password(self, name: str, password_hash: str, at: str) -> None:
        """Replace a user's password hash."""
        with self.database.transaction("changing a password") as connection:
            connection.execute(
                update(users)
                .where(users.c.name == name)
                .values(password_hash=password_hash, password_changed_at=at)
            )

    # --- teams and memberships --------------------------------------------------------------

    def team(self, team_id: str) -> StoredTeam | None:
        """The team with ``team_id``, None when there is none."""
        with self.database.reading() as connection:
            row = connection.execute(select(teams).where(teams.c.id == team_id)).mappings().first()
        return None if row is None else StoredTeam(str(row["id"]), str(row["name"]))

    def add_team(self, team_id: str, name: str, at: str) -> None:
        """Store a new team.

        Raises:
            AccountConflict: when the id is taken.
        """
        try:
            with self.database.transaction("adding a team") as connection:
                connection.execute(insert(teams).values(id=team_id, name=name, created_at=at))
        except IntegrityError:
            raise AccountConflict(f"team {team_id!r} exists already") from None

    def grant(self, user: str, team_id: str, role: Role) -> None:
        """Give ``user`` ``role`` in the team (replacing the role they had there)."""
        with self.database.transaction("granting a role") as connection:
            found = connection.execute(
                select(memberships.c.role).where(
                    memberships.c.user_name == user, memberships.c.team == team_id
                )
            ).first()
            if found is None:
                connection.execute(
                    insert(memberships).values(user_name=user, team=team_id, role=role.value)
                )
            else:
                connection.execute(
                    update(memberships)
                    .where(memberships.c.user_name == user, memberships.c.team == team_id)
                    .values(role=role.value)
                )

    def memberships(self, user: str) -> list[Member]:
        """Every team ``user`` belongs to, by team id."""
        with self.database.reading() as connection:
            rows = connection.execute(
                select(memberships)
                .where(memberships.c.user_name == user)
                .order_by(memberships.c.team)
            ).mappings()
            return [Member(user, str(row["team"]), Role(row["role"])) for row in rows]

    def team_members(self, team_id: str) -> list[Member]:
        """Every member of a team, by user name."""
        with self.database.reading() as connection:
            rows = connection.execute(
                select(memberships)
                .where(memberships.c.team == team_id)
                .order_by(memberships.c.user_name)
            ).mappings()
            return [Member(str(row["user_name"]), team_id, Role(row["role"])) for row in rows]

    # --- browser log-ins --------------------------------------------------------------------

    def open_web_session(self, stored: StoredWebSession) -> None:
        """Record a new browser log-in."""
        with self.database.transaction("logging in") as connection:
            connection.execute(
                insert(web_sessions_table).values(
                    token_hash=stored.token_hash,
                    user_name=stored.user,
                    team=stored.team,
                    created_at=stored.created_at,
                    expires_at=stored.expires_at,
                    last_seen_at=stored.last_seen_at,
                )
            )

    def web_session(self, token_hash: str) -> StoredWebSession | None:
        """The browser log-in with this token hash, None when there is none."""
        with self.database.reading() as connection:
            row = (
                connection.execute(
                    select(web_sessions_table).where(web_sessions_table.c.token_hash == token_hash)
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return StoredWebSession(
            str(row["token_hash"]),
            str(row["user_name"]),
            str(row["team"]),
            str(row["created_at"]),
            str(row["expires_at"]),
            str(row["last_seen_at"]),
        )

    def touch_web_session(self, token_hash: str, at: str, team: str | None = None) -> None:
        """Note that the log-in was used at ``at`` (and, given ``team``, switch its team)."""
        values: dict[str, str] = {"last_seen_at": at}
        if team is not None:
            values["team"] = team
        with self.database.transaction("noting a visit") as connection:
            connection.execute(
                update(web_sessions_table)
                .where(web_sessions_table.c.token_hash == token_hash)
                .values(**values)
            )

    def close_web_session(self, token_hash: str) -> None:
        """Forget a browser log-in (log-out): its cookie no longer logs anyone in."""
        with self.database.transaction("logging out") as connection:
            connection.execute(
                delete(web_sessions_table).where(web_sessions_table.c.token_hash == token_hash)
            )

    def close_user_sessions(self, user: str) -> None:
        """Forget every browser log-in of ``user`` (after a password change or reset)."""
        with self.database.transaction("logging out everywhere") as connection:
            connection.execute(
                delete(web_sessions_table).where(web_sessions_table.c.user_name == user)
            )

    # --- log-in throttling ------------------------------------------------------------------

    def attempts(self, name: str) -> StoredAttempts | None:
        """The failed log-ins recorded for ``name``, None when there are none."""
        with self.database.reading() as connection:
            row = (
                connection.execute(select(login_attempts).where(login_attempts.c.name == name))
                .mappings()
                .first()
            )
        return None if row is None else StoredAttempts(**row)

    def record_failure(
        self, name: str, at: str, window_start_before: str, limit: int, locked_until: str
    ) -> StoredAttempts:
        """Count one failed log-in of ``name`` and lock it when the count reaches ``limit``.

        The read and the write are one transaction (the row locked on PostgreSQL, the database
        on SQLite), so two workers failing at once both count.

        Args:
            name: The name tried.
            at: Now.
            window_start_before: A window that started before this moment is over: the count
                starts again at one.
            limit: Failures within one window that lock the name.
            locked_until: When a lock that starts now ends.
        """
        for attempt in range(2):
            try:
                return self._count_failure(name, at, window_start_before, limit, locked_until)
            except IntegrityError:  # another worker inserted the first failure at the same time
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _count_failure(
        self, name: str, at: str, window_start_before: str, limit: int, locked_until: str
    ) -> StoredAttempts:
        with self.database.transaction("counting a failed log-in") as connection:
            query = select(login_attempts).where(login_attempts.c.name == name)
            if is_postgres(connection):
                query = query.with_for_update()
            row = connection.execute(query).mappings().first()
            if row is None or str(row["window_started_at"]) < window_start_before:
                failures, started = 1, at
            else:
                failures, started = int(row["failures"]) + 1, str(row["window_started_at"])
            lock = locked_until if failures >= limit else None
            values = {"failures": failures, "window_started_at": started, "locked_until": lock}
            if row is None:
                connection.execute(insert(login_attempts).values(name=name, **values))
            else:
                connection.execute(
                    update(login_attempts).where(login_attempts.c.name == name).values(**values)
                )
        return StoredAttempts(name, failures, started, lock)

    def clear_attempts(self, name: str) -> None:
        """Forget the failures of ``name`` (after a successful log-in)."""
        with self.database.transaction("clearing failed log-ins") as connection:
            connection.execute(delete(login_attempts).where(login_attempts.c.name == name))

    # --- team cases -------------------------------------------------------------------------

    def case_ids(self, team_id: str) -> list[str]:
        """The ids of the team's cases, sorted."""
        with self.database.reading() as connection:
            rows = connection.execute(
                select(team_cases.c.case_id)
                .where(team_cases.c.team == team_id)
                .order_by(team_cases.c.case_id)
            )
            return [str(row[0]) for row in rows]

    def cases(self, team_id: str) -> list[StoredCase]:
        """Every case of the team, by id."""
        with self.database.reading() as connection:
            rows = connection.execute(
                select(team_cases)
                .where(team_cases.c.team == team_id)
                .order_by(team_cases.c.case_id)
            ).mappings()
            return [StoredCase(**row) for row in rows]

    def case(self, team_id: str, case_id: str) -> StoredCase | None:
        """One case of the team, None when the team has no case with that id."""
        with self.database.reading() as connection:
            row = (
                connection.execute(
                    select(team_cases).where(
                        team_cases.c.team == team_id, team_cases.c.case_id == case_id
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else StoredCase(**row)

    def save_case(self, stored: StoredCase) -> None:
        """Store a case's text, replacing the team's earlier version of it."""
        with self.database.transaction("saving a case") as connection:
            where = (team_cases.c.team == stored.team, team_cases.c.case_id == stored.case_id)
            found = connection.execute(select(team_cases.c.case_id).where(*where)).first()
            values = {
                "text": stored.text,
                "updated_at": stored.updated_at,
                "updated_by": stored.updated_by,
            }
            if found is None:
                connection.execute(
                    insert(team_cases).values(team=stored.team, case_id=stored.case_id, **values)
                )
            else:
                connection.execute(update(team_cases).where(*where).values(**values))

    def delete_case(self, team_id: str, case_id: str) -> bool:
        """Remove a team's case; whether there was one."""
        with self.database.transaction("deleting a case") as connection:
            result = connection.execute(
                delete(team_cases).where(
                    team_cases.c.team == team_id, team_cases.c.case_id == case_id
                )
            )
            return bool(result.rowcount)
