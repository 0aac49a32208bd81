"""Advice is data: outside ``cli/``, no user-facing string names a CLI flag or command.

The core, the playbook, the session store and the services say what to do in domain words and
carry the use case as an :class:`brightline.actions.Action`; only ``brightline.cli.actions``
spells it as ``brightline log approval SESSION --approver NAME``. A web user cannot type a flag,
so a sentence that names one is wrong for every adapter but one. This test reads every string
constant of every module outside ``cli/`` (f-string parts included; docstrings and other bare
string statements excluded, since nobody is shown those) and refuses flag or command text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "brightline"

FLAG_TEXT = re.compile(r"(?<![\w-])--[a-z]|`brightline ")
"""``--count``, ``--position-after``; a backquoted command such as ```brightline check```."""

PENDING: dict[str, str] = {}
"""Files whose flag text another change removes; each must still have some (the list shrinks)."""


def _adapter(path: Path) -> bool:
    return path.relative_to(SRC).parts[0] in {"cli", "web"}


def _files() -> list[Path]:
    return [path for path in sorted(SRC.rglob("*.py")) if not _adapter(path)]


def _bare_strings(tree: ast.AST) -> set[int]:
    """ids of string constants that are statements of their own: docstrings and the like."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def flag_text(source: str) -> list[tuple[int, str]]:
    """``(line, string)`` for each user-facing string constant in ``source`` that names a flag."""
    tree = ast.parse(source)
    bare = _bare_strings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in bare
        and FLAG_TEXT.search(node.value)
    )


def _id(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", _files(), ids=_id)
def test_no_flag_or_command_text_outside_the_cli(path: Path) -> None:
    if _id(path) in PENDING:
        pytest.skip(PENDING[_id(path)])
    found = flag_text(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(
        f"src/brightline/{_id(path)}:{line}: {text!r} names a flag or command; say it in "
        "domain words and carry an Action (brightline.actions), worded by brightline.cli.actions"
        for line, text in found
    )


def test_pending_files_still_have_flag_text() -> None:
    done = [name for name in PENDING if not flag_text((SRC / name).read_text(encoding="utf-8"))]
    assert not done, f"no flag text left: remove from PENDING in {Path(__file__).name}: {done}"


def test_the_check_sees_f_strings_and_skips_docstrings() -> None:
    source = (
        '"""Run ``brightline meso --count 2``."""\n'
        "def f(n):\n"
        '    """Docstring with `brightline check`."""\n'
        '    return f"lower --count below {n}"\n'
        "MESSAGE = 'see `brightline init`'\n"
        "PLAIN = 'a -- b, x--y, 2--3'\n"
    )
    assert flag_text(source) == [(4, "lower --count below "), (5, "see `brightline init`")]
