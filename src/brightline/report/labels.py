"""How a document names what the case holds: issues and options by their labels, rules in words.

Documents go to people who never saw the case file, so an id such as ``audit_before_expansion``
never appears in them: an issue reads by its name, an option by its label (or its id with spaces
for underscores when it has none), a number with its range's unit, and a standard's rule as a
sentence built from those same names (``Rollout scope is Two business units, 300 seats``).
"""

from __future__ import annotations

from brightline.amounts import measured
from brightline.case.model import Case, DiscreteIssue, OptionValue, Standard
from brightline.engine.wording import mid_sentence
from brightline.rules import And, Comparison, Expression, Implies, Membership, Not, Or
from brightline.rules.ast import Operator

_COMPARISON_WORDS = {
    Operator.EQUAL: "is",
    Operator.NOT_EQUAL: "is not",
    Operator.LESS: "is below",
    Operator.LESS_OR_EQUAL: "is at most",
    Operator.GREATER: "is above",
    Operator.GREATER_OR_EQUAL: "is at least",
}


def spaced(identifier: str) -> str:
    """An id as words, for the rare item that has no name or label of its own."""
    return identifier.replace("_", " ")


def issue_label(case: Case, issue_id: str) -> str:
    """The issue's name, or its id in words."""
    issue = case.issue(issue_id)
    return issue.name or spaced(issue_id)


def option_label(case: Case, issue_id: str, value: OptionValue) -> str:
    """One choice as people read it: the option's label, or a number with the range's unit."""
    issue = case.issue(issue_id)
    if isinstance(issue, DiscreteIssue):
        return issue.label_of(value) or spaced(str(value))
    return measured(float(value), issue.range.unit)


def standard_label(standard: Standard) -> str:
    """The standard's name, or its id in words."""
    return standard.name or spaced(standard.id)


def _quoted(case: Case, issue_id: str, value: OptionValue) -> str:
    """An option's label inside a sentence: quoted when its commas or its capital would blur it.

    A label written to stand alone (``Unannounced quarterly inspection``) starts with a capital
    that reads wrong mid-sentence (``is Unannounced quarterly ...``); lowering it could spoil a
    name (``Berlin office``), quoting never does. An acronym or code (``EU only``, ``L6 Staff``)
    reads as it is.
    """
    text = option_label(case, issue_id, value)
    if not isinstance(case.issue(issue_id), DiscreteIssue):
        return text
    capital = len(text) > 1 and text[0].isupper() and text[1].islower()
    return f"\u201c{text}\u201d" if "," in text or capital else text


def rule_words(case: Case, rule: Expression) -> str:
    """A rule as a sentence in the case's names and labels (never its ids)."""
    if isinstance(rule, Comparison):
        return (
            f"{mid_sentence(issue_label(case, rule.issue))} {_COMPARISON_WORDS[rule.operator]} "
            f"{_quoted(case, rule.issue, rule.value)}"
        )
    if isinstance(rule, Membership):
        choices = " or ".join(_quoted(case, rule.issue, value) for value in rule.values)
        verb = "is not" if rule.negated else "is"
        return f"{mid_sentence(issue_label(case, rule.issue))} {verb} {choices}"
    if isinstance(rule, Not):
        return f"it is not so that {rule_words(case, rule.operand)}"
    if isinstance(rule, And):
        return " and ".join(_grouped(case, operand, Or) for operand in rule.operands)
    if isinstance(rule, Or):
        return " or ".join(_grouped(case, operand, And) for operand in rule.operands)
    if isinstance(rule, Implies):
        return f"when {rule_words(case, rule.antecedent)}: {rule_words(case, rule.consequent)}"
    raise TypeError(f"not a rule: {rule!r}")  # pragma: no cover - the rule types are closed


def _grouped(case: Case, rule: Expression, other: type) -> str:
    """A part of an ``and`` or ``or`` in words, in parentheses when it is the other one."""
    words = rule_words(case, rule)
    return f"({words})" if isinstance(rule, other | Implies) else words


def capitalised(text: str) -> str:
    """The text with its first letter in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """The text with its first letter in lower case, to sit after a comma."""
    return text[:1].lower() + text[1:]
