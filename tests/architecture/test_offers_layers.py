"""The offers package is pure core: no I/O, no adapters, like case/rules/engine (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

OFFERS = Path(__file__).resolve().parents[2] / "src" / "brightline" / "offers"
ADAPTERS = ("brightline.cli", "brightline.report", "brightline.web", "brightline.session")
FORBIDDEN = {"brightline.services", "sqlalchemy", "typer", "rich", "click", "socket", "urllib"}


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(OFFERS.glob("*.py")), ids=lambda p: p.name)
def test_offers_module_is_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _imports(tree):
        assert not name.startswith(ADAPTERS), f"{path.name} imports adapter {name}"
        assert name not in FORBIDDEN and name.split(".")[0] not in FORBIDDEN, name
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "print", "input"}, f"{path.name}:{node.lineno}"
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"read_text", "read_bytes", "write_text", "write_bytes"}


def test_offers_has_a_readme_saying_it_is_pure() -> None:
    assert "pure" in (OFFERS / "README.md").read_text(encoding="utf-8")


def test_help_does_not_import_the_offers_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from brightline.cli.app import run\n"
        "run(['--help'])\n"
        "sys.stderr.write('LOADED=' + str('brightline.offers.meso' in sys.modules "
        "or 'scipy' in sys.modules or 'numpy' in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "LOADED=False" in result.stderr, result.stderr


def test_solver_chatter_on_stdout_is_sent_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    import os

    from brightline.cli.output import solver_output_to_stderr

    with solver_output_to_stderr():
        os.write(1, b"solver chatter\n")
    out, err = capfd.readouterr()
    assert "solver chatter" in err and "solver chatter" not in out
