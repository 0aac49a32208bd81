"""Trail verifications kept with the exact rows they were computed from.

Verifying a trail recomputes every event's hash, the case snapshot's hash and the head state's
replay: the costliest part of showing a session. A long-lived store (the web workbench's)
keeps each session's last verification together with the rows it read, and hands it out again
only when the rows read now are equal to those: the same session row (head, count, snapshot),
the same event rows byte for byte and the same head-state row. Verification is a pure function
of those rows, so the kept report is the one recomputing would give. A new event moves the head
and the event rows, and any edit made outside Brightline (a payload changed under an unchanged
head, a row deleted) changes the rows too: either way the trail is verified afresh, so a
tampered trail shows where it breaks on the next read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from brightline.session.events import ChainReport, Event

KEPT_TRAILS = 64
"""Sessions whose last verification a store keeps (oldest first out)."""

Rows = tuple[Any, ...]
"""Everything a verification reads, as plain values: compared whole, never hashed."""


@dataclass(frozen=True, slots=True)
class VerifiedTrail:
    """A session's events and their verification, as computed from ``rows``."""

    rows: Rows
    events: tuple[Event, ...]
    report: ChainReport


class VerifiedTrails:
    """The last verification of each session, with its rows (thread-safe, bounded)."""

    def __init__(self, size: int = KEPT_TRAILS) -> None:
        self._size = size
        self._kept: dict[str, VerifiedTrail] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str, rows: Rows) -> VerifiedTrail | None:
        """The kept verification of ``session_id`` if it was computed from rows equal to ``rows``."""
        kept = self._kept.get(session_id)
        return kept if kept is not None and kept.rows == rows else None

    def keep(self, session_id: str, trail: VerifiedTrail) -> None:
        """Keep ``trail`` as the session's last verification."""
        with self._lock:
            self._kept.pop(session_id, None)
            self._kept[session_id] = trail
            while len(self._kept) > self._size:
                self._kept.pop(next(iter(self._kept)))


class StampedReads:
    """Each session's last whole read, kept with the database's change stamp taken before it.

    Even an unchanged trail costs three queries to compare (most of the session page's time
    under load). A SQLite file's change stamp (``Database.change_stamp``: two ``stat`` calls)
    moves with every commit by anyone, in any process, including an edit made outside
    Brightline, so while it stays put the rows cannot have changed and the last read is handed
    out again without a query. The stamp is taken before the read: a commit that lands during
    the read moves it, and the next call reads afresh. A database without a cheap stamp
    (PostgreSQL) is read every time, and its rows compared as :class:`VerifiedTrails` does.
    """

    def __init__(self, size: int = KEPT_TRAILS) -> None:
        self._size = size
        self._kept: dict[str, tuple[object, Any]] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str, stamp: object | None) -> Any | None:
        """The read kept for ``session_id`` under ``stamp``; None when unknown or moved on."""
        if stamp is None:
            return None
        kept = self._kept.get(session_id)
        return kept[1] if kept is not None and kept[0] == stamp else None

    def keep(self, session_id: str, stamp: object | None, read: Any) -> None:
        """Keep ``read`` as what the session held when the database's stamp was ``stamp``."""
        if stamp is None:
            return
        with self._lock:
            self._kept.pop(session_id, None)
            self._kept[session_id] = (stamp, read)
            while len(self._kept) > self._size:
                self._kept.pop(next(iter(self._kept)))
