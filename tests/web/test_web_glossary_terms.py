"""Every term of art on every page is explained where it is first used (issue 12 D5).

The scan reads a page as a person does: its visible text in order. Each glossary term (or alias)
the page uses in its own words must, the first time it appears, sit in an ``<abbr title>`` or a
link to the glossary. Text the case itself holds (titles, names, labels the user typed) is not the
page's own words and is left out; form values, code, the charts' own tooltips and the glossary
page itself are not scanned.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from brightline.web.filters import _TERM_PATTERN, _found_term
from brightline.web.glossary import ALIASES, TERMS, meaning
from web_support import EXAMPLES, client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "brightline" / "web" / "templates"

UNSCANNED = frozenset(
    {"head", "script", "style", "svg", "textarea", "option", "select", "code", "pre"}
)
"""Elements whose text is not the page's prose: metadata, form values, code, chart tooltips."""

VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source"})


class PageText(HTMLParser):
    """The visible text of a page in order, each piece with whether it is explained there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, bool]] = []
        self._open: list[tuple[str, bool]] = []  # (tag, explains) of each open element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        found = dict(attrs)
        explains = (tag == "abbr" and bool(found.get("title"))) or (
            tag == "a" and (found.get("href") or "").startswith("/glossary")
        )
        self._open.append((tag, explains))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip() or any(tag in UNSCANNED for tag, _ in self._open):
            return
        self.pieces.append((data, any(explains for _, explains in self._open)))


def case_strings(data: Any) -> list[str]:
    """Every text a case file holds (longest first), to tell the case's words from the page's."""
    found: list[str] = []
    if isinstance(data, dict):
        for value in data.values():
            found += case_strings(value)
    elif isinstance(data, list):
        for value in data:
            found += case_strings(value)
    elif isinstance(data, str) and len(data) > 1 and not _TERM_PATTERN.fullmatch(data):
        found.append(data)  # a case text that is just a term ("standard") is the page's word too
    return sorted(set(found), key=len, reverse=True)


def unexplained(html: str, own: list[str]) -> dict[str, str]:
    """Terms whose first use in the page's own words is not explained -> the text around it."""
    reader = PageText()
    reader.feed(html)
    first: dict[str, str] = {}
    theirs = _words_of(tuple(own))
    for text, explained in reader.pieces:
        text = theirs.sub(" \u2063 ", text) if own else text  # the case's words are not scanned
        for found in _TERM_PATTERN.finditer(text):
            name = _found_term(found, set(first))
            if name is None:
                continue
            if not explained:
                start = max(found.start() - 30, 0)
                first[name] = text[start : found.end() + 30].strip()
            else:
                first[name] = ""
    return {name: around for name, around in first.items() if around}


@functools.lru_cache(maxsize=16)
def _words_of(own: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the case's texts, each as a whole (never the middle of a word)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(text) for text in own) + r")(?!\w)")


def _copy(client: Any, token: str, example: str) -> str:
    copied = client.post(
        f"/examples/{example}/copy", data={"csrf_token": token}, follow_redirects=False
    )
    assert copied.status_code == 303, copied.text
    return str(copied.headers["location"]).split("/")[2].split("?")[0]


PAGES = ("", "/analysis", "/meso", "/evaluate", "/bids", "/economics")
"""The pages of a case (the documents page, the docs helper's, is checked separately)."""


EXAMPLES_SCANNED = ("city-services-rfp", "leadership-safety-gate", "senior-hire-pay-band")
"""A procurement, a leadership and a hiring case (with the sales case of the evaluation and the
session below): each example costs a compile, a gate and a MESO grid, and the pages' words come
from the same templates and report sections whatever the case."""


@pytest.mark.parametrize("example", EXAMPLES_SCANNED)
def test_every_page_explains_each_term_where_it_is_first_used(
    client: Any, token: str, example: str
) -> None:
    from brightline.case.validate import parse_case

    case = parse_case((EXAMPLES / f"{example}.yaml").read_bytes(), example).case
    own = case_strings(case.model_dump(mode="json"))
    case_id = _copy(client, token, example)
    paths = [f"/examples/{example}{page}" for page in PAGES]
    paths += [f"/cases/{case_id}/edit/all", f"/cases/{case_id}"]
    missing: dict[str, dict[str, str]] = {}
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        if found := unexplained(page.text, own):
            missing[path] = found
    assert missing == {}, missing


def test_the_session_page_explains_its_terms(client: Any, token: str) -> None:
    started = client.post(
        "/examples/saas-data-residency/sessions",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text[:2000]
    from brightline.case.validate import parse_case

    example = EXAMPLES / "saas-data-residency.yaml"
    own = case_strings(parse_case(example.read_bytes(), "saas").case.model_dump(mode="json"))
    session = started.headers["location"]
    logged = client.post(
        f"{session}/log/concession",
        data={"csrf_token": token, "item": "discount", "by": "us", "value_to_us": "-10000"},
    )
    assert logged.status_code == 200, logged.text[:2000]
    page = client.get(session).text
    assert "reciprocity" in page.lower()
    assert unexplained(page, own) == {}


def test_every_term_a_template_names_is_in_the_glossary() -> None:
    named = set()
    for template in TEMPLATES.rglob("*.html"):
        named |= set(re.findall(r'"([^"]+)"\s*\|\s*term\b', template.read_text(encoding="utf-8")))
    assert named, "no template names a term: the scan is broken"
    assert {name for name in named if meaning(name) is None} == set()


def test_every_alias_names_a_term_and_the_glossary_page_lists_them(client: Any) -> None:
    assert {alias: name for alias, name in ALIASES.items() if name not in TERMS} == {}
    page = client.get("/glossary").text
    for name in TERMS:
        assert f">{name}</dt>" in page, name


def test_the_scan_finds_a_term_left_unexplained() -> None:
    page = "<main><p>The ZOPA is <abbr title='x'>wide</abbr>; the BATNA too.</p></main>"
    assert set(unexplained(page, [])) == {"ZOPA", "BATNA"}
    explained = "<main><p><abbr title='x'>ZOPA</abbr> and ZOPA</p></main>"
    assert unexplained(explained, []) == {}
    assert unexplained("<main><p>Acme ZOPA Ltd signs.</p></main>", ["Acme ZOPA Ltd"]) == {}


def test_an_evaluation_and_a_ranking_explain_their_terms(client: Any, token: str) -> None:
    from brightline.case.validate import parse_case

    def own(example: str) -> list[str]:
        loaded = parse_case((EXAMPLES / f"{example}.yaml").read_bytes(), example)
        return case_strings(loaded.case.model_dump(mode="json"))

    offer = {"issue:residency": "global", "issue:scope": "enterprise", "issue:audit": "none"}
    evaluated = client.post(
        "/examples/saas-data-residency/evaluate",
        data={"csrf_token": token, **offer, "issue:discount": "10", "issue:start_week": "4"},
    )
    assert evaluated.status_code == 200, evaluated.text[:2000]
    assert unexplained(evaluated.text, own("saas-data-residency")) == {}
    ranked = client.post(
        "/examples/city-services-rfp/bids",
        files={"file": ("bids.csv", (EXAMPLES / "city-services-bids.csv").read_bytes())},
        data={"csrf_token": token},
    )
    assert ranked.status_code == 200 and "Recommendation: " in ranked.text, ranked.text[:2000]
    assert unexplained(ranked.text, own("city-services-rfp")) == {}


def test_a_concession_of_unknown_position_is_warned_about_once(client: Any, token: str) -> None:
    started = client.post(
        "/examples/saas-data-residency/sessions", data={"csrf_token": token}, follow_redirects=False
    )
    logged = client.post(
        f"{started.headers['location']}/log/concession",
        data={"csrf_token": token, "item": "discount", "by": "us", "value_to_us": "-12000"},
    )
    assert logged.status_code == 200, logged.text[:2000]
    recorded = logged.text.split("Recorded #2", 1)[1].split("</div>", 1)[0]
    said = recorded.count("position unknown") + recorded.count("was not checked against")
    assert said == 1, recorded
