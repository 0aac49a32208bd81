"""The offer form's long option labels are not cut (issue 12 minor): widened, then written out."""

from __future__ import annotations

from typing import Any

from web_support import client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures


def test_a_long_option_label_is_written_out_in_full_under_its_select(client: Any) -> None:
    page = client.get("/examples/security-level-vendor/evaluate").text
    assert '<div class="grid wide-fields">' in page  # one issue a row: the select is wide
    chosen = page.split('data-chosen-for="issue-first_award">', 1)[1].split("</p>", 1)[0]
    assert chosen == "All 180 substations in 2027 on the current SL2 product line"
    assert 'data-chosen-for="issue-residency"' not in client.get(
        "/examples/saas-data-residency/evaluate"
    ).text  # short labels fit: nothing repeated
