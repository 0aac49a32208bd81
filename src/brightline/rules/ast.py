"""The syntax tree of a rule, exposed so engines can compile it (to option sets, masks, constraints).

Nodes are frozen dataclasses. ``column`` is the 1-based position of the node in the rule text, kept so
a type error can point at the exact token inside a YAML string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

Literal = str | float
"""A rule literal: an option name (string) or a number."""


class Operator(Enum):
    """A comparison between an issue's value and a literal."""

    EQUAL = "=="
    NOT_EQUAL = "!="
    LESS = "<"
    LESS_OR_EQUAL = "<="
    GREATER = ">"
    GREATER_OR_EQUAL = ">="

    @property
    def is_ordering(self) -> bool:
        """Whether the operator needs ordered values (numbers), not just equality."""
        return self not in (Operator.EQUAL, Operator.NOT_EQUAL)

    def holds(self, left: Literal, right: Literal) -> bool:
        """Apply the comparison. Ordering across a string and a number is simply false."""
        if self is Operator.EQUAL:
            return left == right
        if self is Operator.NOT_EQUAL:
            return left != right
        if isinstance(left, str) or isinstance(right, str):
            return False
        if self is Operator.LESS:
            return left < right
        if self is Operator.LESS_OR_EQUAL:
            return left <= right
        if self is Operator.GREATER:
            return left > right
        return left >= right


@dataclass(frozen=True, slots=True)
class Comparison:
    """``issue OP literal``, e.g. ``security_level >= 3``."""

    issue: str
    operator: Operator
    value: Literal
    column: int


@dataclass(frozen=True, slots=True)
class Membership:
    """``issue in [a, b]`` or ``issue not in [a, b]``."""

    issue: str
    values: tuple[Literal, ...]
    negated: bool
    column: int


@dataclass(frozen=True, slots=True)
class Not:
    """Logical negation."""

    operand: Expression
    column: int


@dataclass(frozen=True, slots=True)
class And:
    """All operands hold."""

    operands: tuple[Expression, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Or:
    """At least one operand holds."""

    operands: tuple[Expression, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Implies:
    """``antecedent -> consequent``: when the antecedent holds, the consequent must too."""

    antecedent: Expression
    consequent: Expression
    column: int


Expression = Comparison | Membership | Not | And | Or | Implies
Atom = Comparison | Membership


def atoms(expression: Expression) -> list[Atom]:
    """Every comparison and membership test in the expression, left to right."""
    if isinstance(expression, Comparison | Membership):
        return [expression]
    if isinstance(expression, Not):
        return atoms(expression.operand)
    if isinstance(expression, Implies):
        return atoms(expression.antecedent) + atoms(expression.consequent)
    found: list[Atom] = []
    for operand in expression.operands:
        found.extend(atoms(operand))
    return found


def issues_of(expression: Expression) -> frozenset[str]:
    """The issue ids the expression reads; a rule over one issue is *unary* and compiles to a set."""
    return frozenset(atom.issue for atom in atoms(expression))


def evaluate(expression: Expression, outcome: dict[str, Literal]) -> bool:
    """Truth of the expression for one outcome (issue id -> chosen option or number).

    This is the reference semantics; engines compile the tree to faster forms and are tested
    against it. An issue missing from the outcome makes its atoms false.
    """
    if isinstance(expression, Comparison):
        if expression.issue not in outcome:
            return False
        return expression.operator.holds(outcome[expression.issue], expression.value)
    if isinstance(expression, Membership):
        if expression.issue not in outcome:
            return False
        inside = outcome[expression.issue] in expression.values
        return not inside if expression.negated else inside
    if isinstance(expression, Not):
        return not evaluate(expression.operand, outcome)
    if isinstance(expression, And):
        return all(evaluate(operand, outcome) for operand in expression.operands)
    if isinstance(expression, Or):
        return any(evaluate(operand, outcome) for operand in expression.operands)
    return (not evaluate(expression.antecedent, outcome)) or evaluate(
        expression.consequent, outcome
    )


def _literal_text(value: Literal) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # The shortest text that parses back to the same float: ``format(value, "g")`` kept six
    # digits, so a price cap of 1,234,567 read "1.23457e+06" and re-parsed as another rule.
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))


def to_text(expression: Expression) -> str:
    """Canonical text of the expression; parsing it gives back an equal tree (columns aside)."""
    if isinstance(expression, Comparison):
        return f"{expression.issue} {expression.operator.value} {_literal_text(expression.value)}"
    if isinstance(expression, Membership):
        keyword = "not in" if expression.negated else "in"
        values = ", ".join(_literal_text(value) for value in expression.values)
        return f"{expression.issue} {keyword} [{values}]"
    if isinstance(expression, Not):
        return f"not ({to_text(expression.operand)})"
    if isinstance(expression, And):
        return " and ".join(f"({to_text(operand)})" for operand in expression.operands)
    if isinstance(expression, Or):
        return " or ".join(f"({to_text(operand)})" for operand in expression.operands)
    return f"({to_text(expression.antecedent)}) -> ({to_text(expression.consequent)})"
