"""The pages keep what they computed by content and by trail head, and never serve it stale.

A case file edited (here: written over, as an editor or the forms would) is new content, so its
analysis is computed and laid out afresh at once; a session's page verifies its trail again as
soon as any row changed, so a payload edited in the database shows where the trail breaks.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from web_support import EXAMPLES, client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

CASE = "saas-data-residency"


def _gate(page: str) -> str:
    start = page.index('id="gate"')
    return page[start : page.index("</section>", start)]


def test_an_edited_case_file_shows_on_its_pages_at_once(client: Any, web_root: Path) -> None:
    original = (EXAMPLES / f"{CASE}.yaml").read_text(encoding="utf-8")
    kept = web_root / "cases" / "edited.yaml"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(original, encoding="utf-8")
    before = client.get("/cases/edited/analysis").text
    assert client.get("/cases/edited/analysis").text == before  # laid out from what was kept
    assert "ours 60,000 EUR" in _gate(before) and "ours 61,000 EUR" not in before
    kept.write_text(
        original.replace("reservation:\n  value: 60000", "reservation:\n  value: 61000", 1),
        encoding="utf-8",
    )
    assert "ours 61,000 EUR" in _gate(client.get("/cases/edited/analysis").text)
    assert "61,000 EUR" in client.get("/cases/edited/economics").text


def test_a_trail_edited_in_the_database_shows_where_it_breaks(
    client: Any, token: str, web_root: Path
) -> None:
    started = client.post(
        f"/examples/{CASE}/sessions", data={"csrf_token": token}, follow_redirects=False
    )
    page = started.headers["location"]
    logged = client.post(f"{page}/log/note", data={"csrf_token": token, "text": "first note"})
    assert "first note" in logged.text and "trail verifies" in logged.text
    assert "first note" in client.get(page).text  # shown again from the kept verification
    session_id = page.rsplit("/", 1)[1]
    with sqlite3.connect(web_root / "sessions.db") as database:
        database.execute(
            "UPDATE events SET payload = ? WHERE session_id = ? AND seq = 2",
            ('{"text":"forged"}', session_id),
        )
    shown = client.get(page).text
    assert re.search(r"trail broken\s+at event #2", shown), shown
