"""Which documents a case page offers, each with whether the case allows it and why not.

The web's Documents page lists every kind written for the case's context. A kind the use case
would refuse for this case (a proposal the warrant gate rules out, a pause or walk-away record
with no decision on record and no supporting verdict) is listed with the reason and what to do,
never as a link that answers with an error. The reason is computed by the very check the use
case runs before it builds the document
(:func:`~brightline.services.document_checks.check_stance`), so the page and the download can
never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brightline.errors import UsageError
from brightline.services.analyses import DocumentChoice, document_choices

if TYPE_CHECKING:
    from brightline.actions import Action
    from brightline.report.context import CaseContext
    from brightline.session.events import Event


@dataclass(frozen=True, slots=True)
class DocumentOffer:
    """One kind on the Documents page.

    Attributes:
        choice: The kind, its summary, audience, formats and what it needs beyond the case.
        refusal: Why the case does not allow it now (the use case's own message); empty when
            it can be written.
        action: What to do instead or first, as data for the adapter to word; None when
            allowed.
    """

    choice: DocumentChoice
    refusal: str = ""
    action: Action | None = None


def document_offers(
    context: CaseContext, events: Sequence[Event] = ()
) -> tuple[DocumentOffer, ...]:
    """Every kind written for the case's context, with the stance check's verdict on it.

    ``events`` are a session's events when the page is a session's (its recorded decisions allow
    a closing record); the case page has none.
    """
    from dataclasses import replace

    from brightline.report.counterpart import is_tender
    from brightline.services.document_checks import check_stance

    tender = is_tender(context.loaded)
    found = []
    for choice in document_choices(context.loaded.case):
        if choice.name == "counter" and tender:  # it answers one bidder's bid, from its table
            choice = replace(choice, needs=(*choice.needs, "bids", "bidder"))
        try:
            check_stance(context, choice.name, events)
        except UsageError as error:
            found.append(DocumentOffer(choice, error.message, error.action))
        else:
            found.append(DocumentOffer(choice))
    return tuple(found)


SESSION_KINDS = ("counter", "pause", "walk-away", "trail", "concession-log")
"""The kinds a session's Documents page offers: they read the session's offers and decisions."""

TABLE_KINDS = ("bidder-notice", "bid-matrix", "counter")
"""The kinds built from a bids table: one bidder's notice, every bid's matrix, and a tender's
counter (it answers one bidder's bid, read from its row)."""


def session_document_offers(
    context: CaseContext, events: Sequence[Event]
) -> tuple[DocumentOffer, ...]:
    """The kinds written from a session, each with the stance check's verdict on it now.

    The same check the use case runs before it builds them (a counter on a paused session, a
    pause nobody decided), with the session's events, so the page lists a refused kind with its
    reason and what to do instead of a button that answers with an error. A tender's counter
    also needs the bidder whose bid it answers (``needs``: ``bidder``), which the page asks for
    with the bids table.
    """
    from dataclasses import replace

    offers = {offer.choice.name: offer for offer in document_offers(context, events)}
    found = []
    for name in SESSION_KINDS:
        offer = offers.get(name)
        if offer is None:
            continue
        needs = tuple(need for need in offer.choice.needs if need != "session")
        found.append(replace(offer, choice=replace(offer.choice, needs=needs)))
    return tuple(found)


def table_document_offers(context: CaseContext) -> tuple[DocumentOffer, ...]:
    """The kinds built from a bids table, for a tender (none elsewhere)."""
    from brightline.report.counterpart import is_tender

    if not is_tender(context.loaded):
        return ()
    return tuple(
        offer
        for offer in document_offers(context)
        if offer.choice.name in TABLE_KINDS and "bids" in offer.choice.needs
    )
