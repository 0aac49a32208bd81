"""Properties of evaluate on generated negotiations (2-8 issues, reservation below, inside or above).

For every generated case and offer: counters meet every standard and our reservation point; they
give more than was asked only as far as needed (checked against a brute force); "likely refused"
means below their estimated alternative; the recommendation is the table's for the gate's stance;
the say text reads back true; and every hint evaluate prints for a bad offer leads to an offer it
reads.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_offers_counters import check_counter_trades, evaluate_reference
from test_offers_say import check_say

from brightline.engine.gate import warrant_gate
from brightline.engine.space import compile_space
from brightline.errors import InputFileError
from brightline.offers.evaluate import evaluate_offer
from brightline.offers.offer_input import parse_offer_text
from brightline.offers.recommendation import Recommendation, recommend
from brightline.offers.recommendation import stance_of as gate_stance
from brightline.rules import evaluate
from budget import examples
from strategies import load_negotiation_case, negotiation_case

RELATIONSHIPS = [
    {},
    {"fragility": "high", "deterrent_benefit": False},
    {"legal_duty_to_accommodate": True},
    {"repeated": True, "deterrent_benefit": True},
]


@st.composite
def judged_case(draw: st.DrawFn) -> dict[str, Any]:
    """A negotiation case whose standards each protect a priced harm, so the gate can judge them."""
    document = copy.deepcopy(draw(negotiation_case(max_issues=6)))
    document["harms"] = []
    for index, standard in enumerate(document["standards"]):
        document["harms"].append(
            {
                "id": f"h{index}",
                "description": "generated harm",
                "rule": f"not ({standard['rule']})",
                "probability": draw(st.sampled_from([0.1, 0.5, 1.0])),
                "impact": draw(st.integers(min_value=0, max_value=20)) * 1000,
            }
        )
        standard["protects"] = [f"h{index}"]
        standard["published"] = draw(st.booleans())
        standard["source"] = {"kind": "policy", "reference": f"Policy {index}"}
    document["case"]["relationship"] = draw(st.sampled_from(RELATIONSHIPS))
    return document


def _offer(loaded: Any, data: st.DataObject) -> dict[str, Any]:
    return {
        issue.id: data.draw(st.sampled_from(list(issue.values()))) for issue in loaded.case.issues
    }


@examples(40)
@given(judged_case(), st.data())
def test_evaluate_on_generated_negotiations(document: dict[str, Any], data: st.DataObject) -> None:
    loaded = load_negotiation_case(document)
    space = compile_space(loaded)
    gate = warrant_gate(loaded, space)
    offer = _offer(loaded, data)
    result = evaluate_offer(loaded, offer, space=space, gate=gate)
    case = loaded.case
    reservation = case.reservation.value
    their = case.their_batna.value
    assert result.stance is gate_stance(gate)
    narrows = result.recommendation is Recommendation.NARROW_DEAL
    assert result.recommendation is recommend(result.stance, result.situation, narrows)
    if result.stance.rules_out_holding_out:
        assert result.recommendation is not Recommendation.PAUSE
    if result.recommendation.proposes:
        assert result.counters
    for counter in result.counters:
        assert counter.ours >= reservation - 1e-9
        assert all(evaluate(rule, counter.outcome) for rule in loaded.standard_rules.values())
        offer_value = sum(issue.value_to_them(offer[issue.id]) for issue in case.issues)
        contradicted = offer_value < their - 1e-9 * max(1.0, abs(their))
        assert counter.likely_refused is (not contradicted and counter.theirs < their - 1e-9)
    if result.counters:
        assert result.counter_floor is not None and result.counter_floor >= reservation - 1e-9
        # Their offer worth less to them than our estimate of their alternative contradicts the
        # estimate: evaluate then never gives more than asked to clear it.
        _, need = evaluate_reference(loaded, offer, result.counter_floor)
        for counter in result.counters:
            assert counter.overpay <= need + 1e-6  # past their ask only as far as needed
    check_counter_trades(loaded, result.counters)
    if document["generated"]["reservation"] in ("above", "infeasible"):
        assert not result.counters and result.recommendation is not Recommendation.ACCEPT
    check_say(loaded, result)


@examples(30)
@given(negotiation_case(max_issues=4), st.data())
def test_every_hint_for_a_misspelt_option_leads_to_an_offer_that_reads(
    document: dict[str, Any], data: st.DataObject
) -> None:
    """'did you mean X?' is followed: replacing the value with X gives an offer evaluate reads."""
    loaded = load_negotiation_case(document)
    offer = _offer(loaded, data)
    discrete = [issue for issue in loaded.case.issues if issue.kind == "discrete"]
    if not discrete:
        return
    issue = data.draw(st.sampled_from(discrete))
    wrong = {**offer, issue.id: f"{offer[issue.id]}x"}
    text = ",".join(f"{key}={value}" for key, value in wrong.items())
    try:
        parse_offer_text(text, loaded.case)
    except InputFileError as error:
        [problem] = error.problems
        assert problem.hint.startswith("did you mean "), problem.hint
        fixed = problem.hint.removeprefix("did you mean ").rstrip("?").strip("'")
        repaired = text.replace(f"{issue.id}={offer[issue.id]}x", f"{issue.id}={fixed}")
        assert parse_offer_text(repaired, loaded.case)[issue.id] == fixed
    else:
        raise AssertionError("a misspelt option was read")


@examples(30)
@given(negotiation_case(max_issues=4))
def test_the_format_hints_name_pairs_of_this_case_that_read(document: dict[str, Any]) -> None:
    """'write pairs such as ...' and 'such as `issue: option`' parse as written for this case."""
    from brightline.offers.offer_input import example_line, example_pairs, parse_offer_document

    loaded = load_negotiation_case(document)
    for empty in ("", "garbage"):
        try:
            parse_offer_text(empty, loaded.case)
        except InputFileError as error:
            hints = [problem.hint for problem in error.problems]
        else:
            raise AssertionError("an empty offer was read")
        assert any(example_pairs(loaded.case) in hint for hint in hints), hints
    try:
        parse_offer_text(example_pairs(loaded.case), loaded.case)
    except InputFileError as error:
        assert all("does not settle" in problem.message for problem in error.problems)
    try:
        parse_offer_document(example_line(loaded.case).encode(), "offer.yaml", loaded.case)
    except InputFileError as error:
        assert all("does not settle" in problem.message for problem in error.problems)
