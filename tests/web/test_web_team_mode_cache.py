"""Team mode is kept between requests, and an account created anywhere turns it on at once.

The app stops asking the database whether it has users on every request (the answer is kept
against the SQLite file's change stamp); these tests create the first owner behind the app's
back, as ``brightline users create-owner`` in another process would, and through a second
account service, and check the very next request asks for a log-in.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from brightline.services.accounts import Accounts, HashCost
from brightline.session.database import STAMP_SETTLE_SECONDS, open_database
from web_support import web_app

CHEAP = HashCost(time_cost=1, memory_kib=8, parallelism=1)


def _quiet() -> None:
    """Let the database's last write age past the stamp's settling time, as between requests."""
    time.sleep(STAMP_SETTLE_SECONDS * 1.5)


def test_an_owner_created_by_another_process_shows_at_the_next_request(tmp_path: Path) -> None:
    with TestClient(web_app(tmp_path), base_url="http://127.0.0.1") as client:
        assert client.get("/", follow_redirects=False).status_code == 200
        _quiet()
        # Kept: asked twice, answered from the stamp the second time.
        assert client.get("/", follow_redirects=False).status_code == 200
        assert client.get("/", follow_redirects=False).status_code == 200
        url = f"sqlite:///{tmp_path / 'sessions.db'}"
        other = Accounts(lambda: open_database(url), cost=CHEAP)
        other.create_owner("ada", "correct horse battery", "sales")
        answer = client.get("/", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
        _quiet()
        assert client.get("/sessions", follow_redirects=False).status_code == 303


def test_the_stamp_changes_with_every_commit_and_is_unknown_while_fresh(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stamped.db'}"
    database = open_database(url)
    try:
        _quiet()
        before = database.change_stamp()
        assert before is not None and database.change_stamp() == before
        accounts = Accounts(lambda: database.shared(), cost=CHEAP)
        assert not accounts.team_mode()
        accounts.add_user("bob", "correct horse battery")
        _quiet()
        assert database.change_stamp() not in (None, before)
        assert accounts.team_mode()
        # Written this very moment: a commit in the same clock tick might not move the time.
        log = tmp_path / "stamped.db-wal"
        os.utime(log, ns=(time.time_ns(), time.time_ns()))
        assert database.change_stamp() is None
    finally:
        database.close()


def test_a_store_restored_without_accounts_turns_team_mode_off_without_a_restart(
    tmp_path: Path,
) -> None:
    from brightline.session.backup import sqlite_copy

    # A backup from before anyone had an account: a store with the schema and no users.
    backup = tmp_path / "backup.db"
    open_database(f"sqlite:///{backup}").close()
    with TestClient(web_app(tmp_path), base_url="http://127.0.0.1") as client:
        url = f"sqlite:///{tmp_path / 'sessions.db'}"
        Accounts(lambda: open_database(url), cost=CHEAP).create_owner(
            "ada", "correct horse battery", "sales"
        )
        _quiet()
        assert client.get("/", follow_redirects=False).status_code == 303  # team mode
        _quiet()
        assert client.get("/", follow_redirects=False).status_code == 303  # kept
        # The backup written over the live store, as SQLite's backup (what restore runs) does:
        # the running app's open connections read the restored content.
        sqlite_copy(backup, tmp_path / "sessions.db")
        _quiet()
        assert client.get("/", follow_redirects=False).status_code == 200
