"""CLI registration has no circle: command modules are handed the app, never import it back."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Any

import typer
import typer.main

from brightline.cli import app as cli_app

CLI = Path(__file__).resolve().parents[2] / "src" / "brightline" / "cli"


def _imported(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_cli_module_imports_the_app() -> None:
    offenders = []
    for path in sorted(CLI.glob("*.py")):
        if path.name == "app.py":
            continue
        for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            if name == "brightline.cli.app" or name.startswith("brightline.cli.app."):
                offenders.append(f"{path.name} imports {name}")
    assert offenders == []


def test_every_command_module_has_register() -> None:
    modules = {path.stem for path in CLI.glob("*_commands.py")}
    assert modules == set(cli_app.COMMAND_MODULES)
    for name in cli_app.COMMAND_MODULES:
        tree = ast.parse((CLI / f"{name}.py").read_text(encoding="utf-8"))
        registers = [
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "register"
        ]
        assert len(registers) == 1, f"{name} has no register(app)"
        assert [argument.arg for argument in registers[0].args.args] == ["app"]


def _names(app: typer.Typer) -> list[str]:
    """Every command and group name registered on ``app`` and its groups, with its path."""
    found: list[str] = []

    def walk(group: typer.Typer, prefix: str) -> None:
        for command in group.registered_commands:
            assert command.callback is not None
            found.append(prefix + (command.name or command.callback.__name__.replace("_", "-")))
        for info in group.registered_groups:
            assert info.typer_instance is not None
            found.append(prefix + str(info.name))
            walk(info.typer_instance, f"{prefix}{info.name} ")

    walk(app, "")
    return found


def test_every_command_is_registered_exactly_once() -> None:
    names = _names(cli_app.create_app())
    twice = [name for name, count in Counter(names).items() if count > 1]
    assert twice == []
    for expected in ("plan", "meso", "next", "session", "session show", "log offer", "deterrence"):
        assert expected in names


def test_two_apps_do_not_share_commands() -> None:
    """Each app is built afresh: registering twice never doubles a command on either."""
    first, second = cli_app.create_app(), cli_app.create_app()
    assert _names(first) == _names(second)
    root: Any = typer.main.get_command(first)
    assert sorted(root.commands) == sorted(name for name in _names(first) if " " not in name)
    assert sorted(root.commands["session"].commands) == [
        "anchor",
        "approvals",
        "approve",
        "export",
        "import",
        "list",
        "policy",
        "refuse",
        "request-approval",
        "show",
        "start",
        "verify",
    ]
