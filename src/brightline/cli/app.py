"""The ``brightline`` command. Thin: parse arguments, call a use case, format, map errors to exits.

Exit codes: 0 success, 1 the checked thing failed (findings at or above ``--fail-on``, a broken
trail), 2 unusable input or a bad request (``BrightlineError``). Anything else is a bug.
Heavy libraries are imported inside commands so ``brightline --help`` stays fast; Typer itself is
imported only when a command runs or help is drawn afresh, since :func:`main` answers a help
request it has answered before from :mod:`brightline.cli.startup`'s remembered help.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

COMMAND_MODULES = (
    "economics_commands",
    "engine_commands",
    "offer_commands",
    "session_commands",
    "trail_commands",
    "approval_commands",
    "review_commands",
    "case_commands",
    "web_commands",
    "users_commands",
    "store_commands",
    "document_commands",
)
"""The modules of ``brightline.cli`` whose ``register(app)`` adds commands, in help order."""

HELP = "Standards-first negotiation workbench: hold the rules you will not break, and only those."


def create_app() -> typer.Typer:
    """The ``brightline`` Typer app with every command module's commands registered on it.

    Each module exposes ``register(app)`` (as datasette's ``register_commands`` hook receives the
    click group), so no command module imports this one back. Importing the modules is cheap:
    their heavy imports are inside the commands.
    """
    import importlib

    import typer

    from brightline.cli.groups import MARKUP_MODE

    app = typer.Typer(
        name="brightline",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=MARKUP_MODE,
    )
    for name in COMMAND_MODULES:
        importlib.import_module(f"brightline.cli.{name}").register(app)
    return app


@functools.cache
def command() -> Any:
    """The click command Typer builds from :func:`create_app`, built once per process.

    Building it reads every command function's signature (~60 ms); a process that runs several
    commands (the test suite, a shell embedding Brightline) pays that once. The command holds no
    state between runs: click makes a new context for each.
    """
    from typer.main import get_command

    return get_command(create_app())


def run(arguments: list[str] | None = None) -> int:
    """Run the app on ``arguments`` (default: ``sys.argv[1:]``) and return the exit code.

    Brightline errors become exit code 2 with their located message on stderr; usage errors from
    the argument parser too. Any other exception propagates: it is a bug.
    """
    import typer
    from typer.exceptions import TyperException

    from brightline.cli.startup import load_help_renderer

    load_help_renderer()
    try:
        result = guarded(lambda: command()(args=arguments, standalone_mode=False))
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        return 130
    except TyperException as error:  # argument errors: show usage, like a standalone click app
        show = getattr(error, "show", None)
        if show is not None:
            show()
        return int(getattr(error, "exit_code", 2))
    return int(result) if isinstance(result, int) else 0


def guarded(action: Callable[[], Any]) -> Any:
    """``action``'s result, or exit code 2 with the message when the user's input is at fault.

    Brightline errors print their located message; an ``OSError`` is the file system refusing a
    read or write the user asked for (missing folder, no permission, disk full): their
    environment, not a bug, so no traceback either.
    """
    from brightline.errors import BrightlineError

    try:
        return action()
    except BrightlineError as error:
        from brightline.cli.output import print_error

        print_error(error)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(
            f"error: {where}{error.strerror or error}; check the path and its permissions\n"
        )
        return 2
    except KeyboardInterrupt:
        return 130  # as Typer answers an interrupted command


def main() -> None:
    """Console-script entry point: help drawn before is printed as it was, anything else runs.

    A help request (``--help`` after at most two command words) that this terminal, this code and
    these settings have seen is answered from the user's cache without importing Typer or Rich
    (:func:`brightline.cli.startup.help_path`); a new one is drawn and remembered: the top-level
    ``--help`` from the command table without Typer (:mod:`brightline.cli.top_help`), any other
    by Typer.
    """
    from brightline.cli.startup import help_path, print_remembered_help, remember_help

    arguments = sys.argv[1:]
    path = help_path(arguments)
    if print_remembered_help(path):
        sys.exit(0)

    if arguments[:1] == ["doc"]:  # a plain doc line runs without Typer (cli/document_writing)
        from brightline.cli.document_writing import read_doc_arguments, write_doc

        values = read_doc_arguments(arguments[1:])
        if values is not None:
            sys.exit(guarded(lambda: write_doc(**values)))

    def draw() -> int:
        return _top_help(arguments) if arguments == ["--help"] else run(arguments)

    if path is not None:
        sys.exit(remember_help(path, draw))
    sys.exit(draw())


def _top_help(arguments: list[str]) -> int:
    """``brightline --help`` from the command table when it is current, else drawn by Typer."""
    from brightline.cli.top_help import draw

    return 0 if draw(COMMAND_MODULES) else run(arguments)


def write_command_table() -> str:
    """Write the table :func:`_top_help` draws from, read from the app Typer builds; its path."""
    from brightline.cli.top_help import table_path, table_source

    path = table_path()
    with open(path, "w", encoding="utf-8") as written:
        written.write(table_source(command(), COMMAND_MODULES))
    return path


if __name__ == "__main__":  # python -m brightline.cli.app: write the command table afresh
    print(f"wrote {write_command_table()}")
