"""The economics of one case: BATNA costing, hold-versus-cave and deterrence, with the mapping shown.

:func:`analyse_case` is the use case behind ``brightline economics CASE`` and the plan's economics
section. It never guesses silently: every number it uses is an :class:`~.mapping.Input` with its
source (``economics.<field>`` when typed into the case, otherwise the rule that derived it), and a
part that lacks what it needs is skipped with a note saying what to add.
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.amounts import amount
from brightline.case.economics import EconomicsAssumptions
from brightline.case.model import Bearer, Offer
from brightline.case.validate import LoadedCase
from brightline.economics import deterrence as closed_forms
from brightline.economics.costing import BatnaCosting, cost_batna
from brightline.economics.deterrence import Deterrence, Game
from brightline.economics.hold_or_cave import HoldOrCave, HoldOrCaveInputs, compare
from brightline.economics.mapping import (
    WALK_PROBABILITY,
    Input,
    Repair,
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
    counted_harms: tuple[str, ...] = ()


class _Resolver:
    """Resolves each model number from the ``economics:`` section or its default, recording both."""

    def __init__(self, assumed: EconomicsAssumptions) -> None:
        self.assumed = assumed
        self.items: list[Input] = []

    def typed(self, key: str) -> float | None:
        """The value typed into ``economics.<key>``, or None."""
        if key not in self.assumed.model_fields_set:
            return None
        value = getattr(self.assumed, key)
        return None if value is None else float(value)

    def resolve(self, key: str, default: float | None, reason: str) -> tuple[float | None, str]:
        """(value, source): the typed value if any, else the default with its reason."""
        value = self.typed(key)
        if value is not None:
            return value, f"economics.{key}"
        return default, reason

    def record(self, symbol: str, name: str, value: float, unit: str, source: str) -> None:
        """Keep a number for the mapping table."""
        self.items.append(Input(name, symbol, value, unit, source))


def _harm_exposure(
    loaded: LoadedCase, harm_ids: list[str], offer: Offer | None
) -> tuple[float, list[str]]:
    """Σ probability × impact of the harms we bear that the offer lets happen (all, without one)."""
    case = loaded.case
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
    return exposure, counted


def _describe(offer: Offer | None, repair: Repair | None) -> tuple[str, str]:
    offer_text = f"their offer {offer.id!r}" if offer is not None else ""
    repaired = ""
    if repair is not None:
        repaired = f"{offer_text} repaired on {', '.join(repair.changed) or 'no issue'}"
    return offer_text, repaired


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
    resolver = _Resolver(assumptions_of(case))
    standards = modelled_standards(loaded)
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
    offer_text, repaired_text = _describe(offer, repair)
    relationship = info.relationship

    deals_value, deals_source = resolver.resolve(
        "precedent_deals",
        relationship.expected_future_deals,
        "case.relationship.expected_future_deals",
    )
    deals = int(deals_value or 0)
    delta_value, delta_source = resolver.resolve(
        "discount_factor",
        deals / (deals + 1.0),
        f"m/(m+1) with m = {deals} expected future deals (geometric continuation)",
    )
    delta = float(delta_value or 0.0)

    # --- deterrence: the case as a repeated game --------------------------------------------
    temptation, test_source = resolver.resolve(
        "their_test_value",
        value_to_them(case, dict(offer.outcome)) if offer is not None else None,
        f"value to them of {offer_text}",
    )
    reward, reward_source = resolver.resolve(
        "their_deal_value",
        value_to_them(case, repair.outcome) if repair is not None else None,
        repaired_text,
    )
    walk_away, walk_source = resolver.resolve(
        "their_walk_away_value",
        case.their_batna.value if case.their_batna is not None else None,
        "their_batna.value",
    )
    p_default, q_default, monitoring_reason = monitoring_defaults(case, standards)
    false_alarm, false_source = resolver.resolve(
        "false_alarm_probability", p_default, monitoring_reason
    )
    detection, detection_source = resolver.resolve(
        "detection_probability", q_default, monitoring_reason
    )
    analysis: Deterrence | None = None
    if temptation is not None and reward is not None and walk_away is not None:
        sucker, sucker_source = resolver.resolve(
            "their_sucker_value",
            walk_away - (reward - walk_away),
            "P minus their walk-away cost (R − P)",
        )
        assert sucker is not None
        resolver.record(
            "T", "their value if they test and we cave", temptation, theirs, test_source
        )
        resolver.record("R", "their value of the compliant deal", reward, theirs, reward_source)
        resolver.record("P", "their value when talks end", walk_away, theirs, walk_source)
        resolver.record(
            "S", "their value if they comply and we walk", sucker, theirs, sucker_source
        )
        game = Game(
            temptation,
            reward,
            walk_away,
            sucker,
            delta,
            float(false_alarm or 0.0),
            float(detection or 0.0),
        )
        try:
            analysis = closed_forms.analyse(game, resolver.assumed.punishment_deals)
        except UsageError as problem:
            notes.append(f"Deterrence not computed: {problem}.{_payoff_advice(game, theirs)}")
    else:
        notes.append(
            "Deterrence not computed: needs T (a received offer or economics.their_test_value), "
            "R (a repairable offer or economics.their_deal_value) and P (their_batna or "
            "economics.their_walk_away_value)."
        )
    resolver.record(
        "δ", "weight of the next deal (discount × continuation)", delta, "per deal", delta_source
    )
    resolver.record(
        "p",
        "false-alarm probability of our check",
        float(false_alarm or 0.0),
        "probability",
        false_source,
    )
    resolver.record(
        "q",
        "detection probability of our check",
        float(detection or 0.0),
        "probability",
        detection_source,
    )

    # --- hold versus cave -------------------------------------------------------------------
    deal, deal_source = resolver.resolve(
        "deal_value",
        value_to_us(case, dict(offer.outcome)) if offer is not None else None,
        f"value to us of {offer_text}",
    )
    compliant, compliant_source = resolver.resolve(
        "compliant_value",
        value_to_us(case, repair.outcome) if repair is not None else reservation,
        repaired_text or "reservation.value (no repairable offer)",
    )
    harm_ids = sorted({harm for standard in standards for harm in standard.protects})
    exposure, counted = _harm_exposure(loaded, harm_ids, offer)
    exposure_source = "Σ probability × impact of " + (", ".join(counted) or "no harm")
    if offer is not None:
        exposure_source += f" (harms {offer_text} lets happen, borne by us or both)"
    effect, effect_source = _deterrence_effect(
        resolver.typed("deterrence_effect"), analysis, relationship.deterrent_benefit
    )
    walk, walk_source = resolver.resolve(
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
        inputs = HoldOrCaveInputs(
            deal_value=deal,
            compliant_value=compliant,
            batna_value=batna_likely,
            walk_probability=float(walk or 0.0),
            delay_cost=resolver.assumed.delay_weeks * resolver.assumed.cost_per_week,
            harm_exposure=exposure,
            concession_cost=resolver.assumed.concession_cost,
            precedent_deals=deals,
            precedent_probability=resolver.assumed.precedent_probability,
            retest_probability=resolver.assumed.retest_probability,
            discount_factor=delta,
            deterrence_effect=effect,
        )
        _record_hold_or_cave(
            resolver,
            inputs,
            money,
            sources={
                "deal": deal_source,
                "compliant": compliant_source,
                "w": walk_source,
                "H": exposure_source,
                "m": deals_source,
                "d": effect_source,
            },
        )
        try:
            hold_or_cave = compare(inputs)
        except UsageError as problem:
            notes.append(f"Hold-versus-cave not computed: {problem}.")
    return CaseEconomics(
        costing, hold_or_cave, analysis, tuple(resolver.items), tuple(notes), tuple(counted)
    )


def _payoff_advice(game: Game, unit: str) -> str:
    """What to change in the case when the payoffs it maps to are not a prisoner's dilemma."""
    order = closed_forms.payoff_order(game)
    if order is closed_forms.PayoffOrder.WALKING_AWAY_PREFERRED:
        return (
            f" In this case their compliant deal is worth {amount(game.reward, unit)} to them and "
            f"ending talks {amount(game.punishment, unit)}. To make a threat matter, offer a "
            "compliant deal they value above their alternative (a better trade on the issues the "
            "standards do not read), or correct the estimates if they are wrong (their_batna.value, "
            "or economics.their_deal_value and economics.their_walk_away_value). Until then, "
            "decide on the hold-versus-cave numbers alone: holding cannot rely on deterrence."
        )
    if order is closed_forms.PayoffOrder.NO_SUCKER_LOSS:
        return " Set economics.their_sucker_value below their walk-away value."
    return ""


def _source(resolver: _Resolver, key: str, default_text: str) -> str:
    if key in resolver.assumed.model_fields_set:
        return f"economics.{key}"
    return f"{default_text} (set economics.{key} to change)"


def _record_hold_or_cave(
    resolver: _Resolver, inputs: HoldOrCaveInputs, money: str, sources: dict[str, str]
) -> None:
    delay_keys = {"delay_weeks", "cost_per_week"} & resolver.assumed.model_fields_set
    delay_source = (
        "economics.delay_weeks × economics.cost_per_week"
        if delay_keys
        else "no delay given (set economics.delay_weeks and cost_per_week)"
    )
    rows: list[tuple[str, str, float, str, str]] = [
        ("deal", "value to us if we cave", inputs.deal_value, money, sources["deal"]),
        (
            "compliant",
            "value to us of the compliant deal",
            inputs.compliant_value,
            money,
            sources["compliant"],
        ),
        ("BATNA", "BATNA (likely)", inputs.batna_value, money, "batna components, likely values"),
        ("w", "chance they walk if we hold", inputs.walk_probability, "probability", sources["w"]),
        ("delay", "delay cost of holding", inputs.delay_cost, money, delay_source),
        ("H", "harm exposure per conceded deal", inputs.harm_exposure, money, sources["H"]),
        (
            "C",
            "direct concession cost per deal",
            inputs.concession_cost,
            money,
            _source(resolver, "concession_cost", "default 0"),
        ),
        (
            "m",
            "deals the concession would set the reference for",
            inputs.precedent_deals,
            "deals",
            sources["m"],
        ),
        (
            "q_prec",
            "chance the concession becomes the reference",
            inputs.precedent_probability,
            "probability",
            _source(resolver, "precedent_probability", "default 0.5"),
        ),
        (
            "r",
            "chance they test the rule again per deal",
            inputs.retest_probability,
            "probability",
            _source(resolver, "retest_probability", "default 0.5"),
        ),
        (
            "d",
            "share of future tests holding prevents",
            inputs.deterrence_effect,
            "share",
            sources["d"],
        ),
    ]
    for symbol, name, value, unit, source in rows:
        resolver.record(symbol, name, value, unit, source)


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
