"""The analysis and session pages in a real browser (Debian's Chromium through Playwright).

Against the live uvicorn server of the journey test (``web_support.live_server``): a case uploaded,
the gate and the frontier chart, a MESO grid rebuilt by htmx, an offer evaluated with its words copied, a
session started from the case, a concession logged, and a document downloaded. A failing step
leaves a screenshot in the test's folder (its path is in the failure message).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web_support import EXAMPLES, chromium_browser, live_server, screenshot_on_failure

__all__ = ["chromium_browser", "live_server"]  # fixtures

CASE = "/cases/saas-data-residency"


@pytest.fixture
def analysis_page(chromium_browser: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    opened.set_default_timeout(15_000)  # a loaded 2-core machine
    errors: list[str] = []
    opened.on("console", lambda message: message.type == "error" and errors.append(message.text))
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    assert errors == [], errors  # no CSP violation or script error on any page
    context.close()


def test_gate_meso_offer_session_and_document(
    analysis_page: Any, live_server: str, tmp_path: Path
) -> None:
    page = analysis_page
    with screenshot_on_failure(page, tmp_path):
        page.goto(live_server + "/")
        page.set_input_files("#upload-file", str(EXAMPLES / "saas-data-residency.yaml"))
        page.get_by_role("button", name="Upload and check").click()
        page.wait_for_url("**" + CASE + "?done=uploaded")
        page.get_by_role("link", name="Check, gate and offers").click()
        page.wait_for_url("**" + CASE + "/analysis")
        assert "Verdict: integrative-first" in page.locator("#gate").inner_text()
        nash = page.locator("svg.frontier .mark.nash title")
        assert "Nash point\nValue to us: 320,000 EUR" in (nash.first.text_content() or "")

        nav = page.locator("nav.case-nav")
        nav.get_by_role("link", name="MESO", exact=True).click()
        page.get_by_label("Offers").fill("2")
        page.get_by_role("button", name="Build the grid").click()
        from playwright.sync_api import expect  # no wait_for_function: the CSP forbids eval

        expect(page.locator(".offer-card")).to_have_count(2)
        assert page.url.endswith("/meso")  # htmx swapped the grid in; no page load

        page.locator("nav.case-nav").get_by_role("link", name="Evaluate an offer").click()
        page.get_by_label("Where customer data is stored and processed").select_option("global")
        page.get_by_role("button", name="Evaluate").click()
        say = page.locator("#say-text")
        say.wait_for()
        assert "does not meet the standard \u201cEU data residency\u201d" in say.inner_text()
        page.get_by_role("button", name="Copy the words").click()
        page.get_by_role("button", name="Copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == say.inner_text().strip()

        page.get_by_role("button", name="Start a live session").click()
        page.wait_for_url("**/sessions/*")
        assert "trail verifies" in page.locator("#trail-badge").inner_text()
        page.locator("#log-concession summary").click()
        page.get_by_label("Item (issue or term)").fill("discount")
        page.get_by_label("We give").fill("5 % more discount")
        page.get_by_label("Change in value to us (EUR)").fill("-12000")
        page.get_by_role("button", name="Record the concession").click()
        page.get_by_text("Recorded #2 (concession)").wait_for()
        assert "-12,000" in page.locator("table.list").last.inner_text()

        page.goto(live_server + CASE + "/documents")
        with page.expect_download() as download:
            page.locator(f'a[href="{CASE}/documents/proposal/md"]').click()
        saved = tmp_path / "proposal.md"
        download.value.save_as(saved)
        assert "Nordbank" in saved.read_text(encoding="utf-8")
