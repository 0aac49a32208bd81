"""Price, risk avoided and over-breadth of each standard, computed exactly on the issues it touches.

Values are additive across issues, so a standard only changes the best achievable value through the
issues its rule reads: the rest keep their best option either way. Enumerating just the projected
space (issues read by the standard and by the harms it cites) is therefore exact, and small for the
rules people write. When the projection is too large, the value engine takes over: it prices the
standard on the compound issue its rule reads and counts over-breadth by classes of options that
the rules treat alike; what it cannot hold either is reported as unknown instead of guessed.
"""

from __future__ import annotations

import itertools
import math

from brightline.case.model import Case
from brightline.case.validate import LoadedCase
from brightline.lint.registry import StandardMeasure
from brightline.rules import Expression, Literal, evaluate, issues_of, to_text

MAX_PROJECTED_OUTCOMES = 200_000


def _joint(case: Case, issue_id: str, choice: Literal, basis: str) -> float:
    issue = case.issue(issue_id)
    ours = issue.value_to_us(choice)
    return ours + issue.value_to_them(choice) if basis == "joint" else ours


def _price_basis(case: Case) -> str:
    return "joint" if case.case.their_unit == case.case.currency else "ours"


def measure_standard(loaded: LoadedCase, standard_id: str, rule: Expression) -> StandardMeasure:
    """Measure one standard on the space projected onto the issues it and its harms read."""
    case = loaded.case
    standard = next(s for s in case.standards if s.id == standard_id)
    harms = [loaded.harm_rules[h] for h in standard.protects if h in loaded.harm_rules]
    risk = sum(case.harm(h).expected_loss for h in standard.protects)
    basis = _price_basis(case)
    involved = sorted(issues_of(rule).union(*(issues_of(h) for h in harms)))
    domains = [case.issue(issue_id).values() for issue_id in involved]
    size = math.prod(len(domain) for domain in domains)
    narrower = ""
    if harms:
        texts = list(dict.fromkeys(to_text(h) for h in harms))
        narrower = "not (" + " or ".join(texts) + ")"
    if size > MAX_PROJECTED_OUTCOMES:
        return _engine_measure(loaded, standard_id, basis, risk, narrower)
    best_all = -math.inf
    best_compliant = -math.inf
    excluded = 0
    excluded_harmless = 0
    for combination in itertools.product(*domains):
        outcome = dict(zip(involved, combination, strict=True))
        value = sum(_joint(case, issue_id, outcome[issue_id], basis) for issue_id in involved)
        best_all = max(best_all, value)
        if evaluate(rule, outcome):
            best_compliant = max(best_compliant, value)
        else:
            excluded += 1
            if not any(evaluate(harm, outcome) for harm in harms):
                excluded_harmless += 1
    feasible = best_compliant > -math.inf
    price = best_all - best_compliant if feasible else math.inf
    over_breadth = excluded_harmless / excluded if excluded else 0.0
    return StandardMeasure(price, basis, risk, over_breadth, narrower, feasible)


def _engine_measure(
    loaded: LoadedCase, standard_id: str, basis: str, risk: float, narrower: str
) -> StandardMeasure:
    from brightline.engine.proportionality import measure_standard as engine_measure
    from brightline.errors import BrightlineError

    try:
        measured = engine_measure(loaded, standard_id)
    except BrightlineError:  # the rule joins more combinations than the engine holds
        return StandardMeasure(math.nan, basis, risk, None, narrower, True)
    return StandardMeasure(
        measured.price, basis, risk, measured.over_breadth, narrower, measured.feasible
    )


def measure_standards(loaded: LoadedCase) -> dict[str, StandardMeasure]:
    """Measures for every standard whose rule parsed."""
    return {
        standard_id: measure_standard(loaded, standard_id, rule)
        for standard_id, rule in loaded.standard_rules.items()
    }
