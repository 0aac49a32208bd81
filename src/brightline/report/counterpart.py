"""What the other side may read: the public view every counterpart document is built from.

Private by construction. A counterpart document (proposal, counter, pause, walk-away, bidder
notice, re-bid specification, offer letter) is a function of one :class:`CounterpartView`, and
the view has no field that could hold our BATNA, our reservation point, a value to us, our
estimate of a value to them, a harm's probability or impact, or an internal note: there is
nowhere to put them, so no builder and no renderer can leak them. :func:`counterpart_view` is
the one function that fills a view; it reads the case and the computed results (the MESO grid,
the evaluation of an offer received, the session's events, a bid's standing) and copies only the
public facts, worded with the case's names and labels:

- the parties' names;
- every standard's name and requirement in words; for a published standard also its source,
  evidence, narrative and verifier (an unpublished one is named without them, as the say line
  names it);
- offers (the MESO grid, counters, offers on record) as terms by issue and option label, never
  by id and never with a value;
- the safeguards schedule (trigger, measure, consequence, verifier, date);
- the reasons an offer received falls short, each from a failed clause of a standard;
- the session's public events (offers made and received, pauses and walk-aways decided with
  their review date), the integrative options tried, the revisit condition and date;
- the words of the say library for the case's culture (face-saving wording, next step).

``tests/report/test_documents_privacy.py`` pins the field set, checks that every counterpart
builder takes a view (not a case), and renders every counterpart kind of every example with
canary values in every private field, finding none of them in any format.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brightline.case.model import OptionValue, Standard
from brightline.case.validate import LoadedCase
from brightline.report.counterpart_record import (
    OFFER_LETTERS,
    acceptance_steps,
    closing_words,
    interim_terms,
    public_events,
    review_date,
    say_sentences,
    terms_of,
    tried_options,
)
from brightline.report.document import Provenance
from brightline.report.labels import (
    capitalised,
    issue_label,
    lowered,
    option_label,
    rule_words,
    spaced,
    standard_label,
)
from brightline.report.public_parts import (
    BidStanding,
    InterimTerms,
    PublicEvent,
    PublicSafeguard,
    PublicStandard,
    PublicTerms,
    ShortfallReason,
    TriedOption,
)

if TYPE_CHECKING:
    from brightline.offers.evaluate import Evaluation, Violation
    from brightline.offers.meso import MesoResult
    from brightline.session.events import Event


@dataclass(frozen=True, slots=True)
class CounterpartView:
    """Everything a counterpart document may say, and nothing else (see the module docstring).

    Attributes:
        title: The case title.
        context: The kind of negotiation (``sales``, ``procurement``, ``hiring``, ...).
        us: Our name.
        them: Who the document is addressed to (:func:`public_addressee`): their public name,
            one bidder's name in its notice, "each bidder" in a tender sent to all.
        standards: The must-haves, public fields only.
        offers: The MESO grid as terms (empty when there is none).
        safeguards: The safeguards schedule.
        acceptance: How to accept, one step each.
        agreed: The terms a letter offers (an offer letter), as terms (None otherwise).
        received: The offer received being answered, as terms (None when none).
        shortfalls: Why ``received`` cannot be signed as written.
        counters: Our counters to ``received``, as terms.
        events: The session's public events, oldest first.
        tried: The integrative options tried before holding the standards.
        narrative: The words of the say library for this answer and culture, one sentence each.
        closing: The playbook's words for a pause or a walk-away in this context.
        revisit_condition: What would have to change to talk again.
        revisit_date: When to look again ("" when no date is set).
        face_saving: Face-saving wording chosen by the case's culture.
        offers_on_record: Whether any offer was made or received (in the case file or the
            session): a record of talks that end speaks of "the terms on the table" only then.
        bid: One bidder's own standing (only in a bidder notice).
        interim: The capped extension while a tender is re-run (procurement only).
        provenance: Case, date, trail head and parties, as printed on the document.
    """

    title: str
    context: str
    us: str
    them: str
    standards: tuple[PublicStandard, ...]
    offers: tuple[PublicTerms, ...]
    safeguards: tuple[PublicSafeguard, ...]
    acceptance: tuple[str, ...]
    agreed: PublicTerms | None
    received: PublicTerms | None
    shortfalls: tuple[ShortfallReason, ...]
    counters: tuple[PublicTerms, ...]
    events: tuple[PublicEvent, ...]
    tried: tuple[TriedOption, ...]
    narrative: tuple[str, ...]
    closing: tuple[str, ...]
    revisit_condition: str
    revisit_date: str
    face_saving: tuple[str, ...]
    offers_on_record: bool
    bid: BidStanding | None
    interim: InterimTerms | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class BidInput:
    """One bid as read from the bids table, for its notice.

    Attributes:
        bidder: The bidder's name.
        outcome: The bid's readable values (issue id -> option id or number).
        rank: Its place among the bids that pass; None when knocked out or unreadable.
        passing: How many bids pass.
        unreadable: The table's problems with this row, one line each.
        decision: ``award``, ``best-and-final``, ``rebid`` or ``review`` (see :class:`BidStanding`).
    """

    bidder: str
    outcome: Mapping[str, OptionValue]
    rank: int | None
    passing: int
    unreadable: tuple[str, ...]
    decision: str


@dataclass(frozen=True, slots=True)
class ComputedResults:
    """What a counterpart view is filled from, besides the case (each may be absent).

    Attributes:
        meso: The MESO grid.
        evaluation: The evaluation of the offer received being answered.
        events: The session's events, oldest first.
        bid: The standing of the one bidder a notice is for.
        agreed: The outcome a letter offers (checked compliant by the caller).
        built: The date the document is built.
        trail_head: The session trail's head hash ("" outside a session).
        session: The session's id ("" outside a session).
        addressee: The one bidder a tender's counter answers, by the name its bid gives (""
            elsewhere: see :func:`public_addressee`).
    """

    meso: MesoResult | None = None
    evaluation: Evaluation | None = None
    events: Sequence[Event] = ()
    bid: BidInput | None = None
    agreed: Mapping[str, OptionValue] | None = None
    built: datetime.date = field(default_factory=datetime.date.today)
    trail_head: str = ""
    session: str = ""
    addressee: str = ""


def public_standard(loaded: LoadedCase, standard: Standard) -> PublicStandard:
    """A standard's public fields: the requirement always, the rest only when published."""
    requirement = capitalised(rule_words(loaded.case, loaded.rule_as_written(standard.id)))
    if not standard.published:
        return PublicStandard(standard_label(standard), requirement, False)
    source = (
        f"{standard.source.reference} ({standard.source.kind.value})"
        if standard.source is not None
        else ""
    )
    verifier = (
        f"{standard.verifier.who}, {lowered(standard.verifier.when)}"
        if standard.verifier is not None
        else ""
    )
    return PublicStandard(
        standard_label(standard),
        requirement,
        True,
        source,
        tuple(standard.evidence),
        " ".join(standard.narrative.split()),
        verifier,
    )


def safeguard_name(loaded: LoadedCase, safeguard_id: str) -> str:
    """A safeguard's description, or its id in words."""
    safeguard = loaded.case.safeguard(safeguard_id)
    return safeguard.description or spaced(safeguard_id)


def _named(loaded: LoadedCase, text: str) -> str:
    """Free text with any safeguard id it cites replaced by that safeguard's name, in quotes.

    Case authors refer to one safeguard from another by id ("ends as in
    ``metric_breach_termination``"); the reader of the schedule knows them by name.
    """
    words = " ".join(text.split())
    for safeguard in loaded.case.safeguards:
        if safeguard.id in words:
            name = safeguard_name(loaded, safeguard.id)
            words = re.sub(rf"\b{re.escape(safeguard.id)}\b", f"\u201c{name}\u201d", words)
    return words


EACH_BIDDER = "each bidder"
"""Who a tender's documents to every bidder are addressed to: they go to all of them at once."""

EVERY_BIDDER = "Every bidder of the round"
"""The letterhead's name for the other party of a document sent to each bidder."""

SENT_TO_EVERY_BIDDER = frozenset({"rebid-spec", "pause", "walk-away", "proposal"})
"""Counterpart kinds that, in a tender, go to every bidder at once, so they name no bidder.

The re-bid specification is the new round's terms; a pause or a walk-away stops the award for
the whole field; a proposal (the MESO offers) is put to the whole field at once, so each bidder
gives the undertakings of its safeguards. None of them may hold one bidder's terms: :func:`counterpart_view` leaves the
session's offers out of every tender document (the trail does not say which bidder made an
offer, so no document can attribute one to its own bidder either).
"""


def is_tender(loaded: LoadedCase) -> bool:
    """Whether the case is a tender: the other side is a field of bidders.

    The table's own test (``offers.recommendation.is_tender``: a procurement case with a
    ``bids:`` section), so the documents and the advice agree on who is on the other side.
    """
    from brightline.offers.recommendation import is_tender as tender

    return tender(loaded.case)


def public_addressee(
    loaded: LoadedCase, kind: str, bid: BidInput | None, addressee: str = ""
) -> str:
    """The name a counterpart document gives the other side.

    A bidder notice goes to one bidder, by the name its bid gives, and so does a tender's
    counter (``addressee``: it answers that bidder's bid, and no other bidder may read its
    terms). The re-bid specification, a tender's pause and its walk-away go to every bidder at
    once, so they name none of them ("each bidder"). Every other counterpart document goes to
    the counterpart by ``parties.them.name``, which the case schema documents as shown to the
    other side.
    """
    if bid is not None:
        return bid.bidder
    if addressee:
        return addressee
    if kind == "rebid-spec" or (kind in SENT_TO_EVERY_BIDDER and is_tender(loaded)):
        return EACH_BIDDER
    return loaded.case.parties.them.name


def _addressed(loaded: LoadedCase, addressee: str, sentences: Sequence[str]) -> tuple[str, ...]:
    """Sentences of the say library with the case's name for them replaced by the addressee.

    The say library fills ``{them}`` from the case; a document sent to each bidder must not
    carry the case's private description of the field.
    """
    from brightline.engine.wording import party_in_sentence

    private = loaded.case.parties.them.name
    if not private or private == addressee:
        return tuple(sentences)
    # Phrases name them mid-sentence ("the buyer" for "The buyer"): both forms are replaced.
    inside = party_in_sentence(private)
    return tuple(
        sentence.replace(private, addressee).replace(inside, party_in_sentence(addressee))
        for sentence in sentences
    )


UNDERTAKING = re.compile(
    r"^(?:Each party gives the other|.+? gives .+?) the following undertaking(?:, on the same terms)?: "
)
"""The lead of a drafted clause: who gives whom an undertaking (``playbook.clauses``)."""


def _for_a_candidate(loaded: LoadedCase, text: str) -> str:
    """A drafted clause as a candidate reads it: what the term is, without an undertaking lead.

    The clause composer opens each clause with who gives whom an undertaking; a mutual one with
    "each party gives the other the following undertaking, on the same terms". In a hiring
    case the terms (published bands, a written review) are the employer's rules for everyone
    in the role: a candidate gives no undertaking that "bands are published". The lead goes;
    the items (trigger, measure, verifier, date) say who does what.
    """
    if loaded.case.case.context.value != "hiring":
        return text
    return capitalised(UNDERTAKING.sub("", text, count=1))


def _upholds(loaded: LoadedCase, safeguard_id: str) -> tuple[str, ...]:
    """The names of the standards that list the safeguard among their safeguards."""
    return tuple(
        standard_label(standard)
        for standard in loaded.case.standards
        if safeguard_id in standard.safeguards
    )


def _schedule(loaded: LoadedCase, addressee: str) -> tuple[PublicSafeguard, ...]:
    """The safeguards with the playbook's drafted clause for each (a clause drafts one safeguard)."""
    from brightline.playbook.clauses import draft_clauses

    clauses = {
        clause.safeguard: clause for clause in draft_clauses(loaded.case, counterpart=addressee)
    }
    return tuple(
        PublicSafeguard(
            safeguard.description or spaced(safeguard.id),
            spaced(safeguard.kind.value),
            _named(loaded, safeguard.trigger),
            _named(loaded, safeguard.measure),
            _named(loaded, safeguard.consequence),
            safeguard.verifier,
            safeguard.due.isoformat() if safeguard.due is not None else "",
            safeguard.mutual,
            clauses[safeguard.id].title if safeguard.id in clauses else "",
            _for_a_candidate(loaded, _named(loaded, clauses[safeguard.id].text))
            if safeguard.id in clauses
            else "",
            _upholds(loaded, safeguard.id),
        )
        for safeguard in loaded.case.safeguards
    )


def _grid(loaded: LoadedCase, meso: MesoResult | None) -> tuple[PublicTerms, ...]:
    if meso is None:
        return ()
    return tuple(
        PublicTerms(
            f"Offer {OFFER_LETTERS[number]}",
            terms_of(loaded, offer.outcome),
            tuple(safeguard_name(loaded, safeguard) for safeguard in offer.safeguards),
            tuple(standard_label(standard) for standard in loaded.case.standards),
            tuple(offer.dimensions),
        )
        for number, offer in enumerate(meso.offers[: len(OFFER_LETTERS)])
    )


def _agreed(loaded: LoadedCase, outcome: Mapping[str, OptionValue]) -> PublicTerms:
    from brightline.offers.valuation import offer_safeguards

    _, safeguards = offer_safeguards(loaded, outcome)
    return PublicTerms(
        "Our offer",
        terms_of(loaded, outcome),
        tuple(safeguard_name(loaded, safeguard) for safeguard in safeguards),
        tuple(standard_label(s) for s in loaded.case.standards),
    )


def _shortfalls_of(
    loaded: LoadedCase, violations: Sequence[Violation]
) -> tuple[ShortfallReason, ...]:
    """One reason per standard the offer breaks: the whole rule in words, and what the offer says.

    The evaluator names every failing clause, which is right for us; but the clauses of one rule
    read as separate demands when listed one per row (``at least 10 weeks``, ``at least 9
    weeks``, ``the rush slot`` for a rule that asks for the first *or* the other two). The
    counterpart reads the rule as written, with the offer's terms for the issues that broke it.
    """
    case = loaded.case
    by_standard: dict[str, list[Violation]] = {}
    for violation in violations:
        by_standard.setdefault(violation.standard, []).append(violation)
    reasons: list[ShortfallReason] = []
    for standard_id, failed in by_standard.items():
        standard = next(s for s in case.standards if s.id == standard_id)
        published = standard.published and standard.source is not None
        source = standard.source.reference if published and standard.source is not None else ""
        needs = capitalised(rule_words(case, loaded.rule_as_written(standard_id)))
        issues = list(dict.fromkeys(violation.issue for violation in failed))
        values = {violation.issue: violation.value for violation in failed}
        if len(issues) == 1:
            offered = option_label(case, issues[0], values[issues[0]])
        else:
            offered = "; ".join(
                f"{issue_label(case, issue)}: {option_label(case, issue, values[issue])}"
                for issue in issues
            )
        reasons.append(
            ShortfallReason(
                standard_label(standard),
                source,
                needs,
                ", ".join(issue_label(case, issue) for issue in issues),
                offered,
            )
        )
    return tuple(reasons)


def _shortfalls(loaded: LoadedCase, evaluation: Evaluation) -> tuple[ShortfallReason, ...]:
    return _shortfalls_of(loaded, evaluation.violations)


def _standing(loaded: LoadedCase, bid: BidInput) -> BidStanding:
    """One bid's standing: its terms, and why it fails each standard it fails, in words."""
    from brightline.offers.evaluate import violations_of

    shortfalls: tuple[ShortfallReason, ...] = ()
    if not bid.unreadable and bid.rank is None:
        shortfalls = _shortfalls_of(loaded, violations_of(loaded, dict(bid.outcome)))
    return BidStanding(
        bid.bidder,
        terms_of(loaded, bid.outcome),
        bid.rank is not None,
        bid.rank,
        bid.passing,
        shortfalls,
        bid.unreadable,
        bid.decision,
    )


def _counters(loaded: LoadedCase, evaluation: Evaluation | None) -> tuple[PublicTerms, ...]:
    from brightline.offers.valuation import offer_safeguards

    if evaluation is None or not evaluation.recommendation.proposes:
        return ()
    names = ("Our counter", *(f"Alternative {n}" for n in range(1, len(evaluation.counters))))
    found = []
    for name, counter in zip(names, evaluation.counters, strict=False):
        _, safeguards = offer_safeguards(loaded, counter.outcome)
        found.append(
            PublicTerms(
                name,
                terms_of(loaded, counter.outcome),
                tuple(safeguard_name(loaded, safeguard) for safeguard in safeguards),
                tuple(standard_label(s) for s in loaded.case.standards),
            )
        )
    return tuple(found)


def counterpart_view(
    loaded: LoadedCase, results: ComputedResults, *, kind: str = "", closing: str = ""
) -> CounterpartView:
    """The one function that fills a :class:`CounterpartView`, with public fields only.

    Args:
        loaded: The case.
        results: What was computed for the document (grid, evaluation, events, bid standing).
        kind: The document kind, which decides who it is addressed to (:func:`public_addressee`).
        closing: ``pause_and_revisit`` or ``respectful_walk_away`` for the playbook's closing
            words; empty for the other documents.
    """
    case = loaded.case
    us = case.parties.us.name
    them = public_addressee(loaded, kind, results.bid, results.addressee)
    evaluation = results.evaluation
    review = review_date(results.events)
    narrative, saving = say_sentences(loaded, evaluation)
    narrative, saving = _addressed(loaded, them, narrative), _addressed(loaded, them, saving)
    ending = closing_words(loaded, results.events, review)
    offers = _grid(loaded, results.meso)
    provenance = Provenance(
        case.case.title,
        results.built.isoformat(),
        results.trail_head,
        results.session,
        (us, EVERY_BIDDER if them == EACH_BIDDER else them),  # the letterhead's line
        "counterpart",
    )
    return CounterpartView(
        title=case.case.title,
        context=case.case.context.value,
        us=us,
        them=them,
        standards=tuple(public_standard(loaded, standard) for standard in case.standards),
        offers=offers,
        safeguards=_schedule(loaded, them),
        acceptance=acceptance_steps(loaded, len(offers)),
        agreed=None if results.agreed is None else _agreed(loaded, results.agreed),
        received=None
        if evaluation is None
        else PublicTerms("Your offer", terms_of(loaded, evaluation.outcome)),
        shortfalls=() if evaluation is None else _shortfalls(loaded, evaluation),
        counters=_counters(loaded, evaluation),
        events=public_events(loaded, results.events, offers=not is_tender(loaded)),
        tried=tried_options(loaded),
        narrative=narrative,
        closing=_addressed(loaded, them, ending["words"].get(closing, ())) if closing else (),
        revisit_condition=ending["condition"],
        revisit_date=review,
        face_saving=saving,
        offers_on_record=bool(case.offers)
        or evaluation is not None
        or any(event.kind == "offer" for event in results.events),
        bid=None if results.bid is None else _standing(loaded, results.bid),
        interim=interim_terms(loaded),
        provenance=provenance,
    )
