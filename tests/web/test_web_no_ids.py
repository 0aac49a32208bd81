"""No page shows the case file's ids: standards, issues, options, harms and the rest by their names.

An id with an underscore (``audit_before_expansion``, ``eu_only``) is the file's name for a part;
a page that shows one makes the reader translate. So does an outcome in the engine's notation
(``audit=none``), a field named by its path in the file (``their_batna.value``) and a closed
choice written as the store keeps it (``costly_signal``). Every page of an example is read for
them in the visible text, after a bids upload and one logged event of every kind (tags,
attribute values, the page title, the case file's own text on the case page and the file words
of an unreadable bids cell, which are what the user must type in the file, are not read), and so
are the pages of a case made from a starter, whose pitfalls name the fields left to fill.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from brightline.case.model import Case
from brightline.case.validate import parse_case
from brightline.playbook.record import DecisionKind, SignalType
from web_support import EXAMPLES, client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

CASES = ("city-services-rfp", "saas-pilot-expansion")
"""The largest example (with its bids table) and the one with ``audit_before_expansion``: every
example costs a compile, a gate and a MESO grid (about a second), so two stand for the eight
here; the pages' words come from one relabelling (``services/page_words.py``) whatever the case."""

BIDS = {"city-services-rfp": "city-services-bids.csv"}

CLOSED_CHOICES = {
    item.value for kind in (SignalType, DecisionKind) for item in kind if "_" in item.value
}


FIELD_PATH = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(sorted(Case.model_fields, key=len, reverse=True))
    + r")(?:\[\d+\])*\.[a-z_]+"
)


def _visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|title|pre)\b.*?</\1>", " ", page)
    page = re.sub(r'(?s)<code class="file-words">.*?</code>', " ", page)
    return re.sub(r"<[^>]+>", " ", page)


def _ids(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["id"]} if isinstance(value.get("id"), str) else set()
        return found.union(*(_ids(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_ids(item) for item in value))
    return set()


def _events(page: str, offer: dict[str, str]) -> dict[str, dict[str, str]]:
    """One event of every kind the session page logs, with choices read off its forms."""
    stages = re.findall(r'<select id="st-stage" name="stage"><option value="([^"]+)"', page)
    assert stages, "the session page offers no stage to move to"
    return {
        "offer": {"direction": "received", **offer, "note": "their first offer"},
        "concession": {"item": "price", "by": "them", "get": "a discount", "value_to_us": "500"},
        "signal": {"type": "costly_signal", "text": "they walked out", "by": "them"},
        "stage": {"stage": stages[0], "note": "opening done"},
        "decision": {"decision": "narrow_deal", "rationale": "the pilot only"},
        "approval": {"approver": "CFO", "scope": "deal", "text": "approved"},
        "note": {"text": "call on Friday"},
    }


def _shown(answers: dict[str, Any], ids: set[str], case: Case) -> dict[str, list[str]]:
    """Each page's ids, outcomes, field paths and closed choices in its visible text."""
    issues = "|".join(re.escape(issue.id) for issue in case.issues)
    outcome = re.compile(rf"(?<![\w-])(?:{issues}) ?=[^=]")  # the engine's issue=option
    words = ids | CLOSED_CHOICES
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(words))) + r")(?![\w-])")
    shown = {}
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.status_code)
        text = _visible(answer.text)
        found = set(pattern.findall(text)) | set(FIELD_PATH.findall(text))
        found |= set(outcome.findall(text))
        if found:
            shown[name] = sorted(found)
    return shown


@pytest.mark.parametrize("case_id", CASES)
def test_no_page_of_an_example_shows_an_id(client: Any, token: str, case_id: str) -> None:
    case = parse_case((EXAMPLES / f"{case_id}.yaml").read_bytes(), f"{case_id}.yaml").case
    ids = {found for found in _ids(case.model_dump(mode="json")) if "_" in found}
    assert ids, "the example has no id with an underscore to look for"
    base = f"/examples/{case_id}"
    evaluate = client.get(f"{base}/evaluate").text
    offer = dict(re.findall(r'name="(issue:[^"]+)"[^>]*>\s*<option value="([^"]*)"', evaluate))
    offer.update(re.findall(r'type="number" name="(issue:[^"]+)"[^>]*value="([^"]*)"', evaluate))
    started = client.post(f"{base}/sessions", data={"csrf_token": token}, follow_redirects=False)
    session = started.headers["location"]
    for kind, fields in _events(client.get(session).text, offer).items():
        logged = client.post(f"{session}/log/{kind}", data={"csrf_token": token, **fields})
        assert logged.status_code == 200, (kind, logged.text[-1500:])
    answers = {
        "case": client.get(base),
        "analysis": client.get(f"{base}/analysis"),
        "meso": client.get(f"{base}/meso"),
        "evaluate": client.get(f"{base}/evaluate"),
        "an offer": client.post(f"{base}/evaluate", data={"csrf_token": token, **offer}),
        "bids": client.get(f"{base}/bids"),
        "economics": client.get(f"{base}/economics"),
        "documents": client.get(f"{base}/documents"),
        "session": client.get(session),
        "sessions": client.get("/sessions"),
    }
    if case_id in BIDS:
        table = (EXAMPLES / BIDS[case_id]).read_bytes()
        answers["bids ranked"] = client.post(
            f"{base}/bids",
            files={"file": (BIDS[case_id], table, "text/csv")},
            data={"csrf_token": token},
        )
        assert "Knocked out" in answers["bids ranked"].text
    assert _shown(answers, ids, case) == {}
    # What the session page shows of the events is there, in words.
    timeline = _visible(answers["session"].text)
    assert "signal costly signal by them" in timeline and "decision narrow deal" in timeline
    assert f"session started on “{case.case.title}”" in timeline.replace("&#34;", '"')


def test_a_starter_case_names_the_fields_left_to_fill_in_words(client: Any, token: str) -> None:
    made = client.post(
        "/cases/new", data={"csrf_token": token, "context": "sales"}, follow_redirects=False
    )
    base = made.headers["location"].split("?")[0]
    answers = {
        "case": client.get(base),
        "analysis": client.get(f"{base}/analysis"),
        "economics": client.get(f"{base}/economics"),
    }
    case_id = base.rsplit("/", 1)[1]
    case = parse_case(client.get(f"{base}/download").content, f"{case_id}.yaml").case
    ids = {found for found in _ids(case.model_dump(mode="json")) if "_" in found}
    assert _shown(answers, ids, case) == {}
    analysis = answers["analysis"].text
    # The starter's placeholders are pitfalls; each links to its form field, named in words.
    fix = re.search(r'<a class="fix" href="([^"]+)">Fix: ([^<]+)</a>', analysis)
    assert fix, "a pitfall of the starter has no link to its field"
    assert fix.group(1).startswith(f"{base}/edit/") and "#field-" in fix.group(1)
    assert " › " in fix.group(2)
