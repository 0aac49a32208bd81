"""The web app shows the report's sections without the CLI: no module of web/ imports cli/.

Both are adapters over the same services and the same report; what the terminal prints (text,
Rich layout, flag wording) stays in cli/, so a page never depends on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "brightline" / "web"


def _imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def test_no_web_module_imports_the_cli() -> None:
    offenders = [
        f"{path.relative_to(WEB)} imports {name}"
        for path in sorted(WEB.rglob("*.py"))
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if name == "brightline.cli" or name.startswith("brightline.cli.")
    ]
    assert offenders == []
