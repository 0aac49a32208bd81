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

from brightline.actions import Action, actions_of


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows.

    Attributes:
        file: The file name as the user gave it (or ``<string>``).
        line: 1-based line, 0 when unknown.
        column: 1-based column, 0 when unknown.
        path: Dotted path to the field (``standards[2].rule``), empty for the whole file.
        message: What is wrong, showing the offending value where it helps.
        hint: What to do about it, in domain words (never a command or a flag).
        action: The use case that would help, when there is one (``init`` for an empty file);
            each adapter words it after the hint.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    action: Action | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" {self.path}:" if self.path else ""
        tail = f"; {self.hint}" if self.hint else ""
        return f"{where}:{field} {self.message}{tail}"


class BrightlineError(Exception):
    """Root of every error Brightline raises for bad input or a bad request.

    Advice in an error is data, as everywhere (:mod:`brightline.actions`): ``message`` says what
    is wrong and what to do in domain words, ``parameter`` names the request's parameter it is
    about (as the service names it: ``approval``, ``count``), and ``action`` with ``also`` are
    the use cases that would fix it, in the order the message names them. ``str(error)`` is the
    parameter's name followed by the message; each adapter words both its own way (the CLI as
    ``--approval 3 ...`` followed by the commands to run).
    """

    def __init__(
        self,
        message: str = "",
        *,
        parameter: str | None = None,
        action: Action | None = None,
        also: tuple[Action, ...] = (),
    ) -> None:
        self.message = message
        self.parameter = parameter
        self.action = action
        self.also = also
        super().__init__(f"{parameter} {message}" if parameter else message)

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action the message names, in its order."""
        return actions_of(self.action, self.also)


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
        super().__init__(problems)
        self.parameter = parameter  # after the root's init: it is not prefixed to the message


class RuleError(BrightlineError):
    """A rule expression is wrong. ``column`` is 1-based within the expression text."""

    def __init__(self, message: str, column: int, hint: str = "") -> None:
        super().__init__(f"column {column}: {message}" + (f"; {hint}" if hint else ""))
        self.message = message
        self.column = column
        self.hint = hint


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
        self,
        message: str,
        *,
        parameter: str | None = None,
        action: Action | None = None,
        also: tuple[Action, ...] = (),
    ) -> None:
        super().__init__(message, parameter=parameter, action=action, also=also)
