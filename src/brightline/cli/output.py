"""Printing helpers shared by the commands: errors to stderr, JSON to stdout, Rich for people."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from brightline.errors import BrightlineError, CaseFileError, InputFileError, Problem, UsageError


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def print_error(error: BrightlineError, *, consequence: str = "nothing was changed") -> None:
    """Every problem on its own line, ``FILE:LINE:COL: path: what; what to do``, on stderr.

    Advice in the error (the parameter it is about, the use cases that fix it) is worded for the
    command line by :mod:`brightline.cli.actions`. ``consequence`` closes a list of problems
    with what the command did not do (a document command wrote no document).
    """
    from brightline.cli.actions import error_text, problem_text

    if isinstance(error, CaseFileError):
        for problem in error.problems:
            sys.stderr.write(f"{problem_text(_located(error, problem))}\n")
        count = len(error.problems)
        sys.stderr.write(f"error: {count} problem{'s' if count != 1 else ''}; {consequence}\n")
    elif isinstance(error, UsageError):
        from brightline.cli.actions import usage_text

        sys.stderr.write(f"error: {usage_text(error)}\n")
    else:
        sys.stderr.write(f"error: {error_text(error)}\n")


def _located(error: CaseFileError, problem: Problem) -> Problem:
    """A problem in text given by a parameter (``--offer``) is located at the flag, not a file."""
    parameter = error.parameter if isinstance(error, InputFileError) else None
    if parameter is not None and problem.file == parameter:
        from dataclasses import replace

        from brightline.cli.actions import flag

        return replace(problem, file=flag(parameter))
    return problem


def print_json(document: Any) -> None:
    """Pretty, strictly valid JSON on stdout, ending in a newline.

    JSON has no Infinity or NaN; a value that is not a finite number (an unbounded price, an
    undefined ratio) is written as null rather than as text other tools refuse to parse.
    """
    from brightline.report.json import json_text

    sys.stdout.write(json_text(document))


def console() -> Any:
    """A Rich console on stdout (imported lazily) that prints every string verbatim.

    Case titles, notes, phrases and file names are user text: with Rich markup on, a title
    holding ``[/bold]`` raises a markup error and ``[red]`` silently restyles the line, and with
    emoji codes on, ``:fire:`` turns into a picture. So markup, emoji and highlighting are off for
    every print; styling is given explicitly (``style=``, :class:`rich.text.Text`), never by
    markup inside a string.
    """
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


@contextmanager
def solver_output_to_stderr() -> Iterator[None]:
    """Send what the solver's C code prints to standard output to standard error instead.

    HiGHS (inside SciPy) prints a debug line on some models; on stdout it would corrupt
    ``--format json``. Nothing of ours is printed while this is active.
    """
    import ctypes

    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real standard output (embedded use): nothing to protect
        yield
        return
    libc = ctypes.CDLL(None)
    try:
        os.dup2(2, 1)
        yield
    finally:
        libc.fflush(None)
        os.dup2(saved, 1)
        os.close(saved)
