"""``brightline --help`` drawn from the command table is Typer's help, and never a stale one.

:mod:`brightline.cli.top_help` draws the top-level help without importing Typer. These tests hold
it to Typer's own output at many widths, plain and in colour, check that the committed table is
the one the code gives, and that a command added without writing the table again makes the fast
path decline (so Typer draws the help) rather than show an old command list.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from brightline.cli import app as cli_app
from brightline.cli import top_help

WIDTHS = (40, 47, 54, 61, 68, 75, 80, 89, 96, 100, 110, 120, 133, 146, 160, 175, 200)
"""Terminal widths compared: narrow ones wrap every description, wide ones none."""

REGENERATE = (
    "the command table is stale (a command module changed): run `python -m brightline.cli.app` "
    "(or scripts/gen_docs.py) and commit src/brightline/cli/command_table.json"
)


@pytest.fixture
def as_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as the ``brightline`` console script does: click names the program from argv[0].

    Typer reads TERMINAL_WIDTH and FORCE_COLOR once, when ``typer.rich_utils`` is first imported
    (by whichever test drew help first, under its environment); the table reads them on every
    call. Both are set here as a fresh process would have them with none of those variables.
    """
    import typer.rich_utils

    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", None)
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", None)
    monkeypatch.setattr(sys, "argv", ["brightline", "--help"])
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    for name in ("TERMINAL_WIDTH", "FORCE_COLOR", "NO_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def _typer_help(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli_app.run(["--help"]) == 0
    return capsys.readouterr().out


def _table_help(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert top_help.draw(cli_app.COMMAND_MODULES), "the table was refused: " + REGENERATE
    return capsys.readouterr().out


@pytest.mark.usefixtures("as_script")
def test_run_as_a_module_the_usage_names_python_m(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main = types.ModuleType("__main__")
    main.__package__ = "brightline"
    monkeypatch.setitem(sys.modules, "__main__", main)
    monkeypatch.setattr(sys, "argv", ["/x/brightline/__main__.py", "--help"])
    for width in (40, 56, 100):
        monkeypatch.setenv("COLUMNS", str(width))
        expected = _typer_help(capsys)
        if top_help.draw(cli_app.COMMAND_MODULES):
            assert capsys.readouterr().out == expected, width
        else:  # click wraps this usage line: Typer draws it
            assert width < 57 and capsys.readouterr().out == ""
    assert "Usage: python -m brightline [OPTIONS]" in expected


def test_the_committed_table_is_what_the_commands_give() -> None:
    written = Path(top_help.table_path()).read_text(encoding="utf-8")
    assert written == top_help.table_source(cli_app.command(), cli_app.COMMAND_MODULES), REGENERATE


@pytest.mark.usefixtures("as_script")
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_the_table_draws_what_typer_draws_at_every_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], colour: bool
) -> None:
    if colour:
        import typer.rich_utils

        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", True)
    for width in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(width))
        expected = _typer_help(capsys)
        assert ("\x1b[" in expected) is colour
        assert _table_help(capsys) == expected, f"differs from Typer's help at {width} columns"


@pytest.mark.usefixtures("as_script")
def test_a_command_added_without_the_table_is_drawn_by_typer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new module of commands (``users``, say) changes the digest: the old table is not shown."""

    def users() -> None:
        """Create the first owner and manage accounts."""

    module = types.ModuleType("brightline.cli.users_commands")
    module.register = lambda app: app.command()(users)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "brightline.cli.users_commands", module)
    monkeypatch.setattr(cli_app, "COMMAND_MODULES", (*cli_app.COMMAND_MODULES, "users_commands"))
    cli_app.command.cache_clear()
    try:
        assert not top_help.draw(cli_app.COMMAND_MODULES)
        assert capsys.readouterr().out == ""
        assert "users" in top_help.table_source(cli_app.command(), cli_app.COMMAND_MODULES)
        monkeypatch.setenv("COLUMNS", "100")
        shown = _main_output(capsys)
        assert "users " in shown and "Create the first owner" in shown
    finally:
        cli_app.command.cache_clear()


def _main_output(capsys: pytest.CaptureFixture[str]) -> str:
    """What the console script prints for ``brightline --help`` with no remembered help."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as done, pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIGHTLINE_HELP_CACHE", "off")
        cli_app.main()
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.usefixtures("as_script")
def test_the_console_script_draws_from_the_table_without_typer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    drawn: list[Any] = []
    monkeypatch.setattr(cli_app, "run", lambda arguments: drawn.append(arguments) or 0)
    monkeypatch.setenv("COLUMNS", "80")
    shown = _main_output(capsys)
    assert drawn == []  # Typer's run was never called
    assert shown.startswith(" " * 80 + "\n Usage: brightline [OPTIONS] COMMAND [ARGS]...")
    assert "│ meso " in shown
