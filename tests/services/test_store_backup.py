"""Backing up the session store and restoring it: a restored store's chains verify, a damaged
copy is caught, and a restore never overwrites or merges into a store with sessions."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from brightline.errors import UsageError
from brightline.services import store_backup
from brightline.services.store_backup import Backend, backup, restore
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import open_store
from conftest import POSTGRES_VARIABLE
from session_support import case_text


def _recorded(url: str, notes: int = 3) -> dict[str, Any]:
    """A store with two sessions; the first one's export, to compare after the round trip."""
    with open_store(url) as store:
        first = store.start(case_text(), "case.yaml", "alice").id
        for number in range(notes):
            store.record(first, EventKind.NOTE, NotePayload(text=f"note {number}"), "bob")
        store.start(case_text(), "other.yaml", "carol")
        return store.export(first)


@pytest.fixture
def anchor_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "key.pem"))


def test_a_sqlite_store_comes_back_whole_and_verified(tmp_path: Path, anchor_key: None) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    exported = _recorded(live)
    with open_store(live):  # the store stays open (a server using it) while it is copied
        copied = backup(live, tmp_path / "copy.db")
    assert (copied.backend, len(copied.sessions), copied.events, copied.broken) == (
        Backend.SQLITE,
        2,
        5,
        (),
    )
    restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = restore(tmp_path / "copy.db", restored_url)
    assert (len(restored.sessions), restored.events, restored.broken) == (2, 5, ())
    with open_store(restored_url) as store:
        assert store.export(exported["id"]) == exported


def test_a_damaged_copy_is_restored_but_its_broken_chain_is_named(
    tmp_path: Path, anchor_key: None
) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    session_id = _recorded(live)["id"]
    backup(live, tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        copy.execute(
            "UPDATE events SET payload = replace(payload, 'note 1', 'note X') "
            "WHERE session_id = ? AND seq = 3",
            (session_id,),
        )
    copy.close()
    restored = restore(tmp_path / "copy.db", f"sqlite:///{tmp_path / 'restored.db'}")
    assert [check.session_id for check in restored.broken] == [session_id]
    assert restored.broken[0].problem


def test_a_backup_never_overwrites_and_a_restore_never_merges(
    tmp_path: Path, anchor_key: None
) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    _recorded(live, notes=0)
    (tmp_path / "taken.db").write_bytes(b"keep me")
    with pytest.raises(UsageError, match="never overwrites"):
        backup(live, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_bytes() == b"keep me"
    backup(live, tmp_path / "copy.db")
    with pytest.raises(UsageError, match="is not empty"):
        restore(tmp_path / "copy.db", live)
    with pytest.raises(UsageError, match="neither a SQLite database nor a pg_dump file"):
        restore(tmp_path / "taken.db", f"sqlite:///{tmp_path / 'new.db'}")


def test_a_postgres_dump_is_not_restored_into_sqlite(tmp_path: Path) -> None:
    dump = tmp_path / "team.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    with pytest.raises(UsageError, match="is a PostgreSQL backup and the store is SQLite"):
        restore(dump, f"sqlite:///{tmp_path / 'new.db'}")


def test_without_pg_dump_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from brightline.session import backup as tools

    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    with pytest.raises(UsageError, match=r"pg_dump program, which is not installed; install"):
        store_backup.backup("postgresql+psycopg://u:secret@db/team", tmp_path / "x.dump")


def test_postgres_round_trip_through_pg_dump_and_pg_restore(
    tmp_path: Path, anchor_key: None
) -> None:
    server = os.environ.get(POSTGRES_VARIABLE, "")
    if not server:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (scripts/test sets it)")
    from team_load_support import harness

    live, target = harness.fresh_postgres_database(server), harness.fresh_postgres_database(server)
    exported = _recorded(live)
    copied = backup(live, tmp_path / "team.dump")
    assert copied.backend is Backend.POSTGRESQL and not copied.broken
    restored = restore(tmp_path / "team.dump", target)
    assert (len(restored.sessions), restored.events, restored.broken) == (2, 5, ())
    with open_store(target) as store:
        assert store.export(exported["id"]) == exported


def test_the_commands_print_what_was_checked_and_exit_1_on_a_broken_chain(
    cli: Any, tmp_path: Path, anchor_key: None
) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    session_id = _recorded(live)["id"]
    done = cli("store", "backup", str(tmp_path / "copy.db"), "--database", live)
    assert done.exit_code == 0, done.output
    assert "(SQLite): 2 sessions, 5 events." in done.stdout
    assert "Every chain verifies." in done.stdout
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        copy.execute("DELETE FROM events WHERE session_id = ? AND seq = 2", (session_id,))
    copy.close()
    broken = cli(
        "store", "restore", str(tmp_path / "copy.db"), "--database", f"sqlite:///{tmp_path}/r.db"
    )
    assert broken.exit_code == 1, broken.output
    assert f"Chain broken in session {session_id}:" in broken.stdout
    refused = cli("store", "restore", str(tmp_path / "copy.db"), "--database", live)
    assert refused.exit_code == 2
    assert "error: --database sqlite:///" in refused.stderr and "is not empty" in refused.stderr


def test_a_restore_verifies_each_team_s_trail_of_case_changes(
    cli: Any, tmp_path: Path, anchor_key: None
) -> None:
    from test_team_trail_of_case_changes import _decided

    url, _ = _decided(tmp_path)
    backup(url, tmp_path / "copy.db")
    intact = restore(tmp_path / "copy.db", f"sqlite:///{tmp_path / 'intact.db'}")
    assert [(team.team, team.events, team.intact) for team in intact.teams] == [("acme", 2, True)]
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        copy.execute("UPDATE team_trail SET author = 'olive' WHERE seq = 1")
    copy.close()
    broken = cli(
        "store", "restore", str(tmp_path / "copy.db"), "--database", f"sqlite:///{tmp_path}/r.db"
    )
    assert broken.exit_code == 1, broken.output
    assert ", 1 team trail." in broken.stdout
    assert "Trail of case changes broken for team acme: event #1 was changed" in broken.stdout
