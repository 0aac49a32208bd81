"""The agenda across sessions: revisit and safeguard dates, soonest first, as text or calendar."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.services.agenda import agenda_run, build_agenda
from brightline.session.agenda import ItemKind
from brightline.session.events import EventKind
from brightline.session.store import SessionStore
from review_support import built

TODAY = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def opened(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], SessionStore]:
    return built(tmp_path_factory).copy_to(tmp_path)


def test_dated_items_come_soonest_first_with_the_overdue_flagged(
    opened: Callable[[], SessionStore],
) -> None:
    agenda = build_agenda(opened, TODAY)
    assert [(item.day, item.kind) for item in agenda.items] == [
        (datetime.date(2026, 11, 20), ItemKind.REVISIT),
        (datetime.date(2027, 1, 31), ItemKind.SAFEGUARD),
        (datetime.date(2027, 2, 1), ItemKind.DEAL_REVIEW),
        (datetime.date(2027, 6, 30), ItemKind.REVISIT),
    ]
    assert [item.day for item in agenda.overdue] == [datetime.date(2026, 11, 20)]
    (undated,) = agenda.undated
    assert undated.kind is ItemKind.REVISIT and "Budget frozen" in undated.what


def test_a_window_keeps_the_overdue_and_what_falls_inside(
    opened: Callable[[], SessionStore],
) -> None:
    agenda = build_agenda(opened, TODAY, within=61)
    assert [item.kind for item in agenda.items] == [ItemKind.REVISIT, ItemKind.SAFEGUARD]
    with pytest.raises(UsageError) as raised:
        build_agenda(opened, TODAY, within=-1)
    assert raised.value.parameter == "within"


def test_uids_are_stable_and_the_calendar_lists_every_dated_item(
    opened: Callable[[], SessionStore],
) -> None:
    first = agenda_run(calendar=True, today=TODAY, now=NOW, open_store=opened)
    again = agenda_run(calendar=True, today=TODAY, now=NOW, open_store=opened)
    assert first.calendar is not None and first.calendar == again.calendar
    uids = [item.uid for item in first.agenda.items]
    assert len(set(uids)) == 4 and all(f"UID:{uid}" in first.calendar for uid in uids)
    assert first.calendar.count("BEGIN:VEVENT") == 4
    assert first.document.section("undated").data[0]["date"] is None


def test_a_signed_contingent_term_puts_its_verification_date_on_the_agenda(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.services.sessions import Sessions
    from conftest import EXAMPLES
    from review_support import factory

    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    opened = factory(tmp_path / "pilot.db")
    sessions = Sessions(opened)
    session = sessions.start(EXAMPLES / "saas-pilot-expansion.yaml").id
    terms = [
        "residency=eu_only",
        "scope=pilot_then_enterprise",
        "discount=10",
        "start_week=6",
    ]
    sessions.record_offer(session, "received", terms)
    sessions.record(session, EventKind.DECISION, {"decision": "accept", "rationale": "Signed"})
    agenda = build_agenda(opened, TODAY)
    (condition,) = [item for item in agenda.items if item.kind is ItemKind.CONDITION]
    assert condition.day == datetime.date(2027, 2, 15)
    assert "scope=pilot_then_enterprise (Independent ISO 27001 auditor)" in condition.what
    assert "enterprise on pass, pilot on fail" in condition.what
