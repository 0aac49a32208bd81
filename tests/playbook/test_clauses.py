"""The clause composer: each safeguard kind drafted from its fields, nothing empty, nothing invented."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.model import Case
from brightline.case.source import SourceMap
from brightline.case.validate import LoadedCase
from brightline.lint.contract_terms import incomplete_contract_terms
from brightline.lint.registry import Finding, LintContext
from brightline.playbook.clauses import Clause, draft_clauses
from brightline.services import load_case
from conftest import EXAMPLES
from factories import minimal_case

DAYS_30 = {"length": 30, "unit": "days"}
MONTH = {"length": 1, "unit": "months"}
YEAR = {"length": 12, "unit": "months"}
THEM = "Them"
"""The name the clauses give the other side (the minimal case names it so too)."""

COMPLETE: dict[str, dict[str, Any]] = {
    "service_credits": {
        "metric": "monthly availability of the API",
        "target": 99.9,
        "unit": "%",
        "window": MONTH,
        "data_source": "our synthetic probes",
        "exclusions": ["maintenance announced 5 days ahead"],
        "tiers": [{"threshold": 99.9, "credit": 0.05}, {"threshold": 99.0, "credit": 0.1}],
        "fee": 20000,
        "cap": 0.25,
        "claim_window": DAYS_30,
        "chronic_failure": {"misses": 3, "within": {"length": 6, "unit": "months"}},
    },
    "audit_rights": {
        "scope": "the hosting regions and access logs",
        "auditor": "an independent ISO 27001 auditor",
        "frequency": YEAR,
        "notice": DAYS_30,
        "paid_by": "audited_side_if_breach",
        "look_back": {"length": 24, "unit": "months"},
        "survival": {"length": 2, "unit": "years"},
    },
    "exit": {
        "transition": {"length": 90, "unit": "days"},
        "export_format": "CSV and Parquet files",
        "deletion_certificate": DAYS_30,
    },
    "change_control": {
        "requested_by": "both",
        "impact_assessment": {
            "covers": ["cost", "timeline", "the standards it touches"],
            "within": {"length": 10, "unit": "business_days"},
        },
        "approved_by": "both account owners",
        "binding_when": "a change order signed by both sides",
    },
    "escrow": {
        "deposit": ["source code", "build scripts"],
        "agent": "NCC Group",
        "update_every": {"length": 1, "unit": "quarters"},
        "verification": "a test build from the deposit",
        "release_conditions": ["insolvency of the supplier", "end of support"],
    },
}

EXPECTED_PHRASES = {
    "service_credits": [
        "Us shall keep monthly availability of the API at least 99.9% in each measurement "
        "window of 1 month, as measured from our synthetic probes.",
        "falls below 99.9%, 5% of the fee for that window (1,000 EUR)",
        "falls below 99%, 10% of the fee for that window (2,000 EUR)",
        "never exceed 25% of its fee (5,000 EUR)",
        "Them claims a credit in writing within 30 days after the window ends.",
        "missed in 3 windows within 6 months, Them may terminate",
        "These do not count as a miss: maintenance announced 5 days ahead.",
    ],
    "audit_rights": [
        "Them may audit, at Us: the hosting regions and access logs.",
        "carried out by an independent ISO 27001 auditor.",
        "one routine audit takes place in any period of 12 months",
        "written notice at least 30 days before",
        "Them bears the cost of the audit, unless it finds a material breach, in which case Us "
        "bears it.",
        "records from the 24 months before it starts",
        "lasts for 2 years after this agreement ends",
    ],
    "exit": [
        "For 90 days after notice of exit, Us continues the service and helps Them move its data.",
        "Us hands over all of Them's data in CSV and Parquet files.",
        "Within 30 days after the transition ends, Us deletes every copy",
    ],
    "change_control": [
        "Either party may request a change to the agreed scope, in writing.",
        "Within 10 business days of a request",
        "covering cost; timeline; the standards it touches.",
        "written approval of both account owners.",
        "only from this event: a change order signed by both sides.",
    ],
    "escrow": [
        "Us deposits source code; build scripts with NCC Group.",
        "at least once every 1 quarter.",
        "NCC Group verifies each deposit by a test build from the deposit.",
        "releases the deposit to Them on any of these events: insolvency of the supplier; end of "
        "support.",
    ],
}


def _case_with(safeguard: dict[str, Any]) -> LoadedCase:
    """A loaded case around one safeguard; validated by the models only (the YAML path is slow)."""
    document = minimal_case()
    document["safeguards"] = [safeguard]
    document["standards"][0]["safeguards"] = []
    return LoadedCase(Case.model_validate(document), SourceMap("case.yaml"), {}, {})


def _contract_findings(loaded: Any) -> list[Finding]:
    return list(incomplete_contract_terms(LintContext(loaded)))


def _safeguard(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": "attest",
        "kind": kind,
        "trigger": "Data leaves the EU",
        "measure": "Region logs",
        "consequence": "Termination without fee",
        "verifier": "Auditor",
        "date": "2027-01-31",
        "binds": "us",
        **fields,
    }


@pytest.mark.parametrize("kind", sorted(COMPLETE))
def test_complete_block_is_drafted_and_lint_clean(kind: str) -> None:
    loaded = _case_with(_safeguard(kind, **{kind: COMPLETE[kind]}))
    (clause,) = draft_clauses(loaded.case, counterpart=THEM)
    for phrase in EXPECTED_PHRASES[kind]:
        assert phrase in clause.text, clause.text
    assert clause.number == 1 and clause.parties == ("Us",) and clause.safeguard == "attest"
    assert _contract_findings(loaded) == []


@pytest.mark.parametrize("kind", sorted(COMPLETE))
def test_each_missing_field_is_named(kind: str) -> None:
    for name in COMPLETE[kind]:
        if name in ("fee", "unit") and kind == "service_credits":
            continue
        block = {key: value for key, value in COMPLETE[kind].items() if key != name}
        if kind == "service_credits" and name == "target":
            block.pop("tiers")
        loaded = _case_with(_safeguard(kind, **{kind: block}))
        findings = _contract_findings(loaded)
        assert len(findings) == 1, (name, findings)
        assert findings[0].message.endswith(f"has no {name}" if name != "target" else "tiers")
        assert name in findings[0].message
        assert f"`{name}` (" in findings[0].hint
        assert findings[0].path == ("safeguards", 0, kind)


def test_kind_without_its_block_names_every_field() -> None:
    loaded = _case_with(_safeguard("exit"))
    (finding,) = _contract_findings(loaded)
    assert finding.message == (
        "exit safeguard 'attest' has no transition, export_format, deletion_certificate"
    )
    assert finding.path == ("safeguards", 0)


def test_mutual_safeguard_is_drafted_for_both_sides() -> None:
    loaded = _case_with(
        _safeguard("audit_rights", mutual=True, binds=None, audit_rights=COMPLETE["audit_rights"])
    )
    (clause,) = draft_clauses(loaded.case, counterpart=THEM)
    assert clause.parties == ("Us", "Them")
    assert clause.text.startswith("Each party gives the other the following undertaking")
    assert "Each party may audit, at the other party:" in clause.text
    assert "The auditing party bears the cost" in clause.text
    assert " Us " not in clause.text and " Them " not in clause.text


def test_common_fields_become_lettered_items() -> None:
    loaded = _case_with(_safeguard("review", binds="them", description="Six-month review"))
    (clause,) = draft_clauses(loaded.case, counterpart=THEM)
    assert clause.title == "Review"
    assert clause.text == (
        "Them gives Us the following undertaking: Six-month review. (a) It is triggered by: Data "
        "leaves the EU. (b) It is measured by: Region logs. (c) It is verified by: Auditor. "
        "(d) When it is triggered: Termination without fee. (e) It is first carried out by "
        "31 January 2027."
    )


def test_examples_draft_every_safeguard() -> None:
    for name in ("saas-data-residency", "security-level-vendor"):
        case = load_case(EXAMPLES / f"{name}.yaml").case
        clauses = draft_clauses(case, counterpart=case.parties.them.name)
        assert [clause.number for clause in clauses] == list(range(1, len(case.safeguards) + 1))
        assert all(clause.parties for clause in clauses)


_text = st.sampled_from(["", " ", ".", " ; ", "-", "ab", "ab.", "  a  b ", "a;", ". ab"])
"""Free text as a case holds it: empty, blank, punctuation only, or words with stray marks."""
_duration = st.none() | st.builds(
    dict, length=st.integers(1, 400), unit=st.sampled_from(["days", "months", "business_days"])
)


@st.composite
def _safeguards(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from([*COMPLETE, "trigger", "attestation", "inspection", "review"]))
    safeguard: dict[str, Any] = {"id": "attest", "kind": kind}
    for name in ("description", "trigger", "measure", "consequence", "verifier"):
        safeguard[name] = draw(_text)
    safeguard["mutual"] = draw(st.booleans())
    safeguard["binds"] = draw(st.sampled_from([None, "us", "them"]))
    if kind in COMPLETE and draw(st.booleans()):
        block = {name: value for name, value in COMPLETE[kind].items() if draw(st.booleans())}
        for name, value in list(block.items()):
            if isinstance(value, dict) and "unit" in value and draw(st.booleans()):
                block[name] = draw(_duration)
            elif name == "requested_by":
                block[name] = draw(st.sampled_from(["us", "them", "both"]))
            elif name == "paid_by":
                block[name] = draw(st.sampled_from(["auditing_side", "audited_side", "shared"]))
            elif isinstance(value, str):
                block[name] = draw(_text)
            elif isinstance(value, list) and value and isinstance(value[0], str):
                block[name] = draw(st.lists(_text, max_size=2))
        if kind == "change_control" and "impact_assessment" in block:
            block["impact_assessment"] = {"covers": draw(st.lists(_text, min_size=1, max_size=2))}
        safeguard[kind] = block
    return safeguard


@given(_safeguards())
def test_no_clause_has_an_empty_or_none_part(safeguard: dict[str, Any]) -> None:
    document = minimal_case()
    document["safeguards"] = [safeguard]
    document["standards"][0]["safeguards"] = []
    (clause,) = draft_clauses(Case.model_validate(document), counterpart=THEM)
    assert isinstance(clause, Clause)
    assert clause.title and clause.text.strip()
    assert "None" not in clause.text
    assert ": ." not in clause.text and ":  " not in clause.text and ". ." not in clause.text
    for item in re.split(r"\([a-z]\) ", clause.text):
        assert any(character.isalnum() for character in item), clause.text


def test_the_clauses_name_the_addressee_given_never_the_case_name_for_them() -> None:
    """The case's name for the other side may be an internal note; the document names the reader."""
    loaded = _case_with(_safeguard("review", binds="them", description="Six-month review"))
    (clause,) = draft_clauses(loaded.case, counterpart="each bidder")
    assert clause.text.startswith("Each bidder gives Us the following undertaking"), clause.text
    assert "Them" not in clause.text and clause.parties == ("each bidder",)
