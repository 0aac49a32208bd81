"""The review across deals: what every session's debrief says, added up (pure).

The next negotiation's fairness story is stronger when it can say "we have held this rule in
every deal of the last year, and it cost us a pilot once": that is evidence, not a promise. So the
review counts, over every session in the store, how each standard fared (held in a signed deal,
kept by not signing, broken in a signed deal), how the sessions ended, the concessions we gave on
each standard, and the value the signed deals left on the table.

Money is only added up within one currency: sessions in EUR and in USD give two totals, never one.
A standard is identified by its id across cases (a case that renames a rule starts a new row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.session.debrief import Debrief


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One session as the review counts it.

    Attributes:
        session: The session id.
        case_id: Its case.
        title: The case title.
        outcome: How it ended (``deal``, ``narrow-deal``, ``pause``, ``walk-away``, ``open``).
        currency: The case currency.
        their_unit: The unit of value to them.
        held: Standards a signed deal met.
        kept: Standards kept because nothing was signed.
        broken: Standards a signed deal broke.
        conceded: Standard id -> (concessions, value to us given) on it.
        left_for_us: Value to us the deal left on the table (signed deals with a frontier).
        left_for_them: Value to them it left, by our estimate.
        joint_loss: Joint value lost against the best compliant deal (one currency only).
        efficient: Whether no compliant outcome is better for both (None without a deal).
        intact: Whether the trail verifies.
    """

    session: str
    case_id: str
    title: str
    outcome: str
    currency: str
    their_unit: str
    held: tuple[str, ...]
    kept: tuple[str, ...]
    broken: tuple[str, ...]
    conceded: dict[str, tuple[int, float]]
    left_for_us: float | None
    left_for_them: float | None
    joint_loss: float | None
    efficient: bool | None
    intact: bool


@dataclass(slots=True)
class StandardTally:
    """How one standard fared across sessions.

    Attributes:
        id: The standard's id.
        name: Its name (the first one seen).
        sessions: Sessions whose case has it.
        held: Signed deals that met it.
        kept: Sessions that ended without a deal (or are still open) with it in the case.
        broken: Signed deals that broke it.
        concessions: Our concessions on it.
        conceded: Value to us given in those concessions, per currency.
    """

    id: str
    name: str
    sessions: int = 0
    held: int = 0
    kept: int = 0
    broken: int = 0
    concessions: int = 0
    conceded: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AcrossDeals:
    """The review over every session.

    Attributes:
        sessions: One summary per session read, oldest first.
        standards: One tally per standard id, in order of first appearance.
        outcomes: ``(outcome, sessions)`` in the order deal, narrow deal, pause, walk-away, open.
        left_for_us: Total value left on the table for us, per currency.
        left_for_them: Total left for them, per unit of their value.
        joint_loss: Total joint loss, per currency.
        skipped: ``(session, problem)`` of sessions whose trail could not be read.
    """

    sessions: tuple[SessionSummary, ...]
    standards: tuple[StandardTally, ...]
    outcomes: tuple[tuple[str, int], ...]
    left_for_us: dict[str, float]
    left_for_them: dict[str, float]
    joint_loss: dict[str, float]
    skipped: tuple[tuple[str, str], ...] = ()


OUTCOME_ORDER = ("deal", "narrow-deal", "pause", "walk-away", "open")
"""How outcomes are listed: signed first, then the ways talks stop."""


def summarise(debrief: Debrief) -> SessionSummary:
    """One session's line in the review, from its debrief."""
    info = debrief.loaded.case.case
    held = tuple(r.standard.id for r in debrief.standards if r.held is True)
    signed = debrief.outcome.agreed  # signed on terms not recorded: neither held nor kept
    kept = () if signed else tuple(r.standard.id for r in debrief.standards if r.held is None)
    broken = tuple(r.standard.id for r in debrief.standards if r.held is False)
    conceded = {
        r.standard.id: (len(r.concessions), r.conceded) for r in debrief.standards if r.concessions
    }
    post = debrief.settlement.post if debrief.settlement is not None else None
    return SessionSummary(
        debrief.info.id,
        info.id,
        info.title,
        debrief.outcome.value,
        info.currency,
        info.their_unit,
        held,
        kept,
        broken,
        conceded,
        None if post is None or post.left_for_us is None else max(post.left_for_us, 0.0),
        None if post is None or post.left_for_them is None else max(post.left_for_them, 0.0),
        None if post is None or post.joint_loss is None else max(post.joint_loss, 0.0),
        None if post is None else post.efficient,
        debrief.trail.intact,
    )


def _add(totals: dict[str, float], unit: str, value: float | None) -> None:
    if value is not None:
        totals[unit] = totals.get(unit, 0.0) + value


def across(debriefs: Sequence[Debrief], skipped: Sequence[tuple[str, str]] = ()) -> AcrossDeals:
    """Add up the debriefs of every session (see the module docstring)."""
    summaries = tuple(summarise(debrief) for debrief in debriefs)
    tallies: dict[str, StandardTally] = {}
    for debrief, summary in zip(debriefs, summaries, strict=True):
        for review in debrief.standards:
            standard = review.standard
            tally = tallies.setdefault(standard.id, StandardTally(standard.id, standard.name))
            tally.sessions += 1
            tally.held += standard.id in summary.held
            tally.kept += standard.id in summary.kept
            tally.broken += standard.id in summary.broken
            tally.concessions += len(review.concessions)
            if review.concessions:
                _add(tally.conceded, summary.currency, review.conceded)
    counts = {name: 0 for name in OUTCOME_ORDER}
    left_us: dict[str, float] = {}
    left_them: dict[str, float] = {}
    joint: dict[str, float] = {}
    for summary in summaries:
        counts[summary.outcome] = counts.get(summary.outcome, 0) + 1
        _add(left_us, summary.currency, summary.left_for_us)
        _add(left_them, summary.their_unit, summary.left_for_them)
        _add(joint, summary.currency, summary.joint_loss)
    return AcrossDeals(
        summaries,
        tuple(tallies.values()),
        tuple((name, count) for name, count in counts.items() if count),
        left_us,
        left_them,
        joint,
        tuple(skipped),
    )
