"""Offer evaluation: failing clauses, every recommendation, counter order, and a say text that
never leaks our BATNA, reservation point or estimates of the other side."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from brightline.engine.space import compile_space
from brightline.errors import InputFileError
from brightline.offers.evaluate import Recommendation, evaluate_offer
from brightline.offers.offer_input import parse_offer_document, parse_offer_text
from brightline.rules import evaluate
from factories import minimal_case, outcomes_to_try, to_yaml
from meso_cases import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RESERVATION = 61_234
BATNA_LIKELY = 57_891
THEIR_BATNA = 43_210


def deal_case(**changes: Any) -> dict[str, Any]:
    """Residency (a standard), scope and discount, with private numbers easy to spot in text."""
    document = minimal_case()
    document["issues"] = [
        {
            "kind": "discrete",
            "id": "residency",
            "name": "Data location",
            "dimension": "verification",
            "options": [
                {"id": "eu_only", "ours": 0, "theirs": 0, "label": "EU regions only"},
                {"id": "global", "ours": 40000, "theirs": 30000},
            ],
        },
        {
            "kind": "discrete",
            "id": "scope",
            "name": "Rollout scope",
            "dimension": "scope",
            "options": [
                {"id": "pilot", "ours": 60000, "theirs": 50000},
                {"id": "enterprise", "ours": 300000, "theirs": 260000},
            ],
        },
        {
            "kind": "numeric",
            "id": "discount",
            "name": "Discount",
            "dimension": "price",
            "range": {"min": 0, "max": 30, "step": 10, "unit": "%"},
            "ours": [[0, 0], [30, -90000]],
            "theirs": [[0, 0], [30, 90000]],
        },
    ]
    document["standards"][0]["name"] = "EU data residency"
    document["harms"][0]["rule"] = 'residency == "global"'
    document["batna"] = {
        "description": "Other buyer",
        "components": [
            {
                "name": "Other buyer margin",
                "kind": "money",
                "value": {"low": 50111, "likely": BATNA_LIKELY, "high": 59999},
            }
        ],
    }
    document["reservation"] = {"value": RESERVATION, "pre_committed": True}
    document["their_batna"] = {"value": THEIR_BATNA, "confidence": "low"}
    for dotted, value in changes.items():
        node: Any = document
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        node[parts[-1]] = value
    return document


SCOPE_RULE = {
    "id": "pilot_first",
    "name": "Pilot before enterprise",
    "rule": 'scope == "pilot"',
    "source": {"kind": "policy", "reference": "Rollout policy 4.1"},
    "published": True,
    "safeguards": ["attest"],
}

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "accept": (deal_case(), {"residency": "eu_only", "scope": "enterprise", "discount": 0}),
    "counter": (deal_case(), {"residency": "global", "scope": "enterprise", "discount": 10}),
    "narrow-deal": (
        deal_case(**{"reservation.value": 21_234}),
        {"residency": "eu_only", "scope": "enterprise", "discount": 0},
    ),
    # Their offer (380,000 to them) clears their alternative (375,000): an offer below it would
    # contradict the estimate. Every compliant outcome (at most 350,000 to them) falls short.
    "pause": (
        deal_case(**{"their_batna.value": 375_000}),
        {"residency": "global", "scope": "enterprise", "discount": 30},
    ),
    "walk": (
        deal_case(**{"reservation.value": 350_000}),
        {"residency": "global", "scope": "enterprise", "discount": 0},
    ),
}
CASES["narrow-deal"][0]["standards"].append(SCOPE_RULE)


@pytest.mark.parametrize("expected", list(CASES))
def test_each_recommendation_on_a_purpose_built_offer(expected: str) -> None:
    document, offer = CASES[expected]
    result = evaluate_offer(load(document), offer)
    assert result.recommendation is Recommendation(expected), result.reasons
    assert result.reasons
    assert bool(result.counters) is (expected in ("counter", "narrow-deal", "pause"))


PRIVATE = re.compile(r"batna|reservation|walk-away point|estimat|their alternative", re.I)


def _private_numbers(document: dict[str, Any]) -> list[str]:
    numbers = [document["reservation"]["value"], BATNA_LIKELY, 50111, 59999]
    numbers.append(document["their_batna"]["value"])
    shown: list[str] = []
    for number in numbers:
        shown += [str(number), f"{number:,}", f"{number:,}".replace(",", " "), f"{number:.3g}"]
    return shown


@pytest.mark.parametrize("directness", ["direct", "mixed", "indirect"])
@pytest.mark.parametrize("expected", list(CASES))
def test_say_never_reveals_our_limits_or_estimates(expected: str, directness: str) -> None:
    document, offer = CASES[expected]
    document = copy.deepcopy(document)
    document["case"]["culture"] = {
        "directness": directness,
        "power_distance": "high" if directness != "mixed" else "low",
        "face_saving": ["Frame the pilot as their audit win"],
        "escalation_steps": ["Joint review with both CTOs"],
    }
    result = evaluate_offer(load(document), offer)
    assert result.say
    assert not PRIVATE.search(result.say), result.say
    for number in _private_numbers(document):
        assert number not in result.say, (number, result.say)


def test_directness_changes_the_register() -> None:
    document, offer = CASES["counter"]
    direct = copy.deepcopy(document)
    direct["case"]["culture"] = {"directness": "direct"}
    indirect = copy.deepcopy(document)
    indirect["case"]["culture"] = {"directness": "indirect", "face_saving": ["A joint pilot"]}
    plain = evaluate_offer(load(direct), offer).say
    soft = evaluate_offer(load(indirect), offer).say
    assert "cannot sign" in plain and "Would it work" not in plain
    assert "Would it work" in soft and "On our side, we offer a joint pilot." in soft


def test_context_sets_the_noun() -> None:
    document, offer = CASES["counter"]
    procurement = copy.deepcopy(document)
    procurement["case"]["context"] = "procurement"
    assert "bid" in evaluate_offer(load(procurement), offer).say


def test_failing_clause_and_value_of_a_conditional_standard() -> None:
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / "saas-data-residency.yaml")
    result = evaluate_offer(loaded, loaded.case.offers[0].outcome)
    found = {(v.standard, v.clause, v.value, v.condition) for v in result.violations}
    assert ("eu_residency", 'residency == "eu_only"', "global", "") in found
    assert (
        "audit_before_expansion",
        'audit == "before_expansion"',
        "none",
        'scope in ["division", "enterprise"]',
    ) in found
    assert not result.compliant


def test_bank_opening_is_repaired_without_a_bigger_discount() -> None:
    """The minimal repair already leaves the bank far above its alternative: keep its 20%."""
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / "saas-data-residency.yaml")
    offer = loaded.case.offers[0].outcome
    result = evaluate_offer(loaded, offer)
    assert result.counters
    first = result.counters[0]
    assert {issue for issue, _, _ in first.changes} == {"residency", "audit"}
    for counter in result.counters:
        assert counter.outcome["discount"] <= offer["discount"]
        assert counter.overpay == 0 and not counter.likely_refused
        assert all(evaluate(rule, counter.outcome) for rule in loaded.standard_rules.values())
        assert abs(counter.ours - first.ours) <= 0.02 * 480_000


def test_off_grid_offer_is_valued_on_its_curve_and_countered_on_the_grid() -> None:
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / "city-services-rfp.yaml")
    offer = dict(loaded.case.offers[1].outcome)
    assert offer["annual_price"] == 20.85
    result = evaluate_offer(loaded, offer)
    price = loaded.case.issue("annual_price")
    assert result.compliant
    expected = sum(issue.value_to_us(offer[issue.id]) for issue in loaded.case.issues)
    assert result.ours == pytest.approx(expected)
    assert price.value_to_us(20.85) != price.value_to_us(20.5)
    grid = price.values()
    for counter in result.counters:
        assert counter.outcome["annual_price"] in grid
        assert counter.outcome["annual_price"] < 20.85  # never past the bidder's own ask


def test_offer_text_and_file_parse_the_same(write_file: Any) -> None:
    document, offer = CASES["counter"]
    loaded = load(document)
    text = ",".join(f"{key}={value}" for key, value in offer.items())
    from_text = parse_offer_text(text, loaded.case)
    path = write_file("offer.yaml", to_yaml({"outcome": offer}))
    from_file = parse_offer_document(path.read_bytes(), str(path), loaded.case)
    json_path = write_file("offer.json", json.dumps(offer))
    from_json = parse_offer_document(json_path.read_bytes(), str(json_path), loaded.case)
    assert from_text == from_file == from_json


def test_bad_offer_reports_every_problem() -> None:
    loaded = load(deal_case())
    with pytest.raises(InputFileError) as caught:
        parse_offer_text("residency=mars,scop=pilot,discount=lots", loaded.case)
    text = str(caught.value)
    assert "no option 'mars'" in text and "unknown issue 'scop'" in text
    assert "needs a number, got 'lots'" in text and "does not settle" in text
    # A number beyond the range is no problem: the other side may offer it (evaluate flags it).
    assert parse_offer_text("residency=eu_only,scope=pilot,discount=99", loaded.case) == {
        "residency": "eu_only",
        "scope": "pilot",
        "discount": 99.0,
    }


def test_evaluate_command_text_and_json(cli: Any, write_file: Any) -> None:
    document, offer = CASES["counter"]
    case_path = write_file("case.yaml", to_yaml(document))
    text = ",".join(f"{key}={value}" for key, value in offer.items())
    result = cli("evaluate", str(case_path), "--offer", text, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    expected = {"compliant", "violations", "ours", "theirs", "recommendation", "reasons"}
    assert expected | {"counters", "say"} <= set(payload)
    assert payload["violations"][0] == {
        "standard": "eu",
        "clause": 'residency == "eu_only"',
        "value": "global",
        "issue": "residency",
        "condition": None,
    }
    assert {"outcome", "changes", "ours", "theirs"} <= set(payload["counters"][0])
    human = cli("evaluate", str(case_path), "--offer", text)
    assert human.exit_code == 0 and "Recommendation: counter" in human.stdout


def test_evaluate_command_bad_offer_file_exits_2(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(deal_case()))
    offer_path = write_file("offer.yaml", "residency: eu_only\nscope: huge\ndiscount: 0\n")
    result = cli("evaluate", str(case_path), "--offer", str(offer_path))
    assert result.exit_code == 2
    assert "offer.yaml:2:" in result.stderr and "Traceback" not in result.output
    missing = cli("evaluate", str(case_path), "--offer", str(offer_path) + ".nope")
    assert missing.exit_code == 2


def test_pause_names_who_checks_and_high_power_distance_offers_writing() -> None:
    document, offer = CASES["pause"]
    document = copy.deepcopy(document)
    document["case"]["culture"] = {"directness": "direct", "power_distance": "high"}
    result = evaluate_offer(load(document), offer)
    say = result.say
    assert result.recommendation is Recommendation.PAUSE
    assert "Auditor checks the standard \u201cEU data residency\u201d is met (yearly)." in say
    pause = [fact for fact in result.say_text.facts if fact.kind.value == "pause"]
    assert [fact.reason for fact in pause] == ["their-alternative"]
    assert "rather pause than ask you to accept them" in say and "safely" not in say
    assert "other options" not in say  # their alternative is our estimate: never stated
    assert "in writing so your leadership" in say
    assert not [fact for fact in result.say_text.facts if fact.kind.value == "pending-check"]
    document["integrative_options"] = [
        {"description": "Escrowed keys held in the EU", "status": "pursuing", "verifiable": False}
    ]
    waiting = evaluate_offer(load(document), offer)
    assert waiting.recommendation is Recommendation.PAUSE
    [pending] = [fact for fact in waiting.say_text.facts if fact.kind.value == "pending-check"]
    assert pending.reason == "pending-verification" and "Escrowed" not in waiting.say
    assert any(
        reason.startswith("pending verification: 1 integrative option")
        for reason in waiting.reasons
    )


def test_walk_on_a_compliant_offer_does_not_blame_a_standard_and_writes_once() -> None:
    document, offer = CASES["walk"]
    document = copy.deepcopy(document)
    document["case"]["culture"] = {"directness": "direct", "power_distance": "high"}
    compliant = {**offer, "residency": "eu_only"}
    result = evaluate_offer(load(document), compliant)
    assert result.recommendation is Recommendation.WALK
    assert "meet the standard" not in result.say and "rule we held" not in result.say
    assert result.say.count("in writing") == 1
    broken = evaluate_offer(load(document), offer).say
    assert "meet the standard" in broken and broken.count("in writing") == 1


def test_plan_evaluates_received_offers_and_skips_partial_ones(cli: Any, write_file: Any) -> None:
    document, offer = CASES["counter"]
    document = copy.deepcopy(document)
    document["offers"] = [
        {"id": "full", "direction": "received", "outcome": offer},
        {"id": "partial", "direction": "received", "outcome": {"scope": "pilot"}},
        {"id": "ours", "direction": "made", "outcome": offer},
    ]
    path = write_file("case.yaml", to_yaml(document))
    result = cli("plan", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    evaluated = json.loads(result.stdout)["received_offers"]
    assert [entry["id"] for entry in evaluated] == ["full"]
    assert evaluated[0]["recommendation"] == "counter"
    markdown = cli("plan", str(path), "--format", "markdown").stdout
    assert "partial: not evaluated" in markdown and "## MESO grid" in markdown


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_no_counter_sits_on_the_reservation_point(path: Path) -> None:
    """Counters floored at the reservation point walked down to it, offering it outright."""
    from brightline.offers.valuation import value_scale
    from brightline.services import load_case

    loaded = load_case(path)
    if loaded.case.reservation is None:
        return
    space = compile_space(loaded)
    scale = value_scale(loaded, space)
    reservation = loaded.case.reservation.value
    tolerance = 0.02 * scale.span
    for outcome in outcomes_to_try(loaded):
        result = evaluate_offer(loaded, outcome, space=space)
        if abs(result.target - reservation) <= tolerance:
            continue
        for counter in result.counters:
            assert abs(counter.ours - reservation) > tolerance, (outcome, counter)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("residency=eu_only,scope=pilot,discount=much", "needs a number"),
        ("residency=eu_only,scope=pilot,discount=10,residency=global", "given twice"),
        ("residency=eu_only,scope=pilot,discount=nan", "finite number"),
    ],
)
def test_malformed_inline_offers_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_offer_text(text, load(deal_case()).case)
    assert any(message in problem.message for problem in caught.value.problems)


def test_yaml_boolean_for_a_number_is_refused(write_file: Any) -> None:
    path = write_file("offer.yaml", "residency: eu_only\nscope: pilot\ndiscount: true\n")
    with pytest.raises(InputFileError) as caught:
        parse_offer_document(path.read_bytes(), str(path), load(deal_case()).case)
    assert "needs a number, got True" in caught.value.problems[0].message


def test_empty_offer_is_named_as_an_offer_not_a_folder_or_a_case(cli: Any, write_file: Any) -> None:
    case_path = write_file("case.yaml", to_yaml(deal_case()))
    empty = write_file("offer.yaml", "")
    for offer in ("", str(empty)):
        result = cli("evaluate", str(case_path), "--offer", offer)
        assert result.exit_code == 2, result.output
        assert "empty" in result.stderr
        assert "folder" not in result.stderr and "brightline init" not in result.stderr


def test_text_shows_numbers_with_their_unit_and_json_in_cents(cli: Any) -> None:
    path = str(EXAMPLES / "saas-data-residency.yaml")
    offer = "residency=global,scope=pilot,audit=none,discount=20,start_week=2"
    text = cli("evaluate", path, "--offer", offer)
    assert text.exit_code == 0, text.output
    assert "discount: 20% -> 30%" not in text.stdout  # never more than they asked for
    assert "(3 changes)" in text.stdout and "change(s)" not in text.stdout
    assert not re.search(r"\d\.0\b", text.stdout)
    meso = cli("meso", path)
    assert "Discount on list price: 25%" in meso.stdout  # the issue's name, not its id
    assert not re.search(r": \d+\.0\b", meso.stdout)
    document = json.loads(cli("evaluate", path, "--offer", offer, "-f", "json").stdout)
    amounts = [document["ours"], document["target"]] + [c["ours"] for c in document["counters"]]
    assert all(round(value, 2) == value for value in amounts)


@pytest.mark.parametrize("form", ["text", "document"])
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_the_hint_for_an_unsettled_issue_is_a_pair_that_reads(path: Path, form: str) -> None:
    """'the offer does not settle X' is followed: adding the pair the hint names gives an offer."""
    from brightline.errors import InputFileError
    from brightline.offers.offer_input import parse_offer_document, parse_offer_text
    from brightline.services import load_case

    loaded = load_case(path)
    case = loaded.case
    offer = {issue.id: issue.values()[0] for issue in case.issues[:-1]}
    if form == "text":
        written = ",".join(f"{key}={value}" for key, value in offer.items())
        parse: Any = lambda text: parse_offer_text(text, case)  # noqa: E731
        joined = ","
    else:
        written = "".join(f"{key}: {value}\n" for key, value in offer.items())
        parse = lambda text: parse_offer_document(text.encode(), "offer.yaml", case)  # noqa: E731
        joined = "\n"
    with pytest.raises(InputFileError) as caught:
        parse(written)
    [problem] = caught.value.problems
    assert "does not settle" in problem.message
    match = re.search(r"such as `([^`]+)`", problem.hint)
    assert match, problem.hint
    full = parse(written + joined + match.group(1) + ("\n" if form == "document" else ""))
    assert set(full) == {issue.id for issue in case.issues}


def test_an_offer_beyond_the_modelled_range_is_valued_flat_and_flagged(
    cli: Any, tmp_path: Path
) -> None:
    """The review: annual_price=23.4 (the range ends at 22) was refused with exit 2; offers come
    in at any number, so it is valued as at the curve's last point, flagged, and countered on
    the grid (in a negotiated procedure: without ``bids:`` the case is no tender, where no bidder
    is countered alone)."""
    text = (EXAMPLES / "city-services-rfp.yaml").read_text(encoding="utf-8")
    negotiated = text.replace("bids:\n  probation_months: 6\n", "")
    assert negotiated != text
    path = str(tmp_path / "negotiated.yaml")
    Path(path).write_text(negotiated, encoding="utf-8")
    rest = (
        "safety_level=3,inspections=independent_quarterly,credit_cap_pct=10,mobilization_weeks=18"
    )
    beyond = cli("evaluate", path, "--offer", f"annual_price=23.4,{rest}", "--format", "json")
    assert beyond.exit_code == 0, beyond.output
    at_edge = cli("evaluate", path, "--offer", f"annual_price=22,{rest}", "--format", "json")
    import json

    far, edge = json.loads(beyond.stdout), json.loads(at_edge.stdout)
    assert (far["ours"], far["theirs"]) == (edge["ours"], edge["theirs"])  # held flat
    assert any("beyond the modelled range" in reason for reason in far["reasons"])
    assert not any("beyond the modelled range" in reason for reason in edge["reasons"])
    assert far["counters"]
    grid = {15 + 0.5 * step for step in range(15)}
    assert all(counter["outcome"]["annual_price"] in grid for counter in far["counters"])
