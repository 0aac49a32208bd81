"""MESO: every offer compliant, values within tolerance, pairwise differences, optimal vs brute force."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.errors import UsageError
from brightline.offers.meso import MesoAsk, generate_meso
from brightline.rules import evaluate
from budget import examples
from meso_cases import better_swaps, brute_force_meso, dominated, lean_case, load, small_cases

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _check_invariants(loaded: Any, result: Any, count: int, min_difference: int) -> None:
    assert len(result.offers) == count
    for offer in result.offers:
        for rule in loaded.standard_rules.values():
            assert evaluate(rule, offer.outcome)
        assert result.target - 1e-6 <= offer.ours <= result.target + result.tolerance + 1e-6
        expected_ours = sum(
            issue.value_to_us(offer.outcome[issue.id]) for issue in loaded.case.issues
        )
        assert offer.ours == pytest.approx(expected_ours)
    for first, second in itertools.combinations(result.offers, 2):
        differing = sum(first.outcome[key] != second.outcome[key] for key in first.outcome)
        assert differing >= min_difference
        assert not dominated((first.ours, first.theirs), (second.ours, second.theirs))
        assert not dominated((second.ours, second.theirs), (first.ours, first.theirs))


@examples(30, derandomize=True)
@given(
    document=small_cases(),
    count=st.integers(2, 3),
    min_difference=st.integers(1, 2),
    target_share=st.floats(0.0, 1.0),
    tolerance=st.sampled_from([0.0, 1000.0, 3000.0]),
    method=st.sampled_from(["exact", "milp"]),
    min_dimensions=st.sampled_from([1, 1, 2]),
)
def test_meso_is_compliant_equal_valued_different_and_optimal(
    document: dict[str, Any],
    count: int,
    min_difference: int,
    target_share: float,
    tolerance: float,
    method: str,
    min_dimensions: int,
) -> None:
    loaded = load(document)
    if min_dimensions > len({issue.dimension for issue in loaded.case.issues}):
        min_dimensions = 1
    top = sum(
        max(o["ours"] for o in issue["options"]) if "options" in issue else 10000
        for issue in document["issues"]
    )
    target = round(target_share * top / 1000) * 1000
    result = generate_meso(
        loaded,
        MesoAsk(
            count=count,
            target=target,
            tolerance=tolerance,
            min_difference=min_difference,
            method=method,
            min_dimensions=min_dimensions,
        ),
    )
    best = brute_force_meso(
        loaded, count, target, target + tolerance, min_difference, min_dimensions
    )
    if best is None:
        assert result.infeasible is not None
        assert len(result.offers) < count
        return
    assert result.infeasible is None, result.infeasible
    _check_invariants(loaded, result, count, min_difference)
    for first, second in itertools.combinations(result.offers, 2):
        spread = {
            issue.dimension
            for issue in loaded.case.issues
            if first.outcome[issue.id] != second.outcome[issue.id]
        }
        assert len(spread) >= min_dimensions
    assert min(offer.theirs for offer in result.offers) == pytest.approx(best[0])
    if method == "milp":  # leximin, solved in stages
        assert sorted(offer.theirs for offer in result.offers) == pytest.approx(list(best))
    swaps = better_swaps(
        loaded, list(result.offers), target, target + tolerance, min_difference, min_dimensions
    )
    assert swaps == []
    assert result.gap == 0.0


def _saas() -> Any:
    from brightline.services import load_case

    return load_case(EXAMPLES / "saas-data-residency.yaml")


def test_exact_and_milp_agree_on_the_saas_example() -> None:
    loaded = _saas()
    exact = generate_meso(loaded, MesoAsk(method="exact"))
    shape = {
        "target": exact.target,
        "tolerance": exact.tolerance,
        "count": len(exact.offers),
        "min_difference": exact.min_difference,
        "min_dimensions": exact.min_dimensions,
    }
    milp = generate_meso(loaded, MesoAsk(method="milp", **shape))
    assert exact.infeasible is None and milp.infeasible is None
    _check_invariants(loaded, exact, 3, 2)
    _check_invariants(loaded, milp, 3, 2)
    assert min(o.theirs for o in exact.offers) == pytest.approx(min(o.theirs for o in milp.offers))
    low, high = exact.target, exact.target + exact.tolerance
    assert better_swaps(loaded, list(milp.offers), low, high, 2, exact.min_dimensions) == []


def test_each_offer_carries_the_safeguards_of_the_standards_in_force() -> None:
    loaded = _saas()
    result = generate_meso(loaded)
    for offer in result.offers:
        assert "eu_residency" in offer.standards
        assert "residency_attestation" in offer.safeguards
        expanded = offer.outcome["scope"] in ("division", "enterprise")
        assert ("audit_before_expansion" in offer.standards) is expanded


def test_target_above_the_best_compliant_value_names_the_conflicting_standard() -> None:
    loaded = _saas()
    result = generate_meso(loaded, MesoAsk(target=350_000))
    assert result.infeasible is not None
    assert result.offers == ()
    assert "eu_residency" in result.infeasible.standards
    assert "below the target" in result.infeasible.reasons[0]
    suggestion = result.infeasible.suggestion
    assert suggestion is not None and suggestion.target < 350_000
    following = generate_meso(loaded, MesoAsk(**suggestion.to_json()))
    assert len(following.offers) == suggestion.count and following.relaxations == ()


def test_too_few_distinct_offers_reports_the_count_that_is_achievable() -> None:
    issues = [
        {
            "kind": "discrete",
            "id": "scope",
            "dimension": "scope",
            "options": [{"id": "a", "ours": 0, "theirs": 1}, {"id": "b", "ours": 0, "theirs": 2}],
        },
        {
            "kind": "discrete",
            "id": "timing",
            "dimension": "timing",
            "options": [{"id": "x", "ours": 0, "theirs": 1}, {"id": "y", "ours": 0, "theirs": 2}],
        },
    ]
    loaded = load(lean_case(issues, []))
    result = generate_meso(loaded, MesoAsk(count=3, target=0, tolerance=0, min_difference=2))
    assert result.infeasible is not None and result.offers == ()
    suggestion = result.infeasible.suggestion
    assert suggestion is not None and suggestion.count == 2
    defaults = generate_meso(loaded, MesoAsk(target=0, tolerance=0, min_difference=2))
    assert len(defaults.offers) == 2
    assert [step.kind for step in defaults.relaxations] == ["count"]


@pytest.mark.parametrize("count", [1, 6])
def test_count_outside_two_to_five_is_a_usage_error(count: int) -> None:
    with pytest.raises(UsageError, match="from 2 to 5"):
        generate_meso(_saas(), MesoAsk(count=count))


def test_meso_command_json_shape(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"offers", "gap"} <= set(document)
    assert len(document["offers"]) == 3
    for offer in document["offers"]:
        assert {"outcome", "ours", "theirs", "safeguards", "left_on_table"} <= set(offer)
    assert [step["kind"] for step in document["relaxations"]] == ["band", "target"]


def test_meso_command_options_and_text(cli: Any) -> None:
    path = str(EXAMPLES / "saas-data-residency.yaml")
    result = cli("meso", path, "--count", "2", "--tolerance", "5%", "--min-difference", "3")
    assert result.exit_code == 0, result.output
    assert "Offer 2" in result.stdout and "Offer 3" not in result.stdout


def test_meso_command_bad_count_exits_2_without_traceback(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--count", "9")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "from 2 to 5" in result.stderr


def test_meso_command_bad_tolerance_exits_2(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--tolerance", "lots")
    assert result.exit_code == 2
    assert "--tolerance" in result.stderr


def test_meso_command_infeasible_target_exits_1_with_reasons(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--target", "900000")
    assert result.exit_code == 1
    assert "conflicts with" in result.stdout


def test_plan_has_the_meso_grid(cli: Any, write_file: Any) -> None:
    result = cli("plan", str(EXAMPLES / "saas-data-residency.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["meso"]["offers"]) == 3
    assert document["received_offers"][0]["id"] == "buyer_opening"


def test_larger_space_goes_to_the_milp_and_reports_a_gap() -> None:
    issues = [
        {
            "kind": "discrete",
            "id": f"i{index}",
            "dimension": ["scope", "timing", "verification"][index % 3],
            "options": [
                {"id": f"o{option}", "ours": (option * 7 + index) % 10 * 100, "theirs": option}
                for option in range(6)
            ],
        }
        for index in range(8)
    ]
    loaded = load(lean_case(issues, ['i0 != "o0"']))
    result = generate_meso(loaded, MesoAsk(count=4, time_limit=20))
    assert result.method == "milp"
    assert result.infeasible is None
    assert result.gap is not None and result.gap >= 0
    _check_invariants(loaded, result, 4, 2)


def test_min_dimensions_outside_the_tagged_dimensions_is_a_usage_error(cli: Any) -> None:
    path = str(EXAMPLES / "saas-data-residency.yaml")
    result = cli("meso", path, "--min-dimensions", "9")
    assert result.exit_code == 2 and "--min-dimensions" in result.stderr


def test_min_dimensions_spreads_every_pair() -> None:
    loaded = _saas()
    result = generate_meso(loaded, MesoAsk(count=2, min_dimensions=3))
    assert len(result.offers) == 2
    first, second = result.offers
    spread = {
        issue.dimension
        for issue in loaded.case.issues
        if first.outcome[issue.id] != second.outcome[issue.id]
    }
    assert len(spread) >= 3


def test_meso_json_exits_1_like_text_when_no_grid_exists(cli: Any) -> None:
    path = str(EXAMPLES / "saas-data-residency.yaml")
    result = cli("meso", path, "--target", "900000", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["offers"] == [] and document["infeasible"] is not None
    text = cli("meso", path, "--target", "900000")
    assert text.exit_code == 1
    assert "MESO grid: 0 offers" not in text.stdout and "gap" not in text.stdout


@pytest.mark.parametrize(
    ("option", "value"),
    [("--target", "nan"), ("--target", "inf"), ("--tolerance", "nan"), ("--target", "-inf%")],
)
def test_non_finite_target_or_tolerance_exits_2(cli: Any, option: str, value: str) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), option, value)
    assert result.exit_code == 2 and "finite" in result.stderr


def test_contradictory_standards_are_named_not_all_of_them() -> None:
    issues = [
        {
            "kind": "discrete",
            "id": name,
            "dimension": dimension,
            "options": [{"id": "a", "ours": 0, "theirs": 1}, {"id": "b", "ours": 1000}],
        }
        for name, dimension in (("x", "scope"), ("y", "timing"))
    ]
    loaded = load(lean_case(issues, ['x == "a"', 'x == "b"', 'y == "a"']))
    result = generate_meso(loaded, MesoAsk(count=2, target=0))
    assert result.infeasible is not None
    assert result.infeasible.standards == ("s0", "s1")
    assert "s0, s1" in result.infeasible.reasons[0]


def test_offers_below_their_alternative_are_flagged() -> None:
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / "healthcare-data-partnership.yaml")
    # The narrow band (2% of the value range) holds offers worth less to them than their
    # alternative; the default band would widen past it (a wider grid beats it for both sides).
    result = generate_meso(loaded, MesoAsk(count=2, min_difference=1, tolerance=8_200))
    alternative = loaded.case.their_batna.value
    flagged = [offer for offer in result.offers if offer.below_their_alternative]
    assert flagged == [offer for offer in result.offers if offer.theirs < alternative]
    assert flagged and any("less to them than their alternative" in n for n in result.notes)


def test_default_spread_is_two_dimensions_with_a_fallback_note() -> None:
    loaded = _saas()
    spread = generate_meso(loaded)
    assert spread.min_dimensions == 2 and spread.infeasible is None
    for first, second in itertools.combinations(spread.offers, 2):
        differing = {
            issue.dimension
            for issue in loaded.case.issues
            if first.outcome[issue.id] != second.outcome[issue.id]
        }
        assert len(differing) >= 2
    issues = [
        {
            "kind": "discrete",
            "id": name,
            "dimension": dimension,
            "options": [{"id": f"o{k}", "ours": 0, "theirs": k} for k in range(3)],
        }
        for name, dimension in (("a", "scope"), ("b", "scope"), ("c", "timing"))
    ]
    document = lean_case(issues, ['c == "o0"'])
    fallback = generate_meso(load(document), MesoAsk(count=2, target=0, tolerance=0))
    assert fallback.min_dimensions == 1 and len(fallback.offers) == 2
    assert [(step.kind, step.asked, step.used) for step in fallback.relaxations] == [
        ("spread", 2, 1)
    ]
