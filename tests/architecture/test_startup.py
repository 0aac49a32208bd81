"""`brightline --help` stays fast: it imports none of the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ["numpy", "numba", "sqlalchemy", "matplotlib", "pydantic", "scipy", "pandas"]
HELP_ONLY = ["markdown_it", "pygments", "rich.markdown", "rich.traceback", "rich.syntax"]
"""Typer's help renderer imports these at its top for features Brightline does not use."""


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from brightline.cli.app import run\n"
        "code = run(['--help'])\n"
        f"heavy = [m for m in {HEAVY + HELP_ONLY!r} if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    marker = [line for line in result.stderr.splitlines() if line.startswith("HEAVY=")]
    assert marker == ["HEAVY="], f"--help imported heavy modules: {marker}"


def test_help_lists_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "brightline", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("init", "check", "plan", "explain", "schema"):
        assert command in result.stdout


def test_help_is_still_drawn_by_rich() -> None:
    """The deferred modules change nothing visible: help keeps its Rich panels."""
    result = subprocess.run(
        [sys.executable, "-m", "brightline", "meso", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "╭─ Options" in result.stdout and "--target" in result.stdout


def test_a_deferred_class_builds_the_real_one() -> None:
    """If Typer ever draws Markdown, the stand-in imports rich.markdown and builds the real thing."""
    code = (
        "import sys\n"
        "from brightline.cli.startup import load_help_renderer\n"
        "load_help_renderer()\n"
        "from typer import rich_utils\n"
        "assert 'rich.markdown' not in sys.modules\n"
        "made = rich_utils.Markdown('*hi*')\n"
        "import rich.markdown\n"
        "assert isinstance(made, rich.markdown.Markdown), type(made)\n"
        "assert rich.markdown.Markdown is not rich_utils.Markdown\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


REMEMBERING = (
    "import sys\n"
    "sys.argv = ['brightline', *sys.argv[1:]]\n"
    "from brightline.cli.app import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    code = done.code\n"
    "sys.stderr.write('TYPER=' + str('typer' in sys.modules) + '\\n')\n"
    "sys.exit(code)\n"
)
"""``brightline ARGS`` through the console script's entry point, saying whether Typer loaded."""


def _help(cache: Path, *arguments: str, **environment: str) -> tuple[int, str, bool]:
    """Exit code, standard output and whether Typer was imported, for one help request."""
    result = subprocess.run(
        [sys.executable, "-c", REMEMBERING, *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100", **environment},
    )
    marker = [line for line in result.stderr.splitlines() if line.startswith("TYPER=")]
    return result.returncode, result.stdout, marker == ["TYPER=True"]


def test_remembered_help_is_what_typer_draws(tmp_path: Path) -> None:
    """The second request prints the first one's text (Typer's) without importing Typer.

    The top-level help is drawn from the command table without Typer even the first time
    (``tests/cli/test_top_help.py`` holds that drawing to Typer's).
    """
    for arguments in (("--help",), ("meso", "--help"), ("session", "show", "--help")):
        drawn = _help(tmp_path, *arguments)
        remembered = _help(tmp_path, *arguments)
        assert drawn[0] == remembered[0] == 0
        assert drawn[2] == (arguments != ("--help",)) and not remembered[2], arguments
        assert remembered[1] == drawn[1] and "Usage:" in drawn[1]


def test_another_width_draws_afresh_and_a_failed_request_is_not_remembered(
    tmp_path: Path,
) -> None:
    _help(tmp_path, "meso", "--help")
    narrow = _help(tmp_path, "meso", "--help", COLUMNS="60")
    assert narrow[0] == 0 and narrow[2]  # not the 100-column text
    assert max(len(line) for line in narrow[1].splitlines()) <= 60
    unknown = _help(tmp_path, "no-such-command", "--help")
    assert unknown[0] == 2
    assert len(list((tmp_path / "brightline" / "help").iterdir())) == 2


def test_help_is_printed_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    code, text, _ = _help(blocked, "--help")
    assert code == 0 and "Usage:" in text


def test_what_help_depends_on_is_in_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from brightline.cli import startup

    monkeypatch.setenv("COLUMNS", "100")
    first = startup.help_path(["meso", "--help"])
    assert first is not None
    assert startup.help_path(["gate", "--help"]) != first
    monkeypatch.setenv("NO_COLOR", "1")
    assert startup.help_path(["meso", "--help"]) != first
    monkeypatch.delenv("NO_COLOR")
    assert startup.help_path(["meso", "--help"]) == first
    stamp = startup._source_stamp()
    monkeypatch.setattr(startup, "_source_stamp", lambda: [*stamp, ("edited.py", 1, 2)])
    assert startup.help_path(["meso", "--help"]) != first  # an edited or upgraded module
    for other in (["meso"], ["meso", "case.yaml", "--help"], ["-f", "json", "--help"]):
        assert startup.help_path(other) is None  # not a help request: never remembered
    monkeypatch.setenv("BRIGHTLINE_HELP_CACHE", "off")
    assert startup.help_path(["meso", "--help"]) is None
