"""Economics results as plain data: what ``--format json`` prints for every economics command.

Kept apart from the computations so that the CLI, the plan and later the web page read the same
records; the words for people are built from these results in :mod:`brightline.report.sections`.
"""

from __future__ import annotations

from typing import Any

from brightline.amounts import finite_json
from brightline.economics.analysis import CaseEconomics
from brightline.economics.costing import TORNADO_RELATION
from brightline.economics.deterrence import GRIM, Deterrence
from brightline.economics.simulator import Estimate, SimulationResult
from brightline.economics.sweep import SweepPoint, horizon_note


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
