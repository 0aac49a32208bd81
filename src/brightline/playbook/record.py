"""What the playbook reads of a session's record: the signals, decisions and offers (pure).

The playbook sits below the session store in the layers (DESIGN.md): it must work on a case with
no session at all (``brightline plan`` shows the opening moves) and must never import the store.
It still reacts to what the trail records, so the few things it reads are described here as
protocols, and the closed vocabularies the move table is written in (the signals it watches for,
the ways a negotiation is settled, who put an offer on the table) are defined here too. The
session's event payloads use these enums and satisfy these protocols as they are, so the session
hands its replayed state over without copying it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Protocol

from brightline.case.model import OptionValue, Stage


class OfferDirection(StrEnum):
    """Whether we put the offer on the table or received it."""

    MADE = "made"
    RECEIVED = "received"


class SignalType(StrEnum):
    """Signals worth recording because the playbook reacts to them."""

    COSTLY_SIGNAL = "costly_signal"
    OBJECTION = "objection"
    THREAT = "threat"
    STALLING_ACCUSATION = "stalling_accusation"
    PUSHBACK_ON_SOURCE = "pushback_on_source"
    BYPASS_ATTEMPT = "bypass_attempt"
    ONE_SIDED_CONSTRAINT = "one_sided_constraint"
    TERM_CREEP = "term_creep"
    BLAME = "blame"
    OTHER = "other"


class DecisionKind(StrEnum):
    """How a negotiation (or a round of it) is settled."""

    ACCEPT = "accept"
    NARROW_DEAL = "narrow_deal"
    PAUSE = "pause"
    WALK = "walk"


class RecordedSignal(Protocol):
    """A signal as recorded: what kind, and what was said or done."""

    @property
    def type(self) -> SignalType:
        """Which signal."""

    @property
    def text(self) -> str:
        """The words or the act, as the scribe wrote them down."""


class RecordedDecision(Protocol):
    """A decision as recorded: how it was settled and when to look again."""

    @property
    def decision(self) -> DecisionKind:
        """How the round was settled."""

    @property
    def review_date(self) -> datetime.date | None:
        """When to revisit, if a date was agreed."""


class RecordedOffer(Protocol):
    """An offer as recorded: who made it and the option chosen for each issue."""

    @property
    def direction(self) -> OfferDirection:
        """Made by us or received from them."""

    @property
    def outcome(self) -> Mapping[str, OptionValue]:
        """Issue id to the option chosen (a partial offer lacks some issues)."""


class RecordSoFar(Protocol):
    """What the replayed trail says now, as far as the playbook's reminders read it."""

    @property
    def stage(self) -> Stage:
        """The current stage."""

    @property
    def decisions(self) -> Sequence[tuple[int, RecordedDecision]]:
        """``(seq, decision)`` pairs, oldest first."""

    @property
    def approvals(self) -> Mapping[int, object]:
        """Approvals recorded so far, by seq (the reminders only ask whether there is one)."""
