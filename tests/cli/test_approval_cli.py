"""Approvals on the single-user store from the command line: policy, request, approve, refuse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from session_support import case_text

Cli = Callable[..., Outcome]
BELOW = ("residency=eu_only", "discount=5")


@pytest.fixture
def session(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'local.db'}")
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "nina")
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    result = cli("session", "start", str(case))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_local_policy_blocks_an_offer_until_someone_else_approves(cli: Cli, session: str) -> None:
    result = cli("session", "policy", "--require", "offer-below-target", "--target", "t=-4000")
    assert result.exit_code == 0, result.output
    assert "offer-below-target: needs approval" in result.stdout
    assert "target of case t: -4,000 in the case currency" in result.stdout
    blocked = cli("log", "offer", session, "made", *BELOW)
    assert blocked.exit_code == 2
    assert "needs approval first" in blocked.stderr
    assert "brightline session request-approval" in blocked.stderr
    asked = cli("session", "request-approval", session, *BELOW, "--reason", "signs today")
    assert asked.exit_code == 0, asked.output
    seq = asked.stdout.strip()
    own = cli("session", "approve", seq, "--reason", "fine")
    assert own.exit_code == 2 and "other than the requester" in own.stderr
    approved = cli("session", "approve", seq, "--reason", "fine", "--author", "alex")
    assert approved.exit_code == 0, approved.output
    assert f"request {seq} approved by alex (trail event #" in approved.stdout
    made = cli("log", "offer", session, "made", *BELOW)
    assert made.exit_code == 0, made.output
    inbox = cli("session", "approvals", "-f", "json")
    [mine] = json.loads(inbox.stdout)["mine"]
    assert mine["decision"] == "approved" and mine["decided_by"] == "alex"
    assert cli("session", "verify", session).exit_code == 0


def test_a_refusal_is_recorded_with_its_reason(cli: Cli, session: str) -> None:
    assert cli("session", "policy", "--require", "standard-waiver").exit_code == 0
    waiver = ("residency=global", "discount=0")
    asked = cli("session", "request-approval", session, *waiver, "--reason", "board ok")
    assert asked.exit_code == 0, asked.output
    seq = asked.stdout.strip()
    refused = cli("session", "refuse", seq, "--reason", "no transfer", "--author", "al")
    assert refused.exit_code == 0, refused.output
    again = cli("session", "approve", seq, "--reason", "ok", "--author", "bo")
    assert again.exit_code == 2 and "already refused by al" in again.stderr
    listing = cli("session", "approvals")
    assert "refused by al: no transfer" in listing.stdout


def test_without_a_local_policy_nothing_is_held_back(cli: Cli, session: str) -> None:
    assert cli("log", "offer", session, "made", *BELOW).exit_code == 0
    shown = cli("session", "policy")
    assert "offer-below-target: free" in shown.stdout
    bad = cli("session", "policy", "--require", "everything")
    assert bad.exit_code == 2 and "the triggers are" in bad.stderr
