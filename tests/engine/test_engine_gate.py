"""One purpose-built case per gate verdict, the three "do not use" conditions, and the measures."""

from __future__ import annotations

from typing import Any

import pytest

from brightline.engine import Verdict, compile_space, measure_standard, warrant_gate
from brightline.lint import lint_case
from conftest import EXAMPLES
from factories import DELETE, variant
from strategies import load

# The minimal case: residency eu_only (0, 0) or global (+10,000, +10,000) EUR; discount 0..20 %
# moves 1,000 EUR per point from us to them; the standard eu_only protects a 200,000 EUR harm.
BLOCKED = {"reservation.value": 0, "their_batna.value": 5000}


def _gate(**changes: Any) -> Any:
    return warrant_gate(load(variant(**changes)))


def test_integrative_first_when_a_compliant_deal_beats_both_alternatives() -> None:
    result = _gate(**{"reservation.value": 0, "their_batna.value": 0})
    assert result.verdict is Verdict.INTEGRATIVE_FIRST
    assert result.reasons[0].startswith(
        "1 efficient compliant outcome beats both reservation points"
    )
    assert "EUR" in result.reasons[0]


def test_lose_lose_warranted_when_every_acceptable_deal_breaches_a_proportionate_standard() -> None:
    result = _gate(**BLOCKED)
    assert result.verdict is Verdict.LOSE_LOSE_WARRANTED, result.reasons
    assert "breaches a standard" in result.reasons[0]
    (standard,) = result.standards
    assert standard.price == 20_000
    assert standard.risk_avoided == 200_000
    assert not standard.disproportionate


def test_disproportionate_names_the_standard_and_by_how_much() -> None:
    result = _gate(**BLOCKED, **{"harms.0.probability": 0.01})
    assert result.verdict is Verdict.DISPROPORTIONATE
    assert "'eu'" in result.reasons[0]
    assert "10,000 EUR more than it saves" in result.reasons[0]


def test_walk_away_when_no_compliant_outcome_reaches_our_reservation() -> None:
    result = _gate(**{"reservation.value": 5})
    assert result.verdict is Verdict.WALK_AWAY
    assert "below our reservation point of 5 EUR" in result.reasons[0]


def test_walk_away_when_no_deal_exists_even_without_the_standards() -> None:
    result = _gate(**{"reservation.value": 0, "their_batna.value": 50_000})
    assert result.verdict is Verdict.WALK_AWAY
    assert "even without the standards" in result.reasons[0]


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("their_batna", "their_batna.value"),
        ("reservation", "reservation.value"),
        ("standards", "standards"),
    ],
)
def test_insufficient_information_says_what_is_missing(path: str, what: str) -> None:
    changes: dict[str, Any] = {path: DELETE}
    if path == "standards":
        changes["standards"] = []
    result = _gate(**changes)
    assert result.verdict is Verdict.INSUFFICIENT_INFORMATION
    assert any(what in reason for reason in result.reasons), result.reasons


def test_insufficient_information_when_a_standard_protects_no_harm() -> None:
    result = _gate(**BLOCKED, **{"standards.0.protects": []})
    assert result.verdict is Verdict.INSUFFICIENT_INFORMATION
    assert "protects" in result.reasons[0]


def test_legal_duty_rules_out_lose_lose() -> None:
    result = _gate(**BLOCKED, **{"case.relationship": {"legal_duty_to_accommodate": True}})
    assert result.verdict is Verdict.INTEGRATIVE_FIRST
    assert "legal duty" in " ".join(result.reasons)


def test_open_verifiable_option_rules_out_lose_lose() -> None:
    result = _gate(**BLOCKED, **{"integrative_options.0.status": "considered"})
    assert result.verdict is Verdict.INTEGRATIVE_FIRST
    assert "Bring your own key" in " ".join(result.reasons)


def test_fragile_relationship_without_deterrence_means_walk_away_not_lose_lose() -> None:
    relationship = {"fragility": "high", "deterrent_benefit": False}
    result = _gate(**BLOCKED, **{"case.relationship": relationship})
    assert result.verdict is Verdict.WALK_AWAY
    assert "fragile" in " ".join(result.reasons)
    deterring = _gate(
        **BLOCKED, **{"case.relationship": {**relationship, "deterrent_benefit": True}}
    )
    assert deterring.verdict is Verdict.LOSE_LOSE_WARRANTED


def test_over_breadth_and_narrower_rule() -> None:
    rule = 'residency == "eu_only" and discount <= 10'
    loaded = load(variant(**{"standards.0.rule": rule}))
    measure = measure_standard(loaded, "eu")
    # Excluded: global x 5 discounts (harmful) and eu_only x {15, 20} (harmless): 2 of 7.
    assert measure.over_breadth == pytest.approx(2 / 7)
    # Keep what the rule allowed, add what triggers no harm (eu_only at discounts 15 and 20).
    assert measure.narrower_rule == (
        '((residency == "eu_only") and (discount <= 10)) or (not (residency == "global"))'
    )


def test_no_narrower_rule_when_nothing_excluded_is_harmless() -> None:
    measure = measure_standard(load(variant()), "eu")  # excludes exactly the harmful "global"
    assert measure.over_breadth == 0
    assert measure.narrower_rule == ""


def test_lint_measures_are_the_engine_measures() -> None:
    rule = 'residency == "eu_only" -> discount <= 10'
    loaded = load(variant(**{"standards.0.rule": rule}))
    engine = measure_standard(loaded, "eu", compile_space(loaded))
    assert lint_case(loaded).measures["eu"] == engine


def test_gate_json_shape() -> None:
    document = _gate(**BLOCKED).to_json()
    assert set(document) == {"verdict", "reasons", "standards"}
    assert set(document["standards"][0]) == {
        "id",
        "price",
        "price_basis",
        "unit",
        "risk_avoided",
        "over_breadth",
    }
    assert document["standards"][0]["price_basis"] == "joint"
    assert document["standards"][0]["unit"] == "EUR"
    points = _gate(**BLOCKED, **{"case.their_value_unit": "points"}).to_json()
    assert points["standards"][0]["price_basis"] == "ours"


def test_outcomes_read_with_units_and_option_ids_as_written() -> None:
    tiers = {
        "kind": "discrete",
        "id": "tier",
        "dimension": "scope",
        "options": [{"id": 3, "ours": 0, "theirs": 0}, {"id": 2.5, "ours": -1, "theirs": -1}],
    }
    document = variant(**{"reservation.value": 0, "their_batna.value": 0})
    document["issues"][1]["range"]["unit"] = "%"
    document["issues"].append(tiers)
    result = warrant_gate(load(document))
    assert result.verdict is Verdict.INTEGRATIVE_FIRST
    # Was "residency=eu_only, discount=0.0, tier=3" (and safety_level=3.0 for a numeric level),
    # then "residency=eu_only, ...": ids people never saw. Names and labels, numbers with units.
    from brightline.engine.wording import outcome_text

    loaded = load(document)
    names = {issue.id: issue.name or issue.id for issue in loaded.case.issues}
    assert "residency=" not in result.reasons[1]
    assert result.reasons[1].endswith(f"; {names['discount']}: 0%; tier: 3")
    text = outcome_text(loaded.case, {"discount": 12.5, "tier": 2.5, "residency": "global"})
    residency = loaded.case.issue("residency")
    label = residency.label_of("global") or "global"  # type: ignore[union-attr]
    assert text == f"{names['discount']}: 12.5%; tier: 2.5; {names['residency']}: {label}"


def test_walk_away_when_the_standards_exclude_every_outcome() -> None:
    result = _gate(
        **BLOCKED,
        **{"standards.0.rule": 'residency == "eu_only" and residency == "global"'},
    )
    assert result.verdict is Verdict.WALK_AWAY
    assert "no outcome satisfies all the standards" in result.reasons[0]
    assert not result.standards[0].feasible
    assert result.to_json()["standards"][0]["price"] is None


def test_plan_notes_a_case_too_large_for_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from brightline.engine import space as space_module
    from brightline.report.context import CaseContext
    from brightline.report.sections.engine import engine_sections

    monkeypatch.setattr(space_module, "MAX_COMPONENT_ROWS", 3)
    rule = 'residency == "eu_only" -> discount <= 10'
    (section,) = engine_sections(CaseContext(load(variant(**{"standards.0.rule": rule}))))
    assert "could not handle" in section.lines[0]
    assert "coarser numeric step" in section.lines[0]


def test_disproportionate_beats_walk_away_when_an_excessive_standard_blocks_the_deal() -> None:
    # Without the standard, global residency reaches both reservation points; with it nothing
    # reaches ours. The standard costs 20,000 EUR for 2,000 EUR of risk: narrow it, not walk away.
    result = _gate(**{"reservation.value": 5, "harms.0.probability": 0.002})
    assert result.verdict is Verdict.DISPROPORTIONATE, result.reasons
    assert result.reasons[0].startswith("standard 'eu' costs 20,000 EUR")
    assert "18,000 EUR more than it saves" in result.reasons[0]
    assert "without the standards" in result.reasons[-1]


def test_walk_away_stays_when_the_blocking_standard_is_proportionate() -> None:
    result = _gate(**{"reservation.value": 5})  # 20,000 EUR price, 200,000 EUR of risk
    assert result.verdict is Verdict.WALK_AWAY
    assert not any("note:" in reason for reason in result.reasons)


def test_walk_away_still_notes_a_disproportionate_standard() -> None:
    # No deal exists even without the standards, so the excessive standard is only a note.
    changes = {"reservation.value": 0, "their_batna.value": 50_000, "harms.0.probability": 0.01}
    result = _gate(**changes)
    assert result.verdict is Verdict.WALK_AWAY
    assert "even without the standards" in result.reasons[0]
    assert any(reason.startswith("note: standard 'eu'") for reason in result.reasons)


def test_saas_example_with_a_cheap_global_option_is_disproportionate_not_walk_away() -> None:
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(EXAMPLES / "saas-data-residency.yaml")
    document["issues"][0]["options"][1].update(ours=400_000, theirs=300_000)
    for harm in document["harms"]:
        harm["probability"] = 0.01
    document["reservation"]["value"] = 350_000
    result = warrant_gate(load(document))
    assert result.verdict is Verdict.DISPROPORTIONATE, result.reasons
    assert result.reasons[0] == (
        "standard 'eu_residency' costs 700,000 EUR of joint value but avoids 40,000 EUR of "
        "expected harm: 660,000 EUR more than it saves"
    )


def test_price_counts_only_our_value_when_their_unit_differs() -> None:
    result = _gate(**BLOCKED, **{"case.their_value_unit": "points"})
    (standard,) = result.standards
    assert standard.price_basis == "ours"
    assert standard.price == 10_000  # global is worth 10,000 EUR to us; their points are not EUR
    assert any("points" in reason for reason in result.reasons)


def test_over_breadth_counts_option_classes_not_grid_points() -> None:
    # 100,001 grid points read by two thresholds: three classes, counted exactly and at once.
    document = variant(
        **{
            "issues.1.range": {"min": 0, "max": 100, "step": 0.001},
            "issues.1.ours": [[0, 0], [100, -100000]],
            "issues.1.theirs": [[0, 0], [100, 100000]],
            "standards.0.rule": "discount <= 50",
            "harms.0.rule": "discount > 80",
        }
    )
    measure = measure_standard(load(document), "eu")
    assert measure.over_breadth == pytest.approx(30_000 / 50_000)
    assert measure.narrower_rule == "(discount <= 50) or (not (discount > 80))"


def test_engine_json_is_strict_json_for_every_example() -> None:
    import json

    from brightline.engine import sweep
    from brightline.services import load_case

    for path in sorted(EXAMPLES.glob("*.yaml")):
        loaded = load_case(path)
        for document in (warrant_gate(loaded).to_json(), sweep(loaded).to_json()):
            json.dumps(document, allow_nan=False)  # raises on NaN or Infinity


@pytest.mark.parametrize(
    "changes",
    [
        # Finite in the file, but 1.5e308 + 1.5e308 overflows when outcomes are added up.
        {"issues.0.options.1.ours": 1.5e308, "issues.1.ours": [[0, 0], [20, -1.5e308]]},
        # Interpolating between -1.7e308 and 1.7e308 overflows (and then gives NaN).
        {"issues.1.ours": [[0, -1.7e308], [20, 1.7e308]]},
    ],
)
def test_values_that_overflow_are_refused_not_turned_into_infinity(
    changes: dict[str, Any],
) -> None:
    from brightline.errors import UsageError

    with pytest.raises(UsageError, match="larger unit"):
        warrant_gate(load(variant(**BLOCKED, **changes)))
