"""The pure core does no I/O and never imports the adapters (DESIGN.md, "rule of the house")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "brightline"
PURE = ["case", "rules", "engine", "lint", "economics", "offers"]
ADAPTERS = ("brightline.cli", "brightline.report", "brightline.web", "brightline.session")
FORBIDDEN_MODULES = {"brightline.services", "sqlalchemy", "alembic", "typer", "rich", "click"}
FORBIDDEN_CALLS = {"open", "print", "input"}


def _pure_files() -> list[Path]:
    files: list[Path] = []
    for package in PURE:
        folder = SRC / package
        if folder.exists():
            files.extend(sorted(folder.rglob("*.py")))
    return files


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_core_imports_no_adapter(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _imports(tree):
        assert not name.startswith(ADAPTERS), f"{path.name} imports adapter {name}"
        root = name.split(".")[0]
        assert name not in FORBIDDEN_MODULES and root not in FORBIDDEN_MODULES, (
            f"{path.name} imports {name}"
        )


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_core_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, (
                f"{path.name}:{node.lineno} calls {node.func.id}"
            )
        if isinstance(node, ast.Attribute) and node.attr in {
            "read_text",
            "read_bytes",
            "write_text",
            "write_bytes",
        }:
            raise AssertionError(f"{path.name}:{node.lineno} touches files ({node.attr})")
    for name in _imports(tree):
        assert name.split(".")[0] not in {"socket", "urllib", "requests", "httpx", "sqlite3"}, (
            f"{path.name} imports {name}"
        )


def test_every_pure_package_has_a_readme() -> None:
    for package in PURE:
        folder = SRC / package
        if folder.exists():
            assert (folder / "README.md").exists(), f"{package}/ lacks README.md saying it is pure"
