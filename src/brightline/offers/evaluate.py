"""Evaluate an incoming offer: which rule it breaks, what it is worth, what to do and say.

The answer a negotiator needs in seconds: pass or fail per standard with the clause that failed and
the value that broke it; value to us against the reservation point, the BATNA and the target;
estimated value to them; one recommendation with its reasons; the nearest compliant counters; and
a line to say that never reveals our alternative, our limit or our estimates of theirs.

Recommendations (the issue leaves the thresholds to us):

* ``accept``: the offer meets every standard and is worth at least the target to us;
* ``counter``: a compliant counter that their estimated alternative does not beat exists without
  narrowing the scope, worth at least the target to us (else at least halfway from our floor, the
  reservation point or else the likely BATNA, to the target; never within 2% of our value range of
  the floor, so counters do not walk down to it and reveal it);
* ``narrow-deal``: the nearest such counter narrows the scope (an issue tagged ``scope`` moves
  to an option worth less to them);
* ``pause``: compliant outcomes above our floor exist, but each is estimated to be worth less to
  them than their alternative: no zone of agreement today, so revisit when facts change;
* ``walk``: no compliant outcome reaches our floor at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from brightline.case.model import Dimension, OptionValue, ThreePoint
from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace, compile_space
from brightline.offers.counters import nearest_counters
from brightline.offers.valuation import (
    DEFAULT_TARGET_SHARE,
    DEFAULT_TOLERANCE_SHARE,
    amount,
    grid_index,
    json_amount,
    offer_safeguards,
    outcome_values,
    value_scale,
)
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


class Recommendation(StrEnum):
    """What to do with an offer."""

    ACCEPT = "accept"
    COUNTER = "counter"
    NARROW_DEAL = "narrow-deal"
    PAUSE = "pause"
    WALK = "walk"


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed clause of a standard.

    Attributes:
        standard: The standard's id.
        clause: The atom of the rule that is false (or, under ``not``, true), as rule text.
        issue: The issue the clause reads.
        value: The offer's value for that issue: what broke the rule.
        condition: For a conditional rule, the condition that made it apply (rule text), else "".
    """

    standard: str
    clause: str
    issue: str
    value: OptionValue
    condition: str


@dataclass(frozen=True, slots=True)
class Counter:
    """A compliant counter-offer.

    Attributes:
        outcome: Issue id -> option.
        changes: ``(issue, offered, countered)`` per changed issue.
        ours: Value to us (case currency).
        theirs: Estimated value to them (their unit).
    """

    outcome: dict[str, OptionValue]
    changes: tuple[tuple[str, OptionValue, OptionValue], ...]
    ours: float
    theirs: float


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
        recommendation: What to do.
        reasons: Why, with numbers and units (for us only: they may mention our limits).
        counters: Nearest compliant counters.
        safeguards: Safeguards of the standards in force on the first counter (or on the offer
            when accepted).
        say: What to say to the counterpart: free of our BATNA, reservation point and estimates.
    """

    outcome: dict[str, OptionValue]
    compliant: bool
    violations: tuple[Violation, ...]
    ours: float
    theirs: float
    reservation: float | None
    batna: ThreePoint | None
    target: float
    recommendation: Recommendation
    reasons: tuple[str, ...]
    counters: tuple[Counter, ...]
    safeguards: tuple[str, ...]
    say: str

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
            "recommendation": self.recommendation.value,
            "reasons": list(self.reasons),
            "counters": [
                {
                    "outcome": counter.outcome,
                    "changes": [
                        {"issue": issue, "from": offered, "to": countered}
                        for issue, offered, countered in counter.changes
                    ],
                    "ours": json_amount(counter.ours),
                    "theirs": json_amount(counter.theirs),
                }
                for counter in self.counters
            ],
            "say": self.say,
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
                Violation(standard.id, to_text(atom), atom.issue, plain[atom.issue], condition)
            )
    return found


def evaluate_offer(
    loaded: LoadedCase,
    outcome: Mapping[str, OptionValue],
    space: OutcomeSpace | None = None,
    counter_count: int = 3,
) -> Evaluation:
    """Evaluate one complete offer (issue id -> option) against the case.

    Args:
        loaded: The validated case.
        outcome: The offer; every issue settled (see :mod:`brightline.offers.offer_input`).
        space: The compiled space, when the caller already has it.
        counter_count: How many counters to propose.
    """
    from brightline.offers.say import compose_say

    case = loaded.case
    unit, their_unit = case.case.currency, case.case.their_unit
    space = compile_space(loaded) if space is None else space
    scale = value_scale(loaded, space)
    plain = dict(outcome)
    violations = violations_of(loaded, plain)
    compliant = not violations
    ours, theirs = outcome_values(loaded, plain)
    reservation = case.reservation.value if case.reservation is not None else None
    batna = case.batna.value() if case.batna is not None and case.batna.components else None
    target = scale.at_share(DEFAULT_TARGET_SHARE)
    if reservation is not None:
        floor = reservation
    elif batna is not None:
        floor = batna.likely
    else:
        floor = scale.worst
    their_floor = case.their_batna.value if case.their_batna is not None else None
    reasons: list[str] = []
    if violations:
        broken = sorted({violation.standard for violation in violations})
        reasons.append(f"breaks {len(broken)} standard(s): {', '.join(broken)}")
    reasons.append(_position(ours, reservation, batna, target, unit))
    offer_index = grid_index(space, plain)
    viable: list[Counter] = []
    floors = counter_floors(floor, target, DEFAULT_TOLERANCE_SHARE * scale.span)
    for counter_floor in floors:
        viable = [
            _counter(space, plain, choice.choices, choice.ours, choice.theirs)
            for choice in nearest_counters(
                space, offer_index, counter_floor, limit=counter_count, their_floor=their_floor
            )
        ]
        if viable:
            break
    if viable or their_floor is None:
        counters = tuple(viable)
    else:
        counters = tuple(
            _counter(space, plain, choice.choices, choice.ours, choice.theirs)
            for choice in nearest_counters(space, offer_index, floors[0], limit=counter_count)
        )
    if compliant and ours >= target and ours >= floor:
        recommendation = Recommendation.ACCEPT
        reasons.append("meets every standard and clears the target")
    elif not scale.feasible or scale.best < floor:
        recommendation = Recommendation.WALK
        reasons.append(
            "no outcome that meets every standard reaches our floor of "
            f"{amount(floor, unit)}; the best compliant one is worth "
            f"{amount(scale.best, unit) if scale.feasible else 'nothing'}"
        )
    elif compliant and ours >= floor:
        recommendation = Recommendation.COUNTER
        reasons.append(
            f"compliant and above our floor, but {amount(target - ours, unit)} short of the target"
        )
    elif viable:
        narrows = any(
            case.issue(issue_id).dimension is Dimension.SCOPE
            and case.issue(issue_id).value_to_them(new) < case.issue(issue_id).value_to_them(old)
            for issue_id, old, new in viable[0].changes
        )
        recommendation = Recommendation.NARROW_DEAL if narrows else Recommendation.COUNTER
        reasons.append(
            f"a compliant counter changing {len(viable[0].changes)} issue(s) is worth "
            f"{amount(viable[0].ours, unit)} to us and an estimated "
            f"{amount(viable[0].theirs, their_unit)} to them"
            + ("; it narrows the scope" if narrows else "")
        )
    else:
        recommendation = Recommendation.PAUSE
        lowest = floors[-1]
        near_floor = nearest_counters(space, offer_index, floor, limit=1, their_floor=their_floor)
        if near_floor:
            reasons.append(
                "the only compliant counters they are estimated to prefer to their alternative "
                f"are worth less than {amount(lowest, unit)} to us, too close to our floor to "
                "offer without giving it away: pause rather than walk down to it"
            )
        else:
            reasons.append(
                "compliant outcomes above our floor exist, but each is estimated to be worth less "
                f"to them than their alternative ({amount(their_floor or 0.0, their_unit)}): "
                "no zone of agreement today"
            )
    if recommendation is Recommendation.ACCEPT:
        safeguards = offer_safeguards(loaded, plain)[1]
        counters = ()  # nothing to counter: proposing changes would only reopen the deal
    elif counters:
        safeguards = offer_safeguards(loaded, counters[0].outcome)[1]
    else:
        safeguards = []
    say = compose_say(loaded, recommendation, violations, list(counters), safeguards)
    return Evaluation(
        plain,
        compliant,
        tuple(violations),
        ours,
        theirs,
        reservation,
        batna,
        target,
        recommendation,
        tuple(reasons),
        counters,
        tuple(safeguards),
        say,
    )


def counter_floors(floor: float, target: float, tolerance: float) -> list[float]:
    """Least values to us a counter may have, tried in order until one gives a counter.

    The target first; then halfway between our floor (the reservation point) and the target; never
    closer than one tolerance to the floor. Counters flooring at the reservation point itself gave
    it away: the counters most attractive to them sit exactly on the floor, so a sequence of them
    walks down to it. When the target itself is that close to the floor, the target is the only
    floor (it is ours to show).
    """
    found = [target]
    halfway = (floor + target) / 2.0
    if halfway >= floor + tolerance and halfway < target:
        found.append(halfway)
    return found


def _position(
    ours: float, reservation: float | None, batna: ThreePoint | None, target: float, unit: str
) -> str:
    parts = [f"worth {amount(ours, unit)} to us"]
    if reservation is not None:
        side = "above" if ours >= reservation else "below"
        parts.append(f"{amount(abs(ours - reservation), unit)} {side} the reservation point")
    if batna is not None:
        side = "above" if ours >= batna.likely else "below"
        parts.append(f"{amount(abs(ours - batna.likely), unit)} {side} the likely BATNA")
    side = "above" if ours >= target else "below"
    parts.append(f"{amount(abs(ours - target), unit)} {side} the target")
    return ", ".join(parts)


def _counter(
    space: OutcomeSpace,
    offer: dict[str, OptionValue],
    choices: Any,
    ours: float,
    theirs: float,
) -> Counter:
    outcome = space.outcome(choices)
    changes = tuple(
        (issue_id, offer[issue_id], value)
        for issue_id, value in outcome.items()
        if str(value) != str(offer[issue_id])
        and not (
            isinstance(value, int | float)
            and isinstance(offer[issue_id], int | float)
            and abs(float(value) - float(offer[issue_id])) <= 1e-9
        )
    )
    return Counter(outcome, changes, ours, theirs)
