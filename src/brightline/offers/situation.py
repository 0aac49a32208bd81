"""Where an offer stands and which counters answer it, before the gate's stance is applied.

The counter floors (the least value to us a counter may have), tried in order until a counter they
are estimated to prefer to their alternative exists:

1. the target (same default as MESO: halfway from the reservation point to the best case);
2. halfway from our floor (the reservation point, else the likely BATNA, else the worst compliant
   value) to the target, unless that is within one tolerance (2% of the value range) of the floor;
3. the best value to us among compliant outcomes they are estimated to take, less one tolerance,
   but never closer than one tolerance to our floor (a "thin zone").

When the only counters they are estimated to take sit within one tolerance of our floor, offering
them would give the floor away: that is a value gap. When none reaches their alternative at all,
there is no zone of agreement. Either way the counters shown stay at the first floor, within what
they asked, flagged "likely refused".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from brightline.amounts import amount
from brightline.case.model import Dimension, OptionValue, ThreePoint
from brightline.case.validate import LoadedCase
from brightline.engine.space import OutcomeSpace
from brightline.offers.counters import CounterChoice, CounterRequest, repair_counters
from brightline.offers.recommendation import Recommendation, Situation, Stance
from brightline.offers.say import PauseReason
from brightline.offers.valuation import (
    DEFAULT_TARGET_SHARE,
    DEFAULT_TOLERANCE_SHARE,
    grid_index,
    outcome_values,
    value_scale,
)

if TYPE_CHECKING:
    from brightline.engine.frontier import Frontier
    from brightline.engine.gate import GateResult
    from brightline.offers.evaluate import Counter


@dataclass(frozen=True, slots=True)
class Assessment:
    """What evaluating an offer found, before the stance is applied.

    Attributes:
        situation: Where the offer stands.
        counters: The counters, minimal repair first, of equal value to us.
        narrows_scope: Whether the first counter narrows the scope.
        reasons: Why, with numbers and units (ours: may name our limits).
        pause_reason: Why we would pause (value gap or their alternative), when that is the case.
        ours: The offer's value to us (case currency).
        theirs: Its estimated value to them (their unit).
        reservation: Our reservation point, if any.
        batna: Our BATNA, if any.
        target: The target (case currency).
        floor: Our floor: the reservation point, else the likely BATNA, else the worst compliant
            value.
        counter_floor: The least value to us the counters were searched at (None without
            counters).
        counter_reason: The reason that describes the counters ("" without counters): dropped
            where no counter is made (a tender after opening).
    """

    situation: Situation
    counters: tuple[Counter, ...]
    narrows_scope: bool
    reasons: tuple[str, ...]
    pause_reason: PauseReason | None
    ours: float
    theirs: float
    reservation: float | None
    batna: ThreePoint | None
    target: float
    floor: float
    counter_floor: float | None
    counter_reason: str = ""


def counter_floors(floor: float, target: float, tolerance: float) -> list[float]:
    """The target, then halfway from the floor to it unless that is within a tolerance of the floor.

    Counters flooring at the reservation point itself gave it away: the counters most attractive
    to them sit exactly on the floor, so a sequence of them walks down to it.
    """
    found = [target]
    halfway = (floor + target) / 2.0
    if halfway >= floor + tolerance and halfway < target:
        found.append(halfway)
    return found


def assess(
    loaded: LoadedCase,
    space: OutcomeSpace,
    gate: GateResult,
    offer: Mapping[str, OptionValue],
    broken: bool,
    limit: int,
) -> Assessment:
    """Find the offer's situation and its counters (see the module docstring)."""
    case = loaded.case
    unit, their_unit = case.case.currency, case.case.their_unit
    scale = value_scale(loaded, space, _frontier_of(space, gate))
    ours, theirs = outcome_values(loaded, offer)
    reservation = case.reservation.value if case.reservation is not None else None
    batna = case.batna.value() if case.batna is not None and case.batna.components else None
    target = scale.at_share(DEFAULT_TARGET_SHARE)
    if reservation is not None:
        floor = reservation
    elif batna is not None:
        floor = batna.likely
    else:
        floor = scale.worst
    target = max(target, floor)
    their_floor = case.their_batna.value if case.their_batna is not None else None
    tolerance = DEFAULT_TOLERANCE_SHARE * scale.span
    reasons: list[str] = []
    clear_to = their_floor  # the alternative a counter may give more than asked to clear
    if their_floor is not None and theirs < their_floor - 1e-9 * max(1.0, abs(their_floor)):
        # Their own offer shows their alternative is lower than our estimate: they would not offer
        # less than walking away gives them. The estimate cannot justify giving more than asked.
        reasons.append(
            f"their offer is worth an estimated {amount(theirs, their_unit)} to them, below our "
            f"estimate of their alternative ({amount(their_floor, their_unit)}): the offer "
            "contradicts the estimate, so no counter gives them more than they asked to clear it "
            "and none is flagged as likely refused"
        )
        their_floor = clear_to = None
    if broken:
        from brightline.offers.evaluate import violations_of

        broken_ids = {violation.standard for violation in violations_of(loaded, offer)}
        names = [  # by name, in case order: people read this line, not the case file's ids
            standard.name or standard.id.replace("_", " ")
            for standard in case.standards
            if standard.id in broken_ids
        ]
        noun = "standard" if len(names) == 1 else "standards"
        reasons.append(f"breaks {len(names)} {noun}: {'; '.join(names)}")
    reasons.append(_position(ours, reservation, batna, target, unit))
    compliant_enough = not broken and ours >= floor

    def finish(
        situation: Situation,
        choices: Sequence[CounterChoice] = (),
        why: str = "",
        pause: PauseReason | None = None,
        at: float | None = None,
    ) -> Assessment:
        counters = tuple(_counter(space, offer, choice, their_floor) for choice in choices)
        narrows = bool(counters) and any(
            case.issue(issue_id).dimension is Dimension.SCOPE
            and case.issue(issue_id).value_to_them(new) < case.issue(issue_id).value_to_them(old)
            for issue_id, old, new in counters[0].changes
        )
        if why:
            reasons.append(why)
        counter_reason = ""
        if counters:
            counter_reason = _counter_reason(counters, unit, their_unit, narrows, (ours, theirs))
            reasons.append(counter_reason)
        return Assessment(
            situation,
            counters,
            narrows,
            tuple(reasons),
            pause,
            ours,
            theirs,
            reservation,
            batna,
            target,
            floor,
            at if counters else None,
            counter_reason,
        )

    if not scale.feasible or scale.best < floor:
        best = amount(scale.best, unit) if scale.feasible else "nothing"
        return finish(
            Situation.NO_COMPLIANT_DEAL,
            why=f"no outcome that meets every standard reaches our floor of {amount(floor, unit)}; "
            f"the best compliant one is worth {best}",
        )
    if not broken and ours >= target:
        return finish(Situation.ACCEPTABLE, why="meets every standard and clears the target")
    asked = np.array([issue.value_to_them(offer[issue.id]) for issue in case.issues])
    offer_index = grid_index(space, offer)

    def search(at: float) -> list[CounterChoice]:
        request = CounterRequest(
            offer_index, asked, at, clear_to, tolerance, limit, offer_ours=ours
        )
        return repair_counters(space, request)

    def clears(choices: Sequence[CounterChoice]) -> bool:
        return bool(choices) and (their_floor is None or choices[0].theirs >= their_floor - 1e-9)

    floors = counter_floors(floor, target, tolerance)
    first: list[CounterChoice] = []
    first_at = floors[0]
    for at in floors:
        found = search(at)
        if found and not first:
            first, first_at = found, at
        if clears(found):
            if compliant_enough:
                gap = amount(target - ours, unit)
                return finish(
                    Situation.BELOW_TARGET,
                    found,
                    f"compliant and above our floor, but {gap} short of the target",
                    at=at,
                )
            return finish(Situation.REPAIRABLE, found, at=at)
    zone = _zone_best(loaded, space, gate, their_floor)
    if zone is not None and zone >= floor + tolerance:
        thin_at = max(floor + tolerance, zone - tolerance)
        thin = search(thin_at)
        if clears(thin) and (not compliant_enough or thin[0].ours > ours):
            situation = Situation.BELOW_TARGET if compliant_enough else Situation.THIN_ZONE
            return finish(
                situation,
                thin,
                "the counters they are estimated to take are worth less to us than halfway to "
                f"the target ({amount(floors[-1], unit)})",
                at=thin_at,
            )
    if compliant_enough:
        return finish(
            Situation.ACCEPTABLE,
            why="meets every standard and our floor, and no counter worth more to us is "
            "estimated to beat their alternative",
        )
    if zone is not None and zone >= floor:
        return finish(
            Situation.VALUE_GAP,
            first,
            "the only compliant counters they are estimated to take are worth less than "
            f"{amount(floor + tolerance, unit)} to us, too close to our floor to offer without "
            "giving it away",
            PauseReason.VALUE_GAP,
            first_at,
        )
    return finish(
        Situation.NO_ZONE,
        first,
        "compliant outcomes above our floor exist, but each is estimated to be worth less to "
        f"them than their alternative ({amount(their_floor or 0.0, their_unit)}): no zone of "
        "agreement today",
        PauseReason.THEIR_ALTERNATIVE,
        first_at,
    )


def _frontier_of(space: OutcomeSpace, gate: GateResult) -> Callable[[], Frontier]:
    """The compliant frontier: the gate's sweep's when it made one, else computed on first use."""
    if gate.sweep is not None:
        found = gate.sweep.frontier
        return lambda: found
    from brightline.engine.frontier import pareto_frontier

    return lambda: pareto_frontier(space)


def _zone_best(
    loaded: LoadedCase, space: OutcomeSpace, gate: GateResult, their_floor: float | None
) -> float | None:
    """Most value to us of a compliant outcome estimated to be worth their alternative to them."""
    if their_floor is None:
        return None
    if gate.sweep is not None:
        frontier = gate.sweep.frontier
    else:
        from brightline.engine.frontier import pareto_frontier

        frontier = pareto_frontier(space)
    acceptable = frontier.theirs >= their_floor - 1e-9 * max(1.0, abs(their_floor))
    if frontier.empty or not acceptable.any():
        return None
    return float(frontier.ours[acceptable].max())


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


def _counter_reason(
    counters: Sequence[Counter],
    unit: str,
    their_unit: str,
    narrows: bool,
    offer: tuple[float, float],
) -> str:
    """The first counter and why it gives them more than they asked, when it does.

    It does for one of two computed causes (see :mod:`brightline.offers.counters`): every repair
    within their ask leaves them below their estimated alternative, or our floor is out of reach
    within their ask and the counter is better than their offer for both sides.
    """
    first = counters[0]
    changes = len(first.changes)
    text = (
        f"the minimal repair changes {changes} {'issue' if changes == 1 else 'issues'}: worth "
        f"{amount(first.ours, unit)} to us and an estimated {amount(first.theirs, their_unit)} "
        "to them"
    )
    if narrows:
        text += "; it narrows the scope"
    joint = first.ours > offer[0] + 1e-9 * max(1.0, abs(offer[0])) and first.theirs > offer[
        1
    ] + 1e-9 * max(1.0, abs(offer[1]))
    if first.overpay > 0 and joint and not first.likely_refused:
        text += (
            f"; no counter within what they asked reaches our counter floor, so it gives them "
            f"{amount(first.overpay, their_unit)} more than they asked on the issues it changes, "
            f"and is better than their offer for both sides ({amount(first.ours - offer[0], unit)} "
            f"more to us, {amount(first.theirs - offer[1], their_unit)} more to them)"
        )
    elif first.overpay > 0:  # counters give more than asked only to clear their alternative
        text += (
            f"; within what they asked, every repair leaves them below their estimated "
            f"alternative, so it gives them {amount(first.overpay, their_unit)} more than they "
            "asked, the least that clears it"
        )
    refused = sum(counter.likely_refused for counter in counters)
    if refused:
        text += (
            f"; {refused} of {len(counters)} {'counter is' if len(counters) == 1 else 'counters are'}"
            " likely refused (below their estimated alternative)"
        )
    return text


def _counter(
    space: OutcomeSpace,
    offer: Mapping[str, OptionValue],
    choice: CounterChoice,
    their_floor: float | None,
) -> Counter:
    from brightline.offers.evaluate import Counter

    outcome = space.outcome(choice.choices)
    changes = tuple(
        (issue_id, offer[issue_id], value)
        for issue_id, value in outcome.items()
        if not _same(value, offer[issue_id])
    )
    refused = their_floor is not None and choice.theirs < their_floor - 1e-9 * max(
        1.0, abs(their_floor)
    )
    return Counter(outcome, changes, choice.ours, choice.theirs, choice.overpay, refused)


def _same(left: OptionValue, right: OptionValue) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float):
        return abs(float(left) - float(right)) <= 1e-9
    return str(left) == str(right)


def check_counters(loaded: LoadedCase, counters: Sequence[Counter]) -> None:
    """Re-check every counter as an offer of its own: it must lead where it promises.

    A counter promises to meet every standard, to be worth what it says to each side and to sit
    at or above our reservation point. A failure is a bug in the search, never a user error.
    """
    from brightline.offers.evaluate import violations_of

    reservation = loaded.case.reservation
    for counter in counters:
        ours, theirs = outcome_values(loaded, counter.outcome)
        broken = violations_of(loaded, counter.outcome)
        low = reservation.value if reservation is not None else -np.inf
        slack = 1e-6 * max(1.0, abs(ours))
        if (
            broken
            or abs(ours - counter.ours) > slack
            or abs(theirs - counter.theirs) > 1e-6 * max(1.0, abs(theirs))
            or ours < low - slack
        ):
            raise RuntimeError(f"counter {counter.outcome} does not lead where it promises")


def gate_reasons(
    loaded: LoadedCase,
    gate: GateResult,
    stance: Stance,
    found: Assessment,
    recommendation: Recommendation,
    broken: set[str],
) -> list[str]:
    """What the gate adds: its stance, and what each disproportionate standard we demand costs."""
    unit = loaded.case.case.currency
    reasons = [f"warrant gate: {gate.verdict.value} ({stance.value}): {stance.meaning}"]
    if recommendation in (Recommendation.KEEP_SEEKING, Recommendation.DECLINE):
        reasons.extend(text for _, text in gate.conditions)
    demanded = broken if found.counters else set()  # every counter repairs what the offer broke
    for standard in gate.standards:
        if not standard.disproportionate:
            continue
        if standard.id not in demanded and recommendation is not Recommendation.RECONSIDER_STANDARD:
            continue
        check = (
            f"propose the narrower rule {standard.narrower_rule}"
            if standard.over_breadth is not None
            and standard.over_breadth > 0
            and standard.narrower_rule
            else _cheaper_check(loaded, standard.id)
        )
        reasons.append(
            f"standard {standard.id!r} costs {amount(standard.price, unit)} of "
            f"{standard.price_basis} value against {amount(standard.risk_avoided, unit)} of "
            f"expected harm it avoids; cheaper check: {check}"
        )
    return reasons


def tender_reasons(
    loaded: LoadedCase, found: Assessment, recommendation: Recommendation
) -> list[str]:
    """Why a tender's bid gets a best-and-final round or is set aside, with the numbers (ours).

    The words follow ``brightline bids``: the best and final offer goes to every compliant
    bidder at once, with one closing date; the gain the bid needs is ours to know, never theirs.
    """
    unit = loaded.case.case.currency
    if recommendation is Recommendation.BEST_AND_FINAL:
        gain = amount(found.floor - found.ours, unit)
        return [
            "a tender after bid opening: countering one bidder on price treats the bidders "
            "unequally (a bid protest the tender would lose)",
            "ask every bidder whose bid meets every must-have for a best and final offer, by one "
            f"closing date for all: this bid must gain {gain} of value to us to be awardable (a "
            "lower price, or better terms on the scored criteria); keep the must-haves as they "
            "are, and keep the reservation point to ourselves",
        ]
    if recommendation is Recommendation.KNOCK_OUT:
        return [
            "a tender after bid opening: a bid that breaks a must-have is set aside, not "
            "repaired with its bidder alone (that treats the bidders unequally)",
            "the round as a whole decides what follows: an award to the best compliant bid, a "
            "best and final offer from the compliant bidders when they fail on price, or a "
            "re-run of the tender with each must-have stated as pass/fail when none meets them",
        ]
    if recommendation is Recommendation.ACCEPT and found.situation is Situation.BELOW_TARGET:
        return [
            "a tender after bid opening: a compliant bid at or above our floor is awarded as it "
            "stands, never countered alone; award it only if it ranks first among the round's "
            "compliant bids"
        ]
    return []


def _cheaper_check(loaded: LoadedCase, standard_id: str) -> str:
    standard = next(s for s in loaded.case.standards if s.id == standard_id)
    if standard.safeguards:
        named: list[Any] = [loaded.case.safeguard(item) for item in standard.safeguards]
        listed = "; ".join(item.description or item.id for item in named)
        return (
            f"rely on its safeguards to detect the harm instead of excluding the outcome ({listed})"
        )
    return "none in the case: add a safeguard that detects the harm, or drop the standard"


def pending_verifications(loaded: LoadedCase) -> list[Any]:
    """Integrative options we pursue whose compliance cannot be checked yet."""
    from brightline.case.model import OptionStatus

    return [
        option
        for option in loaded.case.integrative_options
        if option.status is OptionStatus.PURSUING and not option.verifiable
    ]
