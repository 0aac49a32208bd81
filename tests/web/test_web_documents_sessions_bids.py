"""The Documents page's session and bids-table documents, through the same use case as ``doc``.

Pick a session: its counter, pause and walk-away are sent with a form (recorded in the trail,
with the CSRF token), its trail and concession log are links; a refused kind shows the use
case's reason. Upload a bids table: one bidder's notice (and nothing of other bids), the bid
matrix, a tender's counter to one bidder. A name typed into a form is escaped where it is shown.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from document_text import html_text
from web_support import EXAMPLES, client, covers, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

SAAS = "/examples/saas-data-residency"
CITY = "/examples/city-services-rfp"
BIDS = EXAMPLES / "city-services-bids.csv"
RECEIVED = {
    "direction": "received",
    "issue:residency": "global",
    "issue:scope": "division",
    "issue:audit": "none",
    "issue:discount": "10",
    "issue:start_week": "4",
}


def _start(client: Any, token: str, base: str) -> str:
    started = client.post(f"{base}/sessions", data={"csrf_token": token}, follow_redirects=False)
    assert started.status_code == 303, started.text
    return str(started.headers["location"]).rsplit("/", 1)[1]


def _log(client: Any, token: str, session: str, kind: str, fields: dict[str, str]) -> None:
    logged = client.post(f"/sessions/{session}/log/{kind}", data={"csrf_token": token, **fields})
    assert logged.status_code == 200, logged.text


def _send(client: Any, token: str, base: str, kind: str, **fields: str) -> Any:
    return client.post(
        f"{base}/documents/{kind}", data={"csrf_token": token, "format": "md", **fields}
    )


@pytest.fixture(scope="module")
def session(client: Any, token: str) -> str:
    """A SaaS session with an offer received on record."""
    session_id = _start(client, token, SAAS)
    _log(client, token, session_id, "offer", RECEIVED)
    return session_id


@covers("GET", "/{library}/{case_id}/documents")
def test_picking_a_session_lists_its_documents(client: Any, session: str) -> None:
    page = client.get(f"{SAAS}/documents", params={"session": session})
    assert page.status_code == 200
    assert f'<option value="{session}" selected>' in page.text
    table = page.text.split('class="list documents session-documents"', 1)[1]
    assert f'action="{SAAS}/documents/counter"' in table  # a form: sending is recorded
    for kind in ("pause", "walk"):  # nobody decided to stop, and the gate says pursue
        assert f"no {kind} decision is on record" in table
    assert f'action="{SAAS}/documents/pause"' not in table
    for kind in ("trail", "concession-log"):
        assert f'href="{SAAS}/documents/{kind}/md?session={session}"' in table
    unknown = client.get(f"{SAAS}/documents", params={"session": "000000000000"})
    assert unknown.status_code == 400


@covers("POST", "/{library}/{case_id}/documents/{kind}")
def test_a_counter_sent_from_the_page_is_recorded_in_the_trail(
    client: Any, token: str, session: str
) -> None:
    sent = _send(client, token, SAAS, "counter", session=session)
    assert sent.status_code == 200, sent.text
    assert sent.text.startswith("# ") and "Your offer" in sent.text
    assert "attachment;" in sent.headers["content-disposition"]
    trail = client.get(f"{SAAS}/documents/trail/md", params={"session": session})
    assert trail.status_code == 200
    assert "Document counter (md)" in trail.text  # the recorded document event


def test_a_counter_on_a_paused_session_is_refused_on_the_page_and_by_the_form(
    client: Any, token: str
) -> None:
    session_id = _start(client, token, SAAS)
    _log(client, token, session_id, "offer", RECEIVED)
    _log(
        client,
        token,
        session_id,
        "decision",
        {"decision": "pause", "rationale": "Hosting outside the EU", "review_date": "2027-03-01"},
    )
    page = client.get(f"{SAAS}/documents", params={"session": session_id})
    table = page.text.split('class="list documents session-documents"', 1)[1]
    assert "a counter is not written while the talks are paused" in table
    assert f'action="{SAAS}/documents/counter"' not in table
    refused = _send(client, token, SAAS, "counter", session=session_id)
    assert refused.status_code == 400
    assert "while the talks are paused" in refused.text
    paused = _send(client, token, SAAS, "pause", session=session_id)
    assert paused.status_code == 200, paused.text
    assert "We proposed a pause, to review on 2027-03-01" in paused.text
    _log(client, token, session_id, "decision", {"decision": "walk", "rationale": "No EU hosting"})
    ended = _send(client, token, SAAS, "walk-away", session=session_id)
    assert ended.status_code == 200 and "We ended the talks" in ended.text


@covers("GET", "/{library}/{case_id}/documents/{kind}/{fmt}")
def test_a_counterpart_document_of_a_session_is_not_sent_by_a_link(
    client: Any, session: str
) -> None:
    """A GET must not record anything: the link is for the case's and the internal kinds."""
    assert (
        client.get(f"{SAAS}/documents/counter/md", params={"session": session}).status_code == 400
    )
    log = client.get(f"{SAAS}/documents/concession-log/md", params={"session": session})
    assert log.status_code == 200 and log.text.startswith("# Concession log")


def test_a_bidder_notice_from_an_uploaded_table_holds_its_bid_only(client: Any, token: str) -> None:
    page = client.get(f"{CITY}/documents")
    assert 'id="bids-documents"' in page.text
    with BIDS.open("rb") as table:
        sent = client.post(
            f"{CITY}/documents/bidder-notice",
            data={"csrf_token": token, "format": "md", "bidder": "Metro Haul Inc."},
            files={"bids": ("bids.csv", table, "text/csv")},
        )
    assert sent.status_code == 200, sent.text
    assert "Metro Haul Inc." in sent.text
    assert "Ironbridge Waste" not in sent.text and "20.85" not in sent.text
    assert (
        'filename="city-services-rfp-bidder-notice-metro-haul-inc.md"'
        in (sent.headers["content-disposition"])
    )


def test_a_tender_counter_from_the_table_goes_to_its_bidder(client: Any, token: str) -> None:
    page = client.get(f"{CITY}/documents")
    listed = page.text.split('id="bids-documents"', 1)[1]
    assert f'action="{CITY}/documents/counter"' in listed
    with BIDS.open("rb") as table:
        sent = client.post(
            f"{CITY}/documents/counter",
            data={"csrf_token": token, "format": "md", "bidder": "Metro Haul Inc."},
            files={"bids": ("bids.csv", table, "text/csv")},
        )
    assert sent.status_code == 200, sent.text
    assert "to Metro Haul Inc.: our answer to your offer" in sent.text
    assert "Greenway Disposal" not in sent.text


def test_a_typed_bidder_name_is_escaped_where_the_page_shows_it(client: Any, token: str) -> None:
    typed = "<script>alert(1)</script>{{7*7}}"
    with BIDS.open("rb") as table:
        refused = client.post(
            f"{CITY}/documents/bidder-notice",
            data={"csrf_token": token, "format": "md", "bidder": typed},
            files={"bids": ("bids.csv", table, "text/csv")},
        )
    assert refused.status_code == 400
    assert "<script>alert(1)</script>" not in refused.text
    assert "&lt;script&gt;" in refused.text and "{{7*7}}" in html_text(refused.text)
    assert "bidders include" in refused.text
    missing = client.post(f"{CITY}/documents/bidder-notice", data={"format": "md"})
    assert missing.status_code in (400, 403)  # no CSRF token: refused before anything runs


def test_the_documents_page_shows_no_case_ids(client: Any, session: str) -> None:
    """Kinds, refusals and hints in words: no issue, option or standard id on the page."""
    from brightline.services.cases import load_case

    case = load_case(EXAMPLES / "saas-data-residency.yaml").case
    ids = {issue.id for issue in case.issues} | {standard.id for standard in case.standards}
    for issue in case.issues:
        ids |= {str(option.id) for option in getattr(issue, "options", [])}
    ids = {identifier for identifier in ids if "_" in identifier}
    text = html_text(client.get(f"{SAAS}/documents", params={"session": session}).text)
    shown = sorted(i for i in ids if re.search(rf"\b{re.escape(i)}\b", text))
    assert not shown, shown
