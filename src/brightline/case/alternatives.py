"""Our alternative and our floor.

The BATNA as costed components, the reservation point, and our estimate of the other side's
alternative.
"""

from __future__ import annotations

import math
from enum import StrEnum

from pydantic import Field, model_validator

from brightline.amounts import quantity
from brightline.case.base import Level, Strict


class ThreePoint(Strict):
    """A low / likely / high estimate."""

    low: float
    likely: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> ThreePoint:
        if not self.low <= self.likely <= self.high:
            raise ValueError(
                f"needs low <= likely <= high, got {quantity(self.low)}, "
                f"{quantity(self.likely)}, {quantity(self.high)}"
            )
        return self


class CostKind(StrEnum):
    """The four kinds of cost a quantified BATNA accounts for."""

    MONEY = "money"
    TIME = "time"
    LEGAL = "legal"
    POLITICAL = "political"


class BatnaComponent(Strict):
    """One part of our alternative's value. Costs are negative. Time is weeks × cost per week."""

    name: str = Field(min_length=1)
    kind: CostKind
    value: ThreePoint | None = Field(None, description="Signed contribution in the case currency.")
    weeks: ThreePoint | None = Field(None, description="For time: weeks of delay.")
    cost_per_week: float | None = Field(None, ge=0, description="For time: cost of one week.")

    @model_validator(mode="after")
    def _quantified(self) -> BatnaComponent:
        if self.value is None and (self.weeks is None or self.cost_per_week is None):
            raise ValueError("give value {low, likely, high}, or weeks and cost_per_week")
        if self.value is not None and self.weeks is not None:
            raise ValueError("give either value or weeks, not both")
        if self.weeks is not None and self.cost_per_week is not None:
            worst = self.weeks.high * self.cost_per_week
            if not math.isfinite(worst):
                raise ValueError(
                    "weeks × cost_per_week is too large to be a number; check both figures"
                )
        return self

    def contribution(self) -> ThreePoint:
        """The signed contribution to the BATNA value in the case currency."""
        if self.value is not None:
            return self.value
        assert self.weeks is not None and self.cost_per_week is not None
        cost = self.cost_per_week
        return ThreePoint(
            low=-self.weeks.high * cost,
            likely=-self.weeks.likely * cost,
            high=-self.weeks.low * cost,
        )


class Batna(Strict):
    """Our best alternative if talks fail, built up from components."""

    description: str = Field(min_length=1)
    components: list[BatnaComponent] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list, description="How we could improve it.")

    @model_validator(mode="after")
    def _summable(self) -> Batna:
        totals = [0.0, 0.0, 0.0]
        for component in self.components:
            part = component.contribution()
            totals = [totals[0] + part.low, totals[1] + part.likely, totals[2] + part.high]
        if not all(math.isfinite(total) for total in totals):
            raise ValueError(
                "the components add up to more than a number can hold; check their magnitudes"
            )
        return self

    def value(self) -> ThreePoint:
        """Sum of the components' contributions (low, likely, high summed separately)."""
        parts = [component.contribution() for component in self.components]
        return ThreePoint(
            low=sum(part.low for part in parts),
            likely=sum(part.likely for part in parts),
            high=sum(part.high for part in parts),
        )


class Reservation(Strict):
    """The worst terms we accept, as value to us."""

    value: float = Field(description="Lowest value to us we accept, in the case currency.")
    pre_committed: bool = Field(False, description="Committed in advance not to cross it?")
    approved_by: str = Field("", description="Who approved the reservation point.")
    rationale: str = Field("", description="Why it sits where it does (costs it must cover).")


class TheirBatna(Strict):
    """Our estimate of the other side's alternative."""

    description: str = ""
    value: float = Field(description="Their reservation value, in their value unit.")
    confidence: Level = Level.MEDIUM
