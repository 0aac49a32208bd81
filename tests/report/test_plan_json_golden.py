"""Every example's ``plan --format json`` is pinned by a golden file (the layers refactor's net).

The layers issue moves the report, the use cases and the playbook into new packages; its promise
is that no user sees a difference. These files were taken before the move. Only what changes from
run to run is normalised: solver wall-clock times (``seconds``). When a plan changes on purpose,
regenerate and review the diff::

    BRIGHTLINE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_plan_json_golden.py
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, Outcome

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "plan-json"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"
TIMINGS = {"seconds"}
"""Keys whose values are measured durations, different on every run."""
DURATION = re.compile(r"\b\d+(\.\d+)? s(?=[),])")
"""A measured duration in prose, such as "(exhaustive, 0.01 s)" or "(exhaustive, 0.01 s, proven
optimal)"."""


def normalise(value: Any) -> Any:
    """The document with every timing replaced by a placeholder."""
    if isinstance(value, dict):
        return {
            key: "<seconds>" if key in TIMINGS else normalise(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [normalise(item) for item in value]
    return value


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_plan_json_matches_golden(cli: Callable[..., Outcome], example: Path) -> None:
    outcome = cli("plan", str(example), "--format", "json")
    assert outcome.exit_code == 0, outcome.stderr
    text = json.dumps(normalise(json.loads(outcome.stdout)), indent=2, sort_keys=True) + "\n"
    path = GOLDEN / f"{example.stem}.json"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with BRIGHTLINE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"plan JSON of {example.name} changed"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_plan_markdown_matches_golden(cli: Callable[..., Outcome], example: Path) -> None:
    """The Markdown plan too: a refactor that changes wording shows up as a reviewed diff."""
    outcome = cli("plan", str(example), "--format", "markdown")
    assert outcome.exit_code == 0, outcome.stderr
    text = DURATION.sub("<seconds> s", outcome.stdout)
    path = GOLDEN.parent / "plan-markdown" / f"{example.stem}.md"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with BRIGHTLINE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"plan of {example.name} changed"
