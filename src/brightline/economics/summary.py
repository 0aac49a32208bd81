"""Economics results as plain data (``--format json``), short lines for people, and a plan section.

Kept apart from the computations so that the CLI, the plan and later the web page show the same
numbers with the same words and units.
"""

from __future__ import annotations

import math
from typing import Any

from brightline.amounts import amount, number_text
from brightline.case.validate import LoadedCase
from brightline.economics.analysis import CaseEconomics, analyse_case
from brightline.economics.costing import TORNADO_RELATION
from brightline.economics.deterrence import GRIM, Deterrence
from brightline.economics.simulator import Estimate, SimulationResult
from brightline.economics.sweep import SweepPoint, horizon_note
from brightline.plan import PlanSection, Table


def finite_json(document: Any) -> Any:
    """The document with every NaN or infinite float replaced by None (JSON ``null``).

    Inputs are refused when not finite and overflows are reported where they happen, so this is
    the last guard: standard JSON has no NaN or Infinity, and a reader's parser may reject them.
    """
    if isinstance(document, float):
        return document if math.isfinite(document) else None
    if isinstance(document, dict):
        return {key: finite_json(value) for key, value in document.items()}
    if isinstance(document, list | tuple):
        return [finite_json(value) for value in document]
    return document


def punishment_label(periods: int | None) -> int | str | None:
    """JSON form of a punishment length: a count, "grim", or None (nothing deters)."""
    if periods is None:
        return None
    return "grim" if periods == GRIM else periods


def deterrence_json(result: Deterrence) -> dict[str, Any]:
    """The closed forms of one game, with the game itself."""
    game = result.game
    document = {
        "deterred": result.deterred,
        "value_per_period": result.value_per_period,
        "surplus_destroyed": result.surplus_destroyed,
        "min_deterring_punishment": punishment_label(result.min_deterring_punishment),
        "delta_star_grim": result.delta_star_grim,
        "punishment": punishment_label(result.punishment_periods),
        "incentive": result.incentive,
        "gain_from_testing": result.gain_from_testing,
        "grim_deters_perfectly": result.grim_deters_perfectly,
        "delta_star_grim_noisy": result.delta_star_grim_noisy,
        "grim_deters_noisy": result.grim_deters_noisy,
        "punishment_deters_perfectly": result.punishment_deters_perfectly,
        "verdict": result.verdict,
        "game": {
            "T": game.temptation,
            "R": game.reward,
            "P": game.punishment,
            "S": game.sucker,
            "delta": game.delta,
            "false_alarm": game.false_alarm,
            "detection": game.detection,
        },
    }
    return finite_json(document)  # type: ignore[no-any-return]


def grim_thresholds_line(result: Deterrence) -> str:
    """Both grim-trigger thresholds in one sentence: with a perfect check, and with ours.

    The perfect-monitoring δ* is the textbook number; the one with false alarms p and detection
    q is the one that holds for the check we actually have, so a reader sees both side by side.
    """
    game = result.game
    check = f"false alarms p = {game.false_alarm:g} and detection q = {game.detection:g}"
    noisy = result.delta_star_grim_noisy
    with_check = (
        f"δ ≥ {noisy:.3f} with {check}"
        if noisy is not None
        else f"no δ below 1 with {check} (the check cannot separate a test from compliance "
        "well enough)"
    )
    return (
        f"Grim trigger deters at δ ≥ {result.delta_star_grim:.3f} with a perfect check and at "
        f"{with_check}; δ here is {game.delta:g}."
    )


def estimate_json(estimate: Estimate) -> dict[str, float]:
    """Mean, standard error and 95% interval."""
    return {
        "mean": estimate.mean,
        "standard_error": estimate.standard_error,
        "ci95_low": estimate.low,
        "ci95_high": estimate.high,
    }


def simulation_json(result: SimulationResult) -> dict[str, Any]:
    """A simulation's setting and estimates."""
    setting = result.simulation
    capped = horizon_note(setting.game.delta, setting.rounds)
    return {
        "tester": setting.tester.kind.name.lower(),
        "test_probability": setting.tester.test_probability,
        "punishment": punishment_label(setting.punishment),
        "rounds": setting.rounds,
        "horizon_capped": capped is not None,
        "horizon_note": capped,
        "noise": setting.noise,
        "replications": setting.replications,
        "seed": setting.seed,
        "tester_value": estimate_json(result.tester_value),
        "our_value": estimate_json(result.our_value),
        "tests_per_round": estimate_json(result.tests_per_round),
    }


def sweep_json(points: list[SweepPoint]) -> list[dict[str, Any]]:
    """One record per grid point."""
    records: list[dict[str, Any]] = []
    for point in points:
        record: dict[str, Any] = {
            "false_alarm": point.game.false_alarm,
            "detection": point.game.detection,
            "delta": point.game.delta,
        }
        if point.deterrence is None:
            record["problem"] = point.problem
        else:
            record.update(
                deterred=point.deterrence.deterred,
                punishment=punishment_label(point.deterrence.punishment_periods),
                value_per_period=point.deterrence.value_per_period,
                surplus_destroyed=point.deterrence.surplus_destroyed,
                delta_star_grim_noisy=point.deterrence.delta_star_grim_noisy,
            )
        if point.simulation is not None:
            record["simulated_value_per_period"] = estimate_json(point.simulation.tester_value)
            record["rounds"] = point.simulation.simulation.rounds
            record["horizon_capped"] = (
                horizon_note(point.game.delta, point.simulation.simulation.rounds) is not None
            )
        records.append(record)
    return records


def economics_json(result: CaseEconomics) -> dict[str, Any]:
    """Everything for ``brightline economics --format json`` and the plan's JSON."""
    document: dict[str, Any] = {
        "mapping": [
            {
                "symbol": item.symbol,
                "name": item.name,
                "value": item.value,
                "unit": item.unit,
                "source": item.source,
                "given": item.given,
            }
            for item in result.inputs
        ],
        "notes": list(result.notes),
        "batna": None,
        "hold_or_cave": None,
        "deterrence": None if result.deterrence is None else deterrence_json(result.deterrence),
    }
    costing = result.costing
    if costing is not None:
        document["batna"] = {
            "method": "Beta-PERT per component; analytic mean and standard deviation, "
            "sampled percentiles",
            "low": costing.low,
            "likely": costing.likely,
            "high": costing.high,
            "mean": costing.mean,
            "standard_deviation": costing.standard_deviation,
            "percentile_5": costing.percentile_5,
            "percentile_50": costing.percentile_50,
            "percentile_95": costing.percentile_95,
            "samples": costing.samples,
            "seed": costing.seed,
            "reservation": costing.reservation,
            "chance_batna_above_reservation": costing.chance_batna_above_reservation,
            "reservation_margin": costing.reservation_margin,
            "tornado_relation": TORNADO_RELATION,
            "tornado": [
                {
                    "component": bar.name,
                    "kind": bar.kind,
                    "batna_at_low": bar.batna_at_low,
                    "batna_at_high": bar.batna_at_high,
                    "reservation_at_low": bar.reservation_at_low,
                    "reservation_at_high": bar.reservation_at_high,
                    "swing": bar.swing,
                }
                for bar in costing.tornado
            ],
        }
    comparison = result.hold_or_cave
    if comparison is not None:
        document["hold_or_cave"] = {
            "hold_value": comparison.hold_value,
            "cave_value": comparison.cave_value,
            "holding_cost_now": comparison.inputs.holding_cost_now,
            "harm_exposure": comparison.inputs.harm_exposure,
            "precedent_cost": comparison.precedent_cost,
            "deterrence_value": comparison.deterrence_value,
            "break_even_retest_probability": comparison.break_even,
            "hold_wins_above_break_even": comparison.hold_above_break_even,
            "recommendation": comparison.recommendation.value,
            "explanation": comparison.explanation,
            "counted_harms": list(result.counted_harms),
        }
    return finite_json(document)  # type: ignore[no-any-return]


def economics_lines(result: CaseEconomics, currency: str, their_unit: str = "") -> list[str]:
    """Short paragraphs for the text report, every amount with its unit."""
    lines: list[str] = []
    costing = result.costing
    if costing is not None:
        lines.append(
            f"BATNA: mean {amount(costing.mean, currency)} (sd {amount(costing.standard_deviation, currency)}); "
            f"90% of sampled outcomes between {number_text(costing.percentile_5)} and "
            f"{amount(costing.percentile_95, currency)} (Beta-PERT, seed {costing.seed})."
        )
        if costing.tornado:
            top = costing.tornado[0]
            lines.append(
                f"Most sensitive component: {top.name!r} ({top.kind}) moves the BATNA, and with "
                f"it the reservation point implied by the BATNA, by {amount(top.swing, currency)} "
                "between its low and high estimates (implied reservation point = BATNA likely + "
                f"margin {amount(costing.reservation_margin, currency)}, so one-for-one)."
            )
        if costing.chance_batna_above_reservation is not None and costing.reservation is not None:
            lines.append(
                "Chance the BATNA beats the reservation point "
                f"({amount(costing.reservation, currency)}): "
                f"{costing.chance_batna_above_reservation:.0%}."
            )
    comparison = result.hold_or_cave
    if comparison is not None:
        lines.append(
            f"Hold: {amount(comparison.hold_value, currency)} expected; cave: "
            f"{amount(comparison.cave_value, currency)} (harm exposure "
            f"{amount(comparison.inputs.harm_exposure, currency)}, "
            f"precedent {amount(comparison.precedent_cost, currency)}, "
            f"deterrence value {amount(comparison.deterrence_value, currency)})."
        )
        lines.append(comparison.explanation)
    if result.deterrence is not None:
        verdict = result.deterrence
        lines.append(
            f"Deterrence: {verdict.verdict} {grim_thresholds_line(verdict)} False alarms "
            f"destroy {amount(verdict.surplus_destroyed, their_unit or currency)} of their value "
            "per deal."
        )
    lines.extend(result.notes)
    return lines


def mapping_table(result: CaseEconomics) -> Table:
    """The case → model mapping, one row per number, so every input can be checked and edited."""
    rows = tuple(
        (
            item.symbol,
            item.name,
            number_text(item.value),
            item.unit,
            item.source,
        )
        for item in result.inputs
    )
    return Table(("symbol", "meaning", "value", "unit", "source"), rows)


def economics_section(loaded: LoadedCase, result: CaseEconomics | None = None) -> PlanSection:
    """Plan section: BATNA costing, hold-versus-cave, deterrence and the mapping behind them.

    Always a section: when nothing could be computed its lines are the notes saying what to add.

    Args:
        loaded: The case.
        result: The case's economics if already computed (``brightline economics --seed`` passes
            its own, so the text shows the numbers the JSON shows); computed with seed 0 if None.
    """
    if result is None:
        result = analyse_case(loaded)
    currency = loaded.case.case.currency
    tables = [mapping_table(result)]
    if result.costing is not None and result.costing.tornado:
        tables.append(
            Table(
                (
                    "component",
                    "kind",
                    f"BATNA at low ({currency})",
                    f"at high ({currency})",
                    f"implied reservation point at low ({currency})",
                    f"at high ({currency})",
                ),
                tuple(
                    (
                        bar.name,
                        bar.kind,
                        number_text(bar.batna_at_low),
                        number_text(bar.batna_at_high),
                        number_text(bar.reservation_at_low),
                        number_text(bar.reservation_at_high),
                    )
                    for bar in result.costing.tornado
                ),
            )
        )
    return PlanSection(
        "economics",
        "Economics: cost of holding, value of deterrence",
        tuple(economics_lines(result, currency, loaded.case.case.their_unit)),
        tuple(tables),
        economics_json(result),
    )
