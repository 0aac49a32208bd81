"""The web app opens the accounts database once, not per request (speed, issue 12 point 8)."""

from __future__ import annotations

from pathlib import Path

from brightline.session.store import SessionStore, open_store


def test_the_accounts_database_is_opened_once_and_outlives_each_use(tmp_path: Path) -> None:
    from sqlalchemy import text

    from brightline.web.auth import database_factory

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    opened: list[SessionStore] = []

    def factory() -> SessionStore:
        opened.append(open_store(url))
        return opened[-1]

    open_database = database_factory(factory)
    first = open_database()
    first.close()  # what a use case does when it is done
    second = open_database()
    assert second is first and len(opened) == 1
    with second.reading() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
    opened[0].close()
