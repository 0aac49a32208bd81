"""A case's face-saving choice, said to the other side, is our undertaking, never advice to them."""

from __future__ import annotations

import pytest

from brightline.engine.wording import our_undertaking


@pytest.mark.parametrize(
    ("choice", "said"),
    [
        (
            "Cancel the RFP for every bidder at once, citing the published scale.",
            "On our side, we will cancel the RFP for every bidder at once, citing the published "
            "scale.",
        ),
        (
            "Frame the pilot as the buyer's win",
            "On our side, we will frame the pilot as the buyer's win.",
        ),
        ("A joint pilot", "On our side, we offer a joint pilot."),
    ],
)
def test_a_face_saving_choice_reads_as_what_we_do_or_offer(choice: str, said: str) -> None:
    assert our_undertaking(choice) == said
    assert "your side" not in our_undertaking(choice)
