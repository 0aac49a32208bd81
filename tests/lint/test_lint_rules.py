"""Every lint rule: a case that triggers it, the clean case that does not, and where it points.

Each trigger changes one thing in the clean :func:`factories.minimal_case`. The last test pins the
set of covered codes to the registry, so a new rule without a trigger here fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from brightline.case import LoadedCase, parse_case
from brightline.case.source import Path
from brightline.lint import LintReport, Severity, all_rules, lint_case, rule
from conftest import Outcome
from factories import DELETE, minimal_case, to_yaml, variant


@dataclass(frozen=True)
class Trigger:
    """One change to the clean case that makes ``code`` fire with ``severity`` at ``path``."""

    code: str
    why: str
    changes: dict[str, Any]
    severity: Severity
    path: Path

    def __str__(self) -> str:
        return f"{self.code}-{self.why}"


TRIGGERS = [
    Trigger("BL101", "no-batna", {"batna": DELETE}, Severity.WARNING, ("batna",)),
    Trigger(
        "BL101",
        "money-only",
        {
            "batna.components": [
                {"name": "Margin", "kind": "money", "value": {"low": 1, "likely": 2, "high": 3}}
            ]
        },
        Severity.WARNING,
        ("batna", "components"),
    ),
    Trigger("BL102", "no-reservation", {"reservation": DELETE}, Severity.ERROR, ("reservation",)),
    Trigger(
        "BL103",
        "not-committed",
        {"reservation.pre_committed": False},
        Severity.WARNING,
        ("reservation",),
    ),
    Trigger(
        "BL104",
        "below-batna",
        {"reservation.value": 0},
        Severity.WARNING,
        ("reservation", "value"),
    ),
    Trigger(
        "BL105",
        "harm-reads-other-issue",
        {"harms.0.rule": "discount > 10"},
        Severity.WARNING,
        ("harms",),
    ),
    Trigger(
        "BL106",
        "no-priority",
        {"issues.0.priority": DELETE},
        Severity.WARNING,
        ("issues",),
    ),
    Trigger(
        "BL106",
        "no-tradeables",
        {"tradeables": []},
        Severity.WARNING,
        ("tradeables",),
    ),
    Trigger(
        "BL107",
        "no-approval-path",
        {"parties.them.approval_path": []},
        Severity.WARNING,
        ("parties", "them"),
    ),
    Trigger(
        "BL108",
        "no-evidence",
        {"standards.0.evidence": []},
        Severity.WARNING,
        ("standards", 0),
    ),
    Trigger("BL109", "no-estimate", {"their_batna": DELETE}, Severity.WARNING, ("their_batna",)),
    Trigger(
        "BL110",
        "starter-placeholder-left",
        {"safeguards.0.verifier": "Named independent checker"},
        Severity.WARNING,
        ("safeguards", 0, "verifier"),
    ),
    Trigger(
        "BL201",
        "protects-nothing",
        {"standards.0.protects": []},
        Severity.ERROR,
        ("standards", 0, "protects"),
    ),
    Trigger(
        "BL202",
        "unpublished",
        {"standards.0.published": False},
        Severity.ERROR,
        ("standards", 0, "published"),
    ),
    Trigger(
        "BL203",
        "wider-than-harm",
        {"standards.0.rule": 'residency == "eu_only" and discount <= 10'},
        Severity.WARNING,
        ("standards", 0, "rule"),
    ),
    Trigger(
        "BL204",
        "preference-source",
        {"standards.0.source.kind": "preference"},
        Severity.ERROR,
        ("standards", 0, "source"),
    ),
    Trigger(
        "BL204",
        "short-narrative",
        {"standards.0.narrative": "Because we say so."},
        Severity.ERROR,
        ("standards", 0, "narrative"),
    ),
    Trigger(
        "BL205",
        "no-date",
        {"safeguards.0.due": DELETE},
        Severity.WARNING,
        ("safeguards", 0),
    ),
    Trigger(
        "BL205",
        "vague-word",
        {"safeguards.0.consequence": "Reasonable efforts to fix it"},
        Severity.WARNING,
        ("safeguards", 0, "consequence"),
    ),
    Trigger(
        "BL212",
        "exit-without-block",
        {"safeguards.0.kind": "exit"},
        Severity.WARNING,
        ("safeguards", 0),
    ),
    Trigger(
        "BL212",
        "exit-without-transition",
        {"safeguards.0.kind": "exit", "safeguards.0.exit": {"export_format": "CSV"}},
        Severity.WARNING,
        ("safeguards", 0, "exit"),
    ),
    Trigger(
        "BL212",
        "no-binds",
        {"safeguards.0.binds": DELETE},
        Severity.WARNING,
        ("safeguards", 0),
    ),
    Trigger(
        "BL206",
        "no-options",
        {"integrative_options": []},
        Severity.ERROR,
        ("integrative_options",),
    ),
    Trigger(
        "BL206",
        "open-verifiable-option",
        {"integrative_options.0.status": "considered"},
        Severity.WARNING,
        ("integrative_options", 0, "status"),
    ),
    Trigger(
        "BL207",
        "indirect-no-face-saving",
        {"case.culture": {"directness": "indirect"}},
        Severity.WARNING,
        ("case", "culture"),
    ),
    Trigger(
        "BL207",
        "high-power-distance",
        {"case.culture": {"power_distance": "high"}, "parties.us.approval_path": []},
        Severity.WARNING,
        ("parties", "us"),
    ),
    Trigger(
        "BL208",
        "binds-only-them",
        {"standards.0.binds": "them", "tradeables.0.symmetric": False},
        Severity.WARNING,
        ("standards", 0, "binds"),
    ),
    Trigger(
        "BL208",
        "symmetric-tradeable-elsewhere-is-not-enough",
        {"standards.0.binds": "them"},
        Severity.WARNING,
        ("standards", 0, "binds"),
    ),
    Trigger(
        "BL209",
        "standard-unverified",
        {"standards.0.verifier": DELETE},
        Severity.ERROR,
        ("standards", 0),
    ),
    Trigger(
        "BL209",
        "safeguard-unverified",
        {"safeguards.0.verifier": ""},
        Severity.ERROR,
        ("safeguards", 0),
    ),
    Trigger(
        "BL210",
        "no-safeguards",
        {"standards.0.safeguards": []},
        Severity.ERROR,
        ("standards", 0, "safeguards"),
    ),
    Trigger(
        "BL211",
        "price-above-risk",
        {"harms.0.impact": 1000},
        Severity.ERROR,
        ("standards", 0, "rule"),
    ),
    Trigger(
        "BL211",
        "infeasible",
        {"standards.0.rule": 'residency == "eu_only" and residency == "global"'},
        Severity.ERROR,
        ("standards", 0, "rule"),
    ),
]

READINESS_CODES = [f"BL1{n:02d}" for n in range(1, 11)]

NEAR_MISSES = [
    # Changes that come close to a rule's threshold but must not trigger it.
    ("BL102", "reservation-zero", {"reservation.value": 0}),
    ("BL104", "reservation-equals-batna", {"reservation.value": 2}),
    ("BL107", "optics-via-reputation-risk", {"parties.them.public_optics": ""}),
    ("BL109", "their-batna-zero", {"their_batna.value": 0}),
    (
        "BL204",
        "eight-word-narrative",
        {"standards.0.narrative": "one two three four five six seven eight"},
    ),
    ("BL205", "concrete-words", {"safeguards.0.consequence": "Termination within 30 days"}),
    (
        "BL206",
        "open-but-unverifiable",
        {"integrative_options.0.status": "considered", "integrative_options.0.verifiable": False},
    ),
    (
        "BL207",
        "indirect-with-plan",
        {
            "case.culture": {
                "directness": "indirect",
                "face_saving": ["Joint pause"],
                "escalation_steps": ["Written query", "Joint review"],
            }
        },
    ),
    ("BL207", "high-distance-with-approvals", {"case.culture": {"power_distance": "high"}}),
    (
        "BL208",
        "them-with-mutual-safeguard",
        {"standards.0.binds": "them", "tradeables.0.symmetric": False, "safeguards.0.mutual": True},
    ),
    ("BL211", "price-equals-risk", {"harms.0.impact": 100000}),
]


def _load(document: dict[str, Any]) -> tuple[str, LoadedCase, LintReport]:
    text = to_yaml(document)
    loaded = parse_case(text.encode("utf-8"), "case.yaml")
    return text, loaded, lint_case(loaded)


@pytest.fixture(scope="module")
def clean() -> tuple[str, LoadedCase, LintReport]:
    return _load(minimal_case())


def _nearest_present(path: Path, loaded: LoadedCase) -> Path:
    """The longest prefix of ``path`` that is in the file (the root when none is)."""
    for length in range(len(path), 0, -1):
        if path[:length] in loaded.source.values:
            return path[:length]
    return ()


def test_clean_case_has_no_findings(clean: tuple[str, LoadedCase, LintReport]) -> None:
    _, _, report = clean
    assert report.findings == []
    assert report.worst() is None


@pytest.mark.parametrize("trigger", TRIGGERS, ids=str)
def test_rule_triggers(trigger: Trigger) -> None:
    text, loaded, report = _load(variant(**trigger.changes))
    mine = [finding for finding in report.findings if finding.code == trigger.code]
    assert mine, f"{trigger.code} did not fire; findings: {report.findings}"
    assert any(
        finding.severity is trigger.severity and finding.path == trigger.path for finding in mine
    ), mine
    lines = text.splitlines()
    for finding in mine:
        assert finding.message.strip() and finding.hint.strip()
        present = _nearest_present(finding.path, loaded)
        position = loaded.source.locate(finding.path)
        assert 1 <= position.line <= len(lines)
        assert 1 <= position.column <= len(lines[position.line - 1]) + 1
        if present:
            assert position == loaded.source.values[present]
        if present == finding.path and isinstance(finding.path[-1], str):
            key = loaded.source.locate(finding.path, key=True)
            assert lines[key.line - 1][key.column - 1 :].startswith(f"{finding.path[-1]}:")


@pytest.mark.parametrize("code", sorted({trigger.code for trigger in TRIGGERS}))
def test_rule_quiet_on_clean_case(code: str, clean: tuple[str, LoadedCase, LintReport]) -> None:
    _, _, report = clean
    assert code not in {finding.code for finding in report.findings}


@pytest.mark.parametrize(
    ("code", "changes"),
    [(code, changes) for code, _, changes in NEAR_MISSES],
    ids=[f"{code}-{why}" for code, why, _ in NEAR_MISSES],
)
def test_rule_quiet_on_near_miss(code: str, changes: dict[str, Any]) -> None:
    _, _, report = _load(variant(**changes))
    assert code not in {finding.code for finding in report.findings}, report.findings


def test_every_registered_rule_has_a_trigger() -> None:
    registered = {registered.code for registered in all_rules()}
    assert {trigger.code for trigger in TRIGGERS} == registered


def test_registry_metadata_is_complete() -> None:
    for registered in all_rules():
        assert registered.code.startswith(("BL1", "BL2")), registered.code
        assert registered.name and registered.title, registered.code
        assert len(registered.rationale.split()) >= 10, registered.code
        assert rule(registered.code.lower()) is registered


@pytest.mark.parametrize("code", READINESS_CODES)
def test_readiness_item_done_on_clean_case(
    code: str, clean: tuple[str, LoadedCase, LintReport]
) -> None:
    _, _, report = clean
    item = next(item for item in report.readiness if item.code == code)
    assert item.done, item
    assert item.detail


@pytest.mark.parametrize("trigger", [t for t in TRIGGERS if t.code in READINESS_CODES], ids=str)
def test_readiness_item_missing_says_what_to_add(trigger: Trigger) -> None:
    _, _, report = _load(variant(**trigger.changes))
    item = next(item for item in report.readiness if item.code == trigger.code)
    assert not item.done
    assert item.add and item.detail


def test_readiness_codes_are_the_bl1xx_rules(clean: tuple[str, LoadedCase, LintReport]) -> None:
    _, _, report = clean
    assert [item.code for item in report.readiness] == READINESS_CODES
    assert [r.code for r in all_rules() if r.code.startswith("BL1")] == READINESS_CODES


@pytest.mark.parametrize("code", [registered.code for registered in all_rules()])
def test_explain_prints_rationale(code: str, cli: Callable[..., Outcome]) -> None:
    result = cli("explain", code)
    assert result.exit_code == 0, result.output
    registered = rule(code)
    assert result.stdout.startswith(code)
    assert registered.title in result.stdout
    assert registered.rationale in result.stdout


def test_explain_unknown_code_suggests(cli: Callable[..., Outcome]) -> None:
    result = cli("explain", "BL2O4")
    assert result.exit_code == 2
    assert "unknown lint code" in result.stderr
    assert "did you mean 'BL204'" in result.stderr
