"""The rule language of standards and harms: parse, type-check, evaluate. Pure: no I/O."""

from brightline.rules.ast import (
    And,
    Atom,
    Comparison,
    Expression,
    Implies,
    Literal,
    Membership,
    Not,
    Operator,
    Or,
    atoms,
    evaluate,
    issues_of,
    to_text,
)
from brightline.rules.check import IssueSignature, check_rule, suggest
from brightline.rules.parser import parse_rule

__all__ = [
    "And",
    "Atom",
    "Comparison",
    "Expression",
    "Implies",
    "IssueSignature",
    "Literal",
    "Membership",
    "Not",
    "Operator",
    "Or",
    "atoms",
    "check_rule",
    "evaluate",
    "issues_of",
    "parse_rule",
    "suggest",
    "to_text",
]
