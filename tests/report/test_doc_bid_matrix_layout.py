"""The bid matrix as a document: a landscape page, criteria keyed, standards by their labels."""

from __future__ import annotations

import datetime

from brightline.report.typst import typst_source
from brightline.services.documents import build_document
from conftest import EXAMPLES

RFP = EXAMPLES / "city-services-rfp.yaml"
BIDS = EXAMPLES / "city-services-bids.csv"


def test_the_matrix_is_printed_sideways_with_keyed_criteria_and_labelled_standards() -> None:
    document = build_document("bid-matrix", RFP, bids=BIDS, built=datetime.date(2026, 1, 1))
    _, key, table = document.sections[0].blocks
    assert table.columns[3:6] == ("C1", "C2", "C3")  # type: ignore[union-attr]
    assert "C1: Annual contract price" in key.text  # type: ignore[union-attr]
    why = [row[-1] for row in table.rows]  # type: ignore[union-attr]
    assert "fails Safety level 3 or higher; Unannounced independent inspections" in why
    assert not any("safety_level_floor" in cell or "==" in cell for cell in why)
    source, _ = typst_source(document)
    assert "#page(flipped: true," in source  # too wide for A4 upright at a readable size
