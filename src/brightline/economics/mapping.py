"""From a case file to the numbers of the economic model, each with where it came from.

Every number the hold-versus-cave model and the deterrence test use is either typed into the
case's ``economics:`` section or derived from the rest of the case by a fixed rule. An
:class:`Input` keeps the value, its unit and a sentence saying which, so the user can check the
mapping and override any line of it (``docs/explanation/deterrence.md`` lists the rules).

The central derivation is the *repaired offer*: their latest offer, changed only on the issues the
modelled standards read, to the compliant combination that is best for them. It is what "complying"
most plausibly means to them, so it gives R (their value of the compliant deal) and our value of
the compliant deal; their unrepaired offer gives T and our value if we cave.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from brightline.case.economics import EconomicsAssumptions
from brightline.case.model import Case, Direction, Level, Offer, OptionValue, Standard
from brightline.case.validate import LoadedCase
from brightline.errors import UsageError
from brightline.rules import Expression, evaluate, issues_of

MAX_REPAIRS = 200_000
"""Largest number of combinations tried when repairing an offer (beyond it, no repair is made)."""

WALK_PROBABILITY = {Level.LOW: 0.1, Level.MEDIUM: 0.25, Level.HIGH: 0.5}
"""Default chance they walk if we hold, by relationship fragility."""

VERIFIED_MONITORING = (0.05, 0.9)
UNVERIFIED_MONITORING = (0.2, 0.6)
"""Default (false alarm p, detection q) with and without a verifier and a measured safeguard."""


@dataclass(frozen=True, slots=True)
class Input:
    """One number of the model: its value, unit, symbol and where it came from."""

    name: str
    symbol: str
    value: float
    unit: str
    source: str

    @property
    def given(self) -> bool:
        """Typed into the case's ``economics:`` section rather than derived."""
        return self.source.startswith("economics.")


@dataclass(frozen=True, slots=True)
class Repair:
    """Their offer made compliant in the way best for them."""

    offer_id: str
    outcome: dict[str, OptionValue]
    changed: tuple[str, ...]
    breached: tuple[str, ...]


def assumptions_of(case: Case) -> EconomicsAssumptions:
    """The case's ``economics:`` section, or all defaults."""
    return case.economics if case.economics is not None else EconomicsAssumptions()


def modelled_standards(loaded: LoadedCase) -> list[Standard]:
    """The standards the model covers (``economics.standards`` or all), unknown ids refused."""
    case = loaded.case
    chosen = assumptions_of(case).standards
    if chosen is None:
        return list(case.standards)
    known = {standard.id: standard for standard in case.standards}
    missing = [identifier for identifier in chosen if identifier not in known]
    if missing:
        raise UsageError(
            f"economics.standards names {'an unknown standard' if len(missing) == 1 else 'unknown standards'} "
            f"{', '.join(missing)}; "
            f"known: {', '.join(known) or 'none'}"
        )
    return [known[identifier] for identifier in chosen]


def latest_received_offer(case: Case) -> Offer | None:
    """The last offer they made, in file order."""
    received = [offer for offer in case.offers if offer.direction is Direction.RECEIVED]
    return received[-1] if received else None


def value_to_us(case: Case, outcome: dict[str, OptionValue]) -> float:
    """Sum of the value to us of each chosen option, in the case currency."""
    return sum(case.issue(issue).value_to_us(choice) for issue, choice in outcome.items())


def value_to_them(case: Case, outcome: dict[str, OptionValue]) -> float:
    """Sum of the estimated value to them of each chosen option, in their value unit."""
    return sum(case.issue(issue).value_to_them(choice) for issue, choice in outcome.items())


def repair_offer(loaded: LoadedCase, offer: Offer, standards: list[Standard]) -> Repair | None:
    """Change only the issues the standards read, to the compliant choice best for them.

    Returns None when no combination complies or the projected space is too large to search.
    """
    case = loaded.case
    rules: list[Expression] = [
        loaded.standard_rules[s.id] for s in standards if s.id in loaded.standard_rules
    ]
    breached = tuple(
        s.id
        for s in standards
        if s.id in loaded.standard_rules
        and not evaluate(loaded.standard_rules[s.id], dict(offer.outcome))
    )
    involved = sorted(set().union(*(issues_of(rule) for rule in rules))) if rules else []
    domains = [case.issue(issue).values() for issue in involved]
    if math.prod(len(domain) for domain in domains) > MAX_REPAIRS:
        return None
    best: dict[str, OptionValue] | None = None
    best_value = -math.inf
    for combination in itertools.product(*domains):
        outcome = {**offer.outcome, **dict(zip(involved, combination, strict=True))}
        if all(evaluate(rule, outcome) for rule in rules):
            value = value_to_them(case, outcome)
            if value > best_value:
                best, best_value = outcome, value
    if best is None:
        return None
    changed = tuple(issue for issue in involved if best[issue] != offer.outcome.get(issue))
    return Repair(offer.id, best, changed, breached)


def monitoring_defaults(case: Case, standards: list[Standard]) -> tuple[float, float, str]:
    """Default (p, q) from how verifiable the standards are, with the reason."""
    measured = {s.id for s in case.safeguards if s.measure.strip()}
    verified = bool(standards) and all(
        standard.verifier is not None and any(g in measured for g in standard.safeguards)
        for standard in standards
    )
    if verified:
        return (
            *VERIFIED_MONITORING,
            "every modelled standard has a verifier and a measured safeguard",
        )
    return (
        *UNVERIFIED_MONITORING,
        "some modelled standard lacks a verifier or a measured safeguard",
    )
