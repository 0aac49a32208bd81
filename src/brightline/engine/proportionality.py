"""Price, risk avoided and over-breadth of each standard: is holding it worth what it costs?

- Price: the joint value lost by imposing the standard alone, i.e. the best joint value of all
  outcomes minus the best of the outcomes it allows. The maximum joint value lies on the frontier,
  so this is the frontier with versus without the standard. Joint value needs both sides' values in
  one unit; when their unit differs from the currency only our value is counted (``price_basis``).
  Values are additive, so only the component holding the standard's issues changes the maximum.
- Risk avoided: the sum of probability × impact of the harms the standard protects against.
- Over-breadth: among the outcomes the standard excludes, the share that trigger none of those
  harms. Issues that neither the standard nor its harms read multiply both counts alike, so the
  share is counted exactly on the projection onto the issues they read, in vectorised chunks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from brightline.case.model import Case
from brightline.case.validate import LoadedCase
from brightline.engine.space import (
    Component,
    FloatArray,
    IndexArray,
    OutcomeSpace,
    compile_space,
    issue_axis,
    rule_mask,
)
from brightline.errors import UsageError
from brightline.rules import Not, Or, atoms, evaluate, issues_of, to_text

MAX_COUNTED_OUTCOMES = 50_000_000
"""Most combinations of option classes counted for over-breadth (about 1.5 s on one core);
beyond it over-breadth is unknown."""

_CHUNK = 1_000_000


@dataclass(frozen=True, slots=True)
class StandardPrice:
    """What one standard costs and what it buys.

    Attributes:
        id: The standard's id.
        price: Value lost by imposing it (case currency); ``inf`` when no outcome satisfies it,
            NaN when unknown (measured without a compiled space and its issues join more
            combinations than the engine holds; the gate always has a space).
        price_basis: ``joint`` when both values share the currency, else ``ours``.
        unit: The currency of price and risk avoided.
        risk_avoided: Σ probability × impact of the harms it protects against (case currency).
        over_breadth: Share (0 to 1) of the outcomes it excludes that trigger none of its harms;
            None when the projection was too large to count.
        narrower_rule: The rule narrowed to its harms (:func:`narrower_rule`); empty unless
            over-breadth is above 0.
        feasible: Whether any outcome satisfies it (True when the price is unknown).
        protects: The harm ids it cites.
    """

    id: str
    price: float
    price_basis: str
    unit: str
    risk_avoided: float
    over_breadth: float | None
    narrower_rule: str
    feasible: bool
    protects: tuple[str, ...]

    @property
    def priced(self) -> bool:
        """Whether the price is known (finite, or infinite for an infeasible standard)."""
        return not math.isnan(self.price)

    def to_json(self) -> dict[str, object]:
        """Plain JSON numbers: an unknown or infinite price is ``null`` (see ``feasible``)."""
        return {
            "id": self.id,
            "price": self.price if math.isfinite(self.price) else None,
            "price_basis": self.price_basis,
            "unit": self.unit,
            "risk_avoided": self.risk_avoided,
            "over_breadth": self.over_breadth,
        }

    @property
    def excess(self) -> float:
        """How much the price exceeds the risk avoided (negative when proportionate)."""
        return self.price - self.risk_avoided

    @property
    def disproportionate(self) -> bool:
        """It costs more value than the expected harm it avoids (judged only when it cites harms)."""
        return bool(self.protects) and self.feasible and self.price > self.risk_avoided


def price_basis(case: Case) -> str:
    """``joint`` when value to them is in the case currency, else ``ours``."""
    return "joint" if case.case.their_unit == case.case.currency else "ours"


def _basis_values(component: Component, basis: str) -> np.ndarray:
    return component.ours + component.theirs if basis == "joint" else component.ours


def standard_price(space: OutcomeSpace, standard_id: str, basis: str) -> float:
    """Value lost by imposing one standard alone; ``inf`` when nothing satisfies it."""
    position = space.standard_ids.index(standard_id)
    lost = 0.0
    for component in space.components:
        holds = component.satisfies[:, position]
        if holds.all():
            continue
        if not holds.any():
            return math.inf
        values = _basis_values(component, basis)
        lost += float(values.max() - values[holds].max())
    return lost


def over_breadth(loaded: LoadedCase, standard_id: str) -> float | None:
    """Share of the outcomes a standard excludes that trigger none of the harms it cites.

    Counted exactly on the projection onto the issues the standard and its harms read, with one
    more reduction: options of an issue on which every atom of those rules gives the same answer
    are interchangeable for the count, so each issue is cut into such classes and every combination
    of classes is counted once, weighted by how many outcomes it stands for. A numeric issue of
    100,000 grid points read by two thresholds becomes three classes. 0 when the standard excludes
    nothing; None when the combinations of classes exceed :data:`MAX_COUNTED_OUTCOMES`.
    """
    case = loaded.case
    rule = loaded.standard_rules[standard_id]
    standard = next(s for s in case.standards if s.id == standard_id)
    harms = [loaded.harm_rules[h] for h in standard.protects if h in loaded.harm_rules]
    involved = sorted(issues_of(rule).union(*(issues_of(harm) for harm in harms)))
    axes = {issue_id: issue_axis(case, issue_id) for issue_id in involved}
    every_atom = [atom for expression in (rule, *harms) for atom in atoms(expression)]
    representatives: list[IndexArray] = []
    weights: list[FloatArray] = []
    for issue_id in involved:
        axis = axes[issue_id]
        own = [atom for atom in every_atom if atom.issue == issue_id]
        answers = np.array(
            [[evaluate(atom, {issue_id: value}) for atom in own] for value in axis.values],
            dtype=np.bool_,
        )
        _, first, counts = np.unique(answers, axis=0, return_index=True, return_counts=True)
        representatives.append(np.asarray(first, dtype=np.int64))
        weights.append(np.asarray(counts, dtype=np.float64))
    sizes = tuple(part.shape[0] for part in representatives)
    total = math.prod(sizes)
    if total > MAX_COUNTED_OUTCOMES:
        return None
    excluded = 0.0
    harmless = 0.0
    for start in range(0, total, _CHUNK):
        flat = np.arange(start, min(total, start + _CHUNK), dtype=np.int64)
        classes = np.unravel_index(flat, sizes)
        columns = {
            issue_id: representatives[position][classes[position]]
            for position, issue_id in enumerate(involved)
        }
        weight = np.ones(flat.shape[0], dtype=np.float64)
        for position in range(len(involved)):
            weight *= weights[position][classes[position]]
        breaches = ~rule_mask(rule, columns, axes)
        excluded += float(weight[breaches].sum())
        if not breaches.any():
            continue
        harmful = np.zeros(flat.shape[0], dtype=np.bool_)
        for harm in harms:
            harmful |= rule_mask(harm, columns, axes)
        harmless += float(weight[breaches & ~harmful].sum())
    return harmless / excluded if excluded else 0.0


def narrower_rule(loaded: LoadedCase, standard_id: str) -> str:
    """The standard narrowed to its risk: ``(rule) or not (harm1 or harm2 ...)``.

    It allows everything the rule allowed plus every outcome that triggers none of the cited
    harms, so it forbids exactly the outcomes the rule forbade *and* that trigger a harm: it never
    forbids an outcome the rule allowed (``not (harms)`` alone would). Empty when the standard
    cites no parsed harm.
    """
    standard = next(s for s in loaded.case.standards if s.id == standard_id)
    harms = [loaded.harm_rule_as_written(h) for h in standard.protects if h in loaded.harm_rules]
    unique = list({to_text(harm): harm for harm in harms}.values())
    if not unique:
        return ""
    harmful = unique[0] if len(unique) == 1 else Or(tuple(unique), 0)
    return to_text(Or((loaded.rule_as_written(standard_id), Not(harmful, 0)), 0))


def measure_standard(
    loaded: LoadedCase, standard_id: str, space: OutcomeSpace | None = None
) -> StandardPrice:
    """All measures of one standard.

    Args:
        loaded: The case.
        standard_id: A standard whose rule parsed.
        space: A space that compiled this standard. When None it is compiled for this standard
            alone; if its issues then join more combinations than the engine holds, the price is
            NaN (unknown) and the other measures are still given.
    """
    case = loaded.case
    if space is None or standard_id not in space.standard_ids:
        try:
            space = compile_space(loaded, [standard_id])
        except UsageError:
            space = None
    standard = next(s for s in case.standards if s.id == standard_id)
    basis = price_basis(case)
    price = math.nan if space is None else standard_price(space, standard_id, basis)
    risk = sum(case.harm(h).expected_loss for h in standard.protects)
    if not math.isfinite(risk):
        raise UsageError(
            f"the expected losses of the harms standard {standard_id!r} protects against add up "
            "beyond the largest representable number; express impacts in a larger unit"
        )
    breadth = over_breadth(loaded, standard_id)
    return StandardPrice(
        standard_id,
        price,
        basis,
        case.case.currency,
        risk,
        breadth,
        narrower_rule(loaded, standard_id) if breadth else "",
        not math.isinf(price),
        tuple(standard.protects),
    )


def measure_standards(
    loaded: LoadedCase, space: OutcomeSpace | None = None
) -> tuple[StandardPrice, ...]:
    """Measures of every standard whose rule parsed, in case order.

    With a space (the gate's, all standards compiled) each standard is priced on it; without one
    (the lint) each is measured on a space compiled for it alone, so one standard too large for the
    engine leaves only its own price unknown.
    """
    standard_ids = space.standard_ids if space is not None else tuple(loaded.standard_rules)
    return tuple(measure_standard(loaded, standard_id, space) for standard_id in standard_ids)
