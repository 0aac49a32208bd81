"""On a team store the command line acts as a signed-in account, with its role checked.

It used to accept any ``--author`` and ignore roles: a viewer, or a name nobody holds, could
record in any team's trail and approve a colleague's request.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.session.store import open_store
from brightline.session.writers import WriteRefused
from conftest import Outcome
from session_support import case_text
from team_support import PASSWORD, database_url, two_teams

Cli = Callable[..., Outcome]
BELOW = ("residency=eu_only", "discount=5")


@pytest.fixture(scope="module")
def built_teams(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two teams' store, built once per module (each test gets a copy)."""
    root = tmp_path_factory.mktemp("teams")
    two_teams(root)
    return root / "sessions.db"


@pytest.fixture
def team_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_teams: Path) -> Path:
    shutil.copyfile(built_teams, tmp_path / "sessions.db")
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", database_url(tmp_path))
    monkeypatch.setenv("BRIGHTLINE_PASSWORD", PASSWORD)
    monkeypatch.delenv("BRIGHTLINE_AUTHOR", raising=False)
    monkeypatch.delenv("BRIGHTLINE_TEAM", raising=False)
    monkeypatch.delenv("BRIGHTLINE_ADMINISTRATOR", raising=False)
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    return case


def _start(cli: Cli, case: Path, author: str = "nina") -> str:
    started = cli("session", "start", str(case), "--author", author)
    assert started.exit_code == 0, started.output
    return started.stdout.strip()


def test_a_member_records_in_their_own_name_and_team(
    cli: Cli, team_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _start(cli, team_store, "Nina")
    noted = cli("log", "note", session, "kick-off", "--author", "nina")
    assert noted.exit_code == 0, noted.output
    with open_store(database_url(team_store.parent)) as store:
        events = store.events(session)
        assert {event.author for event in events} == {"nina"}
        assert store.info(session).team == "acme"
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "gus")
    outsider = cli("session", "show", session)
    assert outsider.exit_code == 2 and "no session" in outsider.stderr.lower()


def test_a_wrong_password_or_a_made_up_name_records_nothing(
    cli: Cli, team_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _start(cli, team_store)
    made_up = cli("log", "note", session, "hello", "--author", "somebody")
    assert made_up.exit_code == 2 and "the name or the password is wrong" in made_up.stderr
    monkeypatch.setenv("BRIGHTLINE_PASSWORD", "not the password at all")
    wrong = cli("log", "note", session, "hello", "--author", "nina")
    assert wrong.exit_code == 2 and "the name or the password is wrong" in wrong.stderr
    monkeypatch.delenv("BRIGHTLINE_PASSWORD")
    unasked = cli("log", "note", session, "hello", "--author", "nina")
    assert unasked.exit_code == 2 and "BRIGHTLINE_PASSWORD" in unasked.stderr
    with open_store(database_url(team_store.parent)) as store:
        assert len(store.events(session)) == 1


def test_roles_hold_on_the_command_line(cli: Cli, team_store: Path) -> None:
    session = _start(cli, team_store)
    viewer = cli("log", "note", session, "hello", "--author", "victor")
    assert viewer.exit_code == 2
    assert "victor is a viewer in team acme" in viewer.stderr
    assert "may not run sessions" in viewer.stderr
    target = ("--require", "offer-below-target", "--target", "t=-4000")
    policy = cli("session", "policy", *target, "--author", "nina")
    assert policy.exit_code == 2 and "only an owner" in policy.stderr
    assert cli("session", "policy", *target, "--author", "olive").exit_code == 0
    asked = cli(
        "session", "request-approval", session, *BELOW, "--reason", "signs", "--author", "nina"
    )
    assert asked.exit_code == 0, asked.output
    seq = asked.stdout.strip()
    by_viewer = cli("session", "approve", seq, "--reason", "ok", "--author", "victor")
    assert by_viewer.exit_code == 2 and "only an approver or an owner" in by_viewer.stderr
    approved = cli("session", "approve", seq, "--reason", "ok", "--author", "april")
    assert approved.exit_code == 0, approved.output
    assert "approved by april" in approved.stdout
    inbox = cli("session", "approvals", "--author", "nina")
    assert "approved by april" in inbox.stdout


def test_the_administrator_reads_every_team_and_records_nothing(
    cli: Cli, team_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _start(cli, team_store)
    monkeypatch.delenv("BRIGHTLINE_PASSWORD")
    monkeypatch.setenv("BRIGHTLINE_ADMINISTRATOR", "1")
    listed = cli("session", "list")
    assert listed.exit_code == 0 and session in listed.stdout
    assert cli("session", "verify", session).exit_code == 0
    refused = cli("log", "note", session, "hello")
    assert refused.exit_code == 2 and "this store has accounts (team mode)" in refused.stderr


def test_a_store_opened_for_nobody_on_a_team_store_writes_nothing(team_store: Path) -> None:
    with open_store(database_url(team_store.parent)) as store, pytest.raises(WriteRefused):
        store.start(case_text(), "case.yaml", "anyone")
