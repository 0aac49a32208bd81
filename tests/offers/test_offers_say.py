"""Say texts are true by construction: every sentence is one fact, read back against the case.

On every example (each received offer and each issue's extremes, in every register) and on
generated cases, the text is parsed: every standard it names is one the offer breaks, every source
it cites sits right after its own standard's name, the pause gives the reason the evaluation
computed, and no sentence reads as if we broke our own rule or promises what the case does not.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.validate import LoadedCase
from brightline.engine.gate import warrant_gate
from brightline.engine.space import compile_space
from brightline.offers.evaluate import Evaluation, evaluate_offer
from brightline.offers.recommendation import Recommendation, Situation
from brightline.offers.say import FactKind, PauseReason
from brightline.services import load_case
from budget import examples
from factories import outcomes_to_try
from meso_cases import load
from strategies import case_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SELF_BLAME = re.compile(
    r"\bwe (cannot|can't|can not|do not|don't|could not) (meet|comply|satisfy)", re.I
)
PROMISES = re.compile(r"\bwiden|once the checks pass|promot|guarantee", re.I)
# "the standard “X”" names one standard by its name, which is right however many are broken.
SINGULAR = re.compile(r"\bthe standard\b(?! \u201c)|\bwhich rule we held\b", re.I)
PLURAL = re.compile(r"\bthe standards\b|\bwhich rules we held\b", re.I)
PRIVATE = re.compile(
    r"batna|reservation|walk-away point|estimat|their alternative"
    r"|your (other )?(options|alternatives?|fallback)|better than your",
    re.I,
)


def _name(loaded: LoadedCase, standard_id: str) -> str:
    standard = next(s for s in loaded.case.standards if s.id == standard_id)
    return standard.name or standard_id.replace("_", " ")


def check_say(loaded: LoadedCase, result: Evaluation) -> None:
    """Parse the say text and check every claim against the evaluation and the case."""
    text = result.say
    facts = result.say_text.facts
    assert text == " ".join(fact.sentence for fact in facts)
    broken = {violation.standard for violation in result.violations}
    cited = [fact for fact in facts if fact.kind is FactKind.BREAKS]
    assert [fact.standard for fact in cited] == list(
        dict.fromkeys(violation.standard for violation in result.violations)
    )
    for fact in cited:
        standard = next(s for s in loaded.case.standards if s.id == fact.standard)
        own = standard.source.reference if standard.published and standard.source else ""
        assert fact.source == own, (fact, own)
        assert _name(loaded, fact.standard) in fact.sentence
        if own:
            assert f"\u201c{_name(loaded, fact.standard)}\u201d ({own})" in fact.sentence
    for standard in loaded.case.standards:
        name = standard.name or standard.id.replace("_", " ")
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            assert standard.id in broken, (standard.id, text)
        if standard.published and standard.source is not None:
            reference = standard.source.reference
            for match in re.finditer(re.escape(f"({reference})"), text):
                before = text[: match.start()].rstrip()
                owners = [
                    s.id
                    for s in loaded.case.standards
                    if s.published
                    and s.source is not None
                    and s.source.reference == reference
                    and before.endswith(f"\u201c{s.name or s.id.replace('_', ' ')}\u201d")
                ]
                assert owners and set(owners) & broken, (reference, text)
    for fact in facts:
        assert not SELF_BLAME.search(fact.sentence), fact.sentence
        assert not PROMISES.search(fact.sentence), fact.sentence
        assert not PRIVATE.search(fact.sentence), fact.sentence
        if fact.kind is FactKind.CHECKED_BY:
            assert fact.standard in broken
    many = len(broken) > 1
    for fact in facts:  # the count of standards the offer breaks is the count the words name
        assert not (many and SINGULAR.search(fact.sentence)), (broken, fact.sentence)
        assert not (not many and PLURAL.search(fact.sentence)), (broken, fact.sentence)
    pauses = [fact for fact in facts if fact.kind is FactKind.PAUSE]
    if result.recommendation is Recommendation.PAUSE:
        expected = {
            Situation.NO_ZONE: PauseReason.THEIR_ALTERNATIVE,
            Situation.VALUE_GAP: PauseReason.VALUE_GAP,
        }[result.situation]
        assert [fact.reason for fact in pauses] == [expected.value]
    else:
        assert not pauses
    pending = [fact for fact in facts if fact.kind is FactKind.PENDING_CHECK]
    waiting = any(
        option.status.value == "pursuing" and not option.verifiable
        for option in loaded.case.integrative_options
    )
    assert bool(pending) is (waiting and result.recommendation is Recommendation.PAUSE)
    proposal = [fact for fact in facts if fact.kind is FactKind.PROPOSAL]
    assert bool(proposal) is (result.recommendation.proposes and bool(result.counters))


@pytest.mark.parametrize("directness", ["direct", "mixed", "indirect"])
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_say_texts_of_every_example_read_back_true(path: Path, directness: str) -> None:
    loaded = load_case(path)
    loaded.case.case.culture.directness = type(loaded.case.case.culture.directness)(directness)
    space = compile_space(loaded)
    gate = warrant_gate(loaded, space)
    for outcome in outcomes_to_try(loaded):
        check_say(loaded, evaluate_offer(loaded, outcome, space=space, gate=gate))


@examples(40)
@given(
    case_document(harms=True),
    st.sampled_from(["direct", "mixed", "indirect"]),
    st.lists(st.booleans(), min_size=3, max_size=3),
    st.data(),
)
def test_say_texts_of_generated_cases_read_back_true(
    document: dict[str, Any], directness: str, published: list[bool], data: st.DataObject
) -> None:
    document = copy.deepcopy(document)
    document["case"]["culture"] = {"directness": directness, "power_distance": "high"}
    for index, standard in enumerate(document["standards"]):
        standard["name"] = f"Rule number {index}"
        standard["published"] = published[index]
        standard["source"] = {"kind": "policy", "reference": f"Policy {index}.{index + 1}"}
        standard["verifier"] = {"who": "Auditor", "when": "yearly"}
    loaded = load(document)
    offer = {
        issue.id: data.draw(st.sampled_from(list(issue.values()))) for issue in loaded.case.issues
    }
    check_say(loaded, evaluate_offer(loaded, offer))


def test_the_checker_catches_a_standard_credited_with_another_ones_source() -> None:
    """The parse is not vacuous: a sentence citing the wrong source fails it."""
    from dataclasses import replace

    from brightline.offers.say import SayFact, SayText

    loaded = load_case(EXAMPLES / "saas-data-residency.yaml")
    result = evaluate_offer(loaded, loaded.case.offers[0].outcome)
    facts = list(result.say_text.facts)
    residency, audit = (fact for fact in facts if fact.kind is FactKind.BREAKS)
    wrong = SayFact(
        FactKind.BREAKS,
        audit.sentence.replace(audit.source, residency.source),
        audit.standard,
        residency.source,
    )
    forged = replace(result, say_text=SayText(tuple(wrong if f is audit else f for f in facts)))
    with pytest.raises(AssertionError):
        check_say(loaded, forged)
    blamed = SayFact(FactKind.BREAKS, "We cannot meet EU data residency.", "eu_residency")
    forged = replace(result, say_text=SayText((blamed,)))
    with pytest.raises(AssertionError):
        check_say(loaded, forged)


@pytest.mark.parametrize("relationship", ["legal-duty", "fragile"])
@pytest.mark.parametrize("name", ["senior-hire-pay-band", "leadership-safety-gate"])
def test_say_texts_read_back_true_where_the_gate_rules_out_holding_out(
    name: str, relationship: str
) -> None:
    """Keep-seeking and decline texts name as many standards as the offer breaks."""
    loaded = load_case(EXAMPLES / f"{name}.yaml")
    bond = loaded.case.case.relationship
    if relationship == "legal-duty":
        bond.legal_duty_to_accommodate = True
        expected = Recommendation.KEEP_SEEKING
    else:
        bond.fragility = type(bond.fragility)("high")
        bond.deterrent_benefit = False
        expected = Recommendation.DECLINE
    offer = next(dict(o.outcome) for o in loaded.case.offers if o.direction.value == "received")
    result = evaluate_offer(loaded, offer)
    assert result.recommendation is expected
    check_say(loaded, result)
