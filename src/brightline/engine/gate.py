"""The warrant gate: is a lose-lose stance warranted in this case, and if not, what instead?

The article makes holding a rule at a cost to both sides a last resort: run the integrative sweep
first; impose mutual loss only when every deal the other side would take breaches a standard and the
loss matches the risk avoided; and not at all when verifiable integrative options remain, when a
fragile relationship would suffer with no deterrent gain, or when a legal duty requires continuing to
seek accommodation. The gate checks these in that order and gives one verdict with its reasons.

Each reason is data (:class:`Reason`): plain words with the standards, outcomes and rules it names
kept as parts, so a reader words them its own way. ``GateResult.reasons`` is the engine's wording
(ids, as ``gate`` and the plan print them); a document for people writes labels from the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from brightline.amounts import amount, plural
from brightline.case.model import Case, Level, OptionStatus, OptionValue
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
class StandardPart:
    """A standard a reason names (``standard 'pay_band'`` in the engine's wording)."""

    standard: str


@dataclass(frozen=True, slots=True)
class StandardsPart:
    """Several standards named together (``pay_band, sign_on_cap``)."""

    standards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutcomePart:
    """An outcome a reason names, issue by issue (``residency=eu_only, price=150,000 EUR``)."""

    outcome: tuple[tuple[str, OptionValue], ...]


@dataclass(frozen=True, slots=True)
class RulePart:
    """A rule a reason names, as the rule language writes it (``scope != "full"``)."""

    rule: str


ReasonPart = str | StandardPart | StandardsPart | OutcomePart | RulePart
"""Words, or a thing of the case that a reader names its own way."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of the verdict: words and named parts, in reading order."""

    parts: tuple[ReasonPart, ...]

    def text(self, case: Case) -> str:
        """The engine's wording: ids as the case file writes them."""
        return "".join(_part_text(case, part) for part in self.parts)


def _part_text(case: Case, part: ReasonPart) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, StandardPart):
        return f"standard {part.standard!r}"
    if isinstance(part, StandardsPart):
        return ", ".join(part.standards)
    if isinstance(part, OutcomePart):
        return outcome_text(case, dict(part.outcome))
    return part.rule


def _said(*parts: ReasonPart) -> Reason:
    return Reason(tuple(parts))


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict with its reasons, the measured standards and the "do not use" conditions found.

    Attributes:
        verdict: One of the five verdicts.
        reasons: Sentences with numbers and units, most decisive first.
        standards: Price, risk avoided and over-breadth per standard (empty when not computed).
        conditions: The "do not use" conditions that hold, each with a sentence.
        sweep: The sweep behind the verdict (None when information was missing).
        reason_parts: The same reasons as data (:class:`Reason`), for readers that word the
            standards and outcomes they name by label; ``reasons`` is their engine wording.
    """

    verdict: Verdict
    reasons: tuple[str, ...]
    standards: tuple[StandardPrice, ...]
    conditions: tuple[tuple[Condition, str], ...]
    sweep: Sweep | None
    reason_parts: tuple[Reason, ...] = ()

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
        gaps = tuple(_said(f"missing: {item}") for item in missing)
        return GateResult(
            Verdict.INSUFFICIENT_INFORMATION,
            tuple(gap.text(loaded.case) for gap in gaps),
            (),
            conditions,
            None,
            gaps,
        )
    if space is None:
        space = compile_space(loaded)
    found = sweep(loaded, space)
    standards = measure_standards(loaded, space)
    verdict, reasons = _decide(loaded, found, standards, conditions)
    texts = tuple(reason.text(loaded.case) for reason in reasons)
    return GateResult(verdict, texts, standards, conditions, found, tuple(reasons))


def _decide(
    loaded: LoadedCase,
    found: Sweep,
    standards: tuple[StandardPrice, ...],
    conditions: tuple[tuple[Condition, str], ...],
) -> tuple[Verdict, list[Reason]]:
    info = loaded.case.case
    ours_unit, theirs_unit = info.currency, info.their_unit
    limits: Reservations = found.reservations
    frontier = found.frontier
    excessive = [standard for standard in standards if standard.disproportionate]
    notes = [_said("note: ", *_excess_text(standard, ours_unit).parts) for standard in excessive]
    if found.zopa.exists and found.nash is not None:
        index = found.nash
        return Verdict.INTEGRATIVE_FIRST, [
            _said(
                f"{plural(found.zopa.points, 'efficient compliant outcome')} "
                f"{'beats' if found.zopa.points == 1 else 'beat'} both reservation points "
                f"(ours {amount(limits.ours, ours_unit)}, theirs "
                f"{amount(limits.theirs, theirs_unit)})"
            ),
            _said(
                f"the Nash point gives us {amount(float(frontier.ours[index]), ours_unit)} and "
                f"them {amount(float(frontier.theirs[index]), theirs_unit)}: ",
                _outcome_part(found, index),
            ),
            *[_said(f"also: {text}") for _, text in conditions],
            *notes,
        ]
    # No compliant deal reaches both reservation points. When one would without the standards,
    # a standard that costs more than it saves is what to fix first, before walking away.
    blocked_by_standards = found.zopa_unconstrained.exists
    if blocked_by_standards and excessive:
        return Verdict.DISPROPORTIONATE, [
            *(_excess_text(standard, ours_unit) for standard in excessive),
            _said(_compliant_shortfall(found, ours_unit, theirs_unit)),
        ]
    if frontier.empty:
        names = StandardsPart(tuple(found.space.standard_ids))
        return Verdict.WALK_AWAY, [
            _said("no outcome satisfies all the standards together (", names, ")"),
            *notes,
        ]
    best_ours = float(frontier.ours.max())
    if best_ours < limits.ours:
        return Verdict.WALK_AWAY, [
            _said(
                f"the best compliant outcome gives us {amount(best_ours, ours_unit)}, below our "
                f"reservation point of {amount(limits.ours, ours_unit)}"
            ),
            *notes,
        ]
    if not blocked_by_standards:
        return Verdict.WALK_AWAY, [
            _said(
                "no outcome reaches both reservation points even without the standards "
                f"(ours {amount(limits.ours, ours_unit)}, theirs "
                f"{amount(limits.theirs, theirs_unit)}): the standards are not what blocks a deal"
            ),
            *notes,
        ]
    unjudged = [standard.id for standard in standards if not standard.protects]
    if unjudged:
        return Verdict.INSUFFICIENT_INFORMATION, [
            _said(
                "missing: the harms ",
                StandardPart(standard_id),
                " protects against (`protects`), so the risk it avoids cannot be weighed "
                "against its price",
            )
            for standard_id in unjudged
        ]
    blocked = _said(_blocked_reason(found, ours_unit, theirs_unit))
    proportionate = [
        _said(
            StandardPart(standard.id),
            f" costs {amount(standard.price, ours_unit)} and avoids "
            f"{amount(standard.risk_avoided, ours_unit)} of expected harm",
        )
        for standard in standards
    ]
    texts = [text for _, text in conditions]
    kinds = {kind for kind, _ in conditions}
    if kinds & {Condition.VERIFIABLE_OPTIONS, Condition.LEGAL_DUTY}:
        return Verdict.INTEGRATIVE_FIRST, [
            blocked,
            _said("but a lose-lose stance is ruled out: " + "; ".join(texts)),
            _said("keep seeking a compliant agreement before holding the line at a cost to both"),
        ]
    if Condition.FRAGILE_RELATIONSHIP in kinds:
        return Verdict.WALK_AWAY, [
            blocked,
            _said(
                "but imposing mutual loss would harm the relationship for nothing: "
                + "; ".join(texts)
            ),
            _said("decline respectfully and take the alternative instead of holding out"),
        ]
    return Verdict.LOSE_LOSE_WARRANTED, [blocked, *proportionate]


def _excess_text(standard: StandardPrice, unit: str) -> Reason:
    narrower: tuple[ReasonPart, ...] = (
        ("; narrower rule: ", RulePart(standard.narrower_rule)) if standard.narrower_rule else ()
    )
    return _said(
        StandardPart(standard.id),
        f" costs {amount(standard.price, unit)} of {standard.price_basis} value but avoids "
        f"{amount(standard.risk_avoided, unit)} of expected harm: "
        f"{amount(standard.excess, unit)} more than it saves",
        *narrower,
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


def _outcome_part(found: Sweep, index: int) -> OutcomePart:
    return OutcomePart(tuple(found.space.outcome(found.frontier.choices[index]).items()))
