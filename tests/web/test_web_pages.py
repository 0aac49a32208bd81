"""The analysis pages: check and gate with the frontier chart, MESO, evaluate, bids, economics.

Each route has a TestClient test (``covers``); the pages must say what the commands say (the
report's sentences), put a unit on every amount, escape what the user typed and refuse a form
without its CSRF token.
"""

from __future__ import annotations

import re
from typing import Any

from web_support import EXAMPLES, client, covers, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

SAAS = "/examples/saas-data-residency"
RFP = "/examples/city-services-rfp"


@covers("GET", "/{library}/{case_id}/analysis")
def test_the_analysis_page_shows_lint_gate_and_the_frontier(client: Any) -> None:
    page = client.get(f"{SAAS}/analysis")
    assert page.status_code == 200, page.text
    text = page.text
    assert "Verdict: " in text and "warrant gate" in text
    assert '<svg class="chart frontier"' in text
    # A hover tooltip: both values with their units, the outcome in labelled terms.
    nash = re.search(r"<title>Nash point\n([^<]*)</title>", text)
    assert nash, "the Nash point has no hover text"
    values, terms = nash.group(1).split("\n")
    assert re.fullmatch(r"Value to us: [\d,]+ EUR; value to them: [\d,]+ EUR", values), values
    assert "Where customer data is stored and processed: eu only" in terms
    assert "Discount on list price: " in terms and "eu_only" not in terms
    assert "Readiness" in text and "pitfall" in text
    assert 'href="/examples/saas-data-residency/meso"' in text


def test_an_unknown_library_or_case_is_a_404(client: Any) -> None:
    assert client.get("/elsewhere/saas-data-residency/analysis").status_code == 404
    assert client.get("/examples/no-such-case/analysis").status_code == 404
    assert client.get("/examples/..%2F..%2Fetc%2Fpasswd/analysis").status_code == 404


@covers("GET", "/{library}/{case_id}/meso")
def test_the_meso_page_shows_the_default_grid(client: Any) -> None:
    page = client.get(f"{SAAS}/meso")
    assert page.status_code == 200
    assert "compliant offers worth" in page.text
    assert (
        'name="count"' in page.text and 'hx-post="/examples/saas-data-residency/meso"' in page.text
    )


@covers("POST", "/{library}/{case_id}/meso")
def test_the_meso_form_rebuilds_the_grid_and_explains_bad_fields(client: Any, token: str) -> None:
    fragment = client.post(
        f"{SAAS}/meso",
        data={"csrf_token": token, "count": "2", "target": "60%", "tolerance": ""},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # htmx gets only the grid
    assert fragment.text.count('class="offer-card"') == 2
    refused = client.post(
        f"{SAAS}/meso", data={"csrf_token": token, "count": "9", "target": "lots"}
    )
    assert refused.status_code == 400
    assert "must be from 2 to 5 offers, not 9" in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert client.post(f"{SAAS}/meso", data={"count": "2"}).status_code == 403


@covers("GET", "/{library}/{case_id}/evaluate")
def test_the_offer_form_has_a_choice_per_issue(client: Any) -> None:
    page = client.get(f"{SAAS}/evaluate")
    assert page.status_code == 200
    assert 'name="issue:residency"' in page.text and 'value="global"' in page.text
    assert 'name="issue:discount" min=' in page.text  # a numeric issue is a number box


@covers("POST", "/{library}/{case_id}/evaluate")
def test_evaluating_an_offer_says_what_breaks_and_what_to_say(client: Any, token: str) -> None:
    offer = {
        "issue:residency": "global",
        "issue:scope": "enterprise",
        "issue:audit": "none",
        "issue:discount": "10",
        "issue:start_week": "4",
    }
    page = client.post(f"{SAAS}/evaluate", data={"csrf_token": token, **offer})
    assert page.status_code == 200, page.text
    heading = re.search(r'<h3 id="recommendation">Recommendation: ([^<]+)</h3>', page.text)
    assert heading and "-" not in heading.group(1), "the recommendation is shown as its id"
    assert "EU data residency" in page.text and "eu_residency" not in page.text  # by its name
    assert 'data-copy="say-text"' in page.text and 'id="say-text"' in page.text
    bad = client.post(
        f"{SAAS}/evaluate",
        data={"csrf_token": token, **offer, "issue:residency": "<script>alert(1)</script>"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400
    assert "<script>alert(1)</script>" not in bad.text and "&lt;script&gt;" in bad.text


@covers("GET", "/{library}/{case_id}/bids")
def test_the_bids_page_asks_for_a_table(client: Any) -> None:
    page = client.get(f"{RFP}/bids")
    assert page.status_code == 200 and 'type="file"' in page.text


@covers("POST", "/{library}/{case_id}/bids")
def test_uploaded_bids_are_ranked_with_knock_outs_and_scores(client: Any, token: str) -> None:
    table = (EXAMPLES / "city-services-bids.csv").read_bytes()
    page = client.post(
        f"{RFP}/bids",
        files={"file": ("bids.csv", table, "text/csv")},
        data={"csrf_token": token},
    )
    assert page.status_code == 200, page.text
    assert "Recommendation: " in page.text and "Knocked out" in page.text
    assert "Metro Haul Inc." in page.text
    # Each knock-out by the standard's name, the bid's value in words and what was needed.
    assert "<li>Safety level 3 or higher: this bid has level 2; needed: score on the" in page.text
    assert "this bid has “Contractor&#39;s own monthly checklist”; needed: " in page.text
    broken = client.post(
        f"{RFP}/bids",
        files={"file": ("<b>x</b>.csv", b"bidder,annual_price\n{{7*7}},abc\n", "text/csv")},
        data={"csrf_token": token},
    )
    assert "{{7*7}}" not in broken.text or "49" not in broken.text
    assert "<b>x</b>" not in broken.text


@covers("GET", "/{library}/{case_id}/economics")
@covers("GET", "/{library}/{case_id}/economics.svg")
def test_the_economics_page_and_its_chart(client: Any) -> None:
    page = client.get(f"{SAAS}/economics")
    assert page.status_code == 200
    assert 'src="/examples/saas-data-residency/economics.svg"' in page.text
    chart = client.get(f"{SAAS}/economics.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.content.lstrip().startswith(b"<?xml") or b"<svg" in chart.content[:400]


def test_the_cache_serves_an_edited_case_fresh(client: Any, token: str) -> None:
    copied = client.post(
        "/examples/saas-data-residency/copy", data={"csrf_token": token}, follow_redirects=False
    )
    case_id = copied.headers["location"].split("/")[2].split("?")[0]
    first = client.get(f"/cases/{case_id}/analysis").text
    assert "Enterprise" in first or "Verdict" in first
    library = client.app.state.workbench.cases
    text = library.data(case_id).decode().replace("title: ", "title: Edited ", 1)
    library.save(case_id, text)
    assert "Edited " in client.get(f"/cases/{case_id}/analysis").text


@covers("GET", "/{library}/{case_id}/documents")
@covers("GET", "/{library}/{case_id}/documents/{kind}/{fmt}")
def test_documents_are_listed_and_downloaded(client: Any) -> None:
    page = client.get(f"{SAAS}/documents")
    assert page.status_code == 200
    assert f'href="{SAAS}/documents/proposal/md"' in page.text
    assert "bidder-notice" not in page.text  # a procurement kind, not for a sales case
    proposal = client.get(f"{SAAS}/documents/proposal/md")
    assert proposal.status_code == 200 and "attachment" in proposal.headers["content-disposition"]
    assert b"Nordbank" in proposal.content or len(proposal.content) > 200
    refused = client.get(f"{SAAS}/documents/bidder-notice/md")
    assert refused.status_code == 400 and "is needed for a bidder-notice" in refused.text
    assert client.get(f"{SAAS}/documents/no-such-kind/md").status_code == 400


ALWAYS = {"held", "free", "reservation"}
"""Legend keys for what every chart draws: both frontiers and the two reservation lines."""


def test_the_legend_lists_only_what_the_chart_draws(client: Any) -> None:
    # The gate example has no Nash or Kalai point and no ZOPA: nobody's alternative is beaten.
    page = client.get("/examples/leadership-safety-gate/analysis").text
    legend = re.search(r'<ul class="legend">(.*?)</ul>', page, re.S)
    assert legend, "the analysis page has no legend"
    listed = set(re.findall(r'class="key (\w+)"', legend.group(1))) - ALWAYS
    drawn = set(re.findall(r'<g class="mark (\w+)"', page))
    drawn |= {"zopa"} if '<rect class="zopa"' in page else set()
    assert listed == drawn
    assert "nash" not in listed and "zopa" not in listed  # what the case is chosen for


def test_number_boxes_hold_whole_numbers_without_a_decimal_point(client: Any) -> None:
    page = client.get("/examples/city-services-rfp/evaluate").text
    boxes = re.findall(r'<input[^>]*type="number"[^>]*>', page)
    assert boxes, "the offer form has no number box"
    numbers = [
        value for box in boxes for value in re.findall(r'(?:min|max|step|value)="([^"]*)"', box)
    ]
    assert "0" in numbers and "0.5" in numbers  # the credit cap's floor; the price's step
    assert [value for value in numbers if value.endswith(".0")] == []


def test_every_recommendation_has_words_for_a_heading() -> None:
    from brightline.offers.recommendation import Recommendation
    from brightline.web.filters import DECISIONS

    assert {item.value for item in Recommendation} <= set(DECISIONS)
