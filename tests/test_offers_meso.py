"""MESO: every offer compliant, values within tolerance, pairwise differences, optimal vs brute force."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brightline.errors import UsageError
from brightline.offers.meso import generate_meso
from brightline.rules import evaluate
from meso_cases import brute_force_meso, lean_case, load, small_cases

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


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


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
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
        count=count,
        target=target,
        tolerance=tolerance,
        min_difference=min_difference,
        method=method,
        min_dimensions=min_dimensions,
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
    assert min(offer.theirs for offer in result.offers) == pytest.approx(best)
    assert result.gap == 0.0


def _saas() -> Any:
    from brightline.services import load_case

    return load_case(EXAMPLES / "saas-data-residency.yaml")


def test_exact_and_milp_agree_on_the_saas_example() -> None:
    loaded = _saas()
    exact = generate_meso(loaded, method="exact")
    milp = generate_meso(loaded, method="milp", target=exact.target)
    assert exact.infeasible is None and milp.infeasible is None
    _check_invariants(loaded, exact, 3, 2)
    _check_invariants(loaded, milp, 3, 2)
    assert min(o.theirs for o in exact.offers) == pytest.approx(min(o.theirs for o in milp.offers))


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
    result = generate_meso(loaded, target=350_000)
    assert result.infeasible is not None
    assert result.offers == ()
    assert "eu_residency" in result.infeasible.standards
    assert "below the target" in result.infeasible.reasons[0]
    assert result.infeasible.best_achievable["target"] < 350_000


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
    result = generate_meso(loaded, count=3, target=0, tolerance=0, min_difference=2)
    assert result.infeasible is not None
    assert result.infeasible.best_achievable["count"] == 2
    assert len(result.offers) == 2


@pytest.mark.parametrize("count", [1, 6])
def test_count_outside_two_to_five_is_a_usage_error(count: int) -> None:
    with pytest.raises(UsageError, match="from 2 to 5"):
        generate_meso(_saas(), count=count)


def test_meso_command_json_shape(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"offers", "gap"} <= set(document)
    assert len(document["offers"]) == 3
    for offer in document["offers"]:
        assert {"outcome", "ours", "theirs", "safeguards"} <= set(offer)


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
    result = generate_meso(loaded, count=4, time_limit=20)
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
    result = generate_meso(loaded, count=2, min_dimensions=3)
    assert len(result.offers) == 2
    first, second = result.offers
    spread = {
        issue.dimension
        for issue in loaded.case.issues
        if first.outcome[issue.id] != second.outcome[issue.id]
    }
    assert len(spread) >= 3


def test_a_solver_timeout_is_reported_not_diagnosed(monkeypatch: pytest.MonkeyPatch) -> None:
    from brightline.offers import meso_request
    from brightline.offers.meso_search import SolverOutcome

    def timed_out(*arguments: Any, **options: Any) -> SolverOutcome:
        return SolverOutcome(None, False, None, False)

    monkeypatch.setattr(meso_request, "milp_search", timed_out)
    result = generate_meso(_saas(), method="milp", target=200_000, time_limit=1)
    assert result.offers == () and result.gap is None
    assert result.infeasible is not None
    assert "could not prove" in result.infeasible.reasons[0]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(document=small_cases(), count=st.integers(2, 5))
def test_default_target_is_reported_searched_upward_first_and_never_moved_silently(
    document: dict[str, Any], count: int
) -> None:
    from brightline.engine.space import compile_space
    from brightline.offers.valuation import value_scale

    loaded = load(document)
    scale = value_scale(loaded, compile_space(loaded))
    result = generate_meso(loaded, count=count, min_difference=1)
    midpoint = scale.at_share(0.5)
    assert result.target_requested == pytest.approx(midpoint)
    assert result.to_json()["target_requested"] == pytest.approx(round(midpoint, 2))
    if result.infeasible is not None or not scale.feasible:
        return
    _check_invariants(loaded, result, count, 1)
    band = result.tolerance
    at_midpoint = brute_force_meso(loaded, count, midpoint, midpoint + band, 1)
    if abs(result.target - midpoint) <= 1e-6:
        return
    # Moved: only because the midpoint has no grid, and always said.
    assert at_midpoint is None
    assert result.notes and any("target" in note for note in result.notes)
    if result.target < midpoint:
        # Downward only after every upward probe up to the best case failed.
        step = band / 2
        probe = midpoint + step
        while probe <= scale.ceiling + 1e-9:
            assert brute_force_meso(loaded, count, probe, probe + band, 1) is None
            probe += step
    else:
        assert result.target <= scale.ceiling + 1e-6


def test_saas_default_target_moves_up_first_and_says_what_fits_at_the_midpoint() -> None:
    loaded = _saas()
    two = generate_meso(loaded, count=2)
    assert two.target_requested == pytest.approx(190_000)
    assert two.target >= two.target_requested  # was moved down to 186,200 before
    three = generate_meso(loaded, count=3)
    assert three.target < three.target_requested
    assert "3 offers need a target of 68,200 EUR" in three.notes[0]
    assert "2 offers fit at 219,400 EUR" in three.notes[0]


def test_meso_text_reports_the_target_asked_and_used(cli: Any) -> None:
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"))
    assert result.exit_code == 0, result.output
    assert "Target: asked 190,000 EUR, used 68,200 EUR" in result.stdout


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


def test_advised_target_has_a_grid() -> None:
    loaded = _saas()
    result = generate_meso(loaded, target=9_999_999)
    assert result.infeasible is not None
    advised = result.infeasible.best_achievable["target"]
    assert f"lower --target to {advised:,.0f} EUR" in result.infeasible.reasons[-1]
    following = generate_meso(loaded, target=advised)
    assert following.infeasible is None and len(following.offers) == 3


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
    result = generate_meso(loaded, count=2, target=0)
    assert result.infeasible is not None
    assert result.infeasible.standards == ("s0", "s1")
    assert "s0, s1" in result.infeasible.reasons[0]


def test_offers_below_their_alternative_are_flagged() -> None:
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / "healthcare-data-partnership.yaml")
    result = generate_meso(loaded, count=2)
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
    fallback = generate_meso(load(document), count=2, target=0, tolerance=0)
    assert fallback.min_dimensions == 1 and len(fallback.offers) == 2
    assert "across 2 dimensions" in fallback.notes[0]


def test_empty_value_band_advises_a_target_that_has_a_grid() -> None:
    loaded = _saas()
    result = generate_meso(loaded, target=200_000)
    assert result.infeasible is not None and not result.offers
    advised = result.infeasible.best_achievable
    assert f"--target {advised['target']:.0f}" in result.infeasible.reasons[-1]
    following = generate_meso(loaded, count=int(advised["count"]), target=advised["target"])
    assert following.infeasible is None and len(following.offers) == advised["count"]
