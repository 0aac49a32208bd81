"""What can be written into a deal, and what was tried.

Tradeables, safeguards, integrative options, offers, and how a bids table is read.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from pydantic import Field

from brightline.case.base import Identifier, OptionValue, Strict
from brightline.case.safeguards import Safeguard as Safeguard
from brightline.case.safeguards import SafeguardKind as SafeguardKind


class TradeableKind(StrEnum):
    """The tradeables library: terms that move value or risk without breaching a standard."""

    FIELD_OF_USE = "field_of_use"
    PHASED_ROLLOUT = "phased_rollout"
    ESCROW = "escrow"
    SOURCE_CODE_ESCROW = "source_code_escrow"
    AUDIT_RIGHTS = "audit_rights"
    SERVICE_CREDITS = "service_credits"
    REFERENCE_DEFERRAL = "reference_deferral"
    VOLUME_CAP = "volume_cap"
    SANDBOX = "sandbox"
    MUTUAL_SLA = "mutual_sla"
    MILESTONE_REVIEW = "milestone_review"
    OTHER = "other"


class Tradeable(Strict):
    """An item we can give or ask for, with what it costs us and is worth to them."""

    id: Identifier
    kind: TradeableKind
    description: str = Field(
        "",
        description="What the item is, in words the other side may read: counterpart documents "
        "quote it (the capped extension of a re-bid specification, say lines).",
    )
    cost_to_us: float = Field(0.0, description="In the case currency.")
    value_to_them: float = Field(0.0, description="In their value unit.")
    symmetric: bool = Field(False, description="Binds both sides (mutual caps, mutual audits).")


class OptionStatus(StrEnum):
    """Where an integrative option stands."""

    CONSIDERED = "considered"
    PURSUING = "pursuing"
    REJECTED = "rejected"


class IntegrativeOption(Strict):
    """Something tried before a hard stance, and what became of it."""

    description: str = Field(
        min_length=1,
        description="Shown to the other side: pause and walk-away records list what was tried.",
    )
    status: OptionStatus = OptionStatus.CONSIDERED
    verifiable: bool = Field(False, description="Could compliance with it be checked?")
    reason: str = Field(
        "",
        description="Why it was rejected or what it still needs. Ours only: never shown to the "
        "other side (it may name our alternative or our limit).",
    )


class Direction(StrEnum):
    """Who put an offer on the table."""

    MADE = "made"
    RECEIVED = "received"


class Offer(Strict):
    """An offer made or received: a choice for each issue."""

    id: Identifier
    direction: Direction
    outcome: dict[str, OptionValue] = Field(
        description="Issue id -> chosen option id (or number for a numeric issue)."
    )
    date: datetime.date | None = Field(None, description="When it was made or received.")
    note: str = ""


class Incumbent(Strict):
    """The current supplier, whose contract can be extended while a tender is re-run."""

    name: str = Field(min_length=1)
    monthly_cost: float = Field(ge=0, description="Cost per month at full volume, in the currency.")
    volume_cap: float = Field(
        1.0, gt=0, le=1, description="Share of today's volume an interim extension is capped at."
    )
    months: float = Field(gt=0, description="Months an interim extension must cover.")


class BidCriterion(Strict):
    """A scored bid column that is not an issue (a quality mark, a delivery score)."""

    column: str = Field(min_length=1)
    weight: float = Field(description="Value to us of one unit of the column, in the currency.")


class BidsSetup(Strict):
    """How `brightline bids` reads a bids table; every field is optional."""

    bidder_column: str = Field("bidder", description="Header of the column naming the bidder.")
    columns: dict[str, str] = Field(
        default_factory=dict, description="Issue id -> column header, where they differ."
    )
    criteria: list[BidCriterion] = Field(default_factory=list)
    incumbent: Incumbent | None = None
    probation_months: int = Field(6, ge=1, description="Probation of a two-stage award.")
