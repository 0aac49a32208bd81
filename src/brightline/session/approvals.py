"""A team's approval policy: what needs a sign-off, and what exactly a sign-off covers (pure).

A hard stance is rarely one person's call. The policy names the moves that need an approver's
sign-off before they are made, each a :class:`Trigger`:

* ``offer-below-target``: an offer or counter we make whose value to us is below the target.
  The target is the policy's own target for the case when it sets one, else the target the
  plan uses (the MESO default: halfway from our reservation point to the best compliant deal
  they are estimated to accept, as the offer's stored evaluation records it). Either way it is
  never below the reservation point, so an offer below the reservation point is below target.
* ``reservation-change``: any change of the reservation point (its value, or taking back the
  pre-commitment) after it was pre-committed.
* ``standard-waiver``: waiving or narrowing a standard: an offer we make that breaks one (a
  waiver for this deal), or a case edit that removes a standard or changes its rule.
* ``document-below-target``: sending the counterpart a document (an offer letter, a counter)
  whose terms are worth less to us than the target.

A request names exactly what it asks leave for by a digest (:func:`subject_digest`): for an
offer, its terms; for a document, its kind and terms. The document's bytes are not the key,
because they carry the trail head they were built on, which the approval itself moves. An
approval covers the action with that digest and no other.

:class:`RequestStatus` is what the session's state keeps of each request (who asked, what, and
the decision), so the recording checks can tell a pending request from a decided one without
reading the trail.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brightline.amounts import amount
from brightline.case.model import Case, OptionValue
from brightline.errors import BrightlineError
from brightline.session.roles import Member, Role

APPROVING_ROLES = frozenset({Role.OWNER, Role.APPROVER})
"""The roles whose members may approve or refuse a request (never their own)."""

LOCAL_TEAM = "local"
"""The team id of the single-user store (no accounts): its policy is empty unless one is set."""


class Trigger(StrEnum):
    """A kind of move the policy can require approval for (see the module docstring)."""

    OFFER_BELOW_TARGET = "offer-below-target"
    RESERVATION_CHANGE = "reservation-change"
    STANDARD_WAIVER = "standard-waiver"
    DOCUMENT_BELOW_TARGET = "document-below-target"

    @property
    def label(self) -> str:
        """The trigger in words, for pages and messages."""
        return _LABELS[self]


_LABELS = {
    Trigger.OFFER_BELOW_TARGET: "an offer or counter we make below the target",
    Trigger.RESERVATION_CHANGE: "a change of the reservation point after it is pre-committed",
    Trigger.STANDARD_WAIVER: "a waiver or narrowing of a standard",
    Trigger.DOCUMENT_BELOW_TARGET: "a counterpart document for an offer below the target",
}


class PolicyError(BrightlineError):
    """A policy as given cannot be used (an unknown trigger, a target that is not a number)."""


class ApprovalError(BrightlineError):
    """An approval step is not allowed: the wrong role, one's own request, or already decided."""


class _PolicyDocument(BaseModel):
    """The stored form of a policy (JSON): strict, so a typo is never a silent no-policy."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    requires: list[Trigger] = Field(default_factory=list)
    targets: dict[str, float] = Field(default_factory=dict)

    @field_validator("targets")
    @classmethod
    def _finite(cls, value: dict[str, float]) -> dict[str, float]:
        for case_id, target in value.items():
            if not math.isfinite(target):
                raise ValueError(f"the target for case {case_id!r} is not a finite number")
        return value


@dataclass(frozen=True, slots=True)
class ApprovalPolicy:
    """What needs approval in one team.

    Attributes:
        requires: The triggers that need an approver's sign-off.
        targets: Case id -> target value to us (case currency) for the offer and document
            triggers; a case without one uses the plan's target (see the module docstring).
    """

    requires: frozenset[Trigger] = frozenset()
    targets: Mapping[str, float] = field(default_factory=dict)

    def needs(self, trigger: Trigger) -> bool:
        """Whether moves of this kind need approval."""
        return trigger in self.requires

    def to_json(self) -> dict[str, Any]:
        """The stored form: triggers in a fixed order, targets by case id."""
        return {
            "requires": [trigger.value for trigger in Trigger if trigger in self.requires],
            "targets": dict(sorted(self.targets.items())),
        }

    def target_for(self, case_id: str, plan_target: float | None) -> float | None:
        """The target an offer on ``case_id`` is held to: the policy's own, else the plan's."""
        return self.targets.get(case_id, plan_target)


DEFAULT_POLICY = ApprovalPolicy(frozenset(Trigger))
"""A team's policy until its owner changes it: every trigger needs approval, plan targets."""

NO_POLICY = ApprovalPolicy()
"""Nothing needs approval: the single-user store's policy unless one is set for it."""


def parse_policy(data: object) -> ApprovalPolicy:
    """Read a policy from its stored (JSON) form.

    Raises:
        PolicyError: naming the field that is wrong.
    """
    try:
        document = _PolicyDocument.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "policy"
        choices = ", ".join(trigger.value for trigger in Trigger)
        raise PolicyError(
            f"the approval policy is not valid: {where}: {first['msg']}; the triggers are "
            f"{choices}, and each target is a number in the case currency"
        ) from None
    return ApprovalPolicy(frozenset(document.requires), dict(document.targets))


def policy_text(policy: ApprovalPolicy) -> str:
    """The policy as the canonical JSON text stored in the database."""
    return json.dumps(policy.to_json(), sort_keys=True, separators=(",", ":"))


# --- what needs approval ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Need:
    """One reason a move needs approval: the trigger and the facts, in words for our side."""

    trigger: Trigger
    text: str


def offer_needs(
    policy: ApprovalPolicy, case: Case, evaluation: Mapping[str, Any] | None
) -> tuple[Need, ...]:
    """What an offer we make needs approval for, read from its stored evaluation.

    An offer without an evaluation (a partial offer) has no value to check and needs none.
    """
    if not evaluation:
        return ()
    needs: list[Need] = []
    below = _below_target(policy, case, evaluation)
    if below and policy.needs(Trigger.OFFER_BELOW_TARGET):
        needs.append(Need(Trigger.OFFER_BELOW_TARGET, below))
    broken = sorted({str(item.get("standard")) for item in evaluation.get("violations") or []})
    if broken and policy.needs(Trigger.STANDARD_WAIVER):
        noun = "standard" if len(broken) == 1 else "standards"
        needs.append(
            Need(Trigger.STANDARD_WAIVER, f"it breaks the {noun} {', '.join(broken)}: a waiver")
        )
    return tuple(needs)


def document_needs(
    policy: ApprovalPolicy, case: Case, evaluation: Mapping[str, Any] | None
) -> tuple[Need, ...]:
    """What sending a counterpart document for an offer with ``evaluation`` needs approval for."""
    if not evaluation or not policy.needs(Trigger.DOCUMENT_BELOW_TARGET):
        return ()
    below = _below_target(policy, case, evaluation)
    return (Need(Trigger.DOCUMENT_BELOW_TARGET, below),) if below else ()


def _below_target(policy: ApprovalPolicy, case: Case, evaluation: Mapping[str, Any]) -> str:
    """Why an evaluated offer is below the target, or "" when it is not (or cannot be told)."""
    ours = evaluation.get("ours")
    if isinstance(ours, bool) or not isinstance(ours, int | float):
        return ""
    planned = evaluation.get("target")
    plan_target = float(planned) if isinstance(planned, int | float) else None
    target = policy.target_for(case.case.id, plan_target)
    if case.reservation is not None:
        target = max(target, case.reservation.value) if target is not None else None
    if target is None or ours >= target:
        return ""
    unit = case.case.currency
    source = "the policy's target" if case.case.id in policy.targets else "the plan's target"
    return f"it is worth {amount(ours, unit)} to us, below {source} of {amount(target, unit)}"


def case_change_needs(policy: ApprovalPolicy, before: Case, after: Case | None) -> tuple[Need, ...]:
    """What changing the case from ``before`` to ``after`` (None: deleting it) needs approval for.

    The reservation point: any change of its value, its removal, or taking back the
    pre-commitment, once ``before`` has it pre-committed; deleting the case removes it too.
    Standards: one removed (a waiver; deleting the case removes them all) or with its rule
    changed (Brightline does not try to prove an edited rule stricter, so every rule edit
    asks); new standards and edits of a standard's other fields need none.
    """
    needs: list[Need] = []
    unit = before.case.currency
    old = before.reservation
    if policy.needs(Trigger.RESERVATION_CHANGE) and old is not None and old.pre_committed:
        new = after.reservation if after is not None else None
        if after is None:
            needs.append(
                Need(
                    Trigger.RESERVATION_CHANGE,
                    f"it deletes the case {before.case.id} with its pre-committed reservation "
                    f"point of {amount(old.value, unit)}",
                )
            )
        elif new is None:
            needs.append(
                Need(
                    Trigger.RESERVATION_CHANGE,
                    f"it removes the pre-committed reservation point of {amount(old.value, unit)}",
                )
            )
        elif new.value != old.value:
            needs.append(
                Need(
                    Trigger.RESERVATION_CHANGE,
                    f"it moves the pre-committed reservation point from {amount(old.value, unit)} "
                    f"to {amount(new.value, unit)}",
                )
            )
        elif not new.pre_committed:
            needs.append(
                Need(
                    Trigger.RESERVATION_CHANGE,
                    "it takes back the pre-commitment of the reservation point",
                )
            )
    if policy.needs(Trigger.STANDARD_WAIVER):
        if after is None and before.standards:
            ids = ", ".join(standard.id for standard in before.standards)
            noun = "standard" if len(before.standards) == 1 else "standards"
            needs.append(
                Need(
                    Trigger.STANDARD_WAIVER,
                    f"it deletes the case {before.case.id} with its {noun} {ids}",
                )
            )
        rules = {standard.id: standard.rule for standard in after.standards} if after else {}
        for standard in before.standards if after is not None else ():
            if standard.id not in rules:
                needs.append(
                    Need(Trigger.STANDARD_WAIVER, f"it removes the standard {standard.id}")
                )
            elif rules[standard.id].strip() != standard.rule.strip():
                needs.append(
                    Need(
                        Trigger.STANDARD_WAIVER,
                        f"it changes the rule of the standard {standard.id} from "
                        f"{standard.rule!r} to {rules[standard.id]!r}",
                    )
                )
    return tuple(needs)


# --- what exactly a request asks for -------------------------------------------------------------


def subject_digest(subject: str, outcome: Mapping[str, OptionValue], document: str = "") -> str:
    """SHA-256 of what exactly a request asks leave for: the subject, terms and document kind.

    Numbers are compared as the trail stores them (floats), so ``10`` and ``10.0`` are the
    same offer and a different option is a different digest.
    """
    terms = {
        issue: float(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        # ``bool`` options stay booleans; other numbers are floats as in the trail.
        else value
        for issue, value in sorted(outcome.items())
    }
    text = json.dumps(
        {"subject": subject, "outcome": terms, "document": document},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Decision(StrEnum):
    """Where a request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class RequestStatus:
    """What a session's state keeps of one request.

    Attributes:
        author: Who asked (the request event's author).
        subject: What kind of move (``offer`` or ``document``).
        digest: What exactly (:func:`subject_digest`).
        decision: Pending, approved or refused.
        decided_by: Who decided; empty while pending.
        decision_seq: The seq of the approval or refusal; 0 while pending.
    """

    author: str
    subject: str
    digest: str
    decision: Decision = Decision.PENDING
    decided_by: str = ""
    decision_seq: int = 0

    def to_json(self) -> dict[str, Any]:
        """The head-state form."""
        return {
            "author": self.author,
            "subject": self.subject,
            "digest": self.digest,
            "decision": self.decision.value,
            "decided_by": self.decided_by,
            "decision_seq": self.decision_seq,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RequestStatus:
        """Read the head-state form back (raises KeyError, ValueError, TypeError when damaged)."""
        seq = data["decision_seq"]
        if isinstance(seq, bool) or not isinstance(seq, int):
            raise TypeError("decision_seq is not a whole number")
        return cls(
            str(data["author"]),
            str(data["subject"]),
            str(data["digest"]),
            Decision(data["decision"]),
            str(data["decided_by"]),
            seq,
        )


def approved_for(requests: Mapping[int, RequestStatus], subject: str, digest: str) -> int | None:
    """The seq of the newest approval of exactly this subject and digest, or None."""
    found = [
        status.decision_seq
        for status in requests.values()
        if status.subject == subject
        and status.digest == digest
        and status.decision is Decision.APPROVED
    ]
    return max(found) if found else None


def check_decider(member: Member, requester: str) -> None:
    """Refuse a decision by the wrong role or by the requester.

    Raises:
        ApprovalError: when ``member`` is not an owner or approver, or asked for it themselves.
    """
    if member.role not in APPROVING_ROLES:
        raise ApprovalError(
            f"{member.user} is a {member.role.value} in team {member.team}; only an approver or "
            "an owner of the team may approve or refuse a request"
        )
    if member.user == requester:
        raise ApprovalError(
            f"{member.user} asked for this approval; an approval is given by someone other than "
            "the requester, so another approver or owner of the team decides it"
        )
