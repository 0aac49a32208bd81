"""The sweep and gate commands, and the plan's engine sections."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factories import to_yaml, variant

Cli = Callable[..., Any]
Writer = Callable[[str, str | bytes], Path]


def _case(write_file: Writer, **changes: Any) -> str:
    return str(write_file("case.yaml", to_yaml(variant(**changes))))


def test_sweep_json_keys_and_order(cli: Cli, write_file: Writer) -> None:
    path = _case(write_file, **{"reservation.value": 0, "their_batna.value": 0})
    result = cli("sweep", path, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {
        "frontier",
        "frontier_listing",
        "frontier_unconstrained",
        "frontier_unconstrained_listing",
        "nash",
        "kalai",
        "max_joint",
        "zopa",
    }
    for key in ("frontier", "frontier_unconstrained"):
        ours = [point["ours"] for point in document[key]]
        assert ours == sorted(ours, reverse=True)
        assert all(set(point) == {"ours", "theirs", "outcome"} for point in document[key])
    assert document["frontier_listing"]["every"] == 1, "a short frontier is listed whole"
    assert document["frontier_listing"]["listed"] == len(document["frontier"])
    assert document["frontier"][0]["outcome"]["residency"] == "eu_only"
    assert document["nash"]["outcome"]["residency"] == "eu_only"
    assert document["zopa"]["compliant"]["exists"] is True


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_sweep_plot(cli: Cli, write_file: Writer, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"frontier{suffix}"
    result = cli("sweep", _case(write_file), "--plot", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    assert "Integrative sweep" in result.stdout


def test_sweep_plot_refuses_other_formats(cli: Cli, write_file: Writer) -> None:
    result = cli("sweep", _case(write_file), "--plot", "frontier.pdf")
    assert result.exit_code == 2
    assert ".png or .svg" in result.stderr


def test_gate_text_and_json(cli: Cli, write_file: Writer) -> None:
    path = _case(write_file, **{"reservation.value": 0, "their_batna.value": 5000})
    text = cli("gate", path)
    assert text.exit_code == 0, text.output
    assert "lose-lose-warranted" in text.stdout
    result = cli("gate", path, "--format", "json")
    document = json.loads(result.stdout)
    assert document["verdict"] == "lose-lose-warranted"
    assert document["standards"] == [
        {
            "id": "eu",
            "price": 20000.0,
            "price_basis": "joint",
            "unit": "EUR",
            "risk_avoided": 200000.0,
            "over_breadth": 0.0,
        }
    ]


def test_gate_on_a_missing_file_exits_2(cli: Cli) -> None:
    result = cli("gate", "does-not-exist.yaml")
    assert result.exit_code == 2
    assert "does-not-exist.yaml" in result.stderr


def test_plan_has_gate_and_sweep_sections(cli: Cli, write_file: Writer) -> None:
    result = cli("plan", _case(write_file), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["gate"]["verdict"] == "walk-away"
    assert document["sweep"]["frontier_points"] >= 1
    markdown = cli("plan", _case(write_file), "--format", "markdown")
    assert "## Warrant gate" in markdown.stdout and "## Integrative sweep" in markdown.stdout


def test_sweep_without_reservations_assumes_the_worst_and_says_so(
    cli: Cli, write_file: Writer
) -> None:
    from factories import DELETE

    path = _case(write_file, reservation=DELETE, their_batna=DELETE)
    text = cli("sweep", path)
    assert text.exit_code == 0, text.output
    assert "reservation value is missing" in text.stdout
    document = json.loads(cli("sweep", path, "--format", "json").stdout)
    assert document["zopa"]["reservations_assumed"] is True
    assert document["zopa"]["reservation_ours"] == -20000.0  # eu_only 0 + 20 % discount
    gate = json.loads(cli("gate", path, "--format", "json").stdout)
    assert gate["verdict"] == "insufficient-information"
    assert gate["standards"] == []


def test_gate_markdown(cli: Cli, write_file: Writer) -> None:
    result = cli("gate", _case(write_file), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Gate: Test case\n\n## Warrant gate")
    assert "| standard | price | risk avoided | over-breadth | price > risk |" in result.stdout


def test_unwritable_outputs_exit_2(cli: Cli, write_file: Writer, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    plot = cli("sweep", _case(write_file), "--plot", str(missing / "f.png"))
    assert plot.exit_code == 2
    assert "cannot write" in plot.stderr and "Traceback" not in plot.output


def test_gate_text_suggests_a_narrower_rule_for_an_over_broad_standard(
    cli: Cli, write_file: Writer
) -> None:
    rule = 'residency == "eu_only" and discount <= 10'
    result = cli("gate", _case(write_file, **{"standards.0.rule": rule}), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "- over-broad: 29% of the outcomes 'eu' forbids" in result.stdout
    narrower = '((residency == "eu_only") and (discount <= 10)) or (not (residency == "global"))'
    assert f"narrower rule: {narrower}" in result.stdout


def test_sweep_text_shows_numeric_values_with_their_unit(cli: Cli, write_file: Writer) -> None:
    changes = {"reservation.value": 0, "their_batna.value": 0, "issues.1.range.unit": "%"}
    result = cli("sweep", _case(write_file, **changes), "--format", "markdown")
    assert result.exit_code == 0, result.output
    # Outcomes read by issue name and option label (the factory's issues have no names).
    assert "Nash point: us 0 EUR, them 0 EUR: residency: eu only; discount: 0%" in result.stdout
    assert "discount: 0.0" not in result.stdout and "residency=" not in result.stdout
