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
    assert (
        'data-chosen-for="issue-residency"'
        not in client.get("/examples/saas-data-residency/evaluate").text
    )  # short labels fit: nothing repeated


def test_the_ranked_bids_show_each_bid_value_with_its_unit_beside_its_score(
    client: Any, token: str
) -> None:
    from web_support import EXAMPLES

    page = client.post(
        "/examples/city-services-rfp/bids",
        files={"file": ("bids.csv", (EXAMPLES / "city-services-bids.csv").read_bytes())},
        data={"csrf_token": token},
    )
    assert page.status_code == 200, page.text[:2000]
    ranked = page.text.split("Ranked:", 1)[1].split("</table>", 1)[0]
    first = ranked.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Ironbridge Waste" in first and "-66,667 USD" in first  # the score, with its unit
    assert '20.85 USD million / year<br><span class="unit">score -450,000 USD</span>' in first
    assert "Unannounced quarterly inspection by an independent inspector<br>" in first
