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
