"""Printing helpers shared by the commands: errors to stderr, JSON to stdout, Rich for people."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any

from brightline.errors import BrightlineError, CaseFileError


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def print_error(error: BrightlineError) -> None:
    """Every problem on its own line, ``FILE:LINE:COL: path: what; what to do``, on stderr."""
    if isinstance(error, CaseFileError):
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        count = len(error.problems)
        sys.stderr.write(
            f"error: {count} problem{'s' if count != 1 else ''}; nothing was changed\n"
        )
    else:
        sys.stderr.write(f"error: {error}\n")


def print_json(document: Any) -> None:
    """Pretty JSON on stdout, ending in a newline."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def console() -> Any:
    """A Rich console on stdout (imported lazily)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
