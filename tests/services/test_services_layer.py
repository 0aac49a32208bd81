"""The services layer names no adapter: no Typer, Rich, click or CLI import, no flag text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "src" / "brightline" / "services"
ADAPTERS = ("typer", "rich", "click", "brightline.cli", "brightline.web", "fastapi", "starlette")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _files() -> list[Path]:
    return sorted(SERVICES.glob("*.py"))


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.name)
def test_services_import_no_adapter(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not any(name == root or name.startswith(f"{root}.") for root in ADAPTERS), (
                f"{path.name} imports {name}"
            )


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.name)
def test_services_say_no_flag(path: Path) -> None:
    """Messages name parameters (``UsageError(..., parameter="count")``), never ``--count``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            assert not FLAG.search(node.value), f"{path.name}:{node.lineno}: {node.value!r}"
