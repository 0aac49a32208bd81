"""On a team's store an offer letter or a counter is made inside a session, where approval applies.

Outside a session the approval policy has nothing to hold the letter against and nothing records
that it was sent, so a letter below the target could leave without anyone's leave.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.services.documents import DocumentRequest, produce_document
from conftest import EXAMPLES
from team_support import database_url, two_teams

HIRE = EXAMPLES / "senior-hire-pay-band.yaml"
LETTER = "base_salary=110000,signing_bonus=5000,level=staff,review_month=6,remote_days=3"
COUNTER = "base_salary=150000,signing_bonus=0,level=staff,review_month=6,remote_days=1"


@pytest.mark.parametrize(("kind", "offer"), [("offer-letter", LETTER), ("counter", COUNTER)])
def test_a_team_store_refuses_a_letter_outside_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, offer: str
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", database_url(tmp_path))
    two_teams(tmp_path)
    with pytest.raises(UsageError) as refused:
        produce_document(DocumentRequest(kind, HIRE, offer=offer), "md")
    assert refused.value.parameter == "session"
    assert "inside a session" in refused.value.message


def test_a_single_users_store_writes_the_letter_and_creates_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIGHTLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    written = produce_document(DocumentRequest("offer-letter", HIRE, offer=LETTER), "md")
    assert b"110,000" in written.data
    assert not (tmp_path / "data").exists()  # no store was created just to ask


def test_a_store_without_accounts_writes_the_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.session.database import open_database

    url = database_url(tmp_path)
    open_database(url).close()  # created and migrated, no user
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", url)
    written = produce_document(DocumentRequest("offer-letter", HIRE, offer=LETTER), "md")
    assert written.event is None


def test_the_default_store_with_accounts_refuses_a_counter_outside_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default SQLite file is read without SQLAlchemy (speed), to the same answer."""
    import shutil

    two_teams(tmp_path)
    (tmp_path / "data" / "brightline").mkdir(parents=True)
    shutil.copy(tmp_path / "sessions.db", tmp_path / "data" / "brightline" / "brightline.db")
    monkeypatch.delenv("BRIGHTLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pytest.raises(UsageError) as refused:
        produce_document(DocumentRequest("counter", HIRE, offer=COUNTER), "md")
    assert refused.value.parameter == "session"


def test_the_default_store_without_accounts_writes_the_counter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.session.database import open_database

    folder = tmp_path / "data" / "brightline"
    folder.mkdir(parents=True)
    open_database(f"sqlite:///{folder / 'brightline.db'}").close()
    monkeypatch.delenv("BRIGHTLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    written = produce_document(DocumentRequest("counter", HIRE, offer=COUNTER), "md")
    assert written.event is None


def test_the_fast_check_reads_the_stores_own_file_and_accounts_table() -> None:
    from brightline.services import documents
    from brightline.session import database
    from brightline.session.tables import users

    assert users.name == documents.USERS_TABLE
    assert documents.STORE_URL_VARIABLE == database.URL_VARIABLE
    assert documents.default_store_file() == database.default_file()


def test_a_file_that_is_no_database_is_left_to_the_usual_opening(tmp_path: Path) -> None:
    from brightline.services.documents import _sqlite_file_has_users

    broken = tmp_path / "brightline.db"
    broken.write_bytes(b"not a database at all, " * 100)
    assert _sqlite_file_has_users(broken) is None
