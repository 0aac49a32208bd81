"""``session show``: user text printed as written, and minutes that keep our side's values private."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from session_support import case_text, database_url

__all__ = ["database_url"]  # fixture, re-exported for pytest

Cli = Callable[..., Outcome]


@pytest.fixture
def session(cli: Cli, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe")
    monkeypatch.setenv("COLUMNS", "300")  # one table row per line, so the text can be searched
    case = tmp_path / "case.yaml"
    case.write_text(case_text(**{"case.title": "Deal [/bold] [red]x"}), encoding="utf-8")
    started = cli("session", "start", str(case))
    assert started.exit_code == 0, started.output
    session_id = started.stdout.strip()
    steps = [
        ("log", "note", session_id, "closing tag [/] and [bold]markup[/bold]"),
        ("log", "offer", session_id, "made", "residency=eu_only", "discount=0", "--note", "secret note 777"),
        ("log", "decision", session_id, "pause", "secret rationale 4242", "--review-date", "2027-02-01"),
        (
            "log", "concession", session_id, "discount", "--give", "5% [/]", "--get", "2 years",
            "--value-to-us", "-5000", "--value-to-them", "12000",
        ),
        ("log", "approval", session_id, "within the band", "--approver", "Dana [/]"),
        (
            "log", "concession", session_id, "audit", "--give", "audit later",
            "--get-value", "7777", "--value-to-us", "-1000", "--value-to-them", "1000",
        ),
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, result.output
    return session_id


def test_user_text_is_never_read_as_markup(cli: Cli, session: str) -> None:
    result = cli("session", "show", session, "--internal")
    assert result.exit_code == 0, result.output
    assert "closing tag [/] and [bold]markup[/bold]" in result.stdout
    assert "Deal [/bold] [red]x" in result.stdout and "Dana [/]" in result.stdout
    assert cli("session", "show", session).exit_code == 0


@pytest.mark.parametrize("format", ["markdown", "text"])
def test_minutes_hold_no_private_value(cli: Cli, session: str, format: str) -> None:
    minutes = cli("session", "show", session, "--format", format)
    assert minutes.exit_code == 0, minutes.output
    private = ("12,000", "5,000", "7,777", "7777", "to them", "to us", "Dana", "approval (")
    ours = ("secret note 777", "secret rationale 4242", "closing tag")  # notes and rationales
    for text in (*private, *ours):
        assert text not in minutes.stdout, text
    assert "give 5% [/], get 2 years" in minutes.stdout
    assert "decision pause (review 2027-02-01)" in minutes.stdout  # what both sides saw
    assert "2 internal events (approvals, notes, debriefs) left out" in minutes.stderr
    internal = cli("session", "show", session, "--format", format, "--internal")
    assert "to them +12,000 EUR" in internal.stdout and "Dana" in internal.stdout
    assert "worth 7,777 EUR to us" in internal.stdout
    assert "secret note 777" in internal.stdout and "secret rationale 4242" in internal.stdout
    assert "INTERNAL" in internal.stdout and "do not share" in internal.stdout
