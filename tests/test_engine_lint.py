"""BL203/BL211 get the engine's numbers when the lint's projected enumeration gives up."""

from __future__ import annotations

import math

import pytest

from brightline.lint import lint_case
from brightline.lint import measures as lint_measures
from factories import variant
from strategies import load


def _wide_case() -> dict[str, object]:
    document = variant(
        **{
            "issues.1.range": {"min": 0, "max": 20, "step": 0.1},
            "standards.0.rule": 'residency == "eu_only" or discount <= 5',
            "harms.0.rule": 'residency == "global" and discount > 10',
            "harms.0.probability": 0.001,
        }
    )
    weeks = {
        "kind": "numeric",
        "id": "weeks",
        "dimension": "timing",
        "range": {"min": 0, "max": 50, "step": 0.5},
        "ours": [[0, 0], [50, 5000]],
        "theirs": [[0, 3000], [50, 0]],
    }
    document["issues"].append(weeks)  # type: ignore[attr-defined]
    rule = 'residency == "eu_only" or (discount <= 5 and weeks <= 10)'
    document["standards"][0]["rule"] = rule  # type: ignore[index]
    return document


def test_engine_numbers_match_the_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load(_wide_case())
    rule = loaded.standard_rules["eu"]
    enumerated = lint_measures.measure_standard(loaded, "eu", rule)
    monkeypatch.setattr(lint_measures, "MAX_PROJECTED_OUTCOMES", 10)
    from_engine = lint_measures.measure_standard(loaded, "eu", rule)
    assert from_engine.price == pytest.approx(enumerated.price)
    assert from_engine.over_breadth == pytest.approx(enumerated.over_breadth)
    assert from_engine.feasible == enumerated.feasible
    assert from_engine.narrower_rule == enumerated.narrower_rule


def test_findings_use_engine_numbers_beyond_the_projection_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lint_measures, "MAX_PROJECTED_OUTCOMES", 10)
    report = lint_case(load(_wide_case()))
    measure = report.measures["eu"]
    assert not math.isnan(measure.price) and measure.over_breadth is not None
    codes = {finding.code for finding in report.findings}
    assert "BL203" in codes  # part of what it excludes triggers no harm
    # Best joint value 25,000 EUR (global, weeks 50) against 23,400 EUR within the rule (global,
    # discount <= 5, weeks 10): a 1,600 EUR price for 0.1 % x 1,000,000 EUR = 1,000 EUR of risk.
    assert measure.price == pytest.approx(1600)
    assert "BL211" in codes
