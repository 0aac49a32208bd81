"""A team's session store and case library see that team's rows only; one migration head."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.session.events import EventKind, NotePayload, SessionNotFound
from brightline.session.store import SessionStore, open_store
from session_support import case_text, database_url, store

__all__ = ["database_url", "store"]  # fixtures


def test_the_migrations_have_one_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "brightline.session:migrations")
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_a_team_store_reaches_its_own_sessions_only(database_url: str) -> None:
    team, other = f"acme-{uuid.uuid4().hex[:8]}", f"globex-{uuid.uuid4().hex[:8]}"
    with open_store(database_url, team=team) as acme, open_store(database_url) as local:
        theirs = acme.start(case_text(), "case.yaml", "nina").id
        mine = local.start(case_text(), "case.yaml", "me").id
        assert acme.info(theirs).team == team and local.info(mine).team is None
        assert [info.id for info in acme.sessions()] == [theirs]
    with open_store(database_url, team=other) as globex:
        assert globex.sessions() == []
        calls: list[Callable[[], object]] = [
            lambda: globex.info(theirs),
            lambda: globex.snapshot(theirs),
            lambda: globex.events(theirs),
            lambda: globex.state(theirs),
            lambda: globex.verify(theirs),
            lambda: globex.export(theirs),
            lambda: globex.record(theirs, EventKind.NOTE, NotePayload(text="x"), "gus"),
            lambda: globex.info(mine),
        ]
        for call in calls:
            with pytest.raises(SessionNotFound):
                call()
    with open_store(database_url, team=team) as acme:
        assert acme.info(theirs).event_count == 1  # nothing was appended by globex


def test_an_import_lands_in_the_importer_s_team(store: SessionStore, tmp_path: Path) -> None:
    session_id = store.start(case_text(), "case.yaml", "me").id
    document = store.export(session_id)
    with open_store(f"sqlite:///{tmp_path / 'other.db'}", team="acme") as other:
        assert other.import_session(document).team == "acme"
        assert [info.id for info in other.sessions()] == [session_id]


def test_team_cases_are_scoped_and_unknown_ids_are_not_found(tmp_path: Path) -> None:
    from brightline.services.case_library import CaseNotFound
    from brightline.services.team_cases import ParsedCases, TeamCases
    from brightline.session.accounts import AccountStore
    from brightline.session.database import open_database

    url = f"sqlite:///{tmp_path / 's.db'}"
    with open_database(url) as database:
        store = AccountStore(database)
        store.add_team("acme", "Acme", "2026-12-01T00:00:00+00:00")
        store.add_team("globex", "Globex", "2026-12-01T00:00:00+00:00")
    parsed = ParsedCases()
    acme = TeamCases(lambda: open_database(url), "acme", "nina", parsed)
    globex = TeamCases(lambda: open_database(url), "globex", "gus", parsed)
    # A case nothing is committed in yet: deleting it asks nobody (a pre-committed one would).
    draft = case_text(standards=[], **{"reservation.pre_committed": False}).encode()
    case_id = acme.add(draft, "deal.yaml")
    assert case_id == "deal" and acme.add(draft, "deal.yaml") == "deal-2"
    assert [entry.case_id for entry in acme.entries()] == ["deal", "deal-2"]
    assert globex.entries() == [] and globex.fresh_id("deal") == "deal"
    for call in (
        lambda: globex.data(case_id),
        lambda: globex.load(case_id),
        lambda: globex.delete(case_id),
        lambda: globex.path(case_id),
        lambda: acme.data("../deal"),
    ):
        with pytest.raises(CaseNotFound):
            call()
    assert acme.load(case_id).case.case.title
    acme.delete(case_id)
    assert not acme.exists(case_id) and acme.exists("deal-2")


def test_accounts_log_ins_and_the_throttle_on_each_database(database_url: str) -> None:
    from brightline.services.accounts import CHEAP_HASH, Accounts, LoginFailed, LoginThrottled
    from brightline.session.database import open_database
    from brightline.session.roles import Member, Role

    accounts = Accounts(lambda: open_database(database_url), cost=CHEAP_HASH)
    name, team = f"user-{uuid.uuid4().hex[:8]}", f"team-{uuid.uuid4().hex[:8]}"
    try:
        accounts.add_user(name, "a long enough passphrase")
        accounts.grant(name, team, Role.NEGOTIATOR)
        logged_in = accounts.authenticate(name, "a long enough passphrase")
        assert accounts.visit(logged_in.token).member == Member(name, team, Role.NEGOTIATOR)
        for _ in range(4):
            with pytest.raises(LoginFailed):
                accounts.authenticate(name, "wrong wrong wrong")
        with pytest.raises(LoginThrottled):
            accounts.authenticate(name, "wrong wrong wrong")
        accounts.log_out(logged_in.token)
        assert accounts.visit(logged_in.token).member is None
    finally:
        _forget_accounts(database_url)


def _forget_accounts(url: str) -> None:
    """Take the store out of team mode again: on PostgreSQL the other tests share it, and a
    store with a user refuses writes by no account (``session/writers.py``)."""
    from sqlalchemy import delete

    from brightline.session.database import open_database
    from brightline.session.tables import login_attempts, memberships, teams, users, web_sessions

    with open_database(url) as database, database.transaction("forgetting") as connection:
        for table in (web_sessions, login_attempts, memberships, users, teams):
            connection.execute(delete(table))
