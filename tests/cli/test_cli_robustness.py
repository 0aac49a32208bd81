"""The CLI turns environment failures into exit code 2 with a message, and prints valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

from brightline.cli.output import print_json


def test_writing_into_a_missing_folder_is_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--context", "sales", "-o", str(tmp_path / "nowhere" / "case.yaml"))
    assert result.exit_code == 2
    assert "error:" in result.stderr and "nowhere" in result.stderr
    assert "Traceback" not in result.output


def test_json_output_never_contains_nan_or_infinity(capsys) -> None:  # type: ignore[no-untyped-def]
    print_json({"price": float("inf"), "ratio": float("nan"), "rows": [1.5, float("-inf")]})
    text = capsys.readouterr().out
    assert json.loads(text) == {"price": None, "ratio": None, "rows": [1.5, None]}


def test_negative_seed_and_absurd_replications_are_usage_errors(cli, saas_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("economics", str(saas_case_path), "--seed", "-1").exit_code == 2
    result = cli(
        "deterrence",
        "--T",
        "5",
        "--R",
        "3",
        "--P",
        "1",
        "--S",
        "0",
        "--delta",
        "0.9",
        "--simulate",
        "--replications",
        "999999999",
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
