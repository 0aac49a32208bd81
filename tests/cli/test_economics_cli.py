"""``brightline economics`` and ``brightline deterrence`` end to end, in-process, with exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, GENIUS
from factories import DELETE, minimal_case, to_yaml, variant

Cli = Callable[..., Any]
AXELROD = ["--T", "5", "--R", "3", "--P", "1", "--S", "0"]


def test_deterrence_json_has_the_promised_keys(cli: Cli) -> None:
    result = cli(
        "deterrence",
        *AXELROD,
        "--delta",
        "0.8",
        "--false-alarm",
        "0.05",
        "--detection",
        "0.9",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {
        "deterred",
        "value_per_period",
        "surplus_destroyed",
        "min_deterring_punishment",
        "delta_star_grim",
    } <= set(document)
    assert document["delta_star_grim"] == pytest.approx(0.5)
    assert document["min_deterring_punishment"] == 2
    assert document["deterred"] is True


def test_deterrence_reports_the_threshold_with_false_alarms(cli: Cli) -> None:
    noisy = ["--delta", "0.8", "--false-alarm", "0.05", "--detection", "0.9"]
    document = json.loads(cli("deterrence", *AXELROD, *noisy, "-f", "json").stdout)
    # (T−R)/[(q−p)(R−P)+(1−p)(T−R)] = 2/[0.85·2 + 0.95·2] = 2/3.6, computed here directly.
    assert document["delta_star_grim_noisy"] == pytest.approx(2 / (0.85 * 2 + 0.95 * 2))
    assert document["grim_deters_noisy"] is True
    text = cli("deterrence", *AXELROD, *noisy).stdout
    assert "(perfect monitoring) iff delta >= 0.5000" in text
    assert "(false alarm p=0.05, detection q=0.9) iff delta >= 0.5556" in text
    blind = ["--delta", "0.8", "--false-alarm", "0.3", "--detection", "0.3"]
    document = json.loads(cli("deterrence", *AXELROD, *blind, "-f", "json").stdout)
    assert document["delta_star_grim_noisy"] is None and document["grim_deters_noisy"] is False
    assert "at no delta below 1" in cli("deterrence", *AXELROD, *blind).stdout


def test_sweep_points_carry_the_threshold_with_their_p_and_q(cli: Cli) -> None:
    grid = [
        "--grid-false-alarm",
        "0,0.05,0.3",
        "--grid-detection",
        "0.3,0.9,1",
        "--grid-delta",
        "0.8",
    ]
    document = json.loads(
        cli("deterrence", *AXELROD, "--delta", "0.8", "--sweep", *grid, "-f", "json").stdout
    )
    for point in document["sweep"]:
        p, q = point["false_alarm"], point["detection"]
        denominator = (q - p) * (3 - 1) + (1 - p) * (5 - 3)  # (q−p)(R−P) + (1−p)(T−R)
        direct = 2 / denominator if denominator > 0 else None
        if direct is None or direct >= 1:
            assert point["delta_star_grim_noisy"] is None, point
        else:
            assert point["delta_star_grim_noisy"] == pytest.approx(direct), point
    text = cli("deterrence", *AXELROD, "--delta", "0.8", "--sweep", *grid).stdout
    assert "p=0.05 q=0.9 delta=0.8: deters" in text and "grim deters from delta 0.5556" in text
    assert "p=0.3 q=0.3 delta=0.8" in text and "at no delta below 1" in text


def test_economics_reports_both_grim_thresholds(cli: Cli) -> None:
    case = EXAMPLES / "saas-data-residency.yaml"
    document = json.loads(cli("economics", str(case), "-f", "json").stdout)
    game = document["deterrence"]["game"]
    t, r, p, q = game["T"], game["R"], game["P"], game["false_alarm"]
    expected = (t - r) / ((game["detection"] - q) * (r - p) + (1 - q) * (t - r))
    assert document["deterrence"]["delta_star_grim_noisy"] == pytest.approx(expected)
    text = cli("economics", str(case)).stdout
    assert "with a perfect check" in " ".join(text.split())
    assert f"δ ≥ {expected:.3f} with false alarms" in " ".join(text.split())
    plan = json.loads(cli("plan", str(case), "-f", "json").stdout)
    assert plan["economics"]["deterrence"]["delta_star_grim_noisy"] == pytest.approx(expected)
    markdown = cli("economics", str(case), "-f", "markdown").stdout
    assert f"δ ≥ {expected:.3f} with false alarms" in markdown


def test_deterrence_grim_and_nothing_deters(cli: Cli) -> None:
    grim = json.loads(
        cli("deterrence", *AXELROD, "--delta", "0.8", "--punishment", "grim", "-f", "json").stdout
    )
    assert grim["punishment"] == "grim" and grim["deterred"] is True
    weak = cli(
        "deterrence", *AXELROD, "--delta", "0.55", "--false-alarm", "0.4", "--detection", "0.5"
    )
    assert weak.exit_code == 0, weak.output
    assert "No punishment deters" in weak.stdout


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["--T", "1", "--R", "3", "--P", "1", "--S", "0", "--delta", "0.5"], "T > R > P > S"),
        ([*AXELROD, "--delta", "1"], "delta"),
        ([*AXELROD, "--delta", "0.5", "--punishment", "forever"], "--punishment"),
        ([*AXELROD, "--delta", "0.5", "--sweep", "--grid-delta", "a,b"], "--grid-delta"),
        ([*AXELROD, "--delta", "0.5", "--plot", "chart.gif"], ".png or .svg"),
    ],
)
def test_bad_deterrence_input_exits_2_with_a_message(
    cli: Cli, arguments: list[str], fragment: str
) -> None:
    result = cli("deterrence", *arguments)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_deterrence_simulation_brackets_the_closed_form(cli: Cli) -> None:
    result = cli(
        "deterrence",
        *AXELROD,
        "--delta",
        "0.8",
        "--false-alarm",
        "0.05",
        "--detection",
        "0.9",
        "--simulate",
        "--replications",
        "20000",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    comply = document["simulation"][0]["tester_value"]
    assert abs(comply["mean"] - document["value_per_period"]) <= 3 * comply["standard_error"]


def test_deterrence_plots(cli: Cli, tmp_path: Path) -> None:
    for name in ("deterrence.png", "deterrence.svg"):
        target = tmp_path / name
        result = cli("deterrence", *AXELROD, "--delta", "0.8", "--plot", str(target))
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    assert (tmp_path / "deterrence.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "deterrence.svg").read_bytes()


def test_economics_of_the_saas_example(cli: Cli, saas_case_path: Path, tmp_path: Path) -> None:
    chart = tmp_path / "economics.png"
    result = cli("economics", str(saas_case_path), "--format", "json", "--plot", str(chart))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    symbols = {item["symbol"]: item for item in document["mapping"]}
    assert {"T", "R", "P", "S", "δ", "p", "q"} <= set(symbols)
    assert symbols["T"]["value"] == 395_000 and symbols["R"]["value"] == 355_000
    assert symbols["δ"]["value"] == pytest.approx(0.8)
    assert document["hold_or_cave"]["recommendation"] == "hold"
    assert document["hold_or_cave"]["harm_exposure"] == pytest.approx(972_000)
    assert document["deterrence"]["min_deterring_punishment"] == 1
    assert document["batna"]["tornado"][0]["component"] == "Insurer deals, margin"
    assert chart.read_bytes().startswith(b"\x89PNG")
    text = cli("economics", str(saas_case_path))
    assert text.exit_code == 0, text.output
    assert "Hold the standard" in text.stdout and "EUR" in text.stdout


def test_economics_assumptions_in_the_case_override_the_defaults(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    document = variant(
        economics={
            "deal_value": 50_000,
            "compliant_value": 40_000,
            "walk_probability": 0.0,
            "retest_probability": 0.2,
            "their_test_value": 10,
            "their_deal_value": 8,
            "their_walk_away_value": 2,
            "discount_factor": 0.9,
            "false_alarm_probability": 0.0,
            "detection_probability": 1.0,
            "punishment_deals": 1,
        }
    )
    result = cli("economics", str(write_file("case.yaml", to_yaml(document))), "-f", "json")
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    given = {item["symbol"]: item for item in output["mapping"] if item["given"]}
    assert given["deal"]["value"] == 50_000 and given["w"]["value"] == 0.0
    assert output["deterrence"]["punishment"] == 1
    assert output["hold_or_cave"]["hold_value"] == pytest.approx(40_000)


def test_unknown_economics_key_and_unknown_standard_are_refused(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    typo = write_file("typo.yaml", to_yaml(variant(economics={"retest_probabilty": 0.3})))
    result = cli("economics", str(typo))
    assert result.exit_code == 2 and "retest_probabilty" in result.stderr
    unknown = write_file("unknown.yaml", to_yaml(variant(economics={"standards": ["nope"]})))
    result = cli("economics", str(unknown))
    assert result.exit_code == 2 and "nope" in result.stderr


def test_case_without_offer_explains_what_is_missing(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("case.yaml", to_yaml(minimal_case()))
    result = cli("economics", str(path), "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["deterrence"] is None
    assert any("their_test_value" in note for note in document["notes"])


def test_plan_has_the_economics_section(cli: Cli, saas_case_path: Path) -> None:
    result = cli("plan", str(saas_case_path), "--format", "json")
    assert result.exit_code == 0, result.output
    economics = json.loads(result.stdout)["economics"]
    assert economics["hold_or_cave"]["recommendation"] == "hold"


def test_population_simulation_in_the_case(cli: Cli, saas_case_path: Path) -> None:
    result = cli(
        "economics", str(saas_case_path), "--simulate", "--replications", "2000", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    population = json.loads(result.stdout)["simulation"]
    values = [row["tester_value"]["mean"] for row in population if row["tester"] == "random"]
    assert values == sorted(values, reverse=True)


def test_sweep_runs_on_a_dask_cluster_on_loopback(cli: Cli) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        arguments = [
            *AXELROD,
            "--delta",
            "0.8",
            "--sweep",
            "--simulate",
            "--replications",
            "3000",
            "--grid-false-alarm",
            "0,0.1",
            "--grid-detection",
            "0.9",
            "--grid-delta",
            "0.7,0.9",
            "-f",
            "json",
        ]
        remote = cli("deterrence", *arguments, "--scheduler", cluster.scheduler_address)
    assert remote.exit_code == 0, remote.output
    local = cli("deterrence", *arguments)
    points = json.loads(remote.stdout)["sweep"]
    assert len(points) == 4
    assert points == json.loads(local.stdout)["sweep"]
    for point in points:
        simulated = point["simulated_value_per_period"]
        tolerance = max(3 * simulated["standard_error"], 1e-9)
        assert abs(simulated["mean"] - point["value_per_period"]) <= tolerance


def test_unreachable_scheduler_is_a_usage_error(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from brightline.services import economics as economics_commands

    monkeypatch.setattr(economics_commands, "SCHEDULER_TIMEOUT_SECONDS", 1)
    result = cli(
        "deterrence",
        *AXELROD,
        "--delta",
        "0.8",
        "--sweep",
        "--simulate",
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert result.exit_code == 2
    assert "scheduler" in result.stderr


def test_numba_and_matplotlib_load_only_when_simulating_or_plotting(saas_case_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys, contextlib, io\n"
        "from brightline.cli.app import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert run(['economics', {str(saas_case_path)!r}, '-f', 'json']) == 0\n"
        "    assert run(['plan', " + repr(str(saas_case_path)) + "]) == 0\n"
        "    assert run(['deterrence', '--T', '5', '--R', '3', '--P', '1', '--S', '0',"
        " '--delta', '0.8', '--sweep']) == 0\n"
        "print(sorted(m for m in ('numba', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_economics_shows_the_notes_when_nothing_can_be_computed(
    cli: Cli, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("case.yaml", to_yaml(variant(batna=DELETE)))
    text = cli("economics", str(path))
    assert text.exit_code == 0, text.output
    assert "No BATNA components" in text.stdout
    assert "Deterrence not computed" in text.stdout
    assert "Hold-versus-cave not computed" in text.stdout
    markdown = cli("economics", str(path), "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert "Deterrence not computed" in markdown.stdout
    plan = cli("plan", str(path), "-f", "json")
    assert plan.exit_code == 0, plan.output
    notes = json.loads(plan.stdout)["economics"]["notes"]
    assert any("Hold-versus-cave not computed" in note for note in notes)
    assert "Deterrence not computed" in cli("plan", str(path)).stdout


@pytest.mark.skipif(not GENIUS.exists(), reason="../shared/data/genius is absent")
def test_economics_of_a_genius_import_explains_what_to_add(cli: Cli, tmp_path: Path) -> None:
    folder = GENIUS / "y2011-Energy"
    case = tmp_path / "energy.yaml"
    imported = cli(
        "import-genius",
        str(folder / "energy_domain.xml"),
        str(folder / "energy_consumer.xml"),
        str(folder / "energy_distributor.xml"),
        "-o",
        str(case),
    )
    assert imported.exit_code == 0, imported.output
    result = cli("economics", str(case))
    assert result.exit_code == 0, result.output
    assert "add batna.components" in result.stdout


def test_seed_reaches_the_text_and_markdown_output(cli: Cli, saas_case_path: Path) -> None:
    document = json.loads(cli("economics", str(saas_case_path), "--seed", "5", "-f", "json").stdout)
    low = f"{document['batna']['percentile_5']:,.0f}"
    for form in ("text", "markdown"):
        result = cli("economics", str(saas_case_path), "--seed", "5", "-f", form)
        assert result.exit_code == 0, result.output
        flat = " ".join(result.stdout.split())
        assert "seed 5" in flat and low in flat


def test_economics_computes_the_case_once(
    cli: Cli, saas_case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.economics import analysis

    calls: list[int] = []
    original = analysis.analyse_case

    def counted(*arguments: Any, **keywords: Any) -> Any:
        calls.append(1)
        return original(*arguments, **keywords)

    monkeypatch.setattr(analysis, "analyse_case", counted)
    result = cli("economics", str(saas_case_path))
    assert result.exit_code == 0, result.output
    assert len(calls) == 1


def test_tornado_is_labelled_by_the_reservation_point_it_implies(
    cli: Cli, saas_case_path: Path
) -> None:
    document = json.loads(cli("economics", str(saas_case_path), "-f", "json").stdout)
    batna = document["batna"]
    margin = batna["reservation"] - batna["likely"]
    assert batna["reservation_margin"] == pytest.approx(margin)
    assert "one-for-one" in batna["tornado_relation"]
    for bar in batna["tornado"]:
        assert bar["reservation_at_low"] == pytest.approx(bar["batna_at_low"] + margin)
        assert bar["reservation_at_high"] == pytest.approx(bar["batna_at_high"] + margin)
    text = " ".join(cli("economics", str(saas_case_path)).stdout.split())
    assert "reservation point implied by the BATNA" in text
    assert "one-for-one" in text


def test_walking_away_preferred_to_complying_is_said_in_plain_words(cli: Cli) -> None:
    path = EXAMPLES / "leadership-safety-gate.yaml"
    document = json.loads(cli("economics", str(path), "-f", "json").stdout)
    note = next(note for note in document["notes"] if note.startswith("Deterrence"))
    assert "prefer walking away to complying" in note
    assert "no threat" in note
    assert "their_deal_value" in note and "their_batna" in note
    plain = cli("deterrence", "--T", "5", "--R", "1", "--P", "2", "--S", "0", "--delta", "0.8")
    assert plain.exit_code == 2
    assert "prefer walking away to complying" in plain.stderr
