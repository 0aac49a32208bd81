"""The economics of one case: BATNA costing, hold-versus-cave and deterrence, with the mapping shown.

:func:`analyse_case` is the use case behind ``brightline economics CASE`` and the plan's economics
section. It never guesses silently: every number it uses is an :class:`~.mapping.Input` with its
source, and a part that lacks what it needs is skipped with a note saying what to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brightline.case.model import Bearer
from brightline.case.validate import LoadedCase
from brightline.economics import deterrence as closed_forms
from brightline.economics.costing import BatnaCosting, cost_batna
from brightline.economics.deterrence import Deterrence, Game
from brightline.economics.hold_or_cave import HoldOrCave, HoldOrCaveInputs, compare
from brightline.economics.mapping import (
    WALK_PROBABILITY,
    Input,
    assumptions_of,
    latest_received_offer,
    modelled_standards,
    monitoring_defaults,
    repair_offer,
    value_to_them,
    value_to_us,
)
from brightline.errors import UsageError
from brightline.rules import evaluate


@dataclass(frozen=True, slots=True)
class CaseEconomics:
    """Everything the economics capability says about a case.

    Attributes:
        costing: BATNA distribution and tornado, None without BATNA components.
        hold_or_cave: The comparison, None when the deal value is unknown.
        deterrence: The closed forms for the mapped game, None when the game is not a dilemma.
        inputs: Every number used, with unit and source, in the order of the docs.
        notes: What was skipped and why, what to add to the case to get it.
        counted_harms: Harm ids whose exposure was counted (borne by us or both sides).
    """

    costing: BatnaCosting | None
    hold_or_cave: HoldOrCave | None
    deterrence: Deterrence | None
    inputs: tuple[Input, ...]
    notes: tuple[str, ...] = ()
    counted_harms: tuple[str, ...] = field(default=())


class _Inputs:
    """Collects model numbers and their sources as they are resolved."""

    def __init__(self) -> None:
        self.items: list[Input] = []

    def add(self, name: str, symbol: str, value: float, unit: str, source: str) -> float:
        self.items.append(Input(name, symbol, value, unit, source))
        return value


def _pick(given: float | None, key: str, default: float, reason: str) -> tuple[float, str]:
    if given is not None:
        return given, f"economics.{key}"
    return default, reason


def analyse_case(loaded: LoadedCase, *, seed: int = 0) -> CaseEconomics:
    """Run BATNA costing, hold-versus-cave and the deterrence closed forms on a case.

    Args:
        loaded: A validated case.
        seed: Seed of the BATNA sampler (percentiles are reproducible for a given seed).

    Raises:
        UsageError: if ``economics.standards`` names a standard the case does not have.
    """
    case = loaded.case
    info = case.case
    money, theirs = info.currency, info.their_unit
    assumed = assumptions_of(case)
    standards = modelled_standards(loaded)
    numbers = _Inputs()
    notes: list[str] = []

    costing = None
    reservation = case.reservation.value if case.reservation is not None else None
    if case.batna is not None and case.batna.components:
        costing = cost_batna(case.batna, reservation, seed=seed)
    else:
        notes.append("No BATNA components: add batna.components to cost the alternative.")
    batna_likely = case.batna.value().likely if case.batna is not None else 0.0

    offer = latest_received_offer(case)
    repair = repair_offer(loaded, offer, standards) if offer is not None else None
    offer_text = f"their offer {offer.id!r}" if offer is not None else ""
    repaired_text = (
        f"{offer_text} repaired on {', '.join(repair.changed) or 'no issue'}" if repair else ""
    )

    # --- hold versus cave -------------------------------------------------------------------
    deal: float | None = assumed.deal_value
    deal_source = "economics.deal_value"
    if deal is None and offer is not None:
        deal, deal_source = value_to_us(case, dict(offer.outcome)), f"value to us of {offer_text}"
    compliant: float | None = assumed.compliant_value
    compliant_source = "economics.compliant_value"
    if compliant is None and repair is not None:
        compliant, compliant_source = value_to_us(case, repair.outcome), repaired_text
    if compliant is None and reservation is not None:
        compliant, compliant_source = reservation, "reservation.value (no repairable offer)"

    relationship = info.relationship
    deals = (
        assumed.precedent_deals
        if assumed.precedent_deals is not None
        else relationship.expected_future_deals
    )
    deals_source = (
        "economics.precedent_deals"
        if assumed.precedent_deals is not None
        else "case.relationship.expected_future_deals"
    )
    delta, delta_source = _pick(
        assumed.discount_factor,
        "discount_factor",
        deals / (deals + 1.0),
        f"m/(m+1) with m = {deals} expected future deals (geometric continuation)",
    )

    harm_ids = sorted({harm for standard in standards for harm in standard.protects})
    counted: list[str] = []
    exposure = 0.0
    for harm_id in harm_ids:
        harm = case.harm(harm_id)
        if harm.bears not in (Bearer.US, Bearer.BOTH):
            continue
        rule = loaded.harm_rules.get(harm_id)
        if offer is not None and rule is not None and not evaluate(rule, dict(offer.outcome)):
            continue
        counted.append(harm_id)
        exposure += harm.expected_loss
    exposure_source = (
        "Σ probability × impact of " + (", ".join(counted) if counted else "no harm")
    ) + (f" (harms {offer_text} lets happen, borne by us or both)" if offer else "")

    # --- deterrence mapping -----------------------------------------------------------------
    game: Game | None = None
    analysis: Deterrence | None = None
    temptation, reward = assumed.their_test_value, assumed.their_deal_value
    test_source, reward_source = "economics.their_test_value", "economics.their_deal_value"
    if temptation is None and offer is not None:
        temptation, test_source = (
            value_to_them(case, dict(offer.outcome)),
            f"value to them of {offer_text}",
        )
    if reward is None and repair is not None:
        reward, reward_source = value_to_them(case, repair.outcome), repaired_text
    walk_away = assumed.their_walk_away_value
    walk_source = "economics.their_walk_away_value"
    if walk_away is None and case.their_batna is not None:
        walk_away, walk_source = case.their_batna.value, "their_batna.value"
    p_default, q_default, monitoring_reason = monitoring_defaults(case, standards)
    false_alarm, false_source = _pick(
        assumed.false_alarm_probability, "false_alarm_probability", p_default, monitoring_reason
    )
    detection, detection_source = _pick(
        assumed.detection_probability, "detection_probability", q_default, monitoring_reason
    )
    if temptation is not None and reward is not None and walk_away is not None:
        sucker, sucker_source = _pick(
            assumed.their_sucker_value,
            "their_sucker_value",
            walk_away - (reward - walk_away),
            "P minus their walk-away cost (R − P)",
        )
        numbers.add("their value if they test and we cave", "T", temptation, theirs, test_source)
        numbers.add("their value of the compliant deal", "R", reward, theirs, reward_source)
        numbers.add("their value when talks end", "P", walk_away, theirs, walk_source)
        numbers.add("their value if they comply and we walk", "S", sucker, theirs, sucker_source)
        game = Game(temptation, reward, walk_away, sucker, delta, false_alarm, detection)
        try:
            analysis = closed_forms.analyse(game, assumed.punishment_deals)
        except UsageError as problem:
            notes.append(f"Deterrence not computed: {problem}.")
    else:
        notes.append(
            "Deterrence not computed: needs T (a received offer or economics.their_test_value), "
            "R (a repairable offer or economics.their_deal_value) and P (their_batna)."
        )
    numbers.add(
        "weight of the next deal (discount × continuation)", "δ", delta, "per deal", delta_source
    )
    numbers.add(
        "false-alarm probability of our check", "p", false_alarm, "probability", false_source
    )
    numbers.add(
        "detection probability of our check", "q", detection, "probability", detection_source
    )

    deterrence_effect, effect_source = _deterrence_effect(
        assumed.deterrence_effect, analysis, relationship.deterrent_benefit
    )
    walk, walk_reason = _pick(
        assumed.walk_probability,
        "walk_probability",
        WALK_PROBABILITY[relationship.fragility],
        f"default for {relationship.fragility.value} fragility",
    )
    hold_or_cave = None
    if deal is None or compliant is None:
        notes.append(
            "Hold-versus-cave not computed: needs the deal value (a received offer or "
            "economics.deal_value) and the compliant value (a repairable offer, "
            "economics.compliant_value or reservation.value)."
        )
    else:
        numbers.add("value to us if we cave", "deal", deal, money, deal_source)
        numbers.add(
            "value to us of the compliant deal", "compliant", compliant, money, compliant_source
        )
        numbers.add(
            "BATNA (likely)", "BATNA", batna_likely, money, "batna components, likely values"
        )
        numbers.add("chance they walk if we hold", "w", walk, "probability", walk_reason)
        numbers.add(
            "delay cost of holding",
            "delay",
            assumed.delay_weeks * assumed.cost_per_week,
            money,
            "economics.delay_weeks × economics.cost_per_week",
        )
        numbers.add("harm exposure per conceded deal", "H", exposure, money, exposure_source)
        numbers.add(
            "direct concession cost per deal",
            "C",
            assumed.concession_cost,
            money,
            "economics.concession_cost",
        )
        numbers.add(
            "deals the concession would set the reference for", "m", deals, "deals", deals_source
        )
        numbers.add(
            "chance the concession becomes the reference",
            "q_prec",
            assumed.precedent_probability,
            "probability",
            "economics.precedent_probability",
        )
        numbers.add(
            "chance they test the rule again per deal",
            "r",
            assumed.retest_probability,
            "probability",
            "economics.retest_probability",
        )
        numbers.add(
            "share of future tests holding prevents", "d", deterrence_effect, "share", effect_source
        )
        hold_or_cave = compare(
            HoldOrCaveInputs(
                deal_value=deal,
                compliant_value=compliant,
                batna_value=batna_likely,
                walk_probability=walk,
                delay_cost=assumed.delay_weeks * assumed.cost_per_week,
                harm_exposure=exposure,
                concession_cost=assumed.concession_cost,
                precedent_deals=deals,
                precedent_probability=assumed.precedent_probability,
                retest_probability=assumed.retest_probability,
                discount_factor=delta,
                deterrence_effect=deterrence_effect,
            )
        )
    return CaseEconomics(
        costing, hold_or_cave, analysis, tuple(numbers.items), tuple(notes), tuple(counted)
    )


def _deterrence_effect(
    given: float | None, analysis: Deterrence | None, deterrent_benefit: bool
) -> tuple[float, str]:
    if given is not None:
        return given, "economics.deterrence_effect"
    if not deterrent_benefit:
        return 0.0, "case.relationship.deterrent_benefit is false"
    if analysis is None:
        return 0.0, "deterrence could not be computed"
    if analysis.deterred:
        return 1.0, "the deterrence test passes"
    return 0.0, "the deterrence test fails"
