"""The record side of the public view: events, what was tried, how to accept, closing words.

Moved out of :mod:`brightline.report.counterpart` (which fills the view with
:func:`~brightline.report.counterpart.counterpart_view`) to keep each module short. Everything here
reads the case and the session's events and returns public facts only, under the same rule as
the view: no value to us, no estimate of theirs, no note, no reason of ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from brightline.case.model import OptionValue
from brightline.case.validate import LoadedCase
from brightline.engine.wording import our_undertaking
from brightline.report.labels import capitalised, issue_label, option_label, standard_label
from brightline.report.public_parts import InterimTerms, PublicEvent, TriedOption

if TYPE_CHECKING:
    from brightline.offers.evaluate import Evaluation
    from brightline.session.events import Event


OFFER_LETTERS = "ABCDE"
"""Names of the MESO offers on a document (Offer A, Offer B, ...)."""


def terms_of(loaded: LoadedCase, outcome: Mapping[str, OptionValue]) -> tuple[tuple[str, str], ...]:
    """An outcome as ``(issue name, option label)`` pairs in the case's issue order."""
    case = loaded.case
    return tuple(
        (issue_label(case, issue.id), option_label(case, issue.id, outcome[issue.id]))
        for issue in case.issues
        if issue.id in outcome
    )


def public_events(
    loaded: LoadedCase, events: Sequence[Event], *, offers: bool = True
) -> tuple[PublicEvent, ...]:
    """Offers made and received, and pauses and walk-aways decided: what both sides saw.

    Notes, signals, approvals, concessions (their values to us) and decision rationales are ours
    and stay out; an offer's terms are written by label, without its note or evaluation. With
    ``offers`` false (a tender: each offer is one bidder's, and the trail does not say whose)
    only the decisions are listed.
    """
    from brightline.playbook.record import DecisionKind

    closing = {
        DecisionKind.PAUSE.value: "We proposed a pause",
        DecisionKind.WALK.value: "We ended the talks",
    }
    found: list[PublicEvent] = []
    for event in events:
        day = event.at[:10]
        if event.kind == "offer" and offers:
            side = "we offered" if event.payload.get("direction") == "made" else "you offered"
            terms = "; ".join(
                f"{name}: {label}" for name, label in terms_of(loaded, event.payload["outcome"])
            )
            found.append(PublicEvent(day, f"{capitalised(side)} {terms}"))
        elif event.kind == "decision" and event.payload.get("decision") in closing:
            review = event.payload.get("review_date")
            what = closing[event.payload["decision"]]
            found.append(PublicEvent(day, what + (f", to review on {review}" if review else "")))
    return tuple(found)


TRIED_STATUS = {
    "considered": "considered",
    "rejected": "considered, not taken up",
    "pursuing": "still open",
}
"""Where an integrative option stands, as the other side reads it."""


def tried_options(loaded: LoadedCase) -> tuple[TriedOption, ...]:
    """Each integrative option and where it stands; never why it was rejected (that is ours)."""
    return tuple(
        TriedOption(" ".join(option.description.split()), TRIED_STATUS[option.status.value])
        for option in loaded.case.integrative_options
    )


def review_date(events: Sequence[Event]) -> str:
    """The review date of the latest decision that set one (empty when none did)."""
    for event in reversed(events):
        if event.kind == "decision" and event.payload.get("review_date"):
            return str(event.payload["review_date"])
    return ""


def interim_terms(loaded: LoadedCase) -> InterimTerms | None:
    """A tender's interim arrangement (incumbent, volume cap, change control); None elsewhere."""
    from brightline.case.model import Context, SafeguardKind, TradeableKind

    case = loaded.case
    if case.case.context is not Context.PROCUREMENT:
        return None
    incumbent = case.bids.incumbent if case.bids is not None else None
    terms = [
        " ".join(tradeable.description.split())
        for tradeable in case.tradeables
        if tradeable.kind is TradeableKind.VOLUME_CAP and tradeable.description
    ]
    terms += [
        " ".join(f"{safeguard.description}: {safeguard.consequence}".split())
        for safeguard in case.safeguards
        if safeguard.kind is SafeguardKind.CHANGE_CONTROL and safeguard.description
    ]
    if incumbent is None and not terms:
        return None
    return InterimTerms(
        incumbent.name if incumbent is not None else "",
        incumbent.months if incumbent is not None else None,
        incumbent.volume_cap if incumbent is not None else None,
        tuple(terms),
    )


def acceptance_steps(loaded: LoadedCase, offers: int) -> tuple[str, ...]:
    """How the other side accepts: which offer to name, the schedule, who checks, signing."""
    us = loaded.case.parties.us.name
    choose = (
        f"Reply to {us} in writing naming the offer you choose "
        f"({', '.join(f'Offer {OFFER_LETTERS[n]}' for n in range(offers))})."
        if offers > 1
        else f"Reply to {us} in writing to accept the terms above."
    )
    steps = [choose]
    if loaded.case.safeguards:
        steps.append(
            "Confirm the safeguards schedule: it becomes part of the agreement as written."
        )
    verifiers = [s.verifier.who for s in loaded.case.standards if s.published and s.verifier]
    if verifiers:
        steps.append(
            f"{verifiers[0]} checks the standards as the schedule says; the agreement takes "
            "effect once both sides sign."
        )
    else:
        steps.append("The agreement takes effect once both sides sign.")
    return tuple(steps)


def say_sentences(
    loaded: LoadedCase, evaluation: Evaluation | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The say sentences (narrative) and the face-saving ones, from the say library's facts."""
    from brightline.offers.say import FactKind

    if evaluation is None:
        return (), culture_face_saving(loaded)
    saving_kinds = (FactKind.FACE_SAVING, FactKind.NEXT_STEP)
    facts = evaluation.say_text.facts
    narrative = tuple(fact.sentence for fact in facts if fact.kind not in saving_kinds)
    saving = tuple(fact.sentence for fact in facts if fact.kind in saving_kinds)
    return narrative, saving or culture_face_saving(loaded)


def culture_face_saving(loaded: LoadedCase) -> tuple[str, ...]:
    """The face-saving wording the say library uses for a pause or an end of talks."""
    culture = loaded.case.case.culture
    found = []
    saving = [item for item in culture.face_saving if item.strip()]
    if saving:
        # The case writes face-saving choices as what we do ("Frame the pilot as ..."): said
        # to them, they are our undertaking, never advice on how they should present it.
        found.append(our_undertaking(saving[0]))
    if culture.escalation_steps:
        found.append(f"A next step we could take together: {culture.escalation_steps[0]}.")
    return tuple(found)


def closing_words(loaded: LoadedCase, events: Sequence[Event], review: str) -> dict[str, Any]:
    """The playbook's closing words and the computed revisit condition."""
    from brightline.playbook.phrases import phrases_for
    from brightline.playbook.table_facts import Reason, table_facts

    offers = []
    if any(event.kind == "offer" for event in events):  # outside a session there are none
        from brightline.session.events import OfferPayload

        offers = [
            (event.seq, OfferPayload.model_validate(event.payload))
            for event in events
            if event.kind == "offer"
        ]
    facts = table_facts(loaded, offers)
    by_id = {standard.id: standard for standard in loaded.case.standards}
    blocking = [standard_label(by_id[s]) for s in facts.blocking if s in by_id]
    if facts.reason is Reason.STANDARDS and blocking:
        offer = "A bid" if loaded.case.case.context.value == "procurement" else "An offer"
        condition = f"{offer} that meets {' and '.join(blocking)}."
    elif facts.reason is Reason.THEIR_ALTERNATIVE:
        condition = (  # their alternative is our estimate: the condition does not name it
            "Terms within our standards that work for both sides, or a change in either side's "
            "situation."
        )
    else:
        condition = (
            "Either side's situation changes so that terms meeting our standards work for both."
        )
    pending = [
        option.description
        for option in loaded.case.integrative_options
        if option.status.value == "pursuing" and not option.verifiable
    ]
    if pending:
        condition += f" Also: a way to check {pending[0].rstrip('.')}."
    words = {
        move: phrases_for(move, loaded.case, review or None, facts).say
        for move in ("pause_and_revisit", "respectful_walk_away")
    }
    return {"condition": condition, "words": words}
