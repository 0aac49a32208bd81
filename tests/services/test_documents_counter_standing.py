"""A counter answers an open offer: refused on a paused, ended or closed session (issue 11).

The rule lives in the documents use case (``document_checks.check_counter_standing``), so the
CLI and the web refuse alike; the CLI exits 1 (the request is well formed, the session says not
now) and names the record that fits. A new offer received after the pause reopens the table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.report.context import CaseContext
from brightline.services.cases import load_case
from brightline.services.document_checks import DocumentRefused
from brightline.services.documents import build_document
from conftest import EXAMPLES, Outcome

SAAS = EXAMPLES / "saas-data-residency.yaml"
RECEIVED = ["residency=global", "scope=division", "audit=none", "discount=10", "start_week=4"]


@pytest.fixture(scope="module")
def context() -> CaseContext:
    """The case computed once: each counter below reads it instead of computing it again."""
    return CaseContext(load_case(SAAS))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh store for both the services and the in-process CLI."""
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", url)
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    return url


def _sessions(url: str):  # type: ignore[no-untyped-def]
    from brightline.services.sessions import Sessions
    from brightline.session.store import open_store

    return Sessions(lambda: open_store(url))


def _decide(sessions, session: str, decision: str) -> None:  # type: ignore[no-untyped-def]
    from brightline.session.events import EventKind

    payload = {"decision": decision, "rationale": "They will not host in the EU"}
    sessions.record(session, EventKind.DECISION, payload)


def test_a_counter_on_a_paused_session_is_refused_until_a_new_offer_arrives(
    store: str, context: CaseContext
) -> None:
    sessions = _sessions(store)
    session = sessions.start(SAAS, "alice").id
    sessions.record_offer(session, "received", RECEIVED)
    assert build_document(
        "counter", SAAS, session=session, sessions=sessions, context=context
    ).heading
    _decide(sessions, session, "pause")
    with pytest.raises(DocumentRefused, match="while the talks are paused") as raised:
        build_document("counter", SAAS, session=session, sessions=sessions, context=context)
    assert raised.value.parameter == "kind"
    assert raised.value.action is not None
    assert dict(raised.value.action.parameters)["kind"] == "pause"
    sessions.record_offer(session, "received", RECEIVED)  # the talks resume with a new offer
    assert build_document(
        "counter", SAAS, session=session, sessions=sessions, context=context
    ).heading


def test_a_counter_after_a_walk_away_or_on_a_closed_session_is_refused(
    store: str, context: CaseContext
) -> None:
    from brightline.session.events import EventKind

    sessions = _sessions(store)
    session = sessions.start(SAAS, "alice").id
    sessions.record_offer(session, "received", RECEIVED)
    _decide(sessions, session, "walk")
    with pytest.raises(DocumentRefused, match="walk-away was decided at #3") as raised:
        build_document("counter", SAAS, session=session, sessions=sessions, context=context)
    assert dict(raised.value.action.parameters)["kind"] == "walk-away"  # type: ignore[union-attr]
    sessions.record(session, EventKind.STAGE, {"to": "closed"})
    with pytest.raises(DocumentRefused, match="the session closed at #4"):
        build_document("counter", SAAS, session=session, sessions=sessions, context=context)


def test_the_cli_exits_1_and_names_the_record_that_fits(
    store: str, cli: Callable[..., Outcome], tmp_path: Path
) -> None:
    sessions = _sessions(store)
    session = sessions.start(SAAS, "alice").id
    sessions.record_offer(session, "received", RECEIVED)
    _decide(sessions, session, "pause")
    output = tmp_path / "counter.md"
    arguments = ("doc", "counter", str(SAAS), "--session", session, "-f", "md", "-o", str(output))
    result = cli(*arguments)
    assert result.exit_code == 1, result.output
    assert "a counter is not written while the talks are paused" in result.stderr
    assert "brightline doc pause CASE --session SESSION" in result.stderr
    assert not output.exists()
    assert "document" not in [event.kind for event in sessions.minutes(session).shown]
