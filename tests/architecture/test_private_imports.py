"""No module imports another module's private names: what is shared gets a public, domain name.

A leading underscore says "only this module uses it". When a second module needs the name, the
name has become part of a contract and must say what it is in the domain (one name per concept);
importing it privately hides that contract from readers and from refactors. Importing a public
name under a private alias (``from x import rows as _rows``) is fine: the alias is local.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "brightline"


def _private(name: str) -> bool:
    """A leading underscore, not a dunder (``__version__``, ``__init__`` are public by design)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported_module(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` reads, relative imports resolved."""
    if not node.level:
        return node.module or ""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_imports(path: Path, source: str) -> list[str]:
    """Each import in ``source`` of a private name (or private module) of ``brightline``."""
    found: list[str] = []
    here = ".".join(_module_name(path))
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            module = _imported_module(path, node)
            if module.split(".")[0] != "brightline" or module == here:
                continue
            names = [alias.name for alias in node.names if _private(alias.name)]
            if any(_private(part) for part in module.split(".")):
                names.append(f"(module {module})")
            found.extend(
                f"{path.relative_to(SRC.parent)}:{node.lineno}: imports {name} from {module}"
                for name in names
            )
        elif isinstance(node, ast.Import):
            found.extend(
                f"{path.relative_to(SRC.parent)}:{node.lineno}: imports private module {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] == "brightline"
                and any(_private(part) for part in alias.name.split("."))
            )
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    found = [
        problem
        for path in sorted(SRC.rglob("*.py"))
        for problem in private_imports(path, path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "private names imported across modules; give each a public, domain-worded name in its "
        "home module:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        (
            "offers/meso.py",
            "from brightline.offers.meso_request import MesoRequest, _listing\n",
            ["brightline/offers/meso.py:1: imports _listing from brightline.offers.meso_request"],
        ),
        (
            "offers/meso.py",
            "def f():\n    from .meso_request import _Listing\n",
            ["brightline/offers/meso.py:2: imports _Listing from brightline.offers.meso_request"],
        ),
        (
            "cli/trail_commands.py",
            "from ..session import _rows\n",
            ["brightline/cli/trail_commands.py:1: imports _rows from brightline.session"],
        ),
        (
            "cli/app.py",
            "import brightline.cli._hidden\n",
            ["brightline/cli/app.py:1: imports private module brightline.cli._hidden"],
        ),
        ("session/store.py", "from brightline.session.rows import event_row as _event_row\n", []),
        ("__init__.py", "from brightline.case import __all__ as _case_all\n", []),
        ("cli/app.py", "from rich._loop import loop_last\nfrom os import _exit\n", []),
    ],
)
def test_the_check_finds_private_imports_and_only_those(
    relative: str, source: str, expected: list[str]
) -> None:
    assert private_imports(SRC / relative, source) == expected
