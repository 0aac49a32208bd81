"""Price, risk avoided and over-breadth of each standard equal brute force on random cases."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from brightline.engine import compile_space, measure_standards
from brightline.rules import evaluate
from strategies import brute_force, case_document, load


@settings(max_examples=60, deadline=None)
@given(case_document(cross=True, max_issues=3, harms=True))
def test_measures_equal_brute_force(document: dict[str, Any]) -> None:
    loaded = load(document)
    reference = brute_force(loaded)
    case = loaded.case
    for measure in measure_standards(loaded, compile_space(loaded)):
        rule = loaded.standard_rules[measure.id]
        standard = next(s for s in case.standards if s.id == measure.id)
        harms = [loaded.harm_rules[h] for h in standard.protects]
        joint = [o + t for o, t in zip(reference.ours, reference.theirs, strict=True)]
        allowed = [evaluate(rule, outcome) for outcome in reference.outcomes]
        kept = [value for value, ok in zip(joint, allowed, strict=True) if ok]
        if kept:
            assert measure.feasible
            assert measure.price == max(joint) - max(kept)
        else:
            assert not measure.feasible
        assert measure.risk_avoided == pytest.approx(
            sum(case.harm(h).probability * case.harm(h).impact for h in standard.protects)
        )
        excluded = [o for o, ok in zip(reference.outcomes, allowed, strict=True) if not ok]
        harmless = [o for o in excluded if not any(evaluate(h, o) for h in harms)]
        expected = len(harmless) / len(excluded) if excluded else 0.0
        assert measure.over_breadth == pytest.approx(expected)
