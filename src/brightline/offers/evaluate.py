"""Evaluate an incoming offer: which rule it breaks, what it is worth, what to do and say.

The answer a negotiator needs in seconds: pass or fail per standard with the clause that failed and
the value that broke it; value to us against the reservation point, the BATNA and the target;
estimated value to them; one recommendation with its reasons; counters that never overpay; and a
line to say, built from facts, that never reveals our alternative, our limit or our estimates of
theirs.

What to do is not decided here: :mod:`brightline.offers.situation` finds what the offer's situation
is (acceptable, repairable by a counter they are estimated to take, no zone of agreement, ...) and
the counters; the warrant gate gives the stance; :mod:`brightline.offers.recommendation` holds the
one table that maps the pair to a recommendation, for evaluate, the plan and the session alike.

Offers come in at any number inside an issue's range: an off-grid number is valued on the issue's
curves and checked against the rules as it is; counters are always on the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brightline.case.model import OptionValue, ThreePoint
from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace, compile_space
from brightline.offers.recommendation import Recommendation, Situation, Stance
from brightline.offers.valuation import json_amount
from brightline.rules import (
    Atom,
    Comparison,
    Expression,
    Implies,
    Membership,
    Not,
    Or,
    evaluate,
    to_text,
)

if TYPE_CHECKING:
    from brightline.engine.gate import GateResult
    from brightline.offers.say import SayText

__all__ = [
    "Counter",
    "Evaluation",
    "Recommendation",
    "Violation",
    "evaluate_offer",
    "failing_atoms",
    "violations_of",
]


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed clause of a standard.

    Attributes:
        standard: The standard's id.
        clause: The atom of the rule that is false (or, under ``not``, true), as rule text.
        issue: The issue the clause reads.
        value: The offer's value for that issue: what broke the rule.
        condition: For a conditional rule, the condition that made it apply (rule text), else "".
        needs: The clause for people: a number compared with is shown with thousands separators
            and the issue's unit (``base_salary <= 130,000 EUR / year``); "" means ``clause``.
    """

    standard: str
    clause: str
    issue: str
    value: OptionValue
    condition: str
    needs: str = ""


@dataclass(frozen=True, slots=True)
class Counter:
    """A compliant counter-offer, on the grid.

    Attributes:
        outcome: Issue id -> option.
        changes: ``(issue, offered, countered)`` per changed issue.
        ours: Value to us (case currency).
        theirs: Estimated value to them (their unit).
        overpay: What it gives them above what they asked, summed over issues (their unit): 0
            unless needed to clear their estimated alternative.
        likely_refused: Estimated to be worth less to them than their alternative.
    """

    outcome: dict[str, OptionValue]
    changes: tuple[tuple[str, OptionValue, OptionValue], ...]
    ours: float
    theirs: float
    overpay: float = 0.0
    likely_refused: bool = False

    def to_json(self) -> dict[str, Any]:
        """One entry of ``counters`` in ``brightline evaluate --format json``."""
        return {
            "outcome": self.outcome,
            "changes": [
                {"issue": issue, "from": offered, "to": countered}
                for issue, offered, countered in self.changes
            ],
            "ours": json_amount(self.ours),
            "theirs": json_amount(self.theirs),
            "overpay": json_amount(self.overpay),
            "likely_refused": self.likely_refused,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything known about one offer.

    Attributes:
        outcome: The offer.
        compliant: Whether every standard holds.
        violations: Failed clauses, standard by standard.
        ours: Value to us (case currency).
        theirs: Estimated value to them (their unit).
        reservation: Our reservation point, if the case has one.
        batna: Our BATNA (low, likely, high), if the case has one.
        target: The target used (same default as MESO).
        stance: The warrant gate's stance.
        situation: What evaluating the offer found.
        recommendation: What to do: ``RECOMMENDATIONS[stance, situation]``.
        reasons: Why, with numbers and units (for us only: they may mention our limits).
        counters: Counters of equal value to us, the minimal repair first.
        counter_floor: The least value to us the counters were searched at (never below the
            reservation point; None without counters).
        safeguards: Safeguards of the standards in force on the first counter (or on the offer
            when accepted).
        say_text: What to say to the counterpart, as the facts it is built from.
    """

    outcome: dict[str, OptionValue]
    compliant: bool
    violations: tuple[Violation, ...]
    ours: float
    theirs: float
    reservation: float | None
    batna: ThreePoint | None
    target: float
    stance: Stance
    situation: Situation
    recommendation: Recommendation
    reasons: tuple[str, ...]
    counters: tuple[Counter, ...]
    counter_floor: float | None
    safeguards: tuple[str, ...]
    say_text: SayText

    @property
    def say(self) -> str:
        """What to say, as one line: free of our BATNA, reservation point and estimates."""
        return self.say_text.text

    def to_json(self) -> dict[str, Any]:
        """The document of ``brightline evaluate --format json``."""
        return {
            "compliant": self.compliant,
            "violations": [
                {
                    "standard": violation.standard,
                    "clause": violation.clause,
                    "value": violation.value,
                    "issue": violation.issue,
                    "condition": violation.condition or None,
                }
                for violation in self.violations
            ],
            "ours": json_amount(self.ours),
            "theirs": json_amount(self.theirs),
            "stance": self.stance.value,
            "situation": self.situation.value,
            "recommendation": self.recommendation.value,
            "reasons": list(self.reasons),
            "counters": [counter.to_json() for counter in self.counters],
            "counter_floor": None
            if self.counter_floor is None
            else json_amount(self.counter_floor),
            "say": self.say,
            "say_facts": [
                {
                    "kind": fact.kind.value,
                    "sentence": fact.sentence,
                    "standard": fact.standard or None,
                    "source": fact.source or None,
                    "reason": fact.reason or None,
                }
                for fact in self.say_text.facts
            ],
            "target": json_amount(self.target),
            "reservation": self.reservation,
            "batna": None
            if self.batna is None
            else {"low": self.batna.low, "likely": self.batna.likely, "high": self.batna.high},
            "safeguards": list(self.safeguards),
        }


def failing_atoms(
    expression: Expression,
    outcome: Mapping[str, OptionValue],
    holds: Callable[[Expression], bool] | None = None,
) -> list[Atom]:
    """The atoms that make a false rule false: the clauses to name when it fails.

    ``a and b`` fails on its false operands; ``a or b`` on all of them; ``a -> b`` on ``b`` (``a``
    only made it apply); ``not a`` on what made ``a`` true.

    Args:
        expression: A rule that is false on the outcome.
        outcome: Issue id -> value.
        holds: Truth of a sub-expression, when the caller already knows its atoms' truth (bids
            evaluate atoms for a million rows at once); default: evaluate on ``outcome``.
    """
    plain = dict(outcome)
    check = holds if holds is not None else (lambda part: evaluate(part, plain))
    return _why(expression, check, want=False)


def _why(expression: Expression, holds: Callable[[Expression], bool], want: bool) -> list[Atom]:
    """Atoms responsible for ``expression`` having truth value ``want``."""
    if isinstance(expression, Comparison | Membership):
        return [expression]
    if isinstance(expression, Not):
        return _why(expression.operand, holds, not want)
    if isinstance(expression, Implies):
        if want is False:
            return _why(expression.consequent, holds, False)
        if not holds(expression.antecedent):
            return _why(expression.antecedent, holds, False)
        return _why(expression.consequent, holds, True)
    deciding = [operand for operand in expression.operands if holds(operand) is want]
    if isinstance(expression, Or) and want:
        deciding = deciding[:1]
    found: list[Atom] = []
    for operand in deciding:
        found.extend(_why(operand, holds, want))
    return found


def violations_of(loaded: LoadedCase, outcome: Mapping[str, OptionValue]) -> list[Violation]:
    """Failed clauses of every standard, in case order."""
    found: list[Violation] = []
    plain = dict(outcome)
    for standard in loaded.case.standards:
        rule = loaded.standard_rules.get(standard.id)
        if rule is None or evaluate(rule, plain):
            continue
        condition = to_text(rule.antecedent) if isinstance(rule, Implies) else ""
        for atom in failing_atoms(rule, plain):
            found.append(
                Violation(
                    standard.id,
                    to_text(atom),
                    atom.issue,
                    plain[atom.issue],
                    condition,
                    _needs(loaded, atom),
                )
            )
    return found


def _needs(loaded: LoadedCase, atom: Atom) -> str:
    """A comparison with a number, worded with the issue's unit; other clauses as written."""
    from brightline.engine.wording import issue_value_text

    if (
        isinstance(atom, Comparison)
        and isinstance(atom.value, int | float)
        and not isinstance(atom.value, bool)
    ):
        shown = issue_value_text(loaded.case, atom.issue, float(atom.value))
        return f"{atom.issue} {atom.operator.value} {shown}"
    return to_text(atom)


def evaluate_offer(
    loaded: LoadedCase,
    outcome: Mapping[str, OptionValue],
    space: OutcomeSpace | None = None,
    counter_count: int = 3,
    gate: GateResult | None = None,
) -> Evaluation:
    """Evaluate one complete offer (issue id -> option) against the case.

    Args:
        loaded: The validated case.
        outcome: The offer; every issue settled (see :mod:`brightline.offers.offer_input`);
            numbers may lie between grid points.
        space: The compiled space, when the caller already has it.
        counter_count: Most counters to propose.
        gate: The warrant gate's result, when the caller already has it.
    """
    from brightline.engine.gate import warrant_gate
    from brightline.offers.recommendation import (
        BidResult,
        in_tender,
        is_tender,
        recommend,
        stance_of,
    )
    from brightline.offers.say import SayInput, compose_say
    from brightline.offers.situation import (
        assess,
        check_counters,
        gate_reasons,
        pending_verifications,
        tender_reasons,
    )
    from brightline.offers.valuation import offer_safeguards

    space = compile_space(loaded) if space is None else space
    gate = warrant_gate(loaded, space) if gate is None else gate
    plain = dict(outcome)
    violations = violations_of(loaded, plain)
    stance = stance_of(gate)
    found = assess(loaded, space, gate, plain, bool(violations), counter_count)
    check_counters(loaded, found.counters)
    recommendation = recommend(stance, found.situation, found.narrows_scope)
    own_reasons = list(found.reasons)
    if is_tender(loaded.case):
        recommendation = in_tender(recommendation, BidResult.of(not violations, found.situation))
        own_reasons.extend(tender_reasons(loaded, found, recommendation))
    one_bidder = recommendation in (Recommendation.BEST_AND_FINAL, Recommendation.KNOCK_OUT)
    shown = not one_bidder and recommendation is not Recommendation.ACCEPT
    if not shown and found.counter_reason:
        own_reasons.remove(found.counter_reason)  # no counter goes to one bidder in a tender
    broken = {violation.standard for violation in violations}
    reasons = [
        *beyond_range(loaded, plain),
        *own_reasons,
        *gate_reasons(loaded, gate, stance, found, recommendation, broken),
    ]
    pending = pending_verifications(loaded) if recommendation is Recommendation.PAUSE else []
    if pending:
        listed = "; ".join(repr(option.description) for option in pending)
        count = "option" if len(pending) == 1 else "options"
        reasons.append(
            f"pending verification: {len(pending)} integrative {count} we pursue cannot be "
            f"checked yet ({listed}); the pause also waits for a way to check them"
        )
    counters = () if one_bidder else found.counters
    if recommendation is Recommendation.ACCEPT:
        safeguards = offer_safeguards(loaded, plain)[1]
        counters = ()  # nothing to counter: proposing changes would only reopen the deal
    elif counters:
        safeguards = offer_safeguards(loaded, counters[0].outcome)[1]
    else:
        safeguards = []
    say = compose_say(
        loaded,
        SayInput(
            recommendation,
            violations,
            list(counters) if recommendation.proposes else [],
            safeguards
            if recommendation.proposes or recommendation is Recommendation.ACCEPT
            else [],
            found.pause_reason,
            _condition(gate, recommendation),
            len(pending),
        ),
    )
    return Evaluation(
        plain,
        not violations,
        tuple(violations),
        found.ours,
        found.theirs,
        found.reservation,
        found.batna,
        found.target,
        stance,
        found.situation,
        recommendation,
        tuple(reasons),
        counters,
        found.counter_floor if counters else None,
        tuple(safeguards),
        say,
    )


def beyond_range(loaded: LoadedCase, outcome: Mapping[str, OptionValue]) -> list[str]:
    """A flag per number beyond its issue's modelled range, saying how it was valued.

    The value curves say nothing past their ends, so the value is held flat at the nearest end
    (never extrapolated: a line drawn on past the data could promise value that is not there).
    """
    from brightline.amounts import quantity
    from brightline.case.model import NumericIssue

    flags = []
    for issue in loaded.case.issues:
        value = outcome.get(issue.id)
        if not isinstance(issue, NumericIssue) or not isinstance(value, int | float):
            continue
        low, high = issue.range.min, issue.range.max
        if low <= float(value) <= high:
            continue
        unit = f" {issue.range.unit}" if issue.range.unit else ""
        flags.append(
            f"{issue.id} = {quantity(float(value))}{unit} is beyond the modelled range "
            f"({quantity(low)} to {quantity(high)}{unit}): valued on its value curves held flat "
            "past their last point (not extrapolated); the counters are on the grid"
        )
    return flags


def _condition(gate: GateResult, recommendation: Recommendation) -> str:
    """The gate's condition behind keep-seeking or decline (the say fact's reason)."""
    if recommendation not in (Recommendation.KEEP_SEEKING, Recommendation.DECLINE):
        return ""
    return gate.conditions[0][0].value if gate.conditions else gate.verdict.value
