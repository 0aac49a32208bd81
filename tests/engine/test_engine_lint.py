"""BL203/BL211 take the value engine's numbers, also on cases far too large to enumerate."""

from __future__ import annotations

import math

import pytest

from brightline.engine import measure_standard
from brightline.lint import lint_case
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


def test_findings_use_engine_numbers() -> None:
    loaded = load(_wide_case())
    report = lint_case(loaded)
    measure = report.measures["eu"]
    assert measure == measure_standard(loaded, "eu")
    assert measure.priced and measure.over_breadth is not None
    codes = {finding.code for finding in report.findings}
    assert "BL203" in codes  # part of what it excludes triggers no harm
    # Best joint value 25,000 EUR (global, weeks 50) against 23,400 EUR within the rule (global,
    # discount <= 5, weeks 10): a 1,600 EUR price for 0.1 % x 1,000,000 EUR = 1,000 EUR of risk.
    assert measure.price == pytest.approx(1600)
    assert "BL211" in codes


def test_a_standard_too_large_to_price_keeps_its_over_breadth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from brightline.engine import space as space_module

    monkeypatch.setattr(space_module, "MAX_COMPONENT_ROWS", 10)
    report = lint_case(load(_wide_case()))
    measure = report.measures["eu"]
    assert math.isnan(measure.price) and not measure.priced and measure.feasible
    assert measure.over_breadth is not None and measure.over_breadth > 0
    assert measure.to_json()["price"] is None
    codes = {finding.code for finding in report.findings}
    assert "BL203" in codes and "BL211" not in codes
