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
    from brightline.services.document_checks import check_stance

    found = []
    for choice in document_choices(context.loaded.case):
        try:
            check_stance(context, choice.name, events)
        except UsageError as error:
            found.append(DocumentOffer(choice, error.message, error.action))
        else:
            found.append(DocumentOffer(choice))
    return tuple(found)
