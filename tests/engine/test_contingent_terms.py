"""Contingent options: valued at each side's expectation, compliant branch by branch, and exact.

The reference here is independent of the engine: it enumerates every outcome, values a contingent
option from its two branches' option values and each side's probability, and checks the written
rules on the outcome with the pass option and with the fail option in its place (the standard the
condition verifies counts as met on the pass branch).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brightline.case.validate import parse_case
from brightline.engine import compile_space, pareto_frontier
from brightline.engine.contingent import contingent_value, plain_space
from brightline.engine.sweep import sweep
from brightline.errors import CaseFileError
from brightline.lint.contract_terms import incomplete_contract_terms
from brightline.lint.registry import LintContext
from brightline.offers.evaluate import evaluate_offer
from brightline.rules import check_rule, evaluate, parse_rule
from factories import minimal_case, to_yaml
from strategies import case_document, load

FAST = settings(max_examples=25, deadline=None)
CHANCES = [0.0, 0.25, 0.5, 0.75, 1.0]


def _reference(document: dict[str, Any], loaded: Any) -> set[tuple[float, float]]:
    """Pareto set of the compliant outcomes, by enumeration from the document itself."""
    issues = document["issues"]
    plain_signature = loaded.case.signatures()
    rules = {
        s["id"]: check_rule(parse_rule(s["rule"]), plain_signature) for s in document["standards"]
    }
    domains = []
    for issue in issues:
        if issue["kind"] == "discrete":
            plain = {o["id"]: (float(o["ours"]), float(o["theirs"])) for o in issue["options"]}
            choices = [(o, plain[o], None) for o in plain]
            for term in issue.get("contingent", []):
                p_ours, p_theirs = term["probability"]["ours"], term["probability"]["theirs"]
                win, lose = plain[term["if_pass"]], plain[term["if_fail"]]
                value = (
                    p_ours * win[0] + (1.0 - p_ours) * lose[0],
                    p_theirs * win[1] + (1.0 - p_theirs) * lose[1],
                )
                choices.append((term["id"], value, term))
        else:
            axis = loaded.case.issue(issue["id"])
            choices = [
                (v, (axis.value_to_us(v), axis.value_to_them(v)), None) for v in axis.values()
            ]
        domains.append(choices)
    pairs = set()
    for combination in itertools.product(*domains):
        ours = sum(value[0] for _, value, _ in combination)
        theirs = sum(value[1] for _, value, _ in combination)
        if all(_complies(rule, standard, issues, combination) for standard, rule in rules.items()):
            pairs.add((ours, theirs))
    return {
        pair
        for pair in pairs
        if not any(o != pair and o[0] >= pair[0] and o[1] >= pair[1] for o in pairs)
    }


def _complies(rule: Any, standard: str, issues: list[dict[str, Any]], combination: Any) -> bool:
    """Every branch combination of the outcome satisfies the rule (a verified standard passes)."""
    branches = []
    for issue, (choice, _, term) in zip(issues, combination, strict=True):
        if term is None:
            branches.append([(issue["id"], choice, False)])
        else:
            verified = term["condition"].get("standard") == standard
            branches.append(
                [(issue["id"], term["if_pass"], verified), (issue["id"], term["if_fail"], False)]
            )
    for picked in itertools.product(*branches):
        if any(verified for _, _, verified in picked):
            continue
        if not evaluate(rule, {issue: choice for issue, choice, _ in picked}):
            return False
    return True


@st.composite
def _contingent_case(draw: st.DrawFn) -> dict[str, Any]:
    document = draw(case_document(cross=True, max_issues=3))
    discrete = [issue for issue in document["issues"] if len(issue.get("options", [])) >= 2]
    for issue in discrete[: draw(st.integers(0, 2))]:
        names = [option["id"] for option in issue["options"]]
        terms = []
        for number in range(draw(st.integers(1, 2))):
            win, lose = draw(st.permutations(names))[:2]
            condition: dict[str, Any] = {"description": "the check passes"}
            if document["standards"] and draw(st.booleans()):
                condition["standard"] = draw(st.sampled_from(document["standards"]))["id"]
            terms.append(
                {
                    "id": f"{issue['id']}_c{number}",
                    "condition": condition,
                    "if_pass": win,
                    "if_fail": lose,
                    "probability": {
                        "ours": draw(st.sampled_from(CHANCES)),
                        "theirs": draw(st.sampled_from(CHANCES)),
                    },
                }
            )
        issue["contingent"] = terms
    return document


@FAST
@given(_contingent_case())
def test_frontier_with_contingent_options_equals_enumeration(document: dict[str, Any]) -> None:
    loaded = load(document)
    found = pareto_frontier(compile_space(loaded))
    pairs = set(zip(found.ours.tolist(), found.theirs.tolist(), strict=True))
    assert pairs == _reference(document, loaded)


def _fee_case(ours_chance: float, theirs_chance: float) -> dict[str, Any]:
    """One fee issue and a fee that depends on a certification both sides judge differently."""
    document = minimal_case()
    document["issues"] = [
        {
            "kind": "discrete",
            "id": "fee",
            "dimension": "price",
            "options": [
                {"id": "low", "ours": 0, "theirs": 100000},
                {"id": "mid", "ours": 50000, "theirs": 50000},
                {"id": "high", "ours": 100000, "theirs": 0},
            ],
            "contingent": [
                {
                    "id": "high_if_certified",
                    "condition": {
                        "description": "SL3 certificate for the delivered firmware",
                        "verifier": "Accredited body",
                        "by": "2027-06-30",
                    },
                    "if_pass": "high",
                    "if_fail": "low",
                    "probability": {"ours": ours_chance, "theirs": theirs_chance},
                }
            ],
        }
    ]
    document["standards"] = []
    document["harms"] = []
    document["offers"] = []
    document["safeguards"] = []
    document["reservation"] = {"value": 40000}
    document["their_batna"] = {"value": 40000}
    return document


def test_differing_beliefs_make_a_deal_that_dominates_every_plain_deal() -> None:
    # We are 80% sure of the certificate, they (by our estimate) 20%: each side values the bet at
    # its own odds, 80,000 EUR to each, where the only plain deal both accept gives 50,000 each.
    loaded = load(_fee_case(0.8, 0.2))
    found = sweep(loaded)
    pairs = set(zip(found.frontier.ours.tolist(), found.frontier.theirs.tolist(), strict=True))
    assert (80000.0, 80000.0) in pairs
    plain = pareto_frontier(plain_space(loaded, found.space))
    agreeable = [
        (o, t)
        for o, t in zip(plain.ours.tolist(), plain.theirs.tolist(), strict=True)
        if o >= 40000 and t >= 40000
    ]
    assert agreeable == [(50000.0, 50000.0)]
    bet = contingent_value(loaded, found)
    assert bet is not None
    assert (bet.ours, bet.theirs) == (80000.0, 80000.0)
    assert bet.beats_every_plain_deal and bet.plain_ceiling == (50000.0, 50000.0)
    assert bet.created == 60000.0
    assert bet.terms == ("fee=high_if_certified",)


def test_shared_beliefs_create_no_such_deal() -> None:
    # At shared odds the bet is worth exactly the plain middle fee to both: nothing is created.
    loaded = load(_fee_case(0.5, 0.5))
    found = sweep(loaded)
    pairs = set(zip(found.frontier.ours.tolist(), found.frontier.theirs.tolist(), strict=True))
    assert pairs == {(100000.0, 0.0), (50000.0, 50000.0), (0.0, 100000.0)}
    bet = contingent_value(loaded, found)
    assert bet is None or (bet.created <= 0 and not bet.beats_every_plain_deal)


def test_branches_must_be_plain_options_of_the_issue() -> None:
    document = _fee_case(0.5, 0.5)
    document["issues"][0]["contingent"][0]["if_pass"] = "premium"
    with pytest.raises(CaseFileError) as caught:
        parse_case(to_yaml(document).encode(), "case.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "issues[0].contingent[0].if_pass"
    assert "'fee' has no plain option 'premium'" in problem.message


def test_unknown_verified_standard_is_located() -> None:
    document = _fee_case(0.5, 0.5)
    document["issues"][0]["contingent"][0]["condition"]["standard"] = "sl3"
    with pytest.raises(CaseFileError) as caught:
        parse_case(to_yaml(document).encode(), "case.yaml")
    assert "issues[0].contingent[0].condition.standard: unknown standard 'sl3'" in str(caught.value)


def test_offer_naming_a_contingent_option_is_valued_at_our_expectation() -> None:
    loaded = load(_fee_case(0.75, 0.25))
    result = evaluate_offer(loaded, {"fee": "high_if_certified"})
    assert result.ours == 75000.0
    assert result.theirs == 75000.0


def test_a_condition_without_verifier_or_date_is_linted() -> None:
    document = _fee_case(0.5, 0.5)
    document["issues"][0]["contingent"][0]["condition"] = {"description": "certified"}
    findings = [
        finding
        for finding in incomplete_contract_terms(LintContext(load(document)))
        if "contingent" in finding.message
    ]
    assert [finding.message for finding in findings] == [
        "contingent option 'high_if_certified' of 'fee': its condition has no verifier, by"
    ]
    assert findings[0].path == ("issues", 0, "contingent", 0, "condition")
