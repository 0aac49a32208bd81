"""Price, risk avoided and over-breadth of each standard equal brute force on random cases."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given

from brightline.engine import compile_space, measure_standards
from brightline.rules import evaluate
from budget import examples
from strategies import brute_force, case_document, load


@examples(60)
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


@examples(60)
@given(case_document(cross=True, max_issues=3, harms=True))
def test_narrower_rule_forbids_exactly_the_excluded_harmful_outcomes(
    document: dict[str, Any],
) -> None:
    # The old suggestion, not (harms), could forbid harmful outcomes the rule itself allowed.
    loaded = load(document)
    reference = brute_force(loaded)
    for measure in measure_standards(loaded, compile_space(loaded)):
        if not measure.over_breadth or not measure.protects:
            assert measure.narrower_rule == ""  # nothing to narrow, or no harm to narrow it to
            continue
        position = next(i for i, s in enumerate(document["standards"]) if s["id"] == measure.id)
        narrowed = copy.deepcopy(document)
        narrowed["standards"][position]["rule"] = measure.narrower_rule
        narrower = load(narrowed).standard_rules[measure.id]
        rule = loaded.standard_rules[measure.id]
        standard = next(s for s in loaded.case.standards if s.id == measure.id)
        harms = [loaded.harm_rules[h] for h in standard.protects]
        for outcome in reference.outcomes:
            forbidden_now = not evaluate(rule, outcome)
            harmful = any(evaluate(harm, outcome) for harm in harms)
            assert (not evaluate(narrower, outcome)) == (forbidden_now and harmful), outcome
        again = measure_standards(load(narrowed), compile_space(load(narrowed)))
        assert next(m for m in again if m.id == measure.id).over_breadth == 0
