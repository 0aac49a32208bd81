"""The Documents page: a kind the case refuses is listed with the reason and what to do, no link."""

from __future__ import annotations

from typing import Any

from web_support import client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

SAAS = "/examples/saas-data-residency"
LEADERSHIP = "/examples/leadership-safety-gate"


def test_a_closing_record_nobody_decided_is_listed_with_its_reason_not_linked(client: Any) -> None:
    """Under integrative-first no pause or walk-away is on record: the same check as the download."""
    page = client.get(f"{SAAS}/documents")
    assert page.status_code == 200
    text = page.text
    for kind in ("pause", "walk-away"):
        assert f'href="{SAAS}/documents/{kind}/' not in text
        refused = client.get(f"{SAAS}/documents/{kind}/md")
        assert refused.status_code == 400  # the download says the same
    assert "no pause decision is on record" in text and "no walk decision is on record" in text
    assert "What to do: " in text and "(the Decision form)" in text
    assert f'href="{SAAS}/documents/proposal/pdf"' in text  # allowed kinds keep their links


def test_a_record_the_gate_supports_is_linked(client: Any) -> None:
    page = client.get(f"{LEADERSHIP}/documents")
    assert page.status_code == 200
    assert f'href="{LEADERSHIP}/documents/pause/md"' in page.text
    assert "Not written for this case now" not in page.text.split("To send to the other side")[1]
