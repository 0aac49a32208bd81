"""How the CLI words what the services name as data: parameters as flags, actions as commands.

The services raise ``UsageError(message, parameter="count")`` and propose actions such as
``act("init", force=True)``; they never name a flag, because a web user cannot type one. This
module is the one place the command line turns those into ``--count`` and ``pass --force to
overwrite it``. A parameter's flag is its name with dashes (``min_difference`` is
``--min-difference``) unless :data:`FLAGS` says otherwise.
"""

from __future__ import annotations

from brightline.actions import Action
from brightline.errors import UsageError

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
