"""The parts a counterpart view is made of: standards, terms, safeguards, reasons, events (pure).

Each part holds finished public text only (names, labels, sources, dates); none has a field for
a value, a probability or a note. :mod:`brightline.report.counterpart` assembles them into the
one view every counterpart document is built from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PublicStandard:
    """A must-have as the other side may read it.

    Attributes:
        name: The standard's name.
        requirement: Its rule in words (issue names and option labels).
        published: Whether the case publishes it; the fields below are empty when not.
        source: Where it comes from (``regulation: GDPR Chapter V``).
        evidence: What backs it.
        narrative: Why holding it now avoids a bigger loss later.
        verifier: Who checks it, and when.
    """

    name: str
    requirement: str
    published: bool
    source: str = ""
    evidence: tuple[str, ...] = ()
    narrative: str = ""
    verifier: str = ""


@dataclass(frozen=True, slots=True)
class PublicTerms:
    """An offer as terms: each issue by its name with the chosen option's label.

    Attributes:
        name: How the document calls it (``Offer A``, ``Our counter``, ``Your offer``).
        terms: ``(issue name, option label)`` per issue, in the case's issue order.
        safeguards: Names of the safeguards that come with it.
        meets: Names of the standards it meets (all of them, for what we offer).
        dimensions: The dimensions (scope, timing, ...) in which it differs from the other
            offers of its grid; empty outside a grid.
    """

    name: str
    terms: tuple[tuple[str, str], ...]
    safeguards: tuple[str, ...] = ()
    meets: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PublicSafeguard:
    """One row of the safeguards schedule.

    ``title`` and ``clause`` are the playbook's drafted contract clause
    (:func:`brightline.playbook.clauses.draft_clauses`): what the schedule prints; the other
    fields are the safeguard's parts, for documents that lay them out their own way (the offer
    letter's dated review). ``upholds`` names the standards the safeguard serves (the case's
    ``standards[].safeguards``): every term a counterpart document offers meets them, which a
    candidate's letter says instead of the sanction for terms that do not.
    """

    name: str
    kind: str
    trigger: str
    measure: str
    consequence: str
    verifier: str
    due: str
    mutual: bool
    title: str = ""
    clause: str = ""
    upholds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShortfallReason:
    """Why an offer received cannot be signed as written: one failed clause of a standard.

    Attributes:
        standard: The standard's name.
        source: Its source when published, else "".
        needs: What the clause requires, in words.
        issue: The issue the clause reads, by name.
        offered: What the offer said for that issue (its option label or number and unit).
    """

    standard: str
    source: str
    needs: str
    issue: str
    offered: str


@dataclass(frozen=True, slots=True)
class PublicEvent:
    """A session event both sides witnessed: an offer made or received, a pause, a walk-away."""

    date: str
    what: str


@dataclass(frozen=True, slots=True)
class TriedOption:
    """An integrative option considered before a hard stance, and what became of it.

    Why an option was rejected is ours and stays out (it may say "our BATNA is ..."): the other
    side reads the option and where it stands, in words (:data:`brightline.report.counterpart_record.TRIED_STATUS`).
    """

    description: str
    status: str


@dataclass(frozen=True, slots=True)
class BidStanding:
    """One bidder's own result, never another bidder's.

    Attributes:
        bidder: The bidder's name as the table gives it.
        terms: The bid as terms (issue name, option label), the bidder's own values only.
        passed: Whether the bid meets every must-have.
        rank: Its place among the bids that pass (1 is first); None when knocked out or
            unreadable.
        passing: How many bids passed, so a rank reads "2 of 5".
        shortfalls: Each standard the bid misses: what it requires, what the bid says.
        unreadable: Why the bid could not be read (a cell per line); such a bid is not scored.
        decision: What the buyer does with this round: ``award`` (to the first-ranked bid),
            ``best-and-final`` (every compliant bidder is asked for one, on the same terms),
            ``rebid`` (the round is cancelled for every bidder), or ``review`` (not decided).
    """

    bidder: str
    terms: tuple[tuple[str, str], ...]
    passed: bool
    rank: int | None
    passing: int
    shortfalls: tuple[ShortfallReason, ...]
    unreadable: tuple[str, ...]
    decision: str


@dataclass(frozen=True, slots=True)
class InterimTerms:
    """The capped extension of the current contract while a tender is re-run.

    Attributes:
        incumbent: The current supplier ("" when the case does not name one).
        months: Months the extension covers (None when not set).
        volume_cap: The share of today's volume it is capped at (None when not set).
        terms: The case's written caps on it (volume-cap tradeables, change-control safeguards).
    """

    incumbent: str
    months: float | None
    volume_cap: float | None
    terms: tuple[str, ...]
