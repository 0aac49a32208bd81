"""The CLI's wording of advice (``brightline.cli.actions``) against the real commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from brightline.actions import Advice, act
from brightline.cli.actions import (
    COMMANDS,
    advice_text,
    command_text,
    error_text,
    parameter_text,
    problem_text,
)
from brightline.errors import Problem, UsageError
from brightline.session.events import SessionError


def _command(words: str) -> Any:
    """The command object Typer builds for ``brightline WORDS`` (a click command)."""
    from brightline.cli.app import create_app

    command: Any = typer.main.get_command(create_app())
    for word in words.split():
        assert hasattr(command, "get_command"), f"{words}: {word} follows a command, not a group"
        found = command.get_command(None, word)
        assert found is not None, f"brightline has no command {words!r}"
        command = found
    return command


@pytest.mark.parametrize("use_case", sorted(COMMANDS))
def test_every_use_case_is_spelt_as_a_real_command(use_case: str) -> None:
    spelling = COMMANDS[use_case]
    command = _command(spelling.words)
    arguments = [param for param in command.params if param.param_type_name == "argument"]
    assert len(spelling.arguments) <= len(arguments), use_case
    flags = {flag for param in command.params for flag in param.opts}
    for name, (flag, _) in spelling.options.items():
        assert flag in flags, f"{use_case}: {name} is spelt {flag}, which the command lacks"


def test_an_action_becomes_the_command_line_to_type() -> None:
    approval = act("log approval", session=None, approver=None, scope="reservation")
    assert command_text(approval) == (
        "brightline log approval SESSION --approver NAME --scope reservation"
    )
    assert command_text(act("init", context="sales", output="case.yaml")) == (
        "brightline init --context sales -o case.yaml"
    )
    assert command_text(act("log decision", session="s 1", decision="pause", rationale=None)) == (
        "brightline log decision 's 1' pause REASON"
    )
    assert command_text(act("check")) == "brightline check"
    assert command_text(act("meso", case=None, count=2)) == "brightline meso CASE --count 2"


def test_a_parameter_is_spelt_as_its_flag() -> None:
    assert parameter_text("count") == "--count"
    assert parameter_text("position_after", "log concession") == "--position-after"
    assert parameter_text("min_dimensions") == "--min-dimensions"
    assert parameter_text("something_new") == "--something-new"


def test_advice_and_errors_end_with_the_commands_they_name() -> None:
    advice = Advice("record who signed off", act("log approval", session=None, approver=None))
    assert advice_text(advice) == (
        "record who signed off (`brightline log approval SESSION --approver NAME`)"
    )
    assert advice_text(Advice("nothing to run")) == "nothing to run"
    error = UsageError("must be from 2 to 5, got 7", parameter="count")
    assert error_text(error) == "--count must be from 2 to 5, got 7"
    session = SessionError(
        "3 is not an approval event of this session",
        parameter="approval",
        action=act("log approval", session=None, approver=None),
    )
    assert str(session) == "approval 3 is not an approval event of this session"
    assert error_text(session) == (
        "--approval 3 is not an approval event of this session "
        "(`brightline log approval SESSION --approver NAME`)"
    )


def test_a_problem_keeps_its_location_and_gains_the_command() -> None:
    problem = Problem("case.yaml", 1, 1, "", "file is empty", "start from a starter case")
    assert problem_text(problem) == "case.yaml:1:1: file is empty; start from a starter case"
    with_action = Problem(
        "case.yaml", 1, 1, "", "file is empty", "start from a starter case", act("init")
    )
    assert problem_text(with_action) == (
        "case.yaml:1:1: file is empty; start from a starter case (`brightline init`)"
    )


def test_a_missing_genius_file_is_an_action_the_cli_words_as_its_usage(tmp_path: Path) -> None:
    from brightline.cli.actions import action_text
    from brightline.services.engine import import_genius_case

    missing = tmp_path / "nope.xml"
    with pytest.raises(UsageError) as caught:
        import_genius_case(missing, missing, missing)
    assert "brightline" not in caught.value.message  # the service names no command
    assert caught.value.action == act("import-genius", domain=None, ours=None, theirs=None)
    expected = "usage: brightline import-genius DOMAIN.xml OURS.xml THEIRS.xml"
    assert action_text(caught.value.action) == expected
