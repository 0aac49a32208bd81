"""The case document: everything Brightline knows about one negotiation.

The pydantic models *are* the file format (YAML on disk, JSON Schema for editors). They forbid
unknown keys so a typo is reported instead of silently ignored. Cross-references (rules naming
issues, standards protecting harms, ids used twice) are checked in :mod:`brightline.case.validate`
so that every problem of a file can be reported at once with its location.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from brightline.amounts import quantity
from brightline.case.alternatives import (
    Batna as Batna,
)
from brightline.case.alternatives import (
    BatnaComponent as BatnaComponent,
)
from brightline.case.alternatives import (
    CostKind as CostKind,
)
from brightline.case.alternatives import (
    Reservation as Reservation,
)
from brightline.case.alternatives import (
    TheirBatna as TheirBatna,
)
from brightline.case.alternatives import (
    ThreePoint as ThreePoint,
)
from brightline.case.base import FORMAT_VERSION as FORMAT_VERSION
from brightline.case.base import Binds as Binds
from brightline.case.base import Identifier as Identifier
from brightline.case.base import Level as Level
from brightline.case.base import OptionValue as OptionValue
from brightline.case.base import Strict as Strict
from brightline.case.contingent import ContingentOption as ContingentOption
from brightline.case.economics import EconomicsAssumptions
from brightline.case.safeguards import Safeguard as Safeguard
from brightline.case.safeguards import SafeguardKind as SafeguardKind
from brightline.case.terms import BidCriterion as BidCriterion
from brightline.case.terms import BidsSetup as BidsSetup
from brightline.case.terms import Direction as Direction
from brightline.case.terms import Incumbent as Incumbent
from brightline.case.terms import IntegrativeOption as IntegrativeOption
from brightline.case.terms import Offer as Offer
from brightline.case.terms import OptionStatus as OptionStatus
from brightline.case.terms import Tradeable as Tradeable
from brightline.case.terms import TradeableKind as TradeableKind
from brightline.rules import IssueSignature


class Context(StrEnum):
    """The kind of negotiation; it selects starter templates, phrases and default playbooks."""

    SALES = "sales"
    PARTNERSHIP = "partnership"
    PROCUREMENT = "procurement"
    HIRING = "hiring"
    LEADERSHIP = "leadership"


class Stage(StrEnum):
    """Where the negotiation stands, in the order it moves through."""

    PREPARATION = "preparation"
    OPENING = "opening"
    EARLY = "early"
    MIDGAME = "midgame"
    LATE = "late"
    CLOSED = "closed"

    @property
    def order(self) -> int:
        """Position in the sequence, so stages compare by time."""
        return list(Stage).index(self)


class Directness(StrEnum):
    """How explicitly the other side's culture states rules and refusals."""

    DIRECT = "direct"
    MIXED = "mixed"
    INDIRECT = "indirect"


class Culture(Strict):
    """How the other side communicates; drives face-saving language and documentation needs."""

    directness: Directness = Directness.MIXED
    power_distance: Level = Level.MEDIUM
    face_saving: list[str] = Field(
        default_factory=list,
        description="Face-saving choices we can offer (a pause framed as joint, a neutral "
        "reviewer). Shown to the other side: the pause and walk-away records quote the first.",
    )
    escalation_steps: list[str] = Field(
        default_factory=list,
        description="Graduated steps before a walk-away, in order (needed for indirect "
        "cultures). Shown to the other side: the pause and walk-away records propose the first.",
    )
    notes: str = ""


class Relationship(Strict):
    """The relationship the deal sits in: whether a hard stance can deter, and what it can break."""

    repeated: bool = Field(False, description="Will these parties deal again?")
    fragility: Level = Field(Level.MEDIUM, description="How easily mutual pain would break it.")
    expected_future_deals: int = Field(
        0, ge=0, le=10_000, description="Deals expected over the relationship."
    )
    deterrent_benefit: bool = Field(
        False, description="Would holding the rule now change how they behave in later deals?"
    )
    legal_duty_to_accommodate: bool = Field(
        False,
        description="A law or regulation obliges us to keep seeking accommodation (e.g. disability "
        "adjustments): a lose-lose stance is then not available.",
    )


class CaseInfo(Strict):
    """Identity and setting of the case."""

    id: Identifier
    title: str = Field(min_length=1)
    context: Context
    stage: Stage = Stage.PREPARATION
    currency: str = Field("EUR", description="Unit of value to us, BATNA, harms and costs.")
    their_value_unit: str = Field(
        "",
        description="Unit of the estimated value to them; empty means the same as currency.",
    )
    culture: Culture = Field(default_factory=Culture)
    relationship: Relationship = Field(default_factory=Relationship)

    @property
    def their_unit(self) -> str:
        """The unit of value to them, defaulting to the currency."""
        return self.their_value_unit or self.currency


class Stakeholder(Strict):
    """A person or body on a side, mapped for the counterparty map."""

    name: str = Field(min_length=1)
    role: str = ""
    decision_maker: bool = False
    must_justify: str = Field("", description="What they must justify internally if talks end.")
    bears_reputation_risk: bool = False


class Party(Strict):
    """One side of the table."""

    name: str = Field(
        min_length=1,
        description="Shown to the other side: counterpart documents name both sides by it "
        "(a re-bid specification, sent to every bidder, says 'each bidder' instead).",
    )
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    approval_path: list[str] = Field(default_factory=list, description="Who signs off, in order.")
    public_optics: str = Field("", description="How a deal or a walk-away will look in public.")


class Parties(Strict):
    """Us and them."""

    us: Party
    them: Party


class Dimension(StrEnum):
    """What an issue is about; MESO offers spread across dimensions."""

    SCOPE = "scope"
    TIMING = "timing"
    VERIFICATION = "verification"
    PRICE = "price"
    TERMS = "terms"


class Priority(StrEnum):
    """How much an issue matters to us."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Option(Strict):
    """One choice for a discrete issue, with its value to each side (additive across issues)."""

    id: OptionValue = Field(description="The option's name or number, as rules refer to it.")
    label: str = ""
    ours: float = Field(description="Value to us, in the case currency.")
    theirs: float = Field(0.0, description="Estimated value to them, in their value unit.")


class NumericRange(Strict):
    """A numeric issue's range and the grid its values are chosen on."""

    min: float
    max: float
    step: float = Field(gt=0)
    unit: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> NumericRange:
        if self.max < self.min:
            raise ValueError(
                f"max {quantity(self.max)} is below min {quantity(self.min)}; swap them"
            )
        if (self.max - self.min) / self.step > 100_000:
            raise ValueError("grid has more than 100,000 points; use a coarser step")
        return self

    def grid(self) -> tuple[float, ...]:
        """Grid points from min to max inclusive (max is added when the step does not reach it)."""
        return _grid(self.min, self.max, self.step)


@functools.lru_cache(maxsize=256)
def _grid(low: float, high: float, step: float) -> tuple[float, ...]:
    """The grid of a range, computed once per (min, max, step).

    A 100,001-point grid takes a fifth of a second to build, and the loader, the rules and the
    engine all ask for it.
    """
    count = int((high - low) / step + 1e-9)
    points = [low + index * step for index in range(count + 1)]
    if points[-1] < high - 1e-9:
        points.append(high)
    return tuple(round(point, 10) for point in points)


ValueCurve = list[tuple[float, float]]


def interpolate(curve: ValueCurve, at: float) -> float:
    """Piecewise-linear value at a point; flat beyond the first and last anchors."""
    if at <= curve[0][0]:
        return curve[0][1]
    for (left_x, left_y), (right_x, right_y) in itertools.pairwise(curve):
        if at <= right_x:
            if right_x == left_x:
                return right_y
            return left_y + (right_y - left_y) * (at - left_x) / (right_x - left_x)
    return curve[-1][1]


def _check_curve(curve: ValueCurve, name: str) -> None:
    xs = [x for x, _ in curve]
    if xs != sorted(xs):
        raise ValueError(f"{name} anchors must be in increasing order of the issue value")


class DiscreteIssue(Strict):
    """An issue settled by picking one named or numbered option."""

    kind: Literal["discrete"] = "discrete"
    id: Identifier
    name: str = ""
    dimension: Dimension
    priority: Priority | None = None
    options: list[Option] = Field(min_length=1)
    contingent: list[ContingentOption] = Field(
        default_factory=list,
        description="Options that settle on a condition: one option if it passes, another if not.",
    )

    def signature(self) -> IssueSignature:
        """What the rule checker needs to know: rules name the plain options only."""
        return IssueSignature(numeric=False, options=tuple(option.id for option in self.options))

    def values(self) -> tuple[OptionValue, ...]:
        """Every choice, in file order: the plain options, then the contingent ones."""
        return tuple(option.id for option in self.options) + tuple(
            term.id for term in self.contingent
        )

    def value_to_us(self, choice: OptionValue) -> float:
        """Value to us of one choice; a contingent one is worth our expectation of it."""
        term = self.contingent_option(choice)
        if term is not None:
            return term.expectation(
                self._option(term.if_pass).ours,
                self._option(term.if_fail).ours,
                term.probability.ours,
            )
        return self._option(choice).ours

    def value_to_them(self, choice: OptionValue) -> float:
        """Estimated value to them of one choice; a contingent one at their estimated odds."""
        term = self.contingent_option(choice)
        if term is not None:
            return term.expectation(
                self._option(term.if_pass).theirs,
                self._option(term.if_fail).theirs,
                term.probability.theirs,
            )
        return self._option(choice).theirs

    def label_of(self, choice: OptionValue) -> str:
        """The label written for a choice, plain or contingent; empty when it has none."""
        term = self.contingent_option(choice)
        if term is not None:
            return term.label
        option = next((o for o in self.options if str(o.id) == str(choice)), None)
        return option.label if option is not None else ""

    def contingent_option(self, choice: OptionValue) -> ContingentOption | None:
        """The contingent option of that name, or None for a plain option."""
        for term in self.contingent:
            if term.id == choice or term.id == str(choice):
                return term
        return None

    def _option(self, choice: OptionValue) -> Option:
        for option in self.options:
            if option.id == choice or str(option.id) == str(choice):
                return option
        raise KeyError(f"{self.id} has no option {choice!r}")


class NumericIssue(Strict):
    """An issue settled by a number on a grid (price, weeks, volume cap)."""

    kind: Literal["numeric"] = "numeric"
    id: Identifier
    name: str = ""
    dimension: Dimension
    priority: Priority | None = None
    range: NumericRange
    ours: ValueCurve = Field(
        min_length=1,
        description="Value to us as [issue value, value] anchors, linear in between.",
    )
    theirs: ValueCurve = Field(
        default_factory=lambda: [(0.0, 0.0)],
        description="Estimated value to them as [issue value, value] anchors.",
    )

    @model_validator(mode="after")
    def _curves_sorted(self) -> NumericIssue:
        _check_curve(self.ours, "ours")
        _check_curve(self.theirs, "theirs")
        return self

    def signature(self) -> IssueSignature:
        """What the rule checker needs to know."""
        return IssueSignature(numeric=True, options=self.range.grid())

    def values(self) -> tuple[float, ...]:
        """Every grid point."""
        return self.range.grid()

    def value_to_us(self, choice: OptionValue) -> float:
        """Value to us at a number."""
        return interpolate(self.ours, float(choice))

    def value_to_them(self, choice: OptionValue) -> float:
        """Estimated value to them at a number."""
        return interpolate(self.theirs, float(choice))


Issue = Annotated[DiscreteIssue | NumericIssue, Field(discriminator="kind")]


class SourceKind(StrEnum):
    """Where a standard comes from; only external sources make a fairness story."""

    LAW = "law"
    REGULATION = "regulation"
    FRAMEWORK = "framework"
    CONTRACT = "contract"
    BENCHMARK = "benchmark"
    POLICY = "policy"
    PREFERENCE = "preference"

    @property
    def external(self) -> bool:
        """Whether a neutral party could check the source without taking our word for it."""
        return self is not SourceKind.PREFERENCE


class Source(Strict):
    """The external criterion behind a standard."""

    kind: SourceKind
    reference: str = Field(min_length=1, description="Citation: article, clause, control id, URL.")


class Verifier(Strict):
    """Who checks compliance, and when."""

    who: str = Field(min_length=1, description="A named person, role or independent body.")
    when: str = Field(min_length=1, description="When or how often (e.g. 'before go-live').")


class Standard(Strict):
    """A must-have: a rule the deal must satisfy, with the source and evidence that justify it."""

    id: Identifier
    name: str = ""
    rule: str = Field(min_length=1, description="Rule every acceptable outcome satisfies.")
    source: Source | None = None
    evidence: list[str] = Field(
        default_factory=list,
        description=(
            "Documents, benchmarks and cost figures that back the rule. Sent to the other side "
            "word for word when the standard is published: list only what you would show them."
        ),
    )
    verifier: Verifier | None = Field(None, description="Who checks compliance, and when.")
    narrative: str = Field(
        "",
        description=(
            "Why a loss now avoids a bigger loss later. Sent to the other side word for word "
            "when the standard is published."
        ),
    )
    published: bool = Field(
        False,
        description=(
            "Shown to the other side at the opening? A published standard's source, evidence, "
            "verifier and narrative go into every document for them (its requirement always does)."
        ),
    )
    protects: list[Identifier] = Field(default_factory=list, description="Harm ids it avoids.")
    safeguards: list[Identifier] = Field(default_factory=list, description="Safeguard ids.")
    binds: Binds = Binds.BOTH


class Bearer(StrEnum):
    """Who bears a harm when it happens."""

    US = "us"
    THEM = "them"
    BOTH = "both"
    THIRD_PARTY = "third_party"


class Harm(Strict):
    """What a standard avoids: when it happens (a rule), how likely, how costly, and for whom."""

    id: Identifier
    description: str = Field(min_length=1)
    rule: str = Field(min_length=1, description="Outcomes under which the harm can occur.")
    probability: float = Field(ge=0.0, le=1.0, description="Chance it occurs given the rule holds.")
    impact: float = Field(ge=0.0, description="Cost when it occurs, in the case currency.")
    bears: Bearer = Bearer.US

    @property
    def expected_loss(self) -> float:
        """Probability times impact, in the case currency."""
        return self.probability * self.impact


class Case(Strict):
    """A whole case file."""

    brightline: Literal[1] = Field(description="File format version.")
    case: CaseInfo
    parties: Parties
    issues: list[Issue] = Field(min_length=1)
    standards: list[Standard] = Field(default_factory=list)
    harms: list[Harm] = Field(default_factory=list)
    batna: Batna | None = None
    reservation: Reservation | None = None
    their_batna: TheirBatna | None = None
    tradeables: list[Tradeable] = Field(default_factory=list)
    safeguards: list[Safeguard] = Field(default_factory=list)
    integrative_options: list[IntegrativeOption] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    bids: BidsSetup | None = Field(None, description="How to read and score a bids table.")
    economics: EconomicsAssumptions | None = Field(
        None, description="Assumptions of the economic model; every one is optional."
    )

    def issue(self, issue_id: str) -> DiscreteIssue | NumericIssue:
        """The issue with that id."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def signatures(self) -> dict[str, IssueSignature]:
        """Issue id -> what the rule checker needs."""
        return {issue.id: issue.signature() for issue in self.issues}

    def harm(self, harm_id: str) -> Harm:
        """The harm with that id."""
        for harm in self.harms:
            if harm.id == harm_id:
                return harm
        raise KeyError(harm_id)

    def safeguard(self, safeguard_id: str) -> Safeguard:
        """The safeguard with that id."""
        for safeguard in self.safeguards:
            if safeguard.id == safeguard_id:
                return safeguard
        raise KeyError(safeguard_id)


def offer_value(case: Case, outcome: Mapping[str, OptionValue]) -> tuple[float, float] | None:
    """Value to us and estimated value to them of a complete offer; None when an issue is missing.

    Issue values are additive (see the case model), so a complete offer's value is the sum over
    issues. A partial offer has no defined value, and guessing the missing issues would mislead.
    """
    if {issue.id for issue in case.issues} - set(outcome):
        return None
    ours = sum(case.issue(issue).value_to_us(choice) for issue, choice in outcome.items())
    theirs = sum(case.issue(issue).value_to_them(choice) for issue, choice in outcome.items())
    return ours, theirs
