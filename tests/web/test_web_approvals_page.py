"""The approvals inbox page in team mode: the blocked offer, asking, deciding, the policy form.

Team acme (team_support): olive owner, nina negotiator, april approver, victor viewer; gus owns
globex. The session runs on the factory case (target set to -4,000 EUR by olive on the page).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.services.sessions import Sessions
from brightline.session.store import open_store
from brightline.web.auth import team_store
from session_support import case_text
from team_support import ACME_MEMBERS, OUTSIDER, Browser, browser, database_url, team_app, two_teams
from web_support import covers

BELOW = {"direction": "made", "issue:residency": "eu_only", "issue:discount": "5"}


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Browser], str]]:
    root: Path = tmp_path_factory.mktemp("approvals-web")
    two_teams(root)
    app = team_app(root)
    url = database_url(root)
    sessions = Sessions(team_store(lambda: open_store(url), "acme"), author="nina")
    session_id = sessions.start_text(case_text(), "case.yaml").id
    names = {"olive", "nina", "april", "victor", OUTSIDER}
    assert names <= {*ACME_MEMBERS.values(), OUTSIDER}
    found = {name: browser(app, name) for name in names}
    saved = found["olive"].post(
        "/approvals/policy",
        {"requires": "offer-below-target", "targets": "t=-4000"},
    )
    assert saved.status_code == 303, saved.text
    yield found, session_id
    for item in found.values():
        item.client.close()


def _inbox(member: Browser) -> str:
    page = member.client.get("/approvals")
    assert page.status_code == 200, page.text
    return str(page.text)


def _pending_id(page: str) -> str:
    import re

    match = re.search(r'action="/approvals/(\d+)/decide"', page)
    assert match, "no decision form on the page"
    return match.group(1)


@covers("GET", "/approvals")
@covers("POST", "/approvals/request")
@covers("POST", "/approvals/{request_id}/decide")
def test_an_offer_is_refused_on_the_session_page_until_another_member_approves(
    setting: tuple[dict[str, Browser], str],
) -> None:
    browsers, session_id = setting
    nina, april, victor = browsers["nina"], browsers["april"], browsers["victor"]
    blocked = nina.post(f"/sessions/{session_id}/log/offer", BELOW)
    assert blocked.status_code == 400
    assert "needs approval first" in blocked.text
    assert "--" not in blocked.text.split("needs approval first")[1][:400]  # no flag text
    asked = nina.post(
        "/approvals/request",
        {"session": session_id, "terms": "residency=eu_only discount=5", "reason": "signs today"},
    )
    assert asked.status_code == 303, asked.text
    assert "pending" in _inbox(nina) and "signs today" in _inbox(nina)
    assert 'action="/approvals/' not in _inbox(victor)  # a viewer decides nothing
    request_id = _pending_id(_inbox(april))
    refused = victor.post(f"/approvals/{request_id}/decide", {"decision": "approve", "reason": "x"})
    assert refused.status_code == 403
    decided = april.post(
        f"/approvals/{request_id}/decide", {"decision": "approve", "reason": "worth the logo"}
    )
    assert decided.status_code == 303, decided.text
    assert "approved</strong> by april: worth the logo" in _inbox(nina)
    made = nina.post(f"/sessions/{session_id}/log/offer", BELOW)
    assert made.status_code == 200, made.text
    trail = nina.client.get(f"/sessions/{session_id}/export").json()
    steps = [(event["kind"], event["author"]) for event in trail["events"][-3:]]
    assert steps == [("request", "nina"), ("approval", "april"), ("offer", "nina")]


def test_the_reason_is_escaped_and_forms_need_the_csrf_token(
    setting: tuple[dict[str, Browser], str],
) -> None:
    browsers, session_id = setting
    nina, april = browsers["nina"], browsers["april"]
    script = "<script>alert(1)</script>"
    asked = nina.post(
        "/approvals/request",
        {"session": session_id, "terms": "residency=eu_only discount=10", "reason": script},
    )
    assert asked.status_code == 303, asked.text
    page = _inbox(april)
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    request_id = _pending_id(page)
    forged = april.client.post(
        f"/approvals/{request_id}/decide",
        data={"decision": "refuse", "reason": "no"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    refused = april.post(
        f"/approvals/{request_id}/decide", {"decision": "refuse", "reason": script}
    )
    assert refused.status_code == 303
    assert script not in _inbox(nina) and "refused</strong> by april" in _inbox(nina)


def test_another_team_neither_sees_nor_decides_acmes_requests(
    setting: tuple[dict[str, Browser], str],
) -> None:
    browsers, session_id = setting
    nina, gus = browsers["nina"], browsers[OUTSIDER]
    asked = nina.post(
        "/approvals/request",
        {"session": session_id, "terms": "residency=eu_only discount=15", "reason": "ours only"},
    )
    assert asked.status_code == 303
    assert "ours only" not in _inbox(gus)
    request_id = _pending_id(_inbox(browsers["april"]))
    tried = gus.post(f"/approvals/{request_id}/decide", {"decision": "approve", "reason": "mine"})
    assert tried.status_code == 400 and "no request" in tried.text
    theirs = gus.post(
        "/approvals/request",
        {"session": session_id, "terms": "residency=eu_only discount=5", "reason": "x"},
    )
    assert theirs.status_code == 400 and "no session" in theirs.text


@covers("POST", "/approvals/policy")
def test_only_an_owner_edits_the_policy(setting: tuple[dict[str, Browser], str]) -> None:
    browsers, _ = setting
    denied = browsers["april"].post("/approvals/policy", {"requires": "offer-below-target"})
    assert denied.status_code == 403
    bad = browsers["olive"].post("/approvals/policy", {"targets": "t=lots"})
    assert bad.status_code == 400 and "is not a case id and a value" in bad.text
    page = _inbox(browsers["olive"])
    assert 'action="/approvals/policy"' in page and "t -4,000 in the case currency" in page
    assert 'action="/approvals/policy"' not in _inbox(browsers["nina"])


def test_the_page_declares_its_rules_and_is_in_the_app(setting: Any) -> None:
    from brightline.web.app import ROUTE_MODULES

    assert "approvals" in ROUTE_MODULES
