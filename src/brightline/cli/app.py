"""The ``brightline`` command. Thin: parse arguments, call a use case, format, map errors to exits.

Exit codes: 0 success, 1 the checked thing failed (findings at or above ``--fail-on``, a broken
trail), 2 unusable input or a bad request (``BrightlineError``). Anything else is a bug.
Heavy libraries are imported inside commands so ``brightline --help`` stays fast.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="brightline",
    help="Standards-first negotiation workbench: hold the rules you will not break, and only those.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to `app`; importing them must stay cheap.
    from brightline.cli import case_commands  # noqa: F401


def main() -> None:
    """Console-script entry point: run the app, turning Brightline errors into exit code 2."""
    from brightline.errors import BrightlineError

    _register()
    try:
        app(standalone_mode=False)
    except BrightlineError as error:
        from brightline.cli.output import print_error

        print_error(error)
        sys.exit(2)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as error:
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(2)
        raise
