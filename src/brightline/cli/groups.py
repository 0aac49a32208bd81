"""The command groups several modules register on (``session``, ``log``), found or made on demand.

``session_commands`` and ``trail_commands`` both add commands to ``brightline session``; each
asks for the group here, by the app it is given, so neither imports the other nor ``cli.app``, and
the group exists once whichever registers first.
"""

from __future__ import annotations

from typing import Any

import typer

MARKUP_MODE: Any = "rich"
"""How Typer renders help text (every group uses the same, so ``--help`` looks the same)."""

SESSION_HELP = "Live negotiation sessions: start, list, show, verify, anchor, export, import."
LOG_HELP = "Record an event in a session's decision trail (append-only, hash-chained)."


def group(app: typer.Typer, name: str, help: str) -> typer.Typer:
    """The sub-command group ``name`` of ``app``, added with ``help`` if it is not there yet."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    found = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=MARKUP_MODE)
    app.add_typer(found, name=name)
    return found


def session_group(app: typer.Typer) -> typer.Typer:
    """``brightline session ...``."""
    return group(app, "session", SESSION_HELP)


def log_group(app: typer.Typer) -> typer.Typer:
    """``brightline log ...``."""
    return group(app, "log", LOG_HELP)
