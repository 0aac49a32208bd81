"""`brightline --help` stays fast: it imports none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

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
