"""What to say to the counterpart: sentences built one by one from facts the engine computed.

Everything here is meant to be read out or sent, so the text is a list of :class:`SayFact`, each one
sentence made from one computed fact: a standard the offer actually breaks (with that standard's
own source, shown only when the standard is published), the counter we propose, the safeguards it
carries, the real reason for a pause, the gate's reason to decline or keep seeking. A test reads
every fact back against the case. The text never reads the BATNA, the reservation point, their
estimated alternative or any estimated value (``tests/offers/test_offers_evaluate.py`` checks that no such
number leaks), never says "we cannot meet" a rule (the rule is ours; it is their offer that falls
outside it), and promises nothing the case does not hold (no "widen later" unless a safeguard of
the case says when).

Directness sets the register: ``direct`` states the rule and the proposal plainly; ``indirect``
leads with the shared goal, frames the proposal as a question and offers the case's face-saving
choices; ``mixed`` sits in between. With a high power distance the line offers a written version
for their leadership, who will decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from brightline.amounts import measured
from brightline.case.model import Context, Directness, DiscreteIssue, Level, OptionValue
from brightline.case.validate import LoadedCase
from brightline.engine.wording import our_undertaking
from brightline.offers.recommendation import Recommendation

if TYPE_CHECKING:
    from brightline.offers.evaluate import Counter, Violation

_NOUN = {
    Context.SALES: "proposal",
    Context.PARTNERSHIP: "term sheet",
    Context.PROCUREMENT: "bid",
    Context.HIRING: "offer",
    Context.LEADERSHIP: "proposal",
}


class FactKind(StrEnum):
    """What one sentence of a say text states."""

    GREETING = "greeting"
    BREAKS = "breaks"
    NOT_SIGNABLE = "not-signable"
    ACCEPT = "accept"
    PROPOSAL = "proposal"
    SAFEGUARDS = "safeguards"
    ALTERNATIVES = "alternatives"
    PAUSE = "pause"
    PENDING_CHECK = "pending-check"
    CHECKED_BY = "checked-by"
    KEEP_SEEKING = "keep-seeking"
    REVIEW = "review"
    DECLINE = "decline"
    WALK = "walk"
    RECORD = "record"
    FACE_SAVING = "face-saving"
    NEXT_STEP = "next-step"
    IN_WRITING = "in-writing"
    MEETS_MUST_HAVES = "meets-must-haves"
    BEST_AND_FINAL = "best-and-final"
    SET_ASIDE = "set-aside"


class PauseReason(StrEnum):
    """Why we pause, as computed (never "we cannot meet the standard")."""

    THEIR_ALTERNATIVE = "their-alternative"
    VALUE_GAP = "value-gap"
    PENDING_VERIFICATION = "pending-verification"


@dataclass(frozen=True, slots=True)
class SayFact:
    """One sentence and the fact it states.

    Attributes:
        kind: What the sentence states.
        sentence: The sentence, ending in its punctuation.
        standard: For ``breaks`` and ``checked-by``: the standard's id (else "").
        source: For ``breaks``: the source reference cited in the sentence ("" when none is).
        reason: For ``pause``: the :class:`PauseReason`; for ``keep-seeking`` and ``decline``: the
            gate's condition; else "".
    """

    kind: FactKind
    sentence: str
    standard: str = ""
    source: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SayText:
    """A say text as the facts it is made of."""

    facts: tuple[SayFact, ...]

    @property
    def text(self) -> str:
        """The sentences, in order, as one line."""
        return " ".join(fact.sentence for fact in self.facts)


@dataclass(frozen=True, slots=True)
class SayInput:
    """What the say text is built from (all computed by :func:`~brightline.offers.evaluate_offer`).

    Attributes:
        recommendation: What we decided to do.
        violations: The offer's failed clauses.
        counters: Counters we put forward, first is the one we propose.
        safeguards: Safeguard ids that come with what we propose (or accept).
        pause_reason: Why we pause, for ``pause``.
        condition: The gate's "do not use" condition behind ``keep-seeking`` or ``decline``.
        pending_checks: How many integrative options we pursue that cannot be checked yet (a
            pause then also waits for their verification).
    """

    recommendation: Recommendation
    violations: Sequence[Violation]
    counters: Sequence[Counter]
    safeguards: Sequence[str]
    pause_reason: PauseReason | None = None
    condition: str = ""
    pending_checks: int = 0


def describe_choice(loaded: LoadedCase, issue_id: str, value: OptionValue) -> str:
    """``Rollout scope: Two business units, 300 seats`` from the case's names and labels."""
    issue = loaded.case.issue(issue_id)
    name = issue.name or issue_id.replace("_", " ")
    if isinstance(issue, DiscreteIssue):
        shown = (issue.label_of(value) or str(value)).replace("_", " ")
    else:
        shown = measured(float(value), issue.range.unit)  # "level 3", "9 weeks", never "3 level"
    return f"{name}: {shown}"


def standard_phrase(loaded: LoadedCase, standard_id: str) -> tuple[str, str]:
    """A standard's name, with its own source when published; and the source cited ("" if none)."""
    standard = next(s for s in loaded.case.standards if s.id == standard_id)
    name = _quoted_name(standard.name or standard_id.replace("_", " "))
    if standard.published and standard.source is not None:
        return f"{name} ({standard.source.reference})", standard.source.reference
    return name, ""


def _quoted_name(name: str) -> str:
    """A standard's name as it sits inside a sentence, quoted after "the standard".

    A name often reads as a clause of its own ("No general launch before the lab pass"); bare in
    "it falls outside No general launch ..." it would be taken for the sentence's own words.
    """
    return f"the standard \u201c{name}\u201d"


def _safeguard_phrase(loaded: LoadedCase, safeguard_ids: Sequence[str]) -> str:
    parts = []
    for safeguard_id in safeguard_ids:
        safeguard = loaded.case.safeguard(safeguard_id)
        parts.append(safeguard.description or safeguard_id.replace("_", " "))
    return "; ".join(parts)


def compose_say(loaded: LoadedCase, given: SayInput) -> SayText:
    """The sentences to say for this recommendation, each from one fact of ``given``."""
    case = loaded.case
    culture = case.case.culture
    noun = _NOUN[case.case.context]
    direct = culture.directness is Directness.DIRECT
    indirect = culture.directness is Directness.INDIRECT
    kind = given.recommendation
    broken = list(dict.fromkeys(violation.standard for violation in given.violations))
    facts: list[SayFact] = []
    if indirect:
        facts.append(
            SayFact(
                FactKind.GREETING,
                f"Thank you for the {noun}; we share the aim of getting this done well.",
            )
        )
    elif not direct:
        facts.append(SayFact(FactKind.GREETING, f"Thank you for the {noun}."))
    facts.extend(_breaks(loaded, broken, noun, direct, indirect))
    tender = (Recommendation.ACCEPT, Recommendation.KNOCK_OUT)
    if broken and direct and kind not in tender:
        facts.append(SayFact(FactKind.NOT_SIGNABLE, "We cannot sign it as written."))
    remedy = _safeguard_phrase(loaded, given.safeguards)
    if kind is Recommendation.ACCEPT:
        facts.append(SayFact(FactKind.ACCEPT, f"This {noun} works for us."))
        if remedy:
            facts.append(
                SayFact(FactKind.SAFEGUARDS, f"We will attach the agreed safeguards: {remedy}.")
            )
    elif kind.proposes and given.counters:
        facts.extend(_proposal(loaded, given, remedy, direct, indirect))
    elif kind is Recommendation.PAUSE:
        facts.append(_pause(given.pause_reason, len(broken)))
        if given.pending_checks:
            facts.append(
                SayFact(
                    FactKind.PENDING_CHECK,
                    "We are also working on another option that needs a way to check it first; "
                    "when that check exists, we would like to discuss it with you.",
                    reason=PauseReason.PENDING_VERIFICATION.value,
                )
            )
        facts.extend(_checked_by(loaded, broken))
    elif kind is Recommendation.KEEP_SEEKING:
        aim = f"meet {_the_standards(broken)} and work for you" if broken else "work for both of us"
        facts.append(
            SayFact(
                FactKind.KEEP_SEEKING,
                f"We would like to keep working on this with you and look together for terms "
                f"that {aim}.",
                reason=given.condition,
            )
        )
    elif kind is Recommendation.BEST_AND_FINAL:
        facts.extend(_best_and_final(noun))
    elif kind is Recommendation.KNOCK_OUT:
        facts.append(
            SayFact(
                FactKind.SET_ASIDE,
                f"After the {noun}s were opened, no {noun} can be changed or negotiated with one "
                f"bidder alone, so this {noun} cannot be considered in this round.",
            )
        )
    elif kind is Recommendation.RECONSIDER_STANDARD:
        facts.append(
            SayFact(
                FactKind.REVIEW,
                "Before we answer, we want to review one of our own requirements on our side.",
            )
        )
    else:
        facts.extend(_ending(loaded, kind, len(broken), given.condition))
    if indirect or (kind in (Recommendation.PAUSE, Recommendation.WALK) and not direct):
        saving = [item for item in culture.face_saving if item.strip()]
        if saving:
            facts.append(
                # The case writes it as what we do: said to them, it is our undertaking.
                SayFact(
                    FactKind.FACE_SAVING,
                    our_undertaking(saving[0]),
                )
            )
        if culture.escalation_steps and kind in (Recommendation.PAUSE, Recommendation.WALK):
            facts.append(
                SayFact(
                    FactKind.NEXT_STEP,
                    f"A next step we could take together: {culture.escalation_steps[0]}.",
                )
            )
    ends = (Recommendation.ACCEPT, Recommendation.WALK, Recommendation.DECLINE)
    if culture.power_distance is Level.HIGH and kind not in ends:
        facts.append(
            SayFact(
                FactKind.IN_WRITING,
                "We will put this in writing so your leadership can review it in full.",
            )
        )
    return SayText(tuple(facts))


def _breaks(
    loaded: LoadedCase, broken: Sequence[str], noun: str, direct: bool, indirect: bool
) -> list[SayFact]:
    """One sentence per standard the offer breaks, each with that standard's own source."""
    found: list[SayFact] = []
    for position, standard_id in enumerate(broken):
        phrase, source = standard_phrase(loaded, standard_id)
        if position:
            sentence = f"It also falls outside {phrase}."
        elif direct:
            sentence = f"As written, this {noun} does not meet {phrase}."
        elif indirect:
            sentence = f"One part is difficult for us: the current wording falls outside {phrase}."
        else:
            sentence = f"We cannot agree to it as written: it falls outside {phrase}."
        found.append(SayFact(FactKind.BREAKS, sentence, standard=standard_id, source=source))
    return found


def _proposal(
    loaded: LoadedCase, given: SayInput, remedy: str, direct: bool, indirect: bool
) -> list[SayFact]:
    first = given.counters[0]
    proposal = "; ".join(describe_choice(loaded, issue, to) for issue, _, to in first.changes)
    if given.recommendation is Recommendation.NARROW_DEAL:
        opener = "We can start with a narrower scope"
    elif len(first.changes) == 1:
        opener = "We can move forward with one change"
    else:
        opener = "We can move forward with these changes"
    if direct:
        sentence = f"{opener}: {proposal}."
    elif indirect:
        sentence = f"Would it work for your side if we adjusted this: {proposal}?"
    else:
        sentence = f"{opener}. What we propose: {proposal}."
    found = [SayFact(FactKind.PROPOSAL, sentence)]
    if remedy:
        found.append(
            SayFact(
                FactKind.SAFEGUARDS, f"It comes with safeguards both sides can verify: {remedy}."
            )
        )
    if len(given.counters) > 1:
        found.append(
            SayFact(
                FactKind.ALTERNATIVES,
                "We have other packages as well that work equally for us, if this one does not "
                "fit.",
            )
        )
    return found


def _best_and_final(noun: str) -> list[SayFact]:
    """The invitation to a best and final round, the same for every compliant bidder.

    Each sentence states one fact: the bid meets every must-have (it breaks none, as computed),
    every compliant bidder is asked at once with one closing date, the must-haves do not move.
    Neither our floor nor the gain the bid needs is said: a threshold the bidders know is the
    price they bid.
    """
    return [
        SayFact(FactKind.MEETS_MUST_HAVES, f"Your {noun} meets every must-have of the tender."),
        SayFact(
            FactKind.BEST_AND_FINAL,
            f"We are inviting every bidder whose {noun} meets them to submit a best and final "
            "offer, by one closing date that is the same for all and stated in our written "
            "invitation.",
        ),
        SayFact(
            FactKind.BEST_AND_FINAL,
            "The must-haves stay as published.",
        ),
    ]


def _the_standards(broken: Sequence[str] | int) -> str:
    """Name the standards the offer breaks as many as they are: one, or several."""
    count = broken if isinstance(broken, int) else len(broken)
    return "the standard" if count == 1 else "the standards"


def _pause(reason: PauseReason | None, broken: int) -> SayFact:
    if reason is PauseReason.VALUE_GAP:
        sentence = (
            "We suggest we pause: the terms that would work for you today do not yet work for "
            "us, and we would like to talk again when either side's situation changes."
        )
    else:
        terms = (
            f"the terms that meet {_the_standards(broken)}" if broken else "the terms we can sign"
        )
        # Whether those terms beat their alternative is our estimate of it, never said to them:
        # the sentence is a conditional, true whatever their alternative is.
        sentence = (
            f"We suggest we pause: if {terms} do not work for you today, we would rather pause "
            "than ask you to accept them, and we would like to talk again when either side's "
            "situation changes."
        )
    return SayFact(FactKind.PAUSE, sentence, reason=(reason or PauseReason.THEIR_ALTERNATIVE).value)


def _checked_by(loaded: LoadedCase, broken: Sequence[str]) -> list[SayFact]:
    """Who checks each published broken standard, and when: a fact of the case."""
    found: list[SayFact] = []
    for standard_id in broken:
        standard = next(s for s in loaded.case.standards if s.id == standard_id)
        if not standard.published or standard.verifier is None:
            continue
        name = _quoted_name(standard.name or standard_id.replace("_", " "))
        when = standard.verifier.when.strip().rstrip(".")
        when = when[:1].lower() + when[1:]
        found.append(
            SayFact(
                FactKind.CHECKED_BY,
                f"{standard.verifier.who} checks {name} is met ({when}).",
                standard=standard_id,
            )
        )
    return found


def _ending(loaded: LoadedCase, kind: Recommendation, broken: int, condition: str) -> list[SayFact]:
    culture = loaded.case.case.culture
    rules = "which rule we held" if broken == 1 else "which rules we held"
    record = f"{rules}, what we tried" if broken else "what we tried"
    leadership = (
        ", in full, for your leadership to review" if culture.power_distance is Level.HIGH else ""
    )
    written = SayFact(
        FactKind.RECORD,
        f"We will put in writing {record} and when it would make sense to talk again{leadership}.",
    )
    if kind is Recommendation.DECLINE:
        return [
            SayFact(
                FactKind.DECLINE,
                "We would rather not hold out against you on this, so we will respectfully step "
                "back from this deal.",
                reason=condition,
            ),
            written,
        ]
    found = (
        f"terms that meet {_the_standards(broken)} and work for both sides"
        if broken
        else "terms that work for both sides"
    )
    return [
        SayFact(FactKind.WALK, f"We have not found {found}, so we will step back from this deal."),
        written,
    ]
