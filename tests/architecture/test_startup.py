"""`brightline --help` stays fast: it imports none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["numpy", "numba", "sqlalchemy", "matplotlib", "pydantic", "scipy", "pandas"]


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from brightline.cli.app import run\n"
        "code = run(['--help'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
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
