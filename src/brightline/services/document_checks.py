"""What a counterpart document may say, checked before it is built.

Two checks, each a :class:`~brightline.errors.UsageError` that names the parameter to change and
says what to do; the error is for our side only (it may name our floor and our values), never
part of the document.

**The stance.** A document to the other side must follow the warrant gate and the session:

- a ``proposal`` is refused when the gate's verdict is ``walk-away`` (no compliant deal we
  should accept): every offer in it would be one we should not make;
- a ``pause`` record is written when a ``pause`` decision is recorded in the session, and a
  ``walk-away`` record when a ``walk`` decision is; without one, either is written only when the
  gate's verdict supports holding the standards at a cost (``lose-lose-warranted``) or walking
  away (``walk-away``). Under ``integrative-first``, ``disproportionate`` or
  ``insufficient-information`` (or a case the engine cannot hold) a record of talks that stop
  would state what nobody decided.

**An offer letter's terms**: compliant, at or above our floor, not dominated. An offer letter is signed by the candidate as written, so it is the one document where giving
value away by accident is final. The documents use case calls :func:`check_letter_terms` before
it writes one; every refusal is a :class:`~brightline.errors.UsageError` naming the ``offer``
parameter and saying what is wrong with numbers and units, and what to do:

- terms that break a standard (the letter is written only within every standard);
- terms worth less to us than our reservation point (``evaluate`` says walk on them);
- terms beaten for both sides by another compliant outcome: at least as good for us and for
  them (by our estimate), and better for one. The outcome named is the compliant frontier point
  that beats the terms with the most value to us, the same "value left on the table" the MESO
  grid reports; the frontier holds every non-dominated compliant pair, so if any compliant
  outcome beats the terms, one of its points does.

The error is for our side only (it names our floor and our values); it never reaches the letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from brightline.actions import act
from brightline.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from brightline.case.model import OptionValue
    from brightline.report.context import CaseContext
    from brightline.session.events import Event

CLOSING_DECISIONS = {"pause": "pause", "walk-away": "walk"}
"""The session decision (``DecisionKind`` value) behind each closing record."""


class DocumentRefused(UsageError):
    """A well-formed request the session's state rules out now: a counter on a paused session.

    Not a mistake in the request (the CLI exits 1 for it, as ``session verify`` does for a
    trail that fails, rather than 2): the same request is right once the session moves on. The
    message says why and which document fits instead; ``action`` is that document.
    """


def check_stance(context: CaseContext, kind: str, events: Sequence[Event]) -> None:
    """Refuse a proposal the gate rules out, and a closing record nobody decided.

    See the module docstring for the exact rule.

    Raises:
        UsageError: naming ``kind``, with the gate's verdict and what to do instead.
    """
    from brightline.engine.gate import Verdict
    from brightline.errors import BrightlineError

    if kind == "counter":
        check_counter_standing(context, events)
        return
    decision = CLOSING_DECISIONS.get(kind)
    if kind != "proposal" and decision is None:
        return  # no other kind depends on the stance: the gate is not computed for it
    decided = any(
        event.kind == "decision" and event.payload.get("decision") == decision for event in events
    )
    if decided:
        return
    try:
        verdict: Verdict | None = context.gate.verdict
    except BrightlineError:  # a case the engine cannot hold has no verdict
        verdict = None
    said = f"{verdict.value} ({verdict.meaning})" if verdict is not None else "not computed"
    if kind == "proposal":
        if verdict is Verdict.WALK_AWAY:
            raise UsageError(
                f"a proposal is not written when the warrant gate's verdict is {said}: every "
                "offer in it would be one we should not make; write the walk-away record instead",
                parameter="kind",
                action=act("doc", kind=None, case=None),
            )
        return
    if verdict in (Verdict.LOSE_LOSE_WARRANTED, Verdict.WALK_AWAY):
        return
    raise UsageError(
        f"a {kind} record is written once a {decision} decision is recorded in the session, or "
        f"when the warrant gate supports it; here no {decision} decision is on record and the "
        f"gate's verdict is {said}: record the decision in the session and write the record "
        "inside it, or send a proposal",
        parameter="kind",
        action=act("log decision", session=None, decision=None, rationale=None),
    )


def check_counter_standing(context: CaseContext, events: Sequence[Event]) -> None:
    """Refuse a counter when the session has nothing open to counter: paused, ended or closed.

    The rule is the playbook's (``standing_of``): a closed session has nothing on the table; a
    pause or a walk decision recorded after the last offer received (and after the last change
    of stage) answers it, so the offer waits for the revisit or the talks are over. A counter
    then would reopen by letter what the team decided to stop. An offer received after the
    decision, or a move to another stage, reopens the table. Outside a session (no events)
    nothing is refused.

    Raises:
        DocumentRefused: naming ``kind``, saying since which event and which record fits.
    """
    from brightline.playbook.advice import Standing, TrailSoFar, standing_of
    from brightline.playbook.record import DecisionKind
    from brightline.session.analytics import replay

    if not events:
        return
    state = replay(context.loaded.case, events)
    received = [seq for seq, offer in state.offers if offer.direction.value == "received"]
    trail = TrailSoFar(state.stage, state.stage_since, state.decisions)
    standing, since, decision = standing_of(received[-1] if received else 0, trail)
    if standing is Standing.CLOSED:
        raise DocumentRefused(
            f"a counter is not written in a closed session: the session closed at #{since}, so "
            "no offer is open to answer; the records that fit are the walk-away record (talks "
            "ended) or the pause record (talks may resume)",
            parameter="kind",
            action=act("doc", kind="walk-away", case=None, session=None),
            also=(act("doc", kind="pause", case=None, session=None),),
        )
    if standing is Standing.ON_HOLD:
        raise DocumentRefused(
            f"a counter is not written while the talks are paused: a pause was decided at "
            f"#{since}, after the last offer received; the record that fits is the pause record, "
            "and a counter fits again once a new offer is received or the talks resume",
            parameter="kind",
            action=act("doc", kind="pause", case=None, session=None),
        )
    if standing is Standing.ANSWERED and decision is DecisionKind.WALK:
        raise DocumentRefused(
            f"a counter is not written once the talks ended: a walk-away was decided at #{since}, "
            "after the last offer received; the record that fits is the walk-away record",
            parameter="kind",
            action=act("doc", kind="walk-away", case=None, session=None),
        )


def check_letter_terms(context: CaseContext, outcome: Mapping[str, OptionValue]) -> None:
    """Refuse terms an offer letter must not carry (see the module docstring).

    Raises:
        UsageError: naming ``offer``, when the terms break a standard, fall below the
            reservation point, or are beaten for both sides by another compliant outcome.
    """
    from brightline.amounts import amount
    from brightline.errors import BrightlineError
    from brightline.offers.evaluate import evaluate_offer, violations_of
    from brightline.report.labels import standard_label

    loaded = context.loaded
    case = loaded.case
    broken = {violation.standard for violation in violations_of(loaded, outcome)}
    if broken:
        names = [standard_label(s) for s in case.standards if s.id in broken]
        raise UsageError(
            f"breaks {', '.join(names)}; an offer letter is written only within every "
            "standard: change the terms",
            parameter="offer",
        )
    try:
        space, gate = context.space, context.gate
    except BrightlineError:  # a space the engine cannot hold: the standards check is all we have
        return
    evaluation = evaluate_offer(loaded, outcome, space=space, gate=gate)
    currency = case.case.currency
    if evaluation.reservation is not None and evaluation.ours < evaluation.reservation:
        raise UsageError(
            f"is worth {amount(evaluation.ours, currency)} to us, "
            f"{amount(evaluation.reservation - evaluation.ours, currency)} below our reservation "
            f"point ({amount(evaluation.reservation, currency)}); an offer letter is never written "
            "below it: offer terms worth at least the reservation point, or walk away",
            parameter="offer",
        )
    better = _beating(context, evaluation.ours, evaluation.theirs)
    if better is not None:
        terms, gain_ours, gain_theirs = better
        raise UsageError(
            f"is beaten for both sides by other compliant terms ({terms}): "
            f"{amount(gain_ours, currency)} more to us and an estimated "
            f"{amount(gain_theirs, case.case.their_unit)} more to them; write those terms "
            "instead, so the signed letter gives no value away",
            parameter="offer",
        )


def _beating(context: CaseContext, ours: float, theirs: float) -> tuple[str, float, float] | None:
    """The compliant frontier point beating (ours, theirs) with the most to us: terms and gains."""
    import numpy as np

    from brightline.offers.meso_search import dominates, slack_of
    from brightline.report.labels import issue_label, option_label

    sweep = context.sweep
    frontier = sweep.frontier
    if frontier.empty:
        return None
    slack = max(slack_of(frontier.ours), slack_of(frontier.theirs))
    beating = np.flatnonzero(dominates(frontier.ours, frontier.theirs, ours, theirs, slack))
    if beating.shape[0] == 0:
        return None
    point = int(beating[0])  # the frontier runs from most to least value to us
    case = context.loaded.case
    outcome = sweep.space.outcome(frontier.choices[point])
    terms = "; ".join(
        f"{issue_label(case, issue.id)}: {option_label(case, issue.id, outcome[issue.id])}"
        for issue in case.issues
        if issue.id in outcome
    )
    return terms, float(frontier.ours[point]) - ours, float(frontier.theirs[point]) - theirs
