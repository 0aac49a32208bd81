"""A long-lived Sessions (the web app's): one store kept open, and the session page's overview."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brightline.services.sessions import Sessions
from brightline.session.events import EventKind
from brightline.session.store import SessionStore, open_store
from session_support import case_text, execute


@pytest.fixture
def opened() -> list[SessionStore]:
    return []


@pytest.fixture
def kept(tmp_path: Path, opened: list[SessionStore]) -> Iterator[Sessions]:
    url = f"sqlite:///{tmp_path / 'trail.db'}"

    def factory() -> SessionStore:
        opened.append(open_store(url))
        return opened[-1]

    sessions = Sessions(factory, keep_open=True)
    yield sessions
    sessions.close()


@pytest.fixture
def session_id(kept: Sessions, tmp_path: Path) -> str:
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    return kept.start(case, "alice").id


def test_one_store_serves_every_use_case_until_closed(
    kept: Sessions, session_id: str, opened: list[SessionStore]
) -> None:
    kept.overview(session_id)
    kept.record(session_id, EventKind.NOTE, {"text": "first call"})
    kept.next_step(session_id)
    assert len(opened) == 1
    kept.close()
    kept.list()
    assert len(opened) == 2


def test_the_overview_answers_as_next_does(kept: Sessions, session_id: str) -> None:
    kept.record(session_id, EventKind.NOTE, {"text": "a note"})
    overview = kept.overview(session_id)
    step = kept.next_step(session_id)
    assert overview.step.guide == step.guide and overview.step.trail == step.trail
    assert [event.seq for event in overview.events] == [1, 2]
    assert overview.info.head_hash == overview.events[-1].hash


def test_a_new_event_or_a_break_is_seen_though_the_answer_is_kept(
    kept: Sessions, session_id: str, opened: list[SessionStore]
) -> None:
    first = kept.overview(session_id)
    assert kept.overview(session_id).step is first.step  # same head: the kept answer
    kept.record(session_id, EventKind.NOTE, {"text": "moved on"})
    second = kept.overview(session_id)
    assert second.step is not first.step and len(second.events) == 2
    execute(
        opened[0],
        'UPDATE events SET payload = \'{"text":"forged"}\' WHERE session_id = :s AND seq = 2',
        s=session_id,
    )
    broken = kept.overview(session_id)
    assert not broken.step.trail.intact and broken.step.trail.broken_seq == 2


def test_a_one_use_sessions_closes_its_store_each_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    opened: list[SessionStore] = []
    closed: list[SessionStore] = []

    class Counted(SessionStore):
        def close(self) -> None:
            closed.append(self)
            super().close()

    def factory() -> SessionStore:
        opened.append(Counted(open_store(url).database))
        return opened[-1]

    sessions: Callable[[], list[object]] = Sessions(factory).list
    sessions()
    sessions()
    assert len(opened) == 2 and closed == opened
