"""The layers of DESIGN.md, enforced: each imports only from the layers before it, and the pure
layers do no I/O.

The order, first to last (a module may import its own layer and any layer before it)::

    base        errors.py, actions.py, amounts.py   the shared vocabulary; imports nothing else
    rules       rules/                              the rule language
    case        case/                               the case file (its economics section too)
    engine      engine/                             outcome space, frontier, warrant gate
    analyses    lint/, economics/, offers/          what the core computes from a case
    playbook    playbook/                           what to do and say at the table
    session     session/                            storage, trail, concession analytics
    report      report/                             documents and their renderers
    services    services.py or services/            the use cases
    adapters    cli/, web/, __main__.py
    public API  __init__.py                         the names users import (lazily)

Everything up to and including the playbook is pure: no file, socket or database access, no
printing, no adapter library. Every import counts, wherever it is written: at the top, inside a
function (a lazy import is still a dependency) or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "brightline"

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("base", frozenset({"errors", "actions", "amounts"})),
    ("rules", frozenset({"rules"})),
    ("case", frozenset({"case"})),
    ("engine", frozenset({"engine"})),
    ("analyses", frozenset({"lint", "economics", "offers"})),
    ("playbook", frozenset({"playbook"})),
    ("session", frozenset({"session"})),
    ("report", frozenset({"report"})),
    ("services", frozenset({"services"})),
    ("adapters", frozenset({"cli", "web", "__main__"})),
    ("public API", frozenset({"__init__"})),
)
"""Each layer and the top-level names (packages or modules of ``brightline``) that belong to it."""

PURE_LAYERS = frozenset({"base", "rules", "case", "engine", "analyses", "playbook", "report"})
"""Layers that do no I/O: they take data and return data."""

PENDING: dict[tuple[str, str], str] = {}
"""Known violations with the place they are moving to. Each entry must still be a violation
(``test_pending_violations_are_still_there``), so the list only shrinks."""

ADAPTER_LIBRARIES = frozenset({"sqlalchemy", "alembic", "typer", "rich", "click", "fastapi"})
IO_LIBRARIES = frozenset({"socket", "urllib", "requests", "httpx", "sqlite3", "shutil", "tempfile"})
IO_CALLS = frozenset({"open", "print", "input"})
IO_METHODS = frozenset({"read_text", "read_bytes", "write_text", "write_bytes", "unlink"})


def _rank(name: str) -> int:
    for rank, (_, members) in enumerate(LAYERS):
        if name in members:
            return rank
    raise KeyError(name)


def _layer_of_file(path: Path) -> str:
    """The top-level name a source file belongs to: its package, or its own module name."""
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else path.stem


def _layer_of_module(module: str) -> str | None:
    """The top-level name of an imported ``brightline`` module; None for anything else."""
    parts = module.split(".")
    if parts[0] != "brightline":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


@dataclass(frozen=True)
class Import:
    line: int
    module: str


def _imports(path: Path, tree: ast.AST) -> list[Import]:
    """Every import in the file, relative ones resolved against the file's package."""
    package = ["brightline", *path.relative_to(SRC).parent.parts]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append(Import(node.lineno, module))
    return found


def _source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _pure_files() -> list[Path]:
    return [path for path in _source_files() if _layer_name(path) in PURE_LAYERS]


def _layer_name(path: Path) -> str:
    return LAYERS[_rank(_layer_of_file(path))][0]


def _where(path: Path, line: int) -> str:
    return f"src/brightline/{path.relative_to(SRC).as_posix()}:{line}"


def _violations(path: Path, tree: ast.AST) -> list[str]:
    """What the file imports from a later layer, as ``FILE:LINE: imports MODULE (...)``."""
    own = _rank(_layer_of_file(path))
    relative = path.relative_to(SRC).as_posix()
    allowed = ", ".join(name for name, _ in LAYERS[: own + 1])
    found: list[str] = []
    for item in _imports(path, tree):
        target = _layer_of_module(item.module)
        if target is None or (relative, item.module) in PENDING:
            continue
        if not _known(target):
            found.append(
                f"{_where(path, item.line)}: imports {item.module}, which no layer holds; "
                "add its top-level name to LAYERS in tests/architecture/test_layers.py"
            )
        elif _rank(target) > own:
            found.append(
                f"{_where(path, item.line)}: imports {item.module} "
                f"(layer {LAYERS[_rank(target)][0]}), but layer {LAYERS[own][0]} may import "
                f"only from: {allowed}"
            )
    return found


def _id(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_every_source_file_is_in_a_layer() -> None:
    unplaced = [_id(path) for path in _source_files() if not _known(_layer_of_file(path))]
    assert not unplaced, f"not in any layer of tests/architecture/test_layers.py LAYERS: {unplaced}"


def _known(name: str) -> bool:
    return any(name in members for _, members in LAYERS)


@pytest.mark.parametrize("path", _source_files(), ids=_id)
def test_imports_follow_the_layers(path: Path) -> None:
    if not _known(_layer_of_file(path)):
        pytest.fail(f"{_id(path)} is in no layer (see test_every_source_file_is_in_a_layer)")
    problems = _violations(path, ast.parse(path.read_text(encoding="utf-8")))
    assert not problems, "\n".join(problems)


def test_pending_violations_are_still_there() -> None:
    stale = []
    for (relative, module), destination in PENDING.items():
        path = SRC / relative
        imported = (
            {item.module for item in _imports(path, ast.parse(path.read_text(encoding="utf-8")))}
            if path.exists()
            else set()
        )
        if module not in imported:
            stale.append(f"{relative} -> {module} (was moving to {destination})")
    assert not stale, f"fixed, so remove from PENDING in tests/architecture/test_layers.py: {stale}"


def test_a_violation_names_the_file_the_line_and_the_import() -> None:
    """A lazy import of the session from the case model is caught and located."""
    tree = ast.parse("import math\n\n\ndef f():\n    from brightline.session.store import x\n")
    problems = _violations(SRC / "case" / "model.py", tree)
    assert problems == [
        "src/brightline/case/model.py:5: imports brightline.session.store (layer session), "
        "but layer case may import only from: base, rules, case"
    ]
    relative = ast.parse("from ..session import events\nfrom . import moves\n")
    problems = _violations(SRC / "playbook" / "advice.py", relative)
    assert problems == [
        "src/brightline/playbook/advice.py:1: imports brightline.session (layer session), but "
        "layer playbook may import only from: base, rules, case, engine, analyses, playbook"
    ]


def test_the_order_is_the_one_of_the_design() -> None:
    assert _rank("errors") < _rank("rules") < _rank("case") < _rank("engine") < _rank("offers")
    assert _rank("offers") < _rank("playbook") < _rank("session") < _rank("report")
    assert _rank("report") < _rank("services") < _rank("cli") == _rank("web")


@pytest.mark.parametrize("path", _pure_files(), ids=_id)
def test_pure_layers_import_no_adapter_or_io_library(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = [
        f"{_where(path, item.line)}: imports {item.module}"
        for item in _imports(path, tree)
        if item.module.split(".")[0] in ADAPTER_LIBRARIES | IO_LIBRARIES
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", _pure_files(), ids=_id)
def test_pure_layers_do_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in IO_CALLS
        ):
            problems.append(f"{_where(path, node.lineno)}: calls {node.func.id}")
        if isinstance(node, ast.Attribute) and node.attr in IO_METHODS:
            problems.append(f"{_where(path, node.lineno)}: touches files ({node.attr})")
    assert not problems, "\n".join(problems)


def test_every_pure_package_has_a_readme_saying_so() -> None:
    packages = sorted(
        {path.relative_to(SRC).parts[0] for path in _pure_files() if path.parent != SRC}
    )
    assert "playbook" in packages and "case" in packages
    for package in packages:
        readme = SRC / package / "README.md"
        assert readme.exists(), f"{package}/ lacks README.md saying it is pure"
        assert "pure" in readme.read_text(encoding="utf-8").lower(), f"{package}/README.md"
