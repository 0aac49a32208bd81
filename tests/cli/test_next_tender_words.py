"""`next` words a tender's moves from the bid on the table, at every stage, not the first standard.

A compliant bid that falls short on price must never hear that it "fails" a standard it meets:
a bidder would read it as a knock-out it did not earn (a bid protest waiting to happen). The
words come through the real ``next`` (the session's replayed trail), not the phrase builder alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome

Cli = Callable[..., Outcome]
CITY = Path(__file__).resolve().parents[2] / "examples" / "city-services-rfp.yaml"
COMPLIANT_SHORT_ON_PRICE = (
    "annual_price=20.85",
    "safety_level=3",
    "inspections=independent_quarterly",
    "credit_cap_pct=10",
    "mobilization_weeks=18",
)
STANDARDS = ("Safety level 3 or higher", "Unannounced independent inspections")


@pytest.fixture
def session(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'next.db'}")
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe")
    started = cli("session", "start", str(CITY))
    assert started.exit_code == 0, started.output
    session_id = started.stdout.strip()
    logged = cli("log", "offer", session_id, "received", *COMPLIANT_SHORT_ON_PRICE)
    assert logged.exit_code == 0, logged.output
    return session_id


def test_a_compliant_bid_is_never_told_it_fails_a_standard_at_any_stage(
    cli: Cli, session: str
) -> None:
    seen_stages = 0
    for stage in (None, "early", "midgame", "late"):
        if stage is not None:
            moved = cli("log", "stage", session, stage)
            assert moved.exit_code == 0, moved.output
        text = " ".join(cli("next", session, "--format", "markdown").stdout.split())
        assert "best-and-final" in text, stage
        for standard in STANDARDS:
            for wrong in (f"fails “{standard}”", f'fails "{standard}"', f"fails {standard}"):
                assert wrong not in text, (stage, wrong)
        seen_stages += 1
    assert seen_stages == 4
