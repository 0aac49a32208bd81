"""Shared fixtures: paths to the examples and a factory that writes case files under tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GENIUS = ROOT.parent / "shared" / "data" / "genius"


@pytest.fixture
def saas_case_path() -> Path:
    return EXAMPLES / "saas-data-residency.yaml"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


class Outcome:
    """What a CLI run printed and returned."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """Run ``brightline ARGS...`` in-process, exactly as the console script does (exit codes too).

    Usage: ``result = cli("check", str(path)); assert result.exit_code == 0, result.output``.
    """
    from brightline.cli.app import run

    def invoke(*arguments: str) -> Outcome:
        capsys.readouterr()
        code = run(list(arguments))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke
