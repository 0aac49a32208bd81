"""The documents Brightline writes to send or to file, one module per family (pure).

Counterpart documents (``proposal``, ``counter``, ``pause``, ``walk-away``, ``bidder-notice``,
``rebid-spec``, ``offer-letter``) are functions of a
:class:`~brightline.report.counterpart.CounterpartView` alone: :data:`COUNTERPART_BUILDERS`
holds them, and a test checks that each takes the view and nothing else. Internal documents
(``brief``, ``worksheet``, ``concession-log``, ``bid-matrix``, ``trail``) read the case and the
computed results directly. :data:`KINDS` says, per kind, who it is for, what it needs beyond the
case and which formats it comes in; ``services.documents`` reads it to check a request before
computing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from brightline.report.counterpart import CounterpartView
from brightline.report.document import Audience, Document
from brightline.report.documents.closing import pause, walk_away
from brightline.report.documents.hiring import offer_letter
from brightline.report.documents.offers import counter, proposal
from brightline.report.documents.procurement import bidder_notice, rebid_spec

Need = Literal["session", "offer", "bids", "bidder"]
"""An input a kind needs beyond the case file."""

TEXT_FORMATS = ("pdf", "docx", "md", "html")
"""The formats every document comes in."""

TABLE_FORMATS = ("csv", "xlsx")
"""The formats of a document that is one table (the bid matrix)."""


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of document.

    Attributes:
        name: What the user asks for (``proposal``, ``bid-matrix``).
        audience: ``counterpart`` (built from the public view only) or ``internal``.
        family: ``offers``, ``closing``, ``procurement``, ``hiring`` or ``internal``.
        summary: One line saying what it is.
        needs: Inputs it cannot be built without, beyond the case.
        accepts: Inputs it reads when given (``session`` for the events of a live negotiation).
        formats: The formats it comes in.
        contexts: The case contexts it is written for (empty: every context).
    """

    name: str
    audience: Audience
    family: str
    summary: str
    needs: tuple[Need, ...] = ()
    accepts: tuple[Need, ...] = ("session",)
    formats: tuple[str, ...] = TEXT_FORMATS
    contexts: tuple[str, ...] = ()

    def fits(self, context: str) -> bool:
        """Whether the kind is written for a case of this context."""
        return not self.contexts or context in self.contexts


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "proposal",
            "counterpart",
            "offers",
            "the MESO offers side by side, the standards they meet, the safeguards, how to accept",
        ),
        Kind(
            "counter",
            "counterpart",
            "offers",
            "the answer to an offer received: where it falls short and why, our counters",
            accepts=("session", "offer", "bids", "bidder"),
        ),
        Kind(
            "pause",
            "counterpart",
            "closing",
            "the record of a pause: the rule, what was tried, when to look again",
        ),
        Kind(
            "walk-away",
            "counterpart",
            "closing",
            "the respectful walk-away record: the rule protected, what was tried, what would reopen talks",
        ),
        Kind(
            "bidder-notice",
            "counterpart",
            "procurement",
            "one bidder's result: its own knock-out reasons or rank, nothing of other bids",
            needs=("bids", "bidder"),
            accepts=("session", "bids", "bidder"),
            contexts=("procurement",),
        ),
        Kind(
            "rebid-spec",
            "counterpart",
            "procurement",
            "the must-haves as pass/fail criteria, the safeguards, the capped extension",
            contexts=("procurement",),
        ),
        Kind(
            "offer-letter",
            "counterpart",
            "hiring",
            "an offer within the standards, with the milestone review as dated criteria",
            accepts=("session", "offer"),
            contexts=("hiring",),
        ),
        Kind(
            "brief",
            "internal",
            "internal",
            "one to two pages: verdict, standards' price and risk, MESO grid, economics, frontier",
        ),
        Kind(
            "worksheet",
            "internal",
            "internal",
            "the anchor worksheet: rule, source, evidence, verifier, narrative per standard",
        ),
        Kind(
            "concession-log",
            "internal",
            "internal",
            "item, what we give and get, value to us and them, trigger",
        ),
        Kind(
            "bid-matrix",
            "internal",
            "procurement",
            "every bid, every criterion's score, knock-outs with reasons, rank",
            needs=("bids",),
            accepts=("session", "bids"),
            formats=(*TABLE_FORMATS, *TEXT_FORMATS),
            contexts=("procurement",),
        ),
        Kind(
            "trail",
            "internal",
            "internal",
            "the decision record: every event with its hash, and the head",
            needs=("session",),
        ),
    )
}
"""Every kind, in the order ``doc --list`` shows them."""

CounterpartBuilder = Callable[[CounterpartView], Document]
"""A counterpart document: a function of the public view alone."""

COUNTERPART_BUILDERS: dict[str, CounterpartBuilder] = {
    "proposal": proposal,
    "counter": counter,
    "pause": pause,
    "walk-away": walk_away,
    "bidder-notice": bidder_notice,
    "rebid-spec": rebid_spec,
    "offer-letter": offer_letter,
}
"""The builder of each counterpart kind."""

CLOSING_MOVES = {"pause": "pause_and_revisit", "walk-away": "respectful_walk_away"}
"""The playbook move whose words each closing record uses."""

__all__ = [
    "CLOSING_MOVES",
    "COUNTERPART_BUILDERS",
    "KINDS",
    "TABLE_FORMATS",
    "TEXT_FORMATS",
    "CounterpartBuilder",
    "Kind",
]
