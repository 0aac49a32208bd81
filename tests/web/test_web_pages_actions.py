"""Every use case the core names in advice has a wording in the browser, with no CLI flag in it."""

from __future__ import annotations

import re
from pathlib import Path

from brightline.actions import Advice, act
from brightline.cli.actions import COMMANDS
from brightline.web.actions import WORDINGS, action_text, advice_text

SOURCE = Path(__file__).resolve().parents[2] / "src" / "brightline"
ACT = re.compile(r"\bact\(\s*[\"']([a-z][a-z -]*)[\"']")


def _use_cases_in_the_core() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.parts[-2] in ("cli", "web"):
            continue
        found.update(ACT.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_use_case_has_a_web_wording() -> None:
    known = _use_cases_in_the_core() | set(COMMANDS)
    assert "log approval" in known and "meso" in known
    assert sorted(known - set(WORDINGS)) == []


def test_no_wording_names_a_flag_or_a_command() -> None:
    for use_case in WORDINGS:
        text = action_text(act(use_case, session=None, count=2, force=True))
        assert "--" not in text and "brightline " not in text, text


def test_advice_is_worded_with_the_form_to_use() -> None:
    advice = Advice(
        "the concession went below the reservation point.",
        act("log approval", session=None, approver=None, scope="reservation"),
    )
    assert advice_text(advice) == (
        "the concession went below the reservation point: record who approved it "
        "(covering the reservation) (the Approval form)"
    )
    assert action_text(act("meso", count=2, target=291000.0)) == (
        "build the MESO grid with 2 offers, a target of 291,000 (the MESO page)"
    )
