"""The warrant gate: is a lose-lose stance warranted in this case, and if not, what instead?

The article makes holding a rule at a cost to both sides a last resort: run the integrative sweep
first; impose mutual loss only when every deal the other side would take breaches a standard and the
loss matches the risk avoided; and not at all when verifiable integrative options remain, when a
fragile relationship would suffer with no deterrent gain, or when a legal duty requires continuing to
seek accommodation. The gate checks these in that order and gives one verdict with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from brightline.amounts import amount, plural
from brightline.case.model import Level, OptionStatus
from brightline.case.validate import LoadedCase
from brightline.engine.points import Reservations
from brightline.engine.proportionality import StandardPrice, measure_standards
from brightline.engine.space import OutcomeSpace, compile_space
from brightline.engine.sweep import Sweep, sweep
from brightline.engine.wording import outcome_text


class Verdict(StrEnum):
    """The gate's answer."""

    INTEGRATIVE_FIRST = "integrative-first"
    LOSE_LOSE_WARRANTED = "lose-lose-warranted"
    DISPROPORTIONATE = "disproportionate"
    WALK_AWAY = "walk-away"
    INSUFFICIENT_INFORMATION = "insufficient-information"

    @property
    def meaning(self) -> str:
        """One line for people."""
        return {
            "integrative-first": "pursue a compliant deal; no lose-lose stance is needed",
            "lose-lose-warranted": "holding the standards at a cost to both sides is justified",
            "disproportionate": "a standard costs more than the risk it avoids; narrow it first",
            "walk-away": "no acceptable compliant deal; take the alternative",
            "insufficient-information": "the case lacks what the gate needs to decide",
        }[self.value]


class Condition(StrEnum):
    """The article's three conditions under which a lose-lose stance should not be used."""

    VERIFIABLE_OPTIONS = "verifiable-integrative-options"
    FRAGILE_RELATIONSHIP = "fragile-relationship-without-deterrence"
    LEGAL_DUTY = "legal-duty-to-accommodate"


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict with its reasons, the measured standards and the "do not use" conditions found.

    Attributes:
        verdict: One of the five verdicts.
        reasons: Sentences with numbers and units, most decisive first.
        standards: Price, risk avoided and over-breadth per standard (empty when not computed).
        conditions: The "do not use" conditions that hold, each with a sentence.
        sweep: The sweep behind the verdict (None when information was missing).
    """

    verdict: Verdict
    reasons: tuple[str, ...]
    standards: tuple[StandardPrice, ...]
    conditions: tuple[tuple[Condition, str], ...]
    sweep: Sweep | None

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``brightline gate --format json``."""
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "standards": [standard.to_json() for standard in self.standards],
        }


def missing_information(loaded: LoadedCase) -> list[str]:
    """What the gate cannot decide without, in the words a user would fill it in."""
    case = loaded.case
    missing: list[str] = []
    if case.reservation is None:
        missing.append("our reservation point (`reservation.value`)")
    if case.their_batna is None:
        missing.append("an estimate of their alternative (`their_batna.value`)")
    if not loaded.standard_rules:
        missing.append("standards: there is no rule to hold, so no stance to weigh")
    if all(issue.value_to_them(value) == 0 for issue in case.issues for value in issue.values()):
        missing.append("estimated value to them: every option's `theirs` is 0")
    return missing


def do_not_use_conditions(loaded: LoadedCase) -> list[tuple[Condition, str]]:
    """The article's "do not use" conditions that hold for this case."""
    case = loaded.case
    found: list[tuple[Condition, str]] = []
    open_options = [
        option
        for option in case.integrative_options
        if option.verifiable and option.status is not OptionStatus.REJECTED
    ]
    if open_options:
        names = "; ".join(repr(option.description) for option in open_options)
        found.append(
            (
                Condition.VERIFIABLE_OPTIONS,
                f"{plural(len(open_options), 'verifiable integrative option')} still open: {names}",
            )
        )
    relationship = case.case.relationship
    if relationship.fragility is Level.HIGH and not relationship.deterrent_benefit:
        found.append(
            (
                Condition.FRAGILE_RELATIONSHIP,
                "the relationship is fragile (fragility: high) and holding the rule now would not "
                "change their later behaviour (deterrent_benefit: false)",
            )
        )
    if relationship.legal_duty_to_accommodate:
        found.append(
            (
                Condition.LEGAL_DUTY,
                "a legal duty obliges us to keep seeking accommodation "
                "(legal_duty_to_accommodate: true)",
            )
        )
    return found


def warrant_gate(loaded: LoadedCase, space: OutcomeSpace | None = None) -> GateResult:
    """Decide whether a lose-lose stance is warranted, with reasons and per-standard numbers."""
    conditions = tuple(do_not_use_conditions(loaded))
    missing = missing_information(loaded)
    if missing:
        gaps = tuple(f"missing: {item}" for item in missing)
        return GateResult(Verdict.INSUFFICIENT_INFORMATION, gaps, (), conditions, None)
    if space is None:
        space = compile_space(loaded)
    found = sweep(loaded, space)
    standards = measure_standards(loaded, space)
    verdict, reasons = _decide(loaded, found, standards, conditions)
    return GateResult(verdict, tuple(reasons), standards, conditions, found)


def _decide(
    loaded: LoadedCase,
    found: Sweep,
    standards: tuple[StandardPrice, ...],
    conditions: tuple[tuple[Condition, str], ...],
) -> tuple[Verdict, list[str]]:
    info = loaded.case.case
    ours_unit, theirs_unit = info.currency, info.their_unit
    limits: Reservations = found.reservations
    frontier = found.frontier
    excessive = [standard for standard in standards if standard.disproportionate]
    notes = [f"note: {_excess_text(standard, ours_unit)}" for standard in excessive]
    if found.zopa.exists and found.nash is not None:
        index = found.nash
        return Verdict.INTEGRATIVE_FIRST, [
            f"{plural(found.zopa.points, 'efficient compliant outcome')} "
            f"{'beats' if found.zopa.points == 1 else 'beat'} both reservation points "
            f"(ours {amount(limits.ours, ours_unit)}, theirs {amount(limits.theirs, theirs_unit)})",
            f"the Nash point gives us {amount(float(frontier.ours[index]), ours_unit)} and them "
            f"{amount(float(frontier.theirs[index]), theirs_unit)}: "
            + _outcome_text(loaded, found, index),
            *[f"also: {text}" for _, text in conditions],
            *notes,
        ]
    # No compliant deal reaches both reservation points. When one would without the standards,
    # a standard that costs more than it saves is what to fix first, before walking away.
    blocked_by_standards = found.zopa_unconstrained.exists
    if blocked_by_standards and excessive:
        return Verdict.DISPROPORTIONATE, [
            *(_excess_text(standard, ours_unit) for standard in excessive),
            _compliant_shortfall(found, ours_unit, theirs_unit),
        ]
    if frontier.empty:
        names = ", ".join(found.space.standard_ids)
        return Verdict.WALK_AWAY, [
            f"no outcome satisfies all the standards together ({names})",
            *notes,
        ]
    best_ours = float(frontier.ours.max())
    if best_ours < limits.ours:
        return Verdict.WALK_AWAY, [
            f"the best compliant outcome gives us {amount(best_ours, ours_unit)}, below our "
            f"reservation point of {amount(limits.ours, ours_unit)}",
            *notes,
        ]
    if not blocked_by_standards:
        return Verdict.WALK_AWAY, [
            "no outcome reaches both reservation points even without the standards "
            f"(ours {amount(limits.ours, ours_unit)}, theirs {amount(limits.theirs, theirs_unit)}): "
            "the standards are not what blocks a deal",
            *notes,
        ]
    unjudged = [standard.id for standard in standards if not standard.protects]
    if unjudged:
        return Verdict.INSUFFICIENT_INFORMATION, [
            f"missing: the harms standard {standard_id!r} protects against (`protects`), so the "
            "risk it avoids cannot be weighed against its price"
            for standard_id in unjudged
        ]
    blocked = _blocked_reason(found, ours_unit, theirs_unit)
    proportionate = [
        f"standard {standard.id!r} costs {amount(standard.price, ours_unit)} and avoids "
        f"{amount(standard.risk_avoided, ours_unit)} of expected harm"
        for standard in standards
    ]
    texts = [text for _, text in conditions]
    kinds = {kind for kind, _ in conditions}
    if kinds & {Condition.VERIFIABLE_OPTIONS, Condition.LEGAL_DUTY}:
        return Verdict.INTEGRATIVE_FIRST, [
            blocked,
            "but a lose-lose stance is ruled out: " + "; ".join(texts),
            "keep seeking a compliant agreement before holding the line at a cost to both",
        ]
    if Condition.FRAGILE_RELATIONSHIP in kinds:
        return Verdict.WALK_AWAY, [
            blocked,
            "but imposing mutual loss would harm the relationship for nothing: " + "; ".join(texts),
            "decline respectfully and take the alternative instead of holding out",
        ]
    return Verdict.LOSE_LOSE_WARRANTED, [blocked, *proportionate]


def _excess_text(standard: StandardPrice, unit: str) -> str:
    return (
        f"standard {standard.id!r} costs {amount(standard.price, unit)} of "
        f"{standard.price_basis} value but avoids {amount(standard.risk_avoided, unit)} of "
        f"expected harm: {amount(standard.excess, unit)} more than it saves"
        + (f"; narrower rule: {standard.narrower_rule}" if standard.narrower_rule else "")
    )


def _compliant_shortfall(found: Sweep, ours_unit: str, theirs_unit: str) -> str:
    """Why no compliant deal is acceptable, next to the deals the standards rule out."""
    limits = found.reservations
    free = found.zopa_unconstrained
    without = (
        f"without the standards {plural(free.points, 'efficient outcome')} "
        f"{'reaches' if free.points == 1 else 'reach'} both reservation points "
        f"(ours {amount(limits.ours, ours_unit)}, theirs {amount(limits.theirs, theirs_unit)})"
    )
    compliant = found.frontier
    if compliant.empty:
        return f"no outcome satisfies all the standards together; {without}"
    best_ours = float(compliant.ours.max())
    if best_ours < limits.ours:
        return (
            f"the best compliant outcome gives us {amount(best_ours, ours_unit)}, below our "
            f"reservation point; {without}"
        )
    their_best = float(compliant.theirs[compliant.ours >= limits.ours].max())
    return (
        "the compliant outcomes that reach our reservation point give them at most "
        f"{amount(their_best, theirs_unit)}, below their alternative; {without}"
    )


def _blocked_reason(found: Sweep, ours_unit: str, theirs_unit: str) -> str:
    best = found.unconstrained
    limits = found.reservations
    inside = (best.ours >= limits.ours) & (best.theirs >= limits.theirs)
    index = int((best.ours + best.theirs)[inside].argmax())
    position = int(inside.nonzero()[0][index])
    compliant = found.frontier
    their_best = float(compliant.theirs[compliant.ours >= limits.ours].max())
    return (
        "every outcome both sides would accept breaches a standard: the best of them gives us "
        f"{amount(float(best.ours[position]), ours_unit)} and them "
        f"{amount(float(best.theirs[position]), theirs_unit)}, while the compliant outcomes that "
        f"reach our reservation point give them at most {amount(their_best, theirs_unit)}, "
        f"below their alternative of {amount(limits.theirs, theirs_unit)}"
    )


def _outcome_text(loaded: LoadedCase, found: Sweep, index: int) -> str:
    return outcome_text(loaded.case, found.space.outcome(found.frontier.choices[index]))
