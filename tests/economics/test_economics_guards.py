"""Economics refuses what it cannot compute honestly: unbounded inputs, non-finite numbers, options
that would be ignored, and it writes no numba cache into the package.

Each test names the defect it pins (a reviewer's finding), so a regression reads as that finding.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brightline.economics.hold_or_cave import HoldOrCaveInputs, compare
from brightline.economics.sweep import MAX_ROUNDS, rounds_for
from factories import hold_or_cave_inputs, to_yaml, variant

Cli = Callable[..., Any]
AXELROD = ["--T", "5", "--R", "3", "--P", "1", "--S", "0"]


def _strict_json(text: str) -> Any:
    """Parse JSON, failing on NaN, Infinity and -Infinity (which ``json`` accepts by default)."""

    def refuse(constant: str) -> Any:
        raise AssertionError(f"non-finite number {constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _inputs(**changes: float) -> HoldOrCaveInputs:
    inputs: HoldOrCaveInputs = hold_or_cave_inputs(**changes)
    return inputs


# --- 3. unbounded loops ---------------------------------------------------------------------


@pytest.mark.parametrize(("delta", "deals"), [(0.9, 3), (0.5, 1), (0.0, 4), (0.99, 250), (1.0, 7)])
def test_discounted_future_deals_is_the_closed_form(delta: float, deals: int) -> None:
    expected = math.fsum(delta**index for index in range(1, deals + 1))
    found = _inputs(discount_factor=delta, precedent_deals=deals).discounted_future_deals
    assert found == pytest.approx(expected, rel=1e-12)


def test_a_trillion_precedent_deals_is_instant() -> None:
    started = time.perf_counter()
    inputs = _inputs(discount_factor=1 - 1e-12, precedent_deals=10**12)
    future = inputs.discounted_future_deals
    compare(inputs)
    assert time.perf_counter() - started < 0.1
    assert future == pytest.approx(10**12 * (1 - math.exp(-1)), rel=1e-3)


def test_precedent_deals_is_bounded_in_the_case(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("case.yaml", to_yaml(variant(economics={"precedent_deals": 10**12})))
    result = cli("economics", str(path))
    assert result.exit_code == 2
    assert "precedent_deals" in result.stderr and "10000" in result.stderr.replace(",", "")


def test_simulation_horizon_is_capped_and_the_output_says_so(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    assert rounds_for(1 - 1e-6) == MAX_ROUNDS
    assert rounds_for(0.8) < MAX_ROUNDS
    document = variant(
        economics={
            "deal_value": 50_000,
            "compliant_value": 40_000,
            "their_test_value": 10,
            "their_deal_value": 8,
            "their_walk_away_value": 2,
            "discount_factor": 0.999999,
        }
    )
    path = write_file("case.yaml", to_yaml(document))
    started = time.perf_counter()
    result = cli("economics", str(path), "--simulate", "--replications", "200", "-f", "json")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 60
    population = _strict_json(result.stdout)["simulation"]
    assert {row["rounds"] for row in population} == {MAX_ROUNDS}
    assert all(row["horizon_capped"] for row in population)
    assert "capped" in result.stderr
    text = cli("economics", str(path), "--simulate", "--replications", "200")
    assert text.exit_code == 0, text.output
    assert f"capped at {MAX_ROUNDS:,} rounds" in text.stdout


def test_deterrence_simulation_says_when_the_horizon_is_capped(cli: Cli) -> None:
    arguments = [*AXELROD, "--delta", "0.9999", "--simulate", "--replications", "100"]
    result = cli("deterrence", *arguments)
    assert result.exit_code == 0, result.output
    assert f"capped at {MAX_ROUNDS:,} rounds" in result.stdout


# --- 4. non-finite numbers and q <= p ----------------------------------------------------------


@pytest.mark.parametrize("option", ["--T", "--R", "--P", "--S", "--delta", "--detection"])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_deterrence_refuses_non_finite_options(cli: Cli, option: str, value: str) -> None:
    arguments = {"--T": "5", "--R": "3", "--P": "1", "--S": "0", "--delta": "0.8"}
    arguments[option] = value
    flat = [part for pair in arguments.items() for part in pair]
    result = cli("deterrence", *flat, "-f", "json")
    assert result.exit_code == 2, result.output
    assert option in result.stderr and "finite" in result.stderr
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("key", ["delay_weeks", "cost_per_week", "deal_value", "their_test_value"])
def test_economics_refuses_non_finite_assumptions(
    cli: Cli, write_file: Callable[[str, str], Path], key: str, value: float
) -> None:
    path = write_file("case.yaml", to_yaml(variant(economics={key: value})))
    result = cli("economics", str(path), "-f", "json")
    assert result.exit_code == 2, result.output
    assert key in result.stderr and "finite" in result.stderr


def test_huge_finite_payoffs_never_print_nan_or_infinity(cli: Cli) -> None:
    payoffs = ["--T", "1e308", "--R", "0", "--P", "-1e308", "--S", "-1.7e308"]
    result = cli("deterrence", *payoffs, "--delta", "0.8", "-f", "json")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        _strict_json(result.stdout)
    else:
        assert "too large" in result.stderr


def test_huge_finite_case_amounts_never_print_nan_or_infinity(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    huge = {"deal_value": 1.7e308, "compliant_value": -1.7e308, "cost_per_week": 1e300}
    document = variant(economics={**huge, "delay_weeks": 500})
    result = cli("economics", str(write_file("case.yaml", to_yaml(document))), "-f", "json")
    assert result.exit_code == 0, result.output
    output = _strict_json(result.stdout)
    assert output["hold_or_cave"] is None
    assert any("too large" in note for note in output["notes"])


def test_detection_no_better_than_false_alarms_says_why_nothing_deters(cli: Cli) -> None:
    result = cli(
        "deterrence", *AXELROD, "--delta", "0.8", "--false-alarm", "0.5", "--detection", "0.4"
    )
    assert result.exit_code == 0, result.output
    assert "No punishment deters" in result.stdout
    assert "q = 0.4" in result.stdout and "p = 0.5" in result.stdout
    assert "complying as often" in result.stdout or "punishes complying" in result.stdout


# --- 6. --scheduler without a simulation --------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["deterrence", *AXELROD, "--delta", "0.8", "--scheduler", "tcp://127.0.0.1:9"],
        ["deterrence", *AXELROD, "--delta", "0.8", "--sweep", "--scheduler", "tcp://127.0.0.1:9"],
    ],
)
def test_scheduler_without_simulate_is_refused(cli: Cli, arguments: list[str]) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2, result.output
    assert "--scheduler" in result.stderr and "--simulate" in result.stderr


def test_scheduler_without_simulate_is_refused_for_a_case(cli: Cli, saas_case_path: Path) -> None:
    result = cli("economics", str(saas_case_path), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2, result.output
    assert "--scheduler" in result.stderr and "--simulate" in result.stderr


# --- 9. numba's cache ------------------------------------------------------------------------


def _clean_environment(tmp_path: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "NUMBA_CACHE_DIR"}
    environment["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return environment


def test_cli_caches_compiled_kernels_in_the_user_cache(tmp_path: Path) -> None:
    script = (
        "from brightline.cli.app import run\n"
        "raise SystemExit(run(['deterrence', '--T', '5', '--R', '3', '--P', '1', '--S', '0',"
        " '--delta', '0.8', '--simulate', '--replications', '100', '-f', 'json']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=_clean_environment(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    cached = list((tmp_path / "cache" / "brightline" / "numba").rglob("*.nbi"))
    assert cached, "the CLI should cache compiled kernels under the user cache directory"


def test_the_core_alone_writes_no_cache(tmp_path: Path) -> None:
    script = (
        "from brightline.economics import simulator_kernels as kernels\n"
        "print(sorted({type(f._cache).__name__ for f in "
        "(kernels.play_block, kernels.play_one, kernels.start_streams)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=_clean_environment(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['NullCache']"
