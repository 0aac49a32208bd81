"""Safeguards: the written terms that carry a standard into the contract, with the fields each kind needs.

Every safeguard has the common fields a third party needs to tell whether it fired: a trigger (the
condition), a measure, a consequence, a verifier and a date. The kinds a contract spells out in more
detail carry one block of their own (``service_credits``, ``audit_rights``, ``exit``,
``change_control``, ``escrow``). Every field is optional so a draft loads; the linter names what a
clause still lacks (BL205 for the common fields, BL214 for the blocks), and
:mod:`brightline.playbook.clauses` drafts the clause from whatever is there.

Durations are a number with a unit (``{length: 30, unit: days}``) rather than free text, so a
clause can state them exactly and later steps (the agenda, the debrief) can compute with them.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from pydantic import AliasChoices, Field, model_validator

from brightline.amounts import plural, quantity
from brightline.case.base import Binds, Identifier, Strict


class SafeguardKind(StrEnum):
    """Kinds of written safeguard."""

    TRIGGER = "trigger"
    SERVICE_CREDITS = "service_credits"
    AUDIT_RIGHTS = "audit_rights"
    EXIT = "exit"
    CHANGE_CONTROL = "change_control"
    ESCROW = "escrow"
    ATTESTATION = "attestation"
    INSPECTION = "inspection"
    REVIEW = "review"


class DurationUnit(StrEnum):
    """Units a contract counts time in."""

    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business_days"
    WEEKS = "weeks"
    MONTHS = "months"
    QUARTERS = "quarters"
    YEARS = "years"

    def words(self, length: int) -> str:
        """``1 business day``, ``30 days``: the length with its unit in agreement."""
        singular = self.value.removesuffix("s").replace("_", " ")
        return plural(length, singular)


class Duration(Strict):
    """A length of time with its unit, as a contract states it."""

    length: int = Field(gt=0, le=100_000, description="How many units (a whole number above 0).")
    unit: DurationUnit = Field(description="hours, days, business_days, weeks, months, ...")

    def words(self) -> str:
        """The duration as a clause writes it (``30 days``, ``1 month``)."""
        return self.unit.words(self.length)


class Direction(StrEnum):
    """Whether a service metric must stay at or above its target, or at or below it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class CreditTier(Strict):
    """One step of a credit schedule: a measured level and the share of the fee credited."""

    threshold: float = Field(
        description="The tier applies when the measured level falls below this (an at_least "
        "metric) or rises above it (an at_most one), in the metric's unit."
    )
    credit: float = Field(
        gt=0, le=1, description="Share of the window's fee credited, from 0 to 1 (0.05 is 5%)."
    )


class ChronicFailure(Strict):
    """Repeated misses that let the customer end the contract instead of collecting credits."""

    misses: int = Field(ge=1, le=1000, description="Missed windows that count as chronic.")
    within: Duration = Field(description="The period those misses fall in.")


class ServiceCredits(Strict):
    """Credits owed when a measured service level misses its target."""

    metric: str = Field("", description="What is measured, e.g. monthly availability of the API.")
    target: float | None = Field(None, description="The promised level, in `unit`.")
    unit: str = Field("", description="Unit of the target and the thresholds (%, hours, ms).")
    direction: Direction = Field(
        Direction.AT_LEAST, description="at_least (availability) or at_most (response time)."
    )
    window: Duration | None = Field(None, description="Measurement window the level is met over.")
    data_source: str = Field("", description="Where the measurements come from (logs, probes).")
    exclusions: list[str] = Field(
        default_factory=list, description="What does not count as a miss (announced maintenance)."
    )
    tiers: list[CreditTier] = Field(
        default_factory=list, description="Credit schedule, each tier a share of the window's fee."
    )
    fee: float | None = Field(
        None, ge=0, description="Fee for one measurement window, in the case currency."
    )
    cap: float | None = Field(
        None, gt=0, le=1, description="Most credits add up to in one window, as a share of its fee."
    )
    claim_window: Duration | None = Field(
        None, description="How long after a window ends the credit may be claimed."
    )
    chronic_failure: ChronicFailure | None = Field(
        None, description="Misses that give a right to terminate without penalty."
    )

    @model_validator(mode="after")
    def _tiers_fail_the_target(self) -> ServiceCredits:
        if self.target is None:
            return self
        for tier in self.tiers:
            beyond = (
                tier.threshold > self.target
                if self.direction is Direction.AT_LEAST
                else tier.threshold < self.target
            )
            if beyond:
                side = "above" if self.direction is Direction.AT_LEAST else "below"
                raise ValueError(
                    f"credit tier at {quantity(tier.threshold)} lies {side} the target "
                    f"{quantity(self.target)}, where the service level is met; a tier starts at "
                    "the target or on the missing side of it"
                )
        return self


class AuditCost(StrEnum):
    """Who pays for an audit."""

    AUDITING_SIDE = "auditing_side"
    AUDITED_SIDE = "audited_side"
    SHARED = "shared"
    AUDITED_SIDE_IF_BREACH = "audited_side_if_breach"


class AuditRights(Strict):
    """The right to inspect the other side's records and controls."""

    scope: str = Field("", description="What may be audited (records, systems, sites, controls).")
    auditor: str = Field("", description="Who carries it out (an independent firm, our CISO).")
    frequency: Duration | None = Field(
        None, description="At most one routine audit per this period."
    )
    notice: Duration | None = Field(None, description="Written notice before an audit starts.")
    paid_by: AuditCost | None = Field(
        None,
        description="auditing_side, audited_side, shared, or audited_side_if_breach (the "
        "auditing side pays unless the audit finds a material breach).",
    )
    look_back: Duration | None = Field(None, description="How far back records may be examined.")
    survival: Duration | None = Field(
        None, description="How long the right lasts after the contract ends."
    )


class ExitTerms(Strict):
    """How the contract ends cleanly once the safeguard's trigger fires."""

    transition: Duration | None = Field(
        None, description="Period of continued service and help while the data moves."
    )
    export_format: str = Field("", description="Format the data is handed over in (CSV, Parquet).")
    deletion_certificate: Duration | None = Field(
        None,
        description="Time after the transition by which every copy is deleted and the deletion "
        "certified in writing.",
    )


class ImpactAssessment(Strict):
    """The written assessment every change request gets before anyone approves it."""

    covers: list[str] = Field(
        min_length=1,
        description="What it states (cost, timeline, the standards the change touches).",
    )
    within: Duration | None = Field(None, description="Time from the request to the assessment.")


class ChangeControl(Strict):
    """How the agreed scope may change without eroding a standard."""

    requested_by: Binds | None = Field(
        None, description="Who may request a change: us, them, both."
    )
    impact_assessment: ImpactAssessment | None = Field(
        None, description="The written assessment of each request before anyone approves it."
    )
    approved_by: str = Field("", description="Who must approve a change in writing.")
    binding_when: str = Field(
        "", description="The event that makes an approved change binding (a signed change order)."
    )


class Escrow(Strict):
    """Material deposited with a neutral agent and released when the supplier cannot deliver."""

    deposit: list[str] = Field(
        default_factory=list, description="What is deposited (source code, build scripts, keys)."
    )
    agent: str = Field("", description="The neutral escrow agent holding the deposit.")
    update_every: Duration | None = Field(
        None, description="The deposit is refreshed at least once per this period."
    )
    verification: str = Field("", description="How the agent checks the deposit (a test build).")
    release_conditions: list[str] = Field(
        default_factory=list, description="Events on which the deposit is released."
    )


KIND_BLOCKS: dict[SafeguardKind, str] = {
    SafeguardKind.SERVICE_CREDITS: "service_credits",
    SafeguardKind.AUDIT_RIGHTS: "audit_rights",
    SafeguardKind.EXIT: "exit",
    SafeguardKind.CHANGE_CONTROL: "change_control",
    SafeguardKind.ESCROW: "escrow",
}
"""The kinds that carry a block of their own, and the block's field name on :class:`Safeguard`."""


class Safeguard(Strict):
    """A written term that makes a standard verifiable and enforceable, drafted as a contract clause.

    Every kind names a trigger (the condition), a measure, a consequence, a verifier and a date;
    `service_credits`, `audit_rights`, `exit`, `change_control` and `escrow` also fill the block of
    the same name, and a one-sided safeguard says whom it binds (`binds`). All fields are optional:
    `brightline check` names each one a clause still lacks (BL205, BL212), and the clause composer
    drafts whatever is there as a numbered clause in plain contract English, for both sides when
    the safeguard is mutual.
    """

    id: Identifier
    kind: SafeguardKind
    description: str = ""
    trigger: str = Field("", description="The condition or threshold that sets it off.")
    measure: str = Field("", description="How the trigger is observed (logs, report, inspection).")
    consequence: str = Field("", description="What follows when it fires (credit, pause, exit).")
    verifier: str = Field(
        "", description="Who checks it: a named person, role or independent body."
    )
    date: datetime.date | None = Field(
        None,
        validation_alias=AliasChoices("date", "due"),
        description="When it takes effect or is next checked (YYYY-MM-DD; `due` is its older name).",
    )
    mutual: bool = Field(False, description="Applies to both sides.")
    binds: Binds | None = Field(
        None, description="Whose obligation it is when not mutual: us or them."
    )
    service_credits: ServiceCredits | None = None
    audit_rights: AuditRights | None = None
    exit: ExitTerms | None = None
    change_control: ChangeControl | None = None
    escrow: Escrow | None = None

    @property
    def due(self) -> datetime.date | None:
        """The date under its older name, for code written before ``date``."""
        return self.date

    def block(self) -> Strict | None:
        """The kind's own block, when the kind has one and the file fills it."""
        name = KIND_BLOCKS.get(self.kind)
        block = getattr(self, name) if name else None
        return block if isinstance(block, Strict) else None

    def obliged(self) -> Binds | None:
        """Whose obligation the term is: both when mutual, else ``binds`` (None when unknown)."""
        return Binds.BOTH if self.mutual else self.binds


CONTRACT_FIELDS: dict[SafeguardKind, tuple[str, ...]] = {
    SafeguardKind.SERVICE_CREDITS: (
        "metric",
        "target",
        "unit",
        "window",
        "data_source",
        "exclusions",
        "tiers",
        "cap",
        "claim_window",
        "chronic_failure",
    ),
    SafeguardKind.AUDIT_RIGHTS: (
        "scope",
        "auditor",
        "frequency",
        "notice",
        "paid_by",
        "look_back",
        "survival",
    ),
    SafeguardKind.EXIT: ("transition", "export_format", "deletion_certificate"),
    SafeguardKind.CHANGE_CONTROL: (
        "requested_by",
        "impact_assessment",
        "approved_by",
        "binding_when",
    ),
    SafeguardKind.ESCROW: (
        "deposit",
        "agent",
        "update_every",
        "verification",
        "release_conditions",
    ),
}
"""The block fields a clause of each kind needs; the linter names the ones left empty. A block's
other fields (a service credit's ``fee``) are optional refinements: the fee lets the clause state
credits in money as well as in shares."""


def missing_contract_fields(safeguard: Safeguard) -> tuple[str, ...]:
    """The block fields of :data:`CONTRACT_FIELDS` the safeguard leaves empty, in file order.

    A kind without a block has none; a kind whose block is absent misses all of them.
    """
    wanted = CONTRACT_FIELDS.get(safeguard.kind, ())
    block = safeguard.block()
    if block is None:
        return wanted
    return tuple(name for name in wanted if getattr(block, name) in (None, "", []))
