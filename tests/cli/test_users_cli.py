"""``brightline users``: the first owner, users, roles, resets; passwords never in the output."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from team_support import PASSWORD, accounts

Cli = Callable[..., Outcome]


@pytest.fixture
def store_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from brightline.cli import users_commands

    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'sessions.db'}")
    # The command hashes at argon2's real cost; the tests at a cheap one, on the same store.
    monkeypatch.setattr(users_commands, "_accounts", lambda: accounts(tmp_path))
    return tmp_path


def _with_password(monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))


def test_create_owner_turns_team_mode_on_once(
    cli: Cli, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_password(monkeypatch)
    created = cli(
        "users",
        "create-owner",
        "olive",
        "--team",
        "acme",
        "--team-name",
        "Acme",
        "--password-stdin",
    )
    assert created.exit_code == 0, created.output
    assert "Created olive, owner of team acme. Team mode is on" in created.stdout
    assert accounts(store_root).team_mode()
    _with_password(monkeypatch)
    again = cli("users", "create-owner", "mallory", "--team", "evil", "--password-stdin")
    assert again.exit_code == 2 and "has users already" in again.stderr
    assert "Traceback" not in again.output


def test_add_grant_list_and_reset(
    cli: Cli, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_password(monkeypatch)
    assert (
        cli("users", "create-owner", "olive", "--team", "acme", "--password-stdin").exit_code == 0
    )
    _with_password(monkeypatch)
    added = cli(
        "users", "add", "nina", "--team", "acme", "--role", "negotiator", "--password-stdin"
    )
    assert added.exit_code == 0, added.output
    assert "Added nina, negotiator in team acme." in added.stdout
    granted = cli("users", "grant", "nina", "--team", "globex", "--role", "viewer")
    assert granted.exit_code == 0 and "nina is viewer in team globex." in granted.stdout
    listed = cli("users", "list")
    assert listed.exit_code == 0
    assert "acme: negotiator, globex: viewer" in listed.stdout
    assert "argon2" not in listed.stdout and PASSWORD not in listed.output
    _with_password(monkeypatch, "a reset passphrase here")
    reset = cli("users", "reset-password", "nina", "--password-stdin")
    assert reset.exit_code == 0 and "their log-ins have ended" in reset.stdout
    assert accounts(store_root).authenticate("nina", "a reset passphrase here")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("add", "nina", "--team", "acme", "--role", "admin"), "is not a role"),
        (("add", "Nina Simone", "--team", "acme"), "is not a user name"),
        (("add", "nina", "--team", "Acme Inc"), "is not a team id"),
        (("grant", "ghost", "--team", "acme", "--role", "viewer"), "there is no user 'ghost'"),
    ],
)
def test_bad_requests_exit_2_with_a_message(
    cli: Cli,
    store_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    _with_password(monkeypatch)
    result = cli("users", *arguments, *(("--password-stdin",) if arguments[0] == "add" else ()))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_a_short_password_is_refused_and_never_echoed(
    cli: Cli, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_password(monkeypatch, "tiny-secret")
    result = cli("users", "create-owner", "olive", "--team", "acme", "--password-stdin")
    assert result.exit_code == 2 and "use at least 12" in result.stderr
    assert "tiny-secret" not in result.output
    assert not accounts(store_root).team_mode()


def test_list_without_users_says_team_mode_is_off(cli: Cli, store_root: Path) -> None:
    listed = cli("users", "list")
    assert listed.exit_code == 0 and "team mode is off" in listed.stdout


def test_serve_warns_about_an_open_address_only_without_accounts(
    cli: Cli, store_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.web import server

    monkeypatch.setattr(server, "run", lambda launch, announce: None)
    assert "warning: listening on 0.0.0.0" in cli("serve", "--host", "0.0.0.0").stderr
    _with_password(monkeypatch)
    assert (
        cli("users", "create-owner", "olive", "--team", "acme", "--password-stdin").exit_code == 0
    )
    quiet = cli("serve", "--host", "0.0.0.0")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_the_serve_check_for_accounts_only_reads(tmp_path: Path) -> None:
    import sqlite3

    from brightline.web import server

    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    assert not server.accounts_exist(f"sqlite:///{foreign}")
    assert not server.accounts_exist(f"sqlite:///{tmp_path / 'missing.db'}")
    assert not (tmp_path / "missing.db").exists()
    with sqlite3.connect(foreign) as connection:  # nothing was migrated into it
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"notes"}
