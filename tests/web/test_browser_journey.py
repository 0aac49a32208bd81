"""A new user's whole journey in a real browser (Debian's Chromium through Playwright).

Against a live uvicorn server on a free loopback port, one journey from an empty library to a
document (issue 12 D6): create a sales case from the starter, fill it through the forms (a value in
the value grid, a rule checked as it is typed, the reservation point), save, see the check, then
the gate, the starter's own MESO grid (rebuilt by htmx), an offer evaluated with its words copied,
a live session started from the case, a concession logged, a document downloaded and the case
file downloaded back. One browser and one server for the whole journey; a failing step leaves a
screenshot in the test's folder (its path is in the failure message).

The journey is the tutorial "Your first case in the browser" (docs/tutorials/), step for step,
and takes its screenshots: ``BRIGHTLINE_UPDATE_SCREENSHOTS=1 pytest tests/web/test_browser_journey.py``
writes them into docs/images/web/ with the headings of each page they show
(``screenshots.json``); every other run checks that the pages still have those headings and that
the tutorial shows exactly these images, so a screenshot of a page that has changed is caught.

The same browser and server then show the case forms on a phone (issue 12 S3): at 390 px wide no
form page may be wider than the screen. A table of form fields (stakeholders, options and their
values, integrative options) used to push the page to 576 px, so a phone user scrolled the whole
page sideways to reach a field.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from brightline.services.case_editor import ALL
from web_support import EXAMPLES, chromium_browser, live_server, screenshot_on_failure

__all__ = ["chromium_browser", "live_server"]  # fixtures

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGES = DOCS / "images" / "web"
TUTORIAL = DOCS / "tutorials" / "first-case-in-the-browser.md"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_SCREENSHOTS") == "1"
UNSTICK = "(p) => document.querySelectorAll('.actions.sticky').forEach((e) => e.style.position = p)"
"""The forms' sticky Save bar would sit across the middle of a screenshot of a form's part (set
through the element's style: the CSP refuses an injected stylesheet)."""


class Screenshots:
    """The tutorial's screenshots: taken when updating, else checked against the pages' headings."""

    def __init__(self) -> None:
        self.headings: dict[str, list[str]] = {}

    def take(self, page: Any, name: str, part: Any | None = None, until: Any | None = None) -> None:
        """Shoot ``part`` (a locator; the viewport when None) as ``name``.png, noting the page."""
        self.headings[name] = [
            " ".join(text.split()) for text in page.locator("main h1, main h2").all_inner_texts()
        ]
        if UPDATE:
            self._shoot(page, str(IMAGES / f"{name}.png"), part, until)

    @staticmethod
    def _shoot(page: Any, target: str, part: Any | None, until: Any | None) -> None:
        page.evaluate(UNSTICK, "static")
        try:
            if part is None:
                page.screenshot(path=target)
            elif until is None:
                part.screenshot(path=target)
            else:  # from the top of ``part`` to the bottom of ``until``, scrolled to the top
                part.evaluate("(e) => e.scrollIntoView({block: 'start'})")
                top, bottom = part.bounding_box(), until.bounding_box()
                assert top is not None and bottom is not None
                clip = {
                    "x": top["x"],
                    "y": top["y"],
                    "width": top["width"],
                    "height": bottom["y"] + bottom["height"] + 12 - top["y"],
                }
                page.screenshot(path=target, clip=clip)
        finally:
            page.evaluate(UNSTICK, "")

    def check(self) -> None:
        """Write the record (updating), or compare the pages and the tutorial with it."""
        record = IMAGES / "screenshots.json"
        if UPDATE:
            record.write_text(json.dumps(self.headings, indent=2, ensure_ascii=False) + "\n")
        shot = json.loads(record.read_text(encoding="utf-8"))
        again = (
            "re-take them: BRIGHTLINE_UPDATE_SCREENSHOTS=1 pytest tests/web/test_browser_journey.py"
        )
        assert self.headings == shot, f"the pages changed since the screenshots; {again}"
        shown = re.findall(r"\]\(\.\./images/web/([\w-]+)\.png\)", TUTORIAL.read_text())
        assert sorted(shown) == sorted(shot), (
            "the tutorial shows other images than the journey takes"
        )
        assert all((IMAGES / f"{name}.png").is_file() for name in shot)


@pytest.fixture
def journey_page(chromium_browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    opened.set_default_timeout(15_000)  # a loaded 2-core machine
    errors: list[str] = []
    opened.on("console", lambda message: message.type == "error" and errors.append(message.text))
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.errors = errors
    yield opened
    assert errors == [], errors  # no CSP violation or script error on the way
    context.close()


def test_a_new_user_goes_from_a_starter_to_a_document(
    journey_page: Any, live_server: str, tmp_path: Path
) -> None:
    page = journey_page
    shots = Screenshots()
    with screenshot_on_failure(page, tmp_path):
        case_url = fill_the_starter(page, live_server, shots)
        analyse(page, case_url, shots)
        negotiate(page, case_url, tmp_path, shots)
    shots.check()


def fill_the_starter(page: Any, live_server: str, shots: Screenshots) -> str:
    """Create the sales starter and fill it through the forms; returns the case's URL."""
    page.goto(live_server + "/")
    page.get_by_role("link", name="New case").first.click()
    shots.take(page, "new-case")
    page.get_by_label("Sales").check()
    page.get_by_role("button", name="Create the case").click()
    page.wait_for_url("**/cases/sales*")
    assert "Case created from the starter" in page.inner_text("main")
    case_url = page.url.split("?")[0]
    shots.take(page, "starter")

    # The value grid of an issue: change what the global option is worth to us.
    page.get_by_role("link", name="Issues and their values").click()
    page.get_by_label("Value to us #2 global").fill("35,000")
    shots.take(page, "issues-form", page.locator("fieldset").first)
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url("**?done=saved")

    # A rule checked as it is typed (htmx posts it with the CSRF header), then fixed.
    page.get_by_role("link", name="Standards").first.click()
    rule = page.locator("input.rule").first
    rule.fill('residency == "eu"')
    error = page.locator("#err-standards-0-rule")
    error.filter(has_text="has no option 'eu'").wait_for()
    assert "standard rule:" in error.inner_text()
    builder = page.get_by_role("button", name="Add condition").first
    shots.take(page, "rule-check", page.locator("fieldset").first, until=builder)
    rule.fill('residency == "eu_only"')
    page.locator("#err-standards-0-rule").filter(has_text="fits the issues").wait_for()

    # The reservation point and its pre-commitment.
    page.get_by_role("link", name="BATNA and reservation point").click()
    page.locator('[name="reservation.value"]').fill("60000")
    assert page.locator('[name="reservation.pre_committed"]').is_checked()
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url("**?done=saved")

    text = page.inner_text("main")
    assert "Readiness" in text and "Saved" in text
    download = page.request.get(case_url + "/download")
    assert "ours: 35000" in download.text() and "value: 60000" in download.text()
    return case_url


def analyse(page: Any, case_url: str, shots: Screenshots) -> None:
    """The gate on the filled starter, its default MESO grid, then a grid of two by htmx."""
    from playwright.sync_api import expect  # no wait_for_function: the CSP forbids eval

    page.get_by_role("link", name="Check, gate and offers").click()
    page.wait_for_url(case_url + "/analysis")
    assert "Verdict: integrative-first" in page.locator("#gate").inner_text()
    nash = page.locator("svg.frontier .mark.nash title")
    assert "Nash point\nValue to us: " in (nash.first.text_content() or "")
    shots.take(page, "analysis", page.locator("#frontier"))

    page.locator("nav.case-nav").get_by_role("link", name="MESO", exact=True).click()
    expect(page.locator(".offer-card")).to_have_count(3)  # the starter's grid at the defaults
    page.get_by_label("Offers").fill("2")
    page.get_by_role("button", name="Build the grid").click()
    expect(page.locator(".offer-card")).to_have_count(2)
    assert page.url.endswith("/meso")  # htmx swapped the grid in; no page load
    assert narrowest_term(page) >= READABLE, "an offer card's terms are squeezed to a sliver"
    shots.take(page, "meso")


def negotiate(page: Any, case_url: str, folder: Path, shots: Screenshots) -> None:
    """Evaluate an offer, start a session from it, log a concession, download a document."""
    page.locator("nav.case-nav").get_by_role("link", name="Evaluate an offer").click()
    page.get_by_label("Where customer data is stored").select_option("global")
    page.get_by_role("button", name="Evaluate").click()
    say = page.locator("#say-text")
    say.wait_for()
    assert "the standard \u201cEU data residency\u201d" in say.inner_text()
    page.get_by_role("button", name="Copy the words").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == say.inner_text().strip()
    shots.take(page, "evaluate", page.locator("#evaluation"))

    page.get_by_role("button", name="Start a live session").click()
    page.wait_for_url("**/sessions/*")
    assert "trail verifies" in page.locator("#trail-badge").inner_text()
    page.locator("#log-concession summary").click()
    page.get_by_label("Item (issue or term)").fill("discount")
    page.get_by_label("We give").fill("5 % more discount")
    page.get_by_label("Change in value to us (EUR)").fill("-10000")
    page.get_by_role("button", name="Record the concession").click()
    page.get_by_text("Recorded #2 (concession)").wait_for()
    assert "-10,000" in page.locator("table.list").last.inner_text()
    shots.take(page, "session")

    path = urlsplit(case_url).path
    page.goto(f"{case_url}/documents")
    with page.expect_download() as download:
        page.locator(f'a[href="{path}/documents/proposal/md"]').click()
    saved = folder / "proposal.md"
    download.value.save_as(saved)
    proposal = saved.read_text(encoding="utf-8")
    assert "The buyer" in proposal and "EU data residency" in proposal


PHONE = 390
"""The width of a common phone's screen in CSS pixels."""

READABLE = 64
"""The narrowest an offer card's value column may be, in CSS pixels (about four words' width):
a grid whose label column took the card's width once printed the terms one letter a line."""


def narrowest_term(page: Any) -> float:
    """The width of the narrowest value in the offer cards' terms, in CSS pixels."""
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.offer-card dl.terms dd')]"
        ".map((dd) => dd.getBoundingClientRect().width)"
    )
    assert widths, "no offer card terms on the page"
    return float(min(widths))


@pytest.fixture(scope="module")
def phone(chromium_browser: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": PHONE, "height": 844})
    opened = context.new_page()
    opened.set_default_timeout(15_000)  # a loaded 2-core machine
    yield opened
    context.close()


def uploaded(page: Any, live_server: str, example: str) -> str:
    """Upload an example case through the home page's form; returns the case's id."""
    page.goto(live_server + "/")
    page.set_input_files("#upload-file", str(EXAMPLES / f"{example}.yaml"))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/cases/*?done=uploaded")
    return str(page.url.split("/cases/", 1)[1].split("?")[0])


def test_every_case_form_fits_a_phone(phone: Any, live_server: str) -> None:
    # The "all" page holds every section's form at once, so one page load covers each of them.
    case_id = uploaded(phone, live_server, "city-services-rfp")
    wider: dict[str, int] = {}
    for path in (f"/cases/{case_id}/edit/{ALL}", "/cases/new"):
        phone.goto(live_server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            wider[path] = width
    assert wider == {}, f"pages wider than a {PHONE} px phone (their width in px): {wider}"
    phone.goto(f"{live_server}/cases/{case_id}/meso")
    assert narrowest_term(phone) >= READABLE, "an offer card's terms are squeezed on a phone"

    # A table of four columns or more reads as cards: none needs scrolling sideways on a phone.
    cut = {}
    for name in ("economics", "analysis"):
        phone.goto(f"{live_server}/cases/{case_id}/{name}")
        wide = phone.evaluate(
            "() => [...document.querySelectorAll('main table')]"
            ".filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)"
            ".map((t) => t.querySelector('th') ? t.querySelector('th').innerText : '?')"
        )
        if wide:
            cut[name] = wide
    assert cut == {}, f"tables wider than a {PHONE} px phone, by their first column: {cut}"

    # A row of fields in a table reads as a card, each field under its own label.
    phone.goto(f"{live_server}/cases/{case_id}/edit/parties")
    cell = phone.locator("table.grid-table td[data-label]").first
    label = phone.evaluate(
        "(cell) => getComputedStyle(cell, '::before').content", cell.element_handle()
    )
    assert label.strip('"') == "Name"
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE
