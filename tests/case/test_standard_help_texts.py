"""The help texts of a standard's public fields say that a published standard sends them.

``public_standard`` puts the evidence and narrative of every published standard into the
documents for the other side; a user filling the form (whose help is the model's description)
must be told before writing peers' pay or a current employer's bonus there.
"""

from __future__ import annotations

from brightline.case.model import Standard


def test_evidence_narrative_and_published_say_what_goes_to_the_other_side() -> None:
    fields = Standard.model_fields
    for name in ("evidence", "narrative"):
        description = fields[name].description or ""
        assert "Sent to the other side" in description and "published" in description, name
    published = fields["published"].description or ""
    assert "evidence" in published and "narrative" in published and "for them" in published
