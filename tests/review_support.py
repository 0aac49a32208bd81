"""Sessions for the debrief, agenda and review tests: a small case and trails built through the
session use cases, as a negotiator would record them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brightline.services.sessions import Sessions
from brightline.session.events import EventKind
from brightline.session.store import SessionStore, open_store
from factories import to_yaml, variant

START_ISSUE = {
    "kind": "discrete",
    "id": "start",
    "dimension": "timing",
    "options": [
        {"id": "late", "ours": 0, "theirs": 0},
        {"id": "early", "ours": 2000, "theirs": 3000},
    ],
}
"""An issue where one option is better for both: a deal on ``late`` leaves value on the table."""


def review_case() -> dict[str, Any]:
    """The minimal case with the ``start`` issue and room below zero to concede."""
    document = variant(**{"reservation.value": -30000})
    document["issues"].append(START_ISSUE)
    return document


def factory(path: Path) -> Callable[[], SessionStore]:
    """A store factory on a SQLite file."""
    url = f"sqlite:///{path}"
    return lambda: open_store(url)


def write_case(folder: Path, document: dict[str, Any] | None = None) -> Path:
    """The case file the sessions start on."""
    path = folder / "case.yaml"
    path.write_text(to_yaml(document or review_case()), encoding="utf-8")
    return path


def deal_session(sessions: Sessions, case: Path) -> str:
    """A signed deal on ``start=late`` (so ``early`` improves it), with drift after the close.

    Events: 1 start, 2 our compliant offer, 3 and 4 our concessions (discount, then on the
    standard ``eu``), 5 their offer (the agreed terms), 6 closed, 7 accept with a review date,
    8 a term-creep signal naming the safeguard ``attest``, 9 a note naming it too.
    """
    session = sessions.start(case, "alice").id
    sessions.record_offer(session, "made", ["residency=eu_only", "discount=10", "start=late"])
    concession = {"by": "us", "item": "discount", "value_to_us": -5000.0, "value_to_them": 5000.0}
    sessions.record(session, EventKind.CONCESSION, concession)
    smaller = {"by": "us", "item": "eu", "value_to_us": -1000.0, "value_to_them": 500.0}
    sessions.record(session, EventKind.CONCESSION, {**smaller, "we_get": "a reference call"})
    sessions.record_offer(session, "received", ["residency=eu_only", "discount=15", "start=late"])
    sessions.record(session, EventKind.STAGE, {"to": "closed"})
    decision = {"decision": "accept", "rationale": "Signed", "review_date": "2027-02-01"}
    sessions.record(session, EventKind.DECISION, decision)
    creep = {"type": "term_creep", "by": "them", "text": "asked to widen attest scope"}
    sessions.record(session, EventKind.SIGNAL, creep)
    sessions.record(session, EventKind.NOTE, {"text": "attest evidence received"})
    return session


def pause_session(sessions: Sessions, case: Path, review_date: str | None = "2026-11-20") -> str:
    """A hard stance (our threat) before any offer, then a pause with a revisit date."""
    session = sessions.start(case, "alice").id
    sessions.record(session, EventKind.SIGNAL, {"type": "threat", "by": "us"})
    decision: dict[str, Any] = {"decision": "pause", "rationale": "Budget frozen until Q2"}
    if review_date is not None:
        decision["review_date"] = review_date
    sessions.record(session, EventKind.DECISION, decision)
    return session


@dataclass(frozen=True)
class Built:
    """A store with the review tests' sessions, built once per test process.

    Attributes:
        folder: Where the store and the case file are.
        deal: A signed deal (:func:`deal_session`).
        pause: A pause with a revisit date after our threat (:func:`pause_session`).
        undated: A pause without a revisit date.
        spare: Another dated pause, for tests that record into a session.
    """

    folder: Path
    deal: str
    pause: str
    undated: str
    spare: str

    def copy_to(self, folder: Path) -> Callable[[], SessionStore]:
        """A factory on a fresh copy of the store in ``folder`` (tests may write to it)."""
        for path in self.folder.glob("trail.db*"):
            shutil.copyfile(path, folder / path.name)
        return factory(folder / "trail.db")


_BUILT: list[Built] = []


def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sessions every review test reads, recorded once (recording parses the case each time,
    so building them for every test would cost seconds each)."""
    if not _BUILT:
        folder = tmp_path_factory.mktemp("review-store")
        previous = os.environ.get("BRIGHTLINE_ANCHOR_KEY")
        os.environ["BRIGHTLINE_ANCHOR_KEY"] = str(folder / "anchor.pem")
        try:
            sessions = Sessions(factory(folder / "trail.db"))
            case = write_case(folder)
            deal = deal_session(sessions, case)
            pause = pause_session(sessions, case)
            undated = pause_session(sessions, case, review_date=None)
            spare = pause_session(sessions, case, review_date="2027-06-30")
        finally:
            if previous is None:
                os.environ.pop("BRIGHTLINE_ANCHOR_KEY", None)
            else:
                os.environ["BRIGHTLINE_ANCHOR_KEY"] = previous
        _BUILT.append(Built(folder, deal, pause, undated, spare))
    return _BUILT[0]
