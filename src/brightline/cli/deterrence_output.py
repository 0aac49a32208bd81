"""``brightline deterrence --format markdown``: the closed forms, simulations and sweep as Markdown.

Reads the same JSON document the command prints with ``--format json``, so the three formats
cannot disagree on a number.
"""

from __future__ import annotations

from typing import Any

from brightline.amounts import number_text, quantity


def _threshold(value: float | None) -> str:
    return "no δ below 1" if value is None else f"δ ≥ {value:.4f}"


def _punishment(label: Any) -> str:
    """``walking away for good``, ``1 deal``, ``2 deals``."""
    if label == "grim":
        return "walking away for good"
    count = int(label)
    return f"walking away for {count:,} deal" + ("" if count == 1 else "s")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def deterrence_markdown(document: dict[str, Any]) -> str:
    """The deterrence document as Markdown: verdict, game, thresholds, then simulations, sweep."""
    game = document["game"]
    p, q = quantity(game["false_alarm"]), quantity(game["detection"])
    lines = [
        "# Deterrence: "
        + ", ".join(f"{name}={number_text(game[name])}" for name in ("T", "R", "P", "S"))
        + f", δ={quantity(game['delta'])}",
        "",
        document["verdict"],
        "",
        f"False alarm probability p = {p}, detection probability q = {q}. Payoffs are per "
        "period, in the payoffs' unit.",
        "",
        "## Grim trigger",
        "",
        _row("monitoring", "deters at", "deters at this δ"),
        "|---|---|---|",
        _row(
            "perfect (p = 0, q = 1)",
            _threshold(document["delta_star_grim"]),
            "yes" if document["grim_deters_perfectly"] else "no",
        ),
        _row(
            f"our check (p = {p}, q = {q})",
            _threshold(document["delta_star_grim_noisy"]),
            "yes" if document["grim_deters_noisy"] else "no",
        ),
        "",
        f"## Punishment: {_punishment(document['punishment'])}",
        "",
        _row("measure", "value per period"),
        "|---|---|",
        _row("their loss from one test", number_text(document["incentive"])),
        _row("their gain from one test, T − R", number_text(document["gain_from_testing"])),
        _row("their value when they comply, v", number_text(document["value_per_period"])),
        _row(
            "surplus destroyed by false alarms, R − v", number_text(document["surplus_destroyed"])
        ),
        "",
    ]
    simulations = document.get("simulation") or []
    if simulations:
        lines += [
            "## Simulation",
            "",
            _row("they", "mean value per period", "95% interval", "games × rounds"),
            "|---|---|---|---|",
        ]
        for item, label in zip(simulations, ("comply", "test once"), strict=False):
            value = item["tester_value"]
            lines.append(
                _row(
                    label,
                    number_text(value["mean"]),
                    f"{number_text(value['ci95_low'])} to {number_text(value['ci95_high'])}",
                    f"{item['replications']:,} × {item['rounds']:,}",
                )
            )
        lines.append("")
        if simulations[0].get("horizon_note"):
            lines += [f"Note: {simulations[0]['horizon_note']}", ""]
    points = document.get("sweep") or []
    if points:
        lines += [
            "## Sweep",
            "",
            _row("p", "q", "δ", "deters", "punishment", "v", "grim deters at"),
            "|---|---|---|---|---|---|---|",
        ]
        for point in points:
            where = (quantity(point["false_alarm"]), quantity(point["detection"]))
            delta = quantity(point["delta"])
            if "problem" in point:
                lines.append(_row(*where, delta, "n/a", point["problem"], "", ""))
                continue
            lines.append(
                _row(
                    *where,
                    delta,
                    "yes" if point["deterred"] else "no",
                    str(point["punishment"]),
                    number_text(point["value_per_period"]),
                    _threshold(point["delta_star_grim_noisy"]),
                )
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
