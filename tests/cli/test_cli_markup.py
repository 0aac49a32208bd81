"""User text is printed verbatim: Rich markup, emoji codes and brackets in a case never style or
break the output of any command.

The case is the SaaS example with every free-text string (title, names, labels, descriptions,
narratives, evidence, reasons, safeguards) carrying ``[/]``, ``[/bold]``, ``[red]`` and an emoji
code. Before the shared console turned markup off, ``next`` crashed on such a title and ``check``
printed ``[red]`` as a colour change instead of the characters.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES

MARK = "[/] [/bold] [red]x :fire:"
"""Appended to every free-text string of the case."""

TEXT_KEYS = {
    "title",
    "name",
    "label",
    "description",
    "narrative",
    "must_justify",
    "public_optics",
    "reason",
    "role",
    "who",
    "when",
    "reference",
    "rationale",
    "evidence",
    "face_saving",
}
"""Fields that hold prose (not ids, rules or enumerations)."""


def _mark(node: Any, key: str | None = None) -> Any:
    if isinstance(node, dict):
        return {name: _mark(value, name) for name, value in node.items()}
    if isinstance(node, list):
        return [_mark(item, key) for item in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return f"{node} {MARK}"
    return node


@pytest.fixture
def marked_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "3000")  # no wrapping, so each string reads in one piece
    yaml = YAML(typ="safe")
    document = yaml.load((EXAMPLES / "saas-data-residency.yaml").read_text(encoding="utf-8"))
    stream = io.StringIO()
    YAML().dump(_mark(document), stream)
    path = tmp_path / "marked.yaml"
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path


def _assert_verbatim(result: Any, *expected: str) -> None:
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stdout, f"{text!r} not printed verbatim:\n{result.stdout}"
    assert "🔥" not in result.stdout, "an emoji code in user text became a picture"


TITLE = f"Nordbank analytics platform renewal {MARK}"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (("check",), [f"Readiness: {TITLE}"]),
        (("plan",), [f"Plan: {TITLE}", MARK]),
        (("sweep",), []),
        (("gate",), []),
        (("meso",), []),
        (
            (
                "evaluate",
                "--offer",
                "residency=global,scope=pilot,audit=none,discount=5,start_week=4",
            ),
            [],
        ),
    ],
)
def test_commands_print_user_text_verbatim(
    command: tuple[str, ...],
    expected: list[str],
    cli: Callable[..., Any],
    marked_case: Path,
) -> None:
    name, *options = command
    result = cli(name, str(marked_case), *options)
    _assert_verbatim(result, *expected)


def test_markdown_and_json_keep_the_text_too(cli: Callable[..., Any], marked_case: Path) -> None:
    for output in ("markdown", "json"):
        result = cli("plan", str(marked_case), "--format", output)
        assert result.exit_code in (0, 1), result.output
        assert "[/bold] [red]x" in result.stdout


def test_next_and_session_show_on_a_marked_case(
    cli: Callable[..., Any],
    marked_case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'sessions.db'}")
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe [/] [red]")
    started = cli("session", "start", str(marked_case))
    assert started.exit_code == 0, started.output
    session_id = started.stdout.strip()
    _assert_verbatim(cli("next", session_id), TITLE)
    _assert_verbatim(cli("session", "show", session_id), TITLE)
