"""The CLI's wording of advice: a use case and its parameters become a command line to type.

The core and the services say *what* to do as data (:class:`brightline.actions.Action`: the use
case ``log approval`` with ``approver`` and ``scope``); this module is the one place that knows
how the CLI spells it: ``brightline log approval SESSION --approver NAME --scope reservation``.
Every piece of advice and every error the CLI prints goes through :func:`advice_text`,
:func:`error_text` or :func:`problem_text`, so a renamed flag is changed here once, and the web app
words the same data as a button or a form field instead. Usage errors whose fix is worded as a
phrase rather than a command (``pass --force to overwrite it``) go through :func:`usage_text`.

A use case's arguments are shown in the command's order when the action names them (with the
proposed value, or the placeholder when the value is left to the user); its options follow in
the order the action gives them. A parameter the table does not know is spelt as a flag from its
name (``min_difference`` -> ``--min-difference``), which is how Typer spells them too;
``tests/cli/test_cli_actions.py`` checks every entry against the real commands.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brightline.actions import Action, Advice, ParameterValue
from brightline.errors import BrightlineError, Problem, UsageError


@dataclass(frozen=True, slots=True)
class Command:
    """How the CLI spells one use case.

    Attributes:
        words: The command after ``brightline`` (``log approval``).
        arguments: Positional arguments in order: parameter name and placeholder.
        options: Parameter name to flag and placeholder.
    """

    words: str
    arguments: tuple[tuple[str, str], ...] = ()
    options: Mapping[str, tuple[str, str]] = field(default_factory=dict)


SESSION = ("session", "SESSION")

COMMANDS: dict[str, Command] = {
    "check": Command("check", (("cases", "CASE"),), {"fail_on": ("--fail-on", "SEVERITY")}),
    "init": Command("init", (), {"context": ("--context", "CONTEXT"), "output": ("-o", "FILE")}),
    "import-genius": Command(
        "import-genius", (("domain", "DOMAIN.xml"), ("ours", "OURS.xml"), ("theirs", "THEIRS.xml"))
    ),
    "meso": Command(
        "meso",
        (("case", "CASE"),),
        {
            "count": ("--count", "N"),
            "tolerance": ("--tolerance", "AMOUNT"),
            "target": ("--target", "AMOUNT"),
            "min_difference": ("--min-difference", "N"),
            "min_dimensions": ("--min-dimensions", "N"),
            "time_limit": ("--time-limit", "SECONDS"),
        },
    ),
    "doc": Command("doc", (("kind", "KIND"), ("case", "CASE"))),
    "log offer": Command(
        "log offer",
        (SESSION, ("direction", "made|received"), ("terms", "...")),
        {"approval": ("--approval", "N"), "note": ("--note", "TEXT")},
    ),
    "log concession": Command(
        "log concession",
        (SESSION, ("item", "ITEM")),
        {
            "position_after": ("--position-after", "VALUE"),
            "approval": ("--approval", "N"),
        },
    ),
    "log decision": Command(
        "log decision",
        (SESSION, ("decision", "walk|pause|accept|narrow_deal"), ("rationale", "REASON")),
        {"review_date": ("--review-date", "YYYY-MM-DD")},
    ),
    "log approval": Command(
        "log approval",
        (SESSION,),
        {"approver": ("--approver", "NAME"), "scope": ("--scope", "SCOPE")},
    ),
    "log stage": Command("log stage", (SESSION, ("stage", "STAGE"))),
    "request approval": Command(
        "session request-approval",
        (SESSION, ("terms", "ISSUE=VALUE...")),
        {"reason": ("--reason", "TEXT"), "document": ("--document", "KIND")},
    ),
    "approvals": Command("session approvals"),
    "session list": Command("session list"),
    "session export": Command("session export", (SESSION,)),
    "session verify": Command("session verify", (SESSION,)),
    "session anchor": Command("session anchor", (SESSION,)),
}
"""Use case (as :class:`~brightline.actions.Action` names it) -> how the CLI spells it."""


def _value(value: ParameterValue) -> str:
    """A proposed value as typed: numbers in full (``291000``, not ``291000.0``), text quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return shlex.quote(str(value))


def _flag(name: str) -> str:
    return flag(name)


def parameter_text(name: str, use_case: str | None = None) -> str:
    """The CLI's name for a use case's parameter: ``count`` -> ``--count``."""
    command = COMMANDS.get(use_case or "")
    if command is not None:
        if name in command.options:
            return command.options[name][0]
        for argument, placeholder in command.arguments:
            if argument == name:
                return placeholder
    for command in COMMANDS.values():
        if name in command.options:
            return command.options[name][0]
    return _flag(name)


def command_text(action: Action) -> str:
    """The command line that carries out ``action``, placeholders where the value is the user's."""
    command = COMMANDS.get(action.use_case, Command(action.use_case))
    given = dict(action.parameters)
    words = ["brightline", command.words]
    for name, placeholder in command.arguments:
        if name in given:
            value = given[name]
            words.append(placeholder if value is None else _value(value))
    options = options_text(action)
    return " ".join(words) + (f" {options}" if options else "")


def options_text(action: Action) -> str:
    """Only the options of ``action``: ``--count 2 --target 291000``.

    For a sentence that already names the command (``meso``'s suggestion of a grid that exists).
    """
    command = COMMANDS.get(action.use_case, Command(action.use_case))
    positional = {name for name, _ in command.arguments}
    words: list[str] = []
    for name, value in action.parameters:
        if name in positional:
            continue
        flag, placeholder = command.options.get(name, (_flag(name), name.upper()))
        if value is True:
            words.append(flag)
        else:
            words += [flag, placeholder if value is None else _value(value)]
    return " ".join(words)


def commands_text(actions: Sequence[Action]) -> str:
    """`` (`brightline ...`; `brightline ...`)`` for the actions, empty without any."""
    if not actions:
        return ""
    return " (" + "; ".join(f"`{command_text(action)}`" for action in actions) + ")"


def advice_text(advice: Advice) -> str:
    """A piece of advice as the CLI prints it: the sentence, then the commands to run."""
    return advice.text + commands_text(advice.actions)


def error_text(error: BrightlineError) -> str:
    """An error's message as the CLI prints it (without ``error:``): flag, message, commands."""
    if not error.message and not error.parameter:
        return str(error) + commands_text(error.actions)
    head = f"{parameter_text(error.parameter)} " if error.parameter else ""
    return head + error.message + commands_text(error.actions)


def problem_text(problem: Problem) -> str:
    """A located problem as the CLI prints it: ``FILE:LINE:COL: path: what; hint (`command`)``.

    A problem in text given by a flag (``--offer "residency=mars"``) has no line or column in a
    file: it reads ``--offer: residency: ...``, not ``--offer:0:0:``.
    """
    text = str(problem)
    if problem.file.startswith("--") and problem.line == 0 and problem.column == 0:
        text = text.replace(f"{problem.file}:0:0:", f"{problem.file}:", 1)
    return text + (commands_text((problem.action,)) if problem.action else "")


# --- usage errors and the flags of parameters -----------------------------------------------

FLAGS = {
    "temptation": "--T",
    "reward": "--R",
    "walk_away": "--P",
    "sucker": "--S",
}
"""Parameters whose flag is not their name with dashes (the game's payoffs keep their letters)."""

ACTIONS: dict[tuple[str, ...], str] = {
    ("force",): "pass --force to overwrite it",
    ("output",): "choose another file with --output",
    ("simulate",): "Add --simulate, or drop --scheduler",
}
"""How the CLI says an action, keyed by the parameters it sets."""

SEPARATORS: dict[tuple[str, ...], str] = {("simulate",): ". "}
"""What joins an error's message and its action when it is not ``"; "``."""


def flag(parameter: str) -> str:
    """The command-line flag of a service parameter (``min_difference`` -> ``--min-difference``)."""
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def action_text(action: Action) -> str:
    """The command-line words of an action, e.g. ``pass --force to overwrite it``."""
    known = ACTIONS.get(action.names())
    if known is not None:
        return known
    if action.use_case in COMMANDS and all(value is None for _, value in action.parameters):
        return "usage: " + command_text(action)  # every value is the user's: show the command
    command = COMMANDS.get(action.use_case)
    given = dict(action.parameters)
    if command is not None and any(given.get(name) is not None for name, _ in command.arguments):
        return "run " + command_text(action)  # a positional value: in its place, not as a flag
    parts = [action.use_case]
    for name, value in action.parameters:
        if value is True:
            parts.append(flag(name))
        elif value is None:
            parts.append(f"{flag(name)} {name.upper()}")
        elif value is not False:
            parts.append(f"{flag(name)} {value}")
    return "run brightline " + " ".join(parts)


def usage_text(error: UsageError) -> str:
    """A usage error as the CLI prints it: the flag, the message, then what to type."""
    text = f"{flag(error.parameter)} {error.message}" if error.parameter else error.message
    if error.action is not None:
        text += SEPARATORS.get(error.action.names(), "; ") + action_text(error.action)
    return text


def meso_flags(action: Action) -> str:
    """A MESO request as the command line says it: its flags, or the gate command to run.

    Every number of a suggested request is written as the core solved it (ten significant
    digits), so typing it back asks for exactly that grid.
    """
    if action.use_case == "gate":
        return "see `brightline gate`"
    return " ".join(
        f"--{name.replace('_', '-')} {value:.10g}"
        if isinstance(value, float)
        else f"--{name.replace('_', '-')} {value}"
        for name, value in action.parameters
    )


BIDS_REMEDY_FLAGS = {"decimal-comma": "--decimal-comma", "decimal-point": "--decimal-point"}
"""How ``bids`` names a reading remedy: the flag that makes an unreadable number read."""


def bids_more(left: int) -> str:
    """The line saying how many rows ``--limit`` left out, and how to see them."""
    return f"... and {left:,} more (--limit 0 shows every row)"


def bids_fix_unreadable(recommendation: dict[str, Any]) -> str:
    """What to do when unreadable rows block an award, as the command line says it."""
    from brightline.offers.bids_words import row_list

    rows = recommendation.get("rows", [])
    return f"fix {'row' if len(rows) == 1 else 'rows'} {row_list(rows)} first, or pass --ignore-unreadable"
