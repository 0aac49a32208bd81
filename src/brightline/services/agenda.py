"""The agenda use case: every session's revisit and safeguard dates, as a document or a calendar.

What counts as a dated item is decided in :mod:`brightline.session.agenda` (pure); this module
reads the store, keeps the sessions whose trail cannot be read apart, and renders the calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brightline.errors import UsageError

if TYPE_CHECKING:
    from brightline.report.document import Document
    from brightline.session.agenda import Agenda
    from brightline.session.store import SessionStore


@dataclass(frozen=True, slots=True)
class AgendaRun:
    """What ``agenda`` shows: the agenda, its document, and the calendar text when asked for."""

    agenda: Agenda
    document: Document
    calendar: str | None


def build_agenda(
    open_store: Callable[[], SessionStore],
    today: datetime.date,
    within: int | None = None,
) -> Agenda:
    """Every dated item across the store's sessions, soonest first.

    Raises:
        UsageError: when ``within`` is negative.
    """
    from brightline.errors import BrightlineError
    from brightline.session.agenda import AgendaItem, select, session_items

    if within is not None and within < 0:
        raise UsageError(f"{within} days is not a window; give 0 or more days", parameter="within")
    found: list[AgendaItem] = []
    skipped: list[tuple[str, str]] = []
    with open_store() as store:
        for info in store.sessions():
            try:
                loaded, state = store.state(info.id)
            except BrightlineError as error:
                skipped.append((info.id, str(error)))
                continue
            found += session_items(info, loaded, state)
    return select(found, today, within, skipped)


def agenda_run(
    *,
    within: int | None = None,
    calendar: bool = False,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    open_store: Callable[[], SessionStore] | None = None,
) -> AgendaRun:
    """The agenda as a document, and as an RFC 5545 calendar when ``calendar`` is asked for.

    Args:
        within: Only items due within this many days (overdue ones always show).
        calendar: Also write the calendar text (``.ics``).
        today: The day the agenda is for (default: today, UTC).
        now: The calendar's time stamp (default: now, UTC).
        open_store: The store factory (default: the configured database).
    """
    from brightline.report.ics import calendar_text
    from brightline.report.sections.agenda import agenda_document, calendar_entries
    from brightline.services.review import default_store

    moment = now or datetime.datetime.now(datetime.UTC)
    day = today or moment.date()
    found = build_agenda(open_store or default_store, day, within)
    text = calendar_text(calendar_entries(found), moment) if calendar else None
    return AgendaRun(found, agenda_document(found), text)
