"""``deterrence``'s document: the closed forms, then the simulations and the sweep when run.

Built from the same JSON record the command prints with ``--format json``
(:func:`brightline.economics.summary.deterrence_json` plus ``simulation`` and ``sweep``), so the
formats cannot disagree on a number.
"""

from __future__ import annotations

from typing import Any

from brightline.amounts import number_text, quantity
from brightline.report.document import Document, Paragraph, Section, Table


def _threshold(value: float | None) -> str:
    return "no δ below 1" if value is None else f"δ ≥ {value:.4f}"


def punishment_text(label: Any) -> str:
    """``walking away for good``, ``walking away for 1 deal``, ``... for 2 deals``."""
    if label == "grim":
        return "walking away for good"
    count = int(label)
    return f"walking away for {count:,} deal" + ("" if count == 1 else "s")


def deterrence_document(record: dict[str, Any]) -> Document:
    """Verdict and game, the grim-trigger thresholds, the punishment, then simulations, sweep."""
    game = record["game"]
    p, q = quantity(game["false_alarm"]), quantity(game["detection"])
    title = (
        ", ".join(f"{name}={number_text(game[name])}" for name in ("T", "R", "P", "S"))
        + f", δ={quantity(game['delta'])}"
    )
    opening = Section(
        "verdict",
        "",
        (
            Paragraph(record["verdict"]),
            Paragraph(
                f"False alarm probability p = {p}, detection probability q = {q}. Payoffs are "
                "per period, in the payoffs' unit."
            ),
        ),
    )
    grim = Table(
        ("monitoring", "deters at", "deters at this δ"),
        (
            (
                "perfect (p = 0, q = 1)",
                _threshold(record["delta_star_grim"]),
                "yes" if record["grim_deters_perfectly"] else "no",
            ),
            (
                f"our check (p = {p}, q = {q})",
                _threshold(record["delta_star_grim_noisy"]),
                "yes" if record["grim_deters_noisy"] else "no",
            ),
        ),
    )
    measures = Table(
        ("measure", "value per period"),
        (
            ("their loss from one test", number_text(record["incentive"])),
            ("their gain from one test, T − R", number_text(record["gain_from_testing"])),
            ("their value when they comply, v", number_text(record["value_per_period"])),
            ("surplus destroyed by false alarms, R − v", number_text(record["surplus_destroyed"])),
        ),
    )
    sections = [
        opening,
        Section("grim", "Grim trigger", (grim,)),
        Section("punishment", f"Punishment: {punishment_text(record['punishment'])}", (measures,)),
    ]
    simulations = record.get("simulation") or []
    if simulations:
        sections.append(_simulation_section(simulations))
    points = record.get("sweep") or []
    if points:
        sections.append(_sweep_section(points))
    return Document("Deterrence", title, tuple(sections))


def _simulation_section(simulations: list[dict[str, Any]]) -> Section:
    rows = tuple(
        (
            label,
            number_text(item["tester_value"]["mean"]),
            f"{number_text(item['tester_value']['ci95_low'])} to "
            f"{number_text(item['tester_value']['ci95_high'])}",
            f"{item['replications']:,} × {item['rounds']:,}",
        )
        for item, label in zip(simulations, ("comply", "test once"), strict=False)
    )
    table = Table(("they", "mean value per period", "95% interval", "games × rounds"), rows)
    note = simulations[0].get("horizon_note")
    return Section(
        "simulation", "Simulation", (table, *((Paragraph(f"Note: {note}"),) if note else ()))
    )


def _sweep_section(points: list[dict[str, Any]]) -> Section:
    rows: list[tuple[str, ...]] = []
    for point in points:
        where = (quantity(point["false_alarm"]), quantity(point["detection"]))
        delta = quantity(point["delta"])
        if "problem" in point:
            rows.append((*where, delta, "n/a", point["problem"], "", ""))
            continue
        rows.append(
            (
                *where,
                delta,
                "yes" if point["deterred"] else "no",
                str(point["punishment"]),
                number_text(point["value_per_period"]),
                _threshold(point["delta_star_grim_noisy"]),
            )
        )
    columns = ("p", "q", "δ", "deters", "punishment", "v", "grim deters at")
    return Section("sweep", "Sweep", (Table(columns, tuple(rows)),))


def deterrence_text_document(document: dict[str, Any], after_test: float | None) -> Document:
    """``deterrence``'s report for the terminal: one statement per line (``render_text``).

    The verdict, the game, both grim thresholds, the incentive and the surplus false alarms
    destroy, the simulation and the closed form if they test once, then each swept point.
    """
    from brightline.amounts import number_text, quantity

    written: list[str] = []
    write = written.append
    game = document["game"]
    write(document["verdict"] + "\n")
    write(
        f"game: T={number_text(game['T'])} R={number_text(game['R'])} P={number_text(game['P'])} S={number_text(game['S'])} "
        f"delta={quantity(game['delta'])} false alarm p={quantity(game['false_alarm'])} "
        f"detection q={quantity(game['detection'])}\n"
    )
    write(
        f"grim trigger deters (perfect monitoring) iff delta >= {document['delta_star_grim']:.4f}\n"
    )
    noisy = document["delta_star_grim_noisy"]
    check = (
        f"false alarm p={quantity(game['false_alarm'])}, detection q={quantity(game['detection'])}"
    )
    write(
        f"grim trigger deters ({check}) iff delta >= {noisy:.4f}\n"
        if noisy is not None
        else f"grim trigger deters ({check}) at no delta below 1\n"
    )
    write(
        f"their loss from a test {number_text(document['incentive'])} vs gain T - R "
        f"{number_text(document['gain_from_testing'])} per period\n"
        f"value per period v = {number_text(document['value_per_period'])}; surplus destroyed by false "
        f"alarms R - v = {number_text(document['surplus_destroyed'])} per period\n"
    )
    for item, label in zip(document.get("simulation", []), ("comply", "test once"), strict=False):
        value = item["tester_value"]
        write(
            f"simulated their value if they {label}: {number_text(value['mean'])} "
            f"(95% CI {number_text(value['ci95_low'])} to {number_text(value['ci95_high'])}, "
            f"{item['replications']:,} games x {item['rounds']:,} rounds)\n"
        )
    if document.get("simulation") and document["simulation"][0]["horizon_note"]:
        write(f"note: {document['simulation'][0]['horizon_note']}\n")
    if after_test is not None:
        write(f"closed form if they test once: {number_text(after_test)}\n")
    for point in document.get("sweep", []):
        if "problem" in point:
            write(
                f"p={quantity(point['false_alarm'])} q={quantity(point['detection'])} delta={quantity(point['delta'])}: {point['problem']}\n"
            )
            continue
        write(
            f"p={quantity(point['false_alarm'])} q={quantity(point['detection'])} delta={quantity(point['delta'])}: "
            f"{'deters' if point['deterred'] else 'does not deter'} with punishment "
            f"{point['punishment']}, v={number_text(point['value_per_period'])}, grim deters "
            + (
                f"from delta {point['delta_star_grim_noisy']:.4f}\n"
                if point["delta_star_grim_noisy"] is not None
                else "at no delta below 1\n"
            )
        )
    lines = "".join(written).splitlines()
    return Document(
        "Deterrence", "", (Section("deterrence", "", tuple(Paragraph(line) for line in lines)),)
    )
