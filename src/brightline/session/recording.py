"""What may be recorded next, given the case and the trail so far (pure).

The store calls :func:`admit` while it holds the session's write lock, so the decision is taken on
the trail exactly as the new event will extend it: a stage change must be allowed by the stage
machine, an offer must name the case's issues and options, a closed session takes no more offers
or concessions, and a concession that crosses the reservation point needs a named approval.

Offer evaluation: every complete offer, made or received, is evaluated on arrival with
:func:`brightline.offers.evaluate_offer` (standards it breaks, value against the reservation point,
a recommendation, compliant counters, a line to say), and the result is stored in the event, so
the trail shows what Brightline advised at that moment even if the case or the engine changes
later. An offer we *make* that breaks a standard or is worth less to us than the reservation point
is refused unless it names an approval (its ``approval`` number) of the right scope: ``standard`` for a
broken standard, ``reservation`` for the crossing, ``deal`` for either; the same mechanism as a
concession below the reservation point. A store's :class:`Collaborators` replace the evaluation
(tests, a web app with its own caching); partial offers are stored as given, since a partial offer
has no value to check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from brightline.actions import Action, act
from brightline.amounts import amount, number_text, quantity
from brightline.case.model import Case, DiscreteIssue, OptionValue, Stage
from brightline.case.validate import LoadedCase
from brightline.playbook.moves import allowed_next
from brightline.playbook.record import OfferDirection
from brightline.session.analytics import SessionState, check_reservation
from brightline.session.approvals import Decision, subject_digest
from brightline.session.events import (
    ApprovalPayload,
    ApprovalScope,
    ConcessionPayload,
    EventKind,
    OfferPayload,
    Payload,
    RefusalPayload,
    RequestPayload,
    ReservationCrossed,
    SessionError,
    StagePayload,
)

OfferEvaluator = Callable[[LoadedCase, dict[str, OptionValue]], dict[str, Any]]
"""Takes the session's case and an offer's outcome; returns JSON data stored with the offer."""


def engine_evaluation(loaded: LoadedCase, outcome: dict[str, OptionValue]) -> dict[str, Any]:
    """The engine's offer evaluation as JSON data (imported lazily: it compiles the case)."""
    from brightline.offers.evaluate import evaluate_offer

    return evaluate_offer(loaded, outcome).to_json()


@dataclass(frozen=True, slots=True)
class Collaborators:
    """What recording calls out to, given to each store when it is built (``open_store``).

    Passed in, never swapped through a module global: two stores in one process (a web server
    answering requests in threads, a test beside the CLI) each use their own and never see the
    other's.

    Attributes:
        evaluate_offer: Evaluates a complete offer on arrival (the engine's by default; a test
            or a web app with its own caching gives another).
    """

    evaluate_offer: OfferEvaluator = engine_evaluation


def parse_outcome(case: Case, pairs: Iterable[str]) -> dict[str, OptionValue]:
    """Turn ``issue=value`` words into an outcome with the case's option types.

    Raises:
        SessionError: for a malformed pair, an unknown issue or an option the issue does not have.
    """
    outcome: dict[str, OptionValue] = {}
    issues = {issue.id: issue for issue in case.issues}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise SessionError(f"{pair!r} is not ISSUE=VALUE; e.g. discount=10")
        issue = issues.get(name)
        if issue is None:
            raise SessionError(
                f"the case has no issue {name!r}; its issues are {', '.join(sorted(issues))}"
            )
        if isinstance(issue, DiscreteIssue):
            matches = [value for value in issue.values() if str(value) == text]
            if not matches:
                choices = ", ".join(str(value) for value in issue.values())
                raise SessionError(
                    f"issue {name!r} has no option {text!r}; choose one of {choices}"
                )
            outcome[name] = matches[0]
        else:
            try:
                number = float(text)
            except ValueError:
                raise SessionError(
                    f"issue {name!r} is numeric, but {text!r} is not a number"
                ) from None
            if not math.isfinite(number):
                raise SessionError(f"{name}={text} is not a finite number; give a plain number")
            low, high = issue.range.min, issue.range.max
            if not low <= number <= high:
                raise SessionError(
                    f"{name}={quantity(number)} is outside the issue's range {quantity(low)} to {quantity(high)}"
                )
            outcome[name] = number
    return outcome


def _check_outcome(case: Case, outcome: dict[str, OptionValue]) -> None:
    parse_outcome(case, (f"{issue}={value}" for issue, value in outcome.items()))


def evaluate_if_due(
    payload: OfferPayload, loaded: LoadedCase, evaluate: OfferEvaluator = engine_evaluation
) -> OfferPayload:
    """Check an offer's terms, then evaluate it when it is complete (made or received).

    The store calls this before taking the session's lock too (the evaluation depends only on the
    case and the offer, and compiling a large case should not hold up other writers).
    """
    case = loaded.case
    _check_outcome(case, payload.outcome)
    complete = {issue.id for issue in case.issues} <= set(payload.outcome)
    if complete and payload.evaluation is None:
        evaluation = evaluate(loaded, payload.outcome)
        return payload.model_copy(update={"evaluation": evaluation})
    return payload


def admit(
    kind: EventKind,
    payload: Payload,
    loaded: LoadedCase,
    state: SessionState,
    evaluate: OfferEvaluator = engine_evaluation,
) -> Payload:
    """Check an event against the trail so far and return the payload to store.

    Raises:
        SessionError: when the event does not fit the session (see the module docstring).
        ReservationCrossed: when a concession goes below the reservation point unapproved.
    """
    case = loaded.case
    closed = state.stage is Stage.CLOSED
    if kind is EventKind.START:
        raise SessionError("a session has exactly one start event, recorded when it starts")
    if kind in (EventKind.OFFER, EventKind.CONCESSION) and closed:
        raise SessionError(
            f"the session is closed; reopen it at the {Stage.OPENING.value} stage first to "
            f"record {'an' if kind is EventKind.OFFER else 'a'} {kind.value}",
            action=act("log stage", session=None, stage=Stage.OPENING.value),
        )
    if isinstance(payload, StagePayload):
        allowed = allowed_next(state.stage)
        if payload.to not in allowed:
            names = ", ".join(stage.value for stage in allowed)
            raise SessionError(
                f"cannot move from {state.stage.value} to {payload.to.value}; "
                f"from {state.stage.value} the session can move to {names}"
            )
    if isinstance(payload, RequestPayload):
        _check_outcome(case, payload.outcome)
        digest = subject_digest(payload.subject.value, payload.outcome, payload.document or "")
        if payload.digest != digest:
            raise SessionError(
                "the request's digest is not the one of its terms; it names exactly what is "
                "asked for, so it is computed from them, never given"
            )
        return payload
    if isinstance(payload, ApprovalPayload | RefusalPayload) and payload.request is not None:
        _check_pending(state, payload.request)
        return payload
    if isinstance(payload, OfferPayload):
        offer = evaluate_if_due(payload, loaded, evaluate)
        if offer.direction is OfferDirection.MADE:
            check_offer_made(offer, state, case.case.currency)
        return offer
    if isinstance(payload, ConcessionPayload):
        if payload.approval is not None and payload.approval not in state.approvals:
            raise _not_an_approval(payload.approval)
        check = check_reservation(case, state, payload)
        if check.refused:
            unit = case.case.currency
            stated = payload.position_after is not None
            basis = (
                "as stated for the position after it"
                if stated
                else "taking the latest offer on the table, moved by each concession since"
            )
            elsewhere = (
                ""
                if stated
                else "; if the deal stands elsewhere, state its value after the concession"
            )
            restate = () if stated else (_concession(position_after=None),)
            raise ReservationCrossed(
                f"this concession would leave the deal at {amount(check.position_after or 0.0, unit)} "
                f"({basis}), below the reservation point of {amount(check.reservation or 0.0, unit)}; "
                f"record an approval first and give its number with the concession{elsewhere}",
                action=_approve(ApprovalScope.RESERVATION),
                also=(_concession(approval=None), *restate),
            )
    return payload


def offer_problems(evaluation: dict[str, Any] | None) -> dict[ApprovalScope, str]:
    """What is wrong with an offer we make, by the approval scope that would cover it.

    Reads the stored evaluation: its violations (standards broken) and its value to us against
    the reservation point. An evaluation without those fields (a replaced evaluator) finds none.
    """
    if not evaluation:
        return {}
    problems: dict[ApprovalScope, str] = {}
    violations = evaluation.get("violations") or []
    if violations:
        standards = sorted({str(item.get("standard")) for item in violations})
        clauses = "; ".join(
            f"{item.get('standard')}: {item.get('clause')} (offered {item.get('issue')}="
            f"{item.get('value')})"
            for item in violations
        )
        noun = "standard" if len(standards) == 1 else "standards"
        problems[ApprovalScope.STANDARD] = (
            f"it breaks the {noun} {', '.join(standards)} ({clauses})"
        )
    ours, reservation = evaluation.get("ours"), evaluation.get("reservation")
    numbers = (int, float)
    if isinstance(ours, numbers) and isinstance(reservation, numbers) and ours < reservation:
        problems[ApprovalScope.RESERVATION] = (
            f"it is worth {number_text(ours)} {{unit}} to us, below the reservation point of "
            f"{number_text(reservation)} {{unit}}"
        )
    return problems


def check_offer_made(offer: OfferPayload, state: SessionState, unit: str) -> None:
    """Refuse an offer we make that breaks a standard or crosses the reservation point unapproved.

    Raises:
        SessionError: when ``approval`` names no approval event of this session.
        ReservationCrossed: when a problem is not covered by the named approval's scope.
    """
    if offer.approval is not None and offer.approval not in state.approvals:
        raise _not_an_approval(offer.approval)
    problems = offer_problems(offer.evaluation)
    approval = state.approvals.get(offer.approval) if offer.approval is not None else None
    covered = {approval.scope} if approval is not None else set()
    open_problems = [
        text.format(unit=unit)
        for scope, text in problems.items()
        if scope not in covered and ApprovalScope.DEAL not in covered
    ]
    if open_problems:
        (scope,) = problems if len(problems) == 1 else (ApprovalScope.DEAL,)
        raise ReservationCrossed(
            f"this offer cannot be made as it stands: {'; and '.join(open_problems)}; change "
            f"the terms, or record an approval of scope {scope.value} first (scope deal covers "
            "the whole offer) and give its number with the offer",
            action=_approve(scope),
            also=(
                act(
                    "log offer",
                    session=None,
                    direction=OfferDirection.MADE.value,
                    terms=None,
                    approval=None,
                ),
            ),
        )


def _approve(scope: ApprovalScope) -> Action:
    """The approval that would cover a crossing of ``scope``, its approver left to the user."""
    return act("log approval", session=None, approver=None, scope=scope.value)


def _concession(**parameters: int | None) -> Action:
    """The concession recorded again with ``parameters`` set (session and item left to the user)."""
    return act("log concession", session=None, item=None, **parameters)


def _check_pending(state: SessionState, seq: int) -> None:
    """An approval or a refusal answers a request of this session that is still pending."""
    status = state.requests.get(seq)
    if status is None:
        raise SessionError(
            f"{seq} is not a request for approval in this session; the approvals inbox lists "
            "the pending ones",
            parameter="request",
            action=act("approvals"),
        )
    if status.decision is not Decision.PENDING:
        raise SessionError(
            f"request {seq} was already {status.decision.value} by {status.decided_by} "
            f"(event {status.decision_seq}); a decision is final: ask again with a new request",
            parameter="request",
            action=act("request approval", session=None, reason=None),
        )


def _not_an_approval(seq: int) -> SessionError:
    return SessionError(
        f"{seq} is not an approval event of this session; record the approval first and "
        "give its number",
        parameter="approval",
        action=act("log approval", session=None, approver=None),
    )


def offer_warnings(offer: OfferPayload, case: Case) -> tuple[str, ...]:
    """What to tell us about an offer we just made, from its stored evaluation.

    An offer worth less to them than our estimate of their alternative is likely refused: it
    gives value away in the concessions it invites without buying a deal. Received offers and
    offers without an evaluation get no warning.
    """
    if offer.direction is not OfferDirection.MADE or not offer.evaluation:
        return ()
    theirs = offer.evaluation.get("theirs")
    if case.their_batna is None or not isinstance(theirs, int | float):
        return ()
    alternative = case.their_batna.value
    if theirs >= alternative:
        return ()
    unit = case.case.their_unit
    return (
        f"this offer is worth {amount(theirs, unit)} to them by our estimate, below our estimate "
        f"of their alternative ({amount(alternative, unit)}): likely refused; an offer they can "
        "accept needs at least that much for them",
    )
