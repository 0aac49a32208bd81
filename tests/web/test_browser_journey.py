"""A new user's whole journey in a real browser (Debian's Chromium through Playwright).

Against a live uvicorn server on a free loopback port: create a sales case from the starter, fill
it through the forms (a value in the value grid, a rule checked as it is typed, the reservation
point), save, see the check, and download the case file back. A failing step leaves a screenshot
in the test's folder (its path is in the failure message). The analysis and session helpers
extend this journey with the gate, MESO, evaluation, the session and documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web_support import chromium_browser, live_server, screenshot_on_failure

__all__ = ["chromium_browser", "live_server"]  # fixtures


@pytest.fixture
def journey_page(chromium_browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(15_000)  # a loaded 2-core machine
    errors: list[str] = []
    opened.on("console", lambda message: message.type == "error" and errors.append(message.text))
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.errors = errors
    yield opened
    assert errors == [], errors  # no CSP violation or script error on the way
    context.close()


def test_a_new_user_creates_fills_and_checks_a_sales_case(
    journey_page: Any, live_server: str, tmp_path: Path
) -> None:
    page = journey_page
    with screenshot_on_failure(page, tmp_path):
        journey(page, live_server)


def journey(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Sales").check()
    page.get_by_role("button", name="Create the case").click()
    page.wait_for_url("**/cases/sales*")
    assert "Case created from the starter" in page.inner_text("main")
    case_url = page.url.split("?")[0]

    # The value grid of an issue: change what the global option is worth to us.
    page.get_by_role("link", name="Issues and their values").click()
    page.get_by_label("Value to us #2 global").fill("35,000")
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url("**?done=saved")

    # A rule checked as it is typed (htmx posts it with the CSRF header), then fixed.
    page.get_by_role("link", name="Standards").first.click()
    rule = page.locator("input.rule").first
    rule.fill('residency == "eu"')
    error = page.locator("#err-standards-0-rule")
    error.filter(has_text="has no option 'eu'").wait_for()
    assert "standard rule:" in error.inner_text()
    rule.fill('residency == "eu_only"')
    page.locator("#err-standards-0-rule").filter(has_text="fits the issues").wait_for()

    # The reservation point and its pre-commitment.
    page.get_by_role("link", name="BATNA and reservation point").click()
    page.locator('[name="reservation.value"]').fill("90000")
    assert page.locator('[name="reservation.pre_committed"]').is_checked()
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url("**?done=saved")

    text = page.inner_text("main")
    assert "Readiness" in text and "Saved" in text
    download = page.request.get(case_url + "/download")
    assert "ours: 35000" in download.text() and "value: 90000" in download.text()
