"""No page shows the case file's ids: standards, issues, options, harms and the rest by their names.

An id with an underscore (``audit_before_expansion``, ``eu_only``) is the file's name for a part;
a page that shows one makes the reader translate. Every page of an example is read for the ids
of its case in the visible text (tags, attribute values, the page title and the case file's
own text on the case page are not read: the file is where ids belong).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from brightline.case.validate import parse_case
from web_support import EXAMPLES, client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

CASES = ("city-services-rfp", "saas-pilot-expansion")
"""The largest example and the one with ``audit_before_expansion``: every example costs a
compile, a gate and a MESO grid (about a second), so two stand for the eight here; the pages'
words come from one relabelling (``services/page_words.py``) whatever the case."""


def _visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|title|pre)\b.*?</\1>", " ", page)
    return re.sub(r"<[^>]+>", " ", page)


def _ids(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["id"]} if isinstance(value.get("id"), str) else set()
        return found.union(*(_ids(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_ids(item) for item in value))
    return set()


@pytest.mark.parametrize("case_id", CASES)
def test_no_page_of_an_example_shows_an_id(client: Any, token: str, case_id: str) -> None:
    case = parse_case((EXAMPLES / f"{case_id}.yaml").read_bytes(), f"{case_id}.yaml").case
    ids = {found for found in _ids(case.model_dump(mode="json")) if "_" in found}
    assert ids, "the example has no id with an underscore to look for"
    base = f"/examples/{case_id}"
    evaluate = client.get(f"{base}/evaluate").text
    offer = dict(re.findall(r'name="(issue:[^"]+)"[^>]*>\s*<option value="([^"]*)"', evaluate))
    offer.update(re.findall(r'type="number" name="(issue:[^"]+)"[^>]*value="([^"]*)"', evaluate))
    session = client.post(f"{base}/sessions", data={"csrf_token": token}, follow_redirects=False)
    answers = {
        "case": client.get(base),
        "analysis": client.get(f"{base}/analysis"),
        "meso": client.get(f"{base}/meso"),
        "evaluate": client.get(f"{base}/evaluate"),
        "an offer": client.post(f"{base}/evaluate", data={"csrf_token": token, **offer}),
        "bids": client.get(f"{base}/bids"),
        "economics": client.get(f"{base}/economics"),
        "documents": client.get(f"{base}/documents"),
        "session": client.get(session.headers["location"]),
    }
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids))) + r")(?![\w-])")
    shown = {}
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.status_code)
        found = sorted(set(pattern.findall(_visible(answer.text))))
        if found:
            shown[name] = found
    assert shown == {}
    # Outcomes read "Issue name: label", never the engine's issue=value.
    assert not re.findall(r"[\w)]=[\w\d]", _visible(answers["analysis"].text))
