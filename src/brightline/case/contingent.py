"""Contingent terms: one option now, another once a standard's verification passes or fails.

"Pilot now, enterprise once the independent audit passes" is the article's central move. A case
states it on the issue it settles: a condition (which standard is verified, by whom, by when), the
option that holds if it passes, the option that holds if it fails, and each side's chance that it
passes. It then *is* an option of that issue: its value to each side is that side's expectation
under its own belief,

    value = probability × value(pass option) + (1 − probability) × value(fail option),

so the frontier, the gate, MESO and counters value it without knowing it is contingent, and stay
exact. Compliance is read per branch (:func:`branch_rule`): the term complies
when the outcome with the pass option and the outcome with the fail option both do, except that the
standard the condition verifies is met on the pass branch by the verification itself.

When the two sides' beliefs differ, a contingent term can be worth more to both than any plain
option: each side values the bet at its own odds (the sweep reports that value).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from pydantic import Field

from brightline.case.base import Identifier, OptionValue, Strict
from brightline.rules import (
    And,
    Comparison,
    Expression,
    Implies,
    Membership,
    Not,
    Or,
    evaluate,
    issues_of,
)


class Condition(Strict):
    """What decides a contingent term: a standard's verification, by a verifier, by a date."""

    description: str = Field(
        "", description="What passing means, checkably (an audit report with no open finding)."
    )
    standard: Identifier | None = Field(
        None,
        description="The standard whose verification this is; it counts as met when it passes.",
    )
    verifier: str = Field("", description="Who decides whether it passed.")
    by: datetime.date | None = Field(None, description="When the verification is due.")


class Probability(Strict):
    """Each side's chance that the condition passes: ours, and our estimate of theirs."""

    ours: float = Field(ge=0, le=1, description="Our chance that it passes, from 0 to 1.")
    theirs: float = Field(
        ge=0, le=1, description="Their chance that it passes, as we estimate it, from 0 to 1."
    )


class ContingentOption(Strict):
    """An option of a discrete issue that settles to one option on pass and another on fail."""

    id: Identifier = Field(description="The option's name, as offers refer to it.")
    label: str = ""
    condition: Condition
    if_pass: OptionValue = Field(description="The option that holds once the condition passes.")
    if_fail: OptionValue = Field(description="The option that holds if it fails or is not met.")
    probability: Probability

    def expectation(self, if_pass: float, if_fail: float, chance: float) -> float:
        """A side's value of the term: its chance times the pass value plus the rest times fail."""
        return chance * if_pass + (1.0 - chance) * if_fail


# --- compliance per branch: the standards' rules, rewritten once at load time ----------------------


def branch_rule(
    rule: Expression,
    issue: str,
    terms: Sequence[ContingentOption],
    standard: str | None,
    *,
    either: bool = False,
) -> Expression:
    """A rule that reads a contingent option of ``issue`` branch by branch.

    On a plain option the rule is unchanged. On a contingent option it holds when it holds with the
    pass option and with the fail option in its place (``either``: with one of them, which is how a
    harm reads, since it can occur on whichever branch comes true). A standard the condition
    verifies counts as met on the pass branch. The result is an ordinary rule over the same issues
    (plus ``issue``), so every evaluator of rules, exact or vectorised, reads it unchanged.

    Args:
        rule: A checked rule.
        issue: The discrete issue that holds the contingent options.
        terms: Its contingent options.
        standard: The id of the standard whose rule this is (None for a harm).
        either: Join the branches with "or" instead of "and".
    """
    if issue not in issues_of(rule) and not any(
        term.condition.standard == standard for term in terms if standard is not None
    ):
        return rule
    ids = tuple(term.id for term in terms)
    clauses: list[Expression] = [Implies(Membership(issue, ids, True, 0), rule, 0)]
    for term in terms:
        verified = standard is not None and term.condition.standard == standard
        on_pass = _truth(issue, True) if verified else _fixed(rule, issue, term.if_pass)
        on_fail = _fixed(rule, issue, term.if_fail)
        joined = (Or if either else And)((on_pass, on_fail), 0)
        clauses.append(Implies(Membership(issue, (term.id,), False, 0), joined, 0))
    return And(tuple(clauses), 0)


def _truth(issue: str, value: bool) -> Membership:
    """A constant as an atom: ``issue not in []`` is always true, ``issue in []`` never."""
    return Membership(issue, (), value, 0)


def _fixed(rule: Expression, issue: str, value: OptionValue) -> Expression:
    """The rule with ``issue`` fixed to ``value``: its atoms on that issue become constants."""
    if isinstance(rule, Comparison | Membership):
        if rule.issue != issue:
            return rule
        return _truth(issue, evaluate(rule, {issue: value}))
    if isinstance(rule, Not):
        return Not(_fixed(rule.operand, issue, value), rule.column)
    if isinstance(rule, Implies):
        return Implies(
            _fixed(rule.antecedent, issue, value),
            _fixed(rule.consequent, issue, value),
            rule.column,
        )
    operands = tuple(_fixed(operand, issue, value) for operand in rule.operands)
    return And(operands, rule.column) if isinstance(rule, And) else Or(operands, rule.column)
