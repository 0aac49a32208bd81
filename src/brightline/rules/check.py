"""Type-check a rule against the issues of a case, so mistakes surface at load time, not mid-deal."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from brightline.errors import RuleTypeError
from brightline.rules.ast import Comparison, Expression, Literal, atoms


@dataclass(frozen=True, slots=True)
class IssueSignature:
    """What the checker needs to know about an issue.

    Attributes:
        numeric: True for a numeric range, False for discrete options.
        options: The allowed values (a numeric range lists its grid).
    """

    numeric: bool
    options: tuple[Literal, ...]

    @property
    def ordered(self) -> bool:
        """Ordering comparisons need numbers on both sides."""
        return self.numeric or all(not isinstance(option, str) for option in self.options)


def suggest(word: str, choices: list[str]) -> str:
    """A did-you-mean hint, or a list of what exists when nothing is close."""
    choices = list(dict.fromkeys(choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(repr(choice) for choice in choices[:8])
    more = ", ..." if len(choices) > 8 else ""
    return f"known: {shown}{more}" if choices else "declare it under issues first"


def _same(left: Literal, right: Literal) -> bool:
    if isinstance(left, str) or isinstance(right, str):
        return str(left) == str(right)
    return float(left) == float(right)


def check_rule(expression: Expression, issues: Mapping[str, IssueSignature]) -> Expression:
    """Check every atom names a known issue and a value that issue can take.

    Returns:
        The same tree, with literals normalised to the issue's own option values (so ``level == 3``
        matches an option written as the integer 3, and ``tier == 3`` matches an option named "3").

    Raises:
        RuleTypeError: for the first wrong atom, with its column and a did-you-mean hint.
    """
    for atom in atoms(expression):
        signature = issues.get(atom.issue)
        if signature is None:
            raise RuleTypeError(
                f"unknown issue {atom.issue!r}", atom.column, suggest(atom.issue, sorted(issues))
            )
        values = (atom.value,) if isinstance(atom, Comparison) else atom.values
        if isinstance(atom, Comparison) and atom.operator.is_ordering and not signature.ordered:
            raise RuleTypeError(
                f"{atom.issue!r} has named options, so {atom.operator.value!r} has no order to use",
                atom.column,
                "use == or in [...] with option names",
            )
        for value in values:
            if signature.numeric:
                if isinstance(value, str):
                    raise RuleTypeError(
                        f"{atom.issue!r} is a numeric range but the rule compares it with {value!r}",
                        atom.column,
                        "compare it with a number",
                    )
                continue
            if isinstance(atom, Comparison) and atom.operator.is_ordering:
                continue
            if not any(_same(value, option) for option in signature.options):
                raise RuleTypeError(
                    f"{atom.issue!r} has no option {value!r}",
                    atom.column,
                    suggest(str(value), [str(option) for option in signature.options]),
                )
    return _normalise(expression, issues)


def _normalise(expression: Expression, issues: Mapping[str, IssueSignature]) -> Expression:
    from dataclasses import replace

    from brightline.rules.ast import And, Implies, Membership, Not, Or

    def fix(issue: str, value: Literal) -> Literal:
        signature = issues[issue]
        if signature.numeric:
            return value
        for option in signature.options:
            if _same(value, option):
                return option
        return value

    if isinstance(expression, Comparison):
        return replace(expression, value=fix(expression.issue, expression.value))
    if isinstance(expression, Membership):
        return replace(
            expression, values=tuple(fix(expression.issue, value) for value in expression.values)
        )
    if isinstance(expression, Not):
        return replace(expression, operand=_normalise(expression.operand, issues))
    if isinstance(expression, Implies):
        return replace(
            expression,
            antecedent=_normalise(expression.antecedent, issues),
            consequent=_normalise(expression.consequent, issues),
        )
    if isinstance(expression, And):
        return And(tuple(_normalise(o, issues) for o in expression.operands), expression.column)
    assert isinstance(expression, Or)
    return Or(tuple(_normalise(o, issues) for o in expression.operands), expression.column)
