"""Every ``--format markdown`` prints Markdown titled by its command, checked against golden files.

The golden files in ``tests/golden/`` are the expected output on the factory case, with what
changes from run to run normalised (the temporary folder, session ids, times, hashes). When an
output changes on purpose, regenerate them and review the diff::

    BRIGHTLINE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_markdown_golden.py

``plan`` gathers every other engineer's section, so it is checked for shape (title, sections,
tables) rather than byte for byte; its sections' own commands have golden files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from factories import to_yaml, variant

Cli = Callable[..., Outcome]
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"
TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(\+00:00)?")
NOT_MARKDOWN = ("\x1b[", "┃", "│", "─", "╭", "━")
"""ANSI colour codes and Rich box drawing: signs that a text renderer leaked into Markdown."""


def normalise(text: str, tmp_path: Path, session: str = "") -> str:
    """Take out what differs between runs: folders, session ids, times and hashes."""
    text = text.replace(str(tmp_path), "<tmp>")
    if session:
        text = text.replace(session, "<session>")
    text = TIME.sub("<time>", text)
    return re.sub(r"\b[0-9a-f]{12}\b", "<hash>", text)


def check_markdown(text: str, title: str) -> None:
    """A Markdown document: its title names the command, no terminal rendering, sound tables."""
    assert text.startswith(f"# {title}: "), text[:80]
    assert not [mark for mark in NOT_MARKDOWN if mark in text], text[:400]
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("| ---"):
            header = lines[index - 1]
            width = header.replace("\\|", "").count("|")
            row = index + 1
            while row < len(lines) and lines[row].startswith("|"):
                assert lines[row].replace("\\|", "").count("|") == width, lines[row]
                row += 1


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with BRIGHTLINE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(to_yaml(variant(**{"reservation.value": -10000})), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("command", "title"),
    [("economics", "Economics"), ("gate", "Gate"), ("sweep", "Sweep"), ("check", "Check")],
)
def test_case_commands_print_markdown(
    cli: Cli, case_file: Path, tmp_path: Path, command: str, title: str
) -> None:
    result = cli(command, str(case_file), "--format", "markdown")
    assert result.exit_code in (0, 1), result.output  # check exits 1 on findings
    text = normalise(result.stdout, tmp_path)
    check_markdown(text, title)
    compare(f"{command}.md", text)


def test_deterrence_prints_markdown(cli: Cli, tmp_path: Path) -> None:
    game = ["--T", "5", "--R", "3", "--P", "1", "--S", "0", "--delta", "0.8"]
    noisy = ["--false-alarm", "0.05", "--detection", "0.9"]
    grid = ["--sweep", "--grid-false-alarm", "0,0.3", "--grid-detection", "0.3,1"]
    result = cli("deterrence", *game, *noisy, *grid, "--grid-delta", "0.9", "-f", "markdown")
    assert result.exit_code == 0, result.output
    check_markdown(result.stdout, "Deterrence")
    assert "| our check (p = 0.05, q = 0.9) | δ ≥ 0.5556 | yes |" in result.stdout
    compare("deterrence.md", result.stdout)


def test_session_commands_print_markdown(
    cli: Cli, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'golden.db'}")
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe")
    session = cli("session", "start", str(case_file)).stdout.strip()
    for step in (
        ("log", "stage", session, "opening"),
        ("log", "offer", session, "made", "residency=eu_only", "discount=0"),
        (
            "log",
            "concession",
            session,
            "discount",
            "--get",
            "two-year term",
            "--value-to-us",
            "-5000",
        ),
        ("log", "signal", session, "pushback_on_source", "They doubt GDPR applies | here"),
    ):
        assert cli(*step).exit_code == 0, step
    shown = cli("next", session, "--format", "markdown")
    assert shown.exit_code == 0, shown.output
    text = normalise(shown.stdout, tmp_path, session)
    check_markdown(text, "Next")
    assert "> Whatever we agree has to meet" in text  # say lines are quoted, to read out
    compare("next.md", text)
    timeline = cli("session", "show", session, "--format", "markdown")
    assert timeline.exit_code == 0, timeline.output
    text = normalise(timeline.stdout, tmp_path, session)
    check_markdown(text, "Session <session>")
    compare("session-show.md", text)


def test_plan_prints_markdown(cli: Cli, case_file: Path, tmp_path: Path) -> None:
    result = cli("plan", str(case_file), "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = normalise(result.stdout, tmp_path)
    check_markdown(text, "Plan")
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert "Opening moves" in titles and len(titles) >= 5, titles
    assert not [line for line in text.splitlines() if line.startswith("# ")][1:]
