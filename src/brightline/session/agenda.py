"""The agenda across sessions: revisit dates and safeguard dates, soonest first (pure).

A pause or a walk-away is only respectful if somebody looks again when agreed ("revisit in
Q2"), and a signed safeguard only protects if its review, audit or attestation happens on its
date. Each of those is a dated item here:

- the last decision of a session, when it is a pause or a walk-away: its review date (one without
  a date is listed apart, as a revisit nobody scheduled);
- the review date of a signed deal's decision (accept or narrow deal), when given;
- every dated safeguard of a signed deal's case (``due``, or a ``date`` field where the case model
  gives one);
- the verification date of each contingent term in a signed deal's terms ("enterprise once the
  audit passes, by 31 March"): when it passes or fails, the deal changes.

A session whose last decision settled it otherwise is not on the agenda for that earlier item: a
pause followed by a deal is not revisited.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.case.validate import LoadedCase
    from brightline.session.analytics import SessionState
    from brightline.session.store import SessionInfo


class ItemKind(StrEnum):
    """What a dated item is about."""

    REVISIT = "revisit"
    DEAL_REVIEW = "deal-review"
    SAFEGUARD = "safeguard"
    CONDITION = "condition"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One thing to do on a day (or a revisit nobody dated).

    Attributes:
        day: When it is due; None for a pause or walk-away without a review date.
        kind: What it is about.
        session: The session id.
        case_id: The session's case id.
        case_title: The case's title.
        what: One line saying what is due.
        source: Where the date comes from: ``#seq`` of the decision, or the safeguard's id.
        uid: Stable id of the item, the same in every export (for calendars).
    """

    day: datetime.date | None
    kind: ItemKind
    session: str
    case_id: str
    case_title: str
    what: str
    source: str
    uid: str

    def overdue(self, today: datetime.date) -> bool:
        """Its day has passed."""
        return self.day is not None and self.day < today


@dataclass(frozen=True, slots=True)
class Agenda:
    """The dated items, soonest first, and the revisits without a date.

    Attributes:
        items: Dated items (within the window, overdue ones always), by day then session.
        undated: Pauses and walk-aways with no review date.
        today: The day the agenda is for.
        within: The window in days, None for everything.
        skipped: ``(session, problem)`` of sessions whose trail could not be read.
    """

    items: tuple[AgendaItem, ...]
    undated: tuple[AgendaItem, ...]
    today: datetime.date
    within: int | None
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def overdue(self) -> tuple[AgendaItem, ...]:
        """The items whose day has passed."""
        return tuple(item for item in self.items if item.overdue(self.today))


def item_uid(session: str, kind: ItemKind, source: str) -> str:
    """A UID that stays the same for the same item: a hash of session, kind and source."""
    digest = hashlib.sha256(f"{session}\x1f{kind.value}\x1f{source}".encode()).hexdigest()
    return f"{digest[:32]}@brightline"


def session_items(info: SessionInfo, loaded: LoadedCase, state: SessionState) -> list[AgendaItem]:
    """The dated items of one session (see the module docstring), in no particular order."""
    from brightline.session.debrief import outcome_of, safeguard_date

    found: list[AgendaItem] = []
    outcome, seq, review_date = outcome_of(state)
    if seq is not None:
        decision = state.decisions[-1][1]
        title = loaded.case.case.title

        def item(day: datetime.date | None, kind: ItemKind, what: str, source: str) -> AgendaItem:
            return AgendaItem(
                day,
                kind,
                info.id,
                info.case_id,
                title,
                what,
                source,
                item_uid(info.id, kind, source),
            )

        rationale = decision.rationale.strip().rstrip(".")
        if not outcome.agreed:
            found.append(
                item(
                    review_date,
                    ItemKind.REVISIT,
                    f"revisit after the {outcome.value} at #{seq}: {rationale}",
                    f"#{seq}",
                )
            )
            return found
        if review_date is not None:
            found.append(
                item(
                    review_date,
                    ItemKind.DEAL_REVIEW,
                    f"review the {outcome.value} signed at #{seq}: {rationale}",
                    f"#{seq}",
                )
            )
        for safeguard in loaded.case.safeguards:
            day = safeguard_date(safeguard)
            if day is None:
                continue
            described = (
                f": {safeguard.description.strip()}" if safeguard.description.strip() else ""
            )
            found.append(
                item(
                    day,
                    ItemKind.SAFEGUARD,
                    f"{safeguard.kind.value.replace('_', ' ')} {safeguard.id} is due{described}",
                    safeguard.id,
                )
            )
        found += [
            item(day, ItemKind.CONDITION, what, source)
            for day, what, source in _conditions(loaded, state, seq)
        ]
    return found


def _conditions(
    loaded: LoadedCase, state: SessionState, decision_seq: int
) -> list[tuple[datetime.date, str, str]]:
    """``(date, what, source)`` of each dated contingent term in the signed terms.

    Read defensively: a case model without contingent options (or an option without a dated
    condition) gives none.
    """
    from brightline.session.debrief import agreed_terms

    agreed = agreed_terms(loaded.case, state, decision_seq)
    if agreed is None:
        return []
    _, outcome, _ = agreed
    found: list[tuple[datetime.date, str, str]] = []
    for issue in loaded.case.issues:
        for term in getattr(issue, "contingent", ()) or ():
            if issue.id not in outcome or str(outcome[issue.id]) != str(term.id):
                continue
            condition = term.condition
            day = getattr(condition, "by", None)
            if not isinstance(day, datetime.date):
                continue
            what = condition.description.strip() or f"the condition of {term.id}"
            verifier = f" ({condition.verifier})" if condition.verifier.strip() else ""
            found.append(
                (
                    day,
                    f"verification due for {issue.id}={term.id}{verifier}: {what}; "
                    f"{term.if_pass} on pass, {term.if_fail} on fail",
                    f"{issue.id}={term.id}",
                )
            )
    return found


def select(
    found: Iterable[AgendaItem],
    today: datetime.date,
    within: int | None = None,
    skipped: Iterable[tuple[str, str]] = (),
) -> Agenda:
    """The agenda of these items: dated ones within the window (overdue always), soonest first."""
    items = list(found)
    last = None if within is None else today + datetime.timedelta(days=within)
    dated = sorted(
        (item for item in items if item.day is not None and (last is None or item.day <= last)),
        key=lambda item: (item.day or today, item.session, item.source),
    )
    undated = tuple(item for item in items if item.day is None)
    return Agenda(tuple(dated), undated, today, within, tuple(skipped))
