"""Errors a user can act on.

Every error Brightline raises on purpose derives from one root, so adapters (CLI, web) catch exactly
one type and everything else is a bug::

    BrightlineError
     ├── CaseFileError          the case file cannot be used; carries every Problem found at once
     ├── RuleError              a rule expression does not parse or does not fit the case's issues
     │    ├── RuleSyntaxError
     │    └── RuleTypeError
     ├── InputFileError         any other input file (offer, bids, GENIUS XML) is unusable
     ├── UsageError             the request itself is inconsistent (unknown lint code, bad option)
     └── SessionError           live-session store (defined in brightline.session.events)
          ├── SessionNotFound, SessionExists
          ├── TrailBroken, TrailDamaged      the decision trail fails verification / cannot be read
          ├── ReservationCrossed             a concession or offer crosses the reservation point
          └── StoreUnavailable               the database URL cannot be opened

A `Problem` is one located complaint, printed as ``FILE:LINE:COL: path.to.field: what; what to do``.
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.actions import Action


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows.

    Attributes:
        file: The file name as the user gave it (or ``<string>``).
        line: 1-based line, 0 when unknown.
        column: 1-based column, 0 when unknown.
        path: Dotted path to the field (``standards[2].rule``), empty for the whole file.
        message: What is wrong, showing the offending value where it helps.
        hint: What to do about it.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" {self.path}:" if self.path else ""
        tail = f"; {self.hint}" if self.hint else ""
        return f"{where}:{field} {self.message}{tail}"


class BrightlineError(Exception):
    """Root of every error Brightline raises for bad input or a bad request."""


class CaseFileError(BrightlineError):
    """The case file cannot be used. Holds all problems found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class InputFileError(CaseFileError):
    """An input file other than the case (offer, bids table, GENIUS XML) cannot be used.

    When the input was given as a parameter's text rather than a file (an offer typed as
    ``issue=option,...``), ``parameter`` names it and its problems carry it as their file; each
    adapter words it (the CLI as ``--offer``).
    """

    def __init__(self, problems: list[Problem], *, parameter: str | None = None) -> None:
        self.parameter = parameter
        super().__init__(problems)


class RuleError(BrightlineError):
    """A rule expression is wrong. ``column`` is 1-based within the expression text."""

    def __init__(self, message: str, column: int, hint: str = "") -> None:
        self.message = message
        self.column = column
        self.hint = hint
        super().__init__(f"column {column}: {message}" + (f"; {hint}" if hint else ""))


class RuleSyntaxError(RuleError):
    """The rule text is not a valid expression."""


class RuleTypeError(RuleError):
    """The rule parses but names an unknown issue or option, or compares the wrong kind of value."""


class UsageError(BrightlineError):
    """The request is inconsistent: an unknown lint code, an option out of range, and so on.

    When the fault is one parameter of the use case, ``parameter`` names it as the service does
    (``count``, ``tolerance``) and ``message`` says what is wrong with it without naming it; each
    adapter words the parameter its own way (the CLI as ``--count``, the web app as the field's
    label). ``action``, when given, is what would fix it.
    """

    def __init__(
        self, message: str, *, parameter: str | None = None, action: Action | None = None
    ) -> None:
        self.message = message
        self.parameter = parameter
        self.action = action
        super().__init__(f"{parameter} {message}" if parameter else message)
