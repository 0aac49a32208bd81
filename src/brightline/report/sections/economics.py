"""The economics section: BATNA costing, hold-versus-cave, deterrence and the mapping behind them.

The numbers come from :mod:`brightline.economics` (its JSON records from
:mod:`brightline.economics.summary`); this module only words them, every amount with its unit.
"""

from __future__ import annotations

from typing import Any

from brightline.amounts import amount, number_text
from brightline.economics.analysis import CaseEconomics
from brightline.economics.deterrence import Deterrence
from brightline.report.context import CaseContext
from brightline.report.document import Document, Paragraph, Section, Table


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


def economics_section(context: CaseContext) -> Section:
    """BATNA costing, hold-versus-cave, deterrence and the mapping behind them.

    Always a section: when nothing could be computed its lines are the notes saying what to add.
    The economics come from the context (seed 0 unless the caller set its own result with
    :meth:`~brightline.report.context.CaseContext.with_economics`, as ``economics --seed`` does,
    so the text shows the numbers the JSON shows).
    """
    from brightline.economics.summary import economics_json  # the simulator: not for the lines

    result = context.economics
    loaded = context.loaded
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
    return Section.of(
        "economics",
        "Economics: cost of holding, value of deterrence",
        tuple(economics_lines(result, currency, loaded.case.case.their_unit)),
        tuple(tables),
        economics_json(result),
    )


def population_document(population: list[dict[str, Any]], their_unit: str) -> Document:
    """The simulated counterparts of ``economics --simulate``, one line each, then the horizon note.

    Args:
        population: The service's rows: tester, probability of testing, their value's mean and
            95% interval per deal, and the horizon note.
        their_unit: The unit of value to them.
    """
    from brightline.amounts import amount, number_text

    lines = []
    for row in population:
        value = row["tester_value"]
        lines.append(
            f"counterpart {row['tester']} p(test)={row['test_probability']:.2f}: their value "
            f"{amount(value['mean'], their_unit)} per deal (95% CI "
            f"{number_text(value['ci95_low'])} to {amount(value['ci95_high'], their_unit)})"
        )
    if population and population[0]["horizon_note"]:
        lines.append(f"note: {population[0]['horizon_note']}")
    section = Section("population", "", tuple(Paragraph(line) for line in lines))
    return Document("Economics", "", (section,) if lines else ())
