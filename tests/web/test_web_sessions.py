"""The live session pages: start from a case, log each kind of event, next move, trail badge."""

from __future__ import annotations

from typing import Any

import pytest

from web_support import client, covers, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

HOSTILE = "<script>alert(1)</script> {{7*7}}"


@pytest.fixture(scope="module")
def session(client: Any, token: str) -> str:
    started = client.post(
        "/examples/saas-data-residency/sessions", data={"csrf_token": token}, follow_redirects=False
    )
    assert started.status_code == 303, started.text
    return str(started.headers["location"])


@covers("POST", "/{library}/{case_id}/sessions")
@covers("GET", "/sessions/{session_id}")
def test_a_session_starts_from_a_case_with_its_next_move(client: Any, session: str) -> None:
    page = client.get(session)
    assert page.status_code == 200, page.text
    assert "trail verifies" in page.text
    assert "Your next move" in page.text and "stage <strong>" in page.text
    for kind in ("offer", "concession", "signal", "stage", "decision", "approval", "note"):
        assert f'id="log-{kind}"' in page.text
    assert "--" not in page.text.split("Your next move")[1].split("Log what happened")[0]


@covers("POST", "/sessions/{session_id}/log/{kind}")
def test_each_event_kind_is_logged_and_user_text_is_escaped(
    client: Any, token: str, session: str
) -> None:
    forms = {
        "concession": {
            "item": HOSTILE,
            "give": HOSTILE,
            "value_to_us": "-5000",
            "value_to_them": "3000",
        },
        "signal": {"type": "objection", "text": HOSTILE},
        "approval": {"approver": HOSTILE, "scope": "other", "text": HOSTILE},
        "note": {"text": HOSTILE},
        "offer": {"direction": "received", "issue:residency": "global", "note": HOSTILE},
        "stage": {"stage": "opening", "note": HOSTILE},
        "decision": {"decision": "pause", "rationale": HOSTILE, "review_date": "2027-01-15"},
    }
    for kind, fields in forms.items():
        page = client.post(f"{session}/log/{kind}", data={"csrf_token": token, **fields})
        assert page.status_code == 200, (kind, page.text[-2000:])
        assert f"({kind})" in page.text
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;" in page.text and ">49<" not in page.text
    page = client.get(session)
    assert "Concession log" in page.text and "-5,000" in page.text
    assert "trail verifies" in page.text


def test_a_refused_event_is_explained_beside_its_form(
    client: Any, token: str, session: str
) -> None:
    refused = client.post(f"{session}/log/note", data={"csrf_token": token, "text": ""})
    assert refused.status_code == 400
    assert 'role="alert">note event is not valid: text:' in refused.text
    number = client.post(
        f"{session}/log/concession", data={"csrf_token": token, "item": "x", "value_to_us": "lots"}
    )
    assert number.status_code == 400 and "value to us: must be a plain number" in number.text
    assert client.post(f"{session}/log/nonsense", data={"csrf_token": token}).status_code == 404


def test_logging_without_the_token_is_refused(client: Any, session: str) -> None:
    assert client.post(f"{session}/log/note", data={"text": "x"}).status_code == 403


@covers("GET", "/sessions")
@covers("GET", "/sessions/{session_id}/export")
def test_sessions_are_listed_and_exported(client: Any, session: str) -> None:
    listed = client.get("/sessions")
    assert listed.status_code == 200 and session.rsplit("/", 1)[1] in listed.text
    export = client.get(f"{session}/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert export.json()["events"]
