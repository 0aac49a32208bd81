"""The concession form: an empty "value to them" is recorded as unknown, never as 0."""

from __future__ import annotations

from typing import Any

from web_support import client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures


def test_an_empty_value_to_them_is_unknown(client: Any, token: str) -> None:
    started = client.post(
        "/examples/saas-data-residency/sessions", data={"csrf_token": token}, follow_redirects=False
    )
    session = str(started.headers["location"])
    fields = {"item": "reference call", "value_to_us": "-100", "value_to_them": ""}
    page = client.post(f"{session}/log/concession", data={"csrf_token": token, **fields})
    assert page.status_code == 200, page.text[-2000:]
    shown = client.get(session).text
    row = shown.split("reference call", 1)[1].split("</tr>", 1)[0]
    assert "unknown" in row and "+0" not in row
    text = " ".join(shown.split())
    assert "to them unknown (1 line without a " in text  # the glossary marks "value to them"
