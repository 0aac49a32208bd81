"""Pages name things as people do: standards, issues, options and safeguards by their labels.

The case file's ids (``eu_residency``, ``residency_attestation``) are for the file; a page that
shows them makes a user translate. These tests read the evaluation and the MESO grid for ids.
"""

from __future__ import annotations

import re
from typing import Any

from web_support import client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

SAAS = "/examples/saas-data-residency"


def _visible(html: str) -> str:
    """The page's text without tags and attribute values (ids may sit in form field names)."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_evaluation_names_the_standard_issue_and_option(client: Any, token: str) -> None:
    offer = {
        "issue:residency": "global",
        "issue:scope": "enterprise",
        "issue:audit": "none",
        "issue:discount": "10",
        "issue:start_week": "4",
    }
    page = client.post(
        f"{SAAS}/evaluate", data={"csrf_token": token, **offer}, headers={"HX-Request": "true"}
    )
    assert page.status_code == 200, page.text
    what_breaks = _visible(page.text.split("What breaks", 1)[1].split("<h3>", 1)[0])
    assert "EU data residency" in what_breaks
    assert "Any region, cheapest hosting" in what_breaks  # the option's label
    assert "eu_residency" not in what_breaks and "residency ==" not in what_breaks
    counters = _visible(page.text.split("Counters", 1)[1].split("What to say", 1)[0])
    assert "start_week" not in counters and "audit:" not in counters


def test_the_meso_grid_names_issues_and_safeguards(client: Any, token: str) -> None:
    fragment = client.post(
        f"{SAAS}/meso",
        data={"csrf_token": token, "count": "3", "target": "", "tolerance": ""},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200, fragment.text
    text = _visible(fragment.text)
    assert "Quarterly attestation that all processing stayed in EU regions" in text
    assert "residency_attestation" not in text and "start_week" not in text
