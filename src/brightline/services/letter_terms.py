"""Terms an offer letter may put in writing: compliant, at or above our floor, not dominated.

An offer letter is signed by the candidate as written, so it is the one document where giving
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

from brightline.errors import UsageError

if TYPE_CHECKING:
    from brightline.case.model import OptionValue
    from brightline.report.context import CaseContext


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
