"""A tender's counter answers a bid as it was read: a row read in part is refused, not crashed on."""

from __future__ import annotations

import datetime

import pytest

from brightline.errors import UsageError
from brightline.report.context import CaseContext
from brightline.services.cases import load_case
from brightline.services.documents import build_document
from conftest import EXAMPLES

RFP = EXAMPLES / "city-services-rfp.yaml"
BIDS = EXAMPLES / "city-services-bids.csv"
BUILT = datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("bidder", "unread"),
    [
        ("Riverbend Carting", "Annual contract price"),
        ("Oakridge Sanitation", "fleet safety scale"),
    ],
)
def test_a_counter_to_a_bid_read_in_part_is_refused_naming_what_could_not_be_read(
    bidder: str, unread: str
) -> None:
    context = CaseContext(load_case(RFP))
    with pytest.raises(UsageError) as raised:
        build_document("counter", RFP, bidder=bidder, bids=BIDS, built=BUILT, context=context)
    message = str(raised.value)
    assert raised.value.parameter == "bidder"
    assert bidder in message and unread in message and "bidder-notice" in message
    # The same bidder's notice is written: it says the bid could not be read in full.
    notice = build_document(
        "bidder-notice", RFP, bidder=bidder, bids=BIDS, built=BUILT, context=context
    )
    assert notice.title


def test_a_bid_set_aside_gets_no_safeguards_schedule_a_compliant_one_does() -> None:
    """A knocked-out bid's answer offers no deal, so no undertakings are listed for it."""
    from brightline.services.documents import render

    context = CaseContext(load_case(RFP))

    def text(bidder: str) -> str:
        document = build_document(
            "counter", RFP, bidder=bidder, bids=BIDS, built=BUILT, context=context
        )
        return render(document, "md").decode("utf-8")

    set_aside = text("Metro Haul Inc.")
    assert "cannot be considered" in set_aside and "Safeguards schedule" not in set_aside
    assert "Safeguards schedule" in text("Ironbridge Waste")
