"""The phrase library: what to say for each move and how to deliver it (pure).

Two kinds of line, kept apart because they go to different people:

* ``say``: words for the other side, safe to read out verbatim. They never hold our BATNA, our
  reservation point, our estimates of them, or advice meant for us. They are templates filled
  from the case (the standard and its source, the other side's name, a tradeable, a safeguard),
  one per *context*: a sales call, a partnership, a tender, an offer to a candidate, a leadership
  decision. The preparation move has none: the other side is not at the table yet.
* ``how``: coaching for us, never read out: how to deliver the move for the other side's
  *directness* (direct cultures expect the rule and its consequence stated plainly; indirect ones
  need a face-saving choice and graduated steps), the case's face-saving option, and, when power
  distance is high, written records and named approvers.

``tests/test_playbook.py`` checks every filled ``say`` line for coaching markers and for the
case's private numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.case.model import Case, Context, Directness, Level

PREPARE_NOTES: dict[Context, str] = {
    Context.SALES: "Before we quote, check that {standard} holds in every bundle we could offer {them}.",
    Context.PARTNERSHIP: "Agree internally which terms protect {standard} before {them} sees a draft.",
    Context.PROCUREMENT: "Write {standard} into the tender as a pass/fail criterion, citing {source}.",
    Context.HIRING: "Confirm the band and {standard} with HR before the first call with the candidate.",
    Context.LEADERSHIP: "Write down the rule we will hold, {standard}, and who can change it, before the meeting.",
}
"""Coaching for the preparation move, per context (there is nothing to say yet)."""

SAY_PHRASES: dict[str, dict[Context, str]] = {
    "publish_must_haves": {
        Context.SALES: "Whatever we agree has to meet {standards}; that comes from {source}, not from us.",
        Context.PARTNERSHIP: "For this partnership to work, both of us have to meet {standards}, as {source} requires.",
        Context.PROCUREMENT: "Every bid is scored only after it passes {standards}, under {source}.",
        Context.HIRING: "Our offers follow {standards}; that is how we keep pay fair for everyone on the team.",
        Context.LEADERSHIP: "I will hold {standards}; here is where it comes from: {source}.",
    },
    "narrow_bundles": {
        Context.SALES: "Here are a few options that all meet {standard}; each trades scope, timing and checks differently, for example: {tradeable}.",
        Context.PARTNERSHIP: "We can start narrower and grow ({tradeable}), with {verifier} checking {standard} at each step.",
        Context.PROCUREMENT: "We will consider only the compliant lots; one option on the table is a smaller first award: {tradeable}.",
        Context.HIRING: "Within the band we can shape the package, for example: {tradeable}; and we can date a review of scope and level.",
        Context.LEADERSHIP: "There are options that keep {standard}; let us pick between them rather than relax it.",
    },
    "symmetric_constraints": {
        Context.SALES: "Let us make the limits mutual: the same caps and service levels bind both of us, with credits that pay out automatically.",
        Context.PARTNERSHIP: "Whatever restriction we accept, we ask the same of {them}, and {verifier} can check both sides.",
        Context.PROCUREMENT: "Probation terms apply both ways: we commit to volumes, you commit to service levels with automatic credits.",
        Context.HIRING: "The review date binds us as much as you: if the milestones are met, the change happens without a new negotiation.",
        Context.LEADERSHIP: "The same rule applies to my team as to yours; we will both report against it.",
    },
    "costly_signal": {
        Context.SALES: "We would rather move the start date than start without {standard}; here is the test plan and its dates.",
        Context.PARTNERSHIP: "We are holding our own launch until {standard} is verified; the dates are in the shared plan.",
        Context.PROCUREMENT: "We will extend the current contract at reduced volume rather than award to a bid that fails {standard}.",
        Context.HIRING: "We would rather keep the role open than break {standard} for one hire.",
        Context.LEADERSHIP: "We accept the delay this costs us; it is cheaper than what breaking {standard} would cost later.",
    },
    "close_with_safeguards": {
        Context.SALES: "Let us write the triggers, audit rights and exit terms into the contract now, starting with this one: {safeguard}.",
        Context.PARTNERSHIP: "Before we sign, the agreement needs its safeguards in writing ({safeguard}), a change-control step and a review cadence.",
        Context.PROCUREMENT: "The award is conditional on written safeguards ({safeguard}), probation service levels and automatic credits.",
        Context.HIRING: "The offer letter states the milestones, who reviews them, and the date of the review.",
        Context.LEADERSHIP: "We record the decision with its safeguard ({safeguard}) and the date we look at it again.",
    },
    "implement_deal": {
        Context.SALES: "Thank you; we will send the final contract with {safeguard} written in, and propose a first joint review on {review}.",
        Context.PARTNERSHIP: "Glad we got here; the signed agreement carries its safeguards ({safeguard}), and we will review it together on {review}.",
        Context.PROCUREMENT: "The award is confirmed on the terms agreed, with {safeguard} and the probation service levels; the first review is on {review}.",
        Context.HIRING: "Welcome aboard; the offer letter confirms the package, the milestones and the review on {review}.",
        Context.LEADERSHIP: "We go ahead as agreed; the decision record names the safeguard ({safeguard}) and the review on {review}.",
    },
    "narrow_deal_follow_up": {
        Context.SALES: "We agree on the narrower scope now; the next step, {tradeable}, opens once {verifier} confirms {standard}; we will review on {review}.",
        Context.PARTNERSHIP: "We start with the narrower scope we agreed and grow it once {verifier} confirms {standard}; the review is on {review}.",
        Context.PROCUREMENT: "We award the smaller first lot now; the rest follows once {standard} is verified by {verifier}, reviewed on {review}.",
        Context.HIRING: "We agree on the role as scoped now, with a dated review of scope and level on {review}.",
        Context.LEADERSHIP: "We go ahead with the narrower plan that keeps {standard}; we look at widening it on {review}.",
    },
    "pause_and_revisit": {
        Context.SALES: "We cannot meet {standard} on these terms yet, so we propose to pause and look at it again on {review}.",
        Context.PARTNERSHIP: "This is not the right moment for both of us; we will write down why and look again together on {review}.",
        Context.PROCUREMENT: "No bid met {standard}; we will re-tender with clearer requirements and extend at minimal volume until {review}.",
        Context.HIRING: "We cannot go beyond the band today; we would be glad to talk again on {review}.",
        Context.LEADERSHIP: "We are pausing this decision to protect {standard}; we will review it on {review}.",
    },
    "respectful_walk_away": {
        Context.SALES: "We cannot meet {standard} on these terms, so we will not go ahead; thank you for the work on both sides, and we would be glad to talk again if that changes.",
        Context.PARTNERSHIP: "We have decided not to go ahead with this partnership; thank you for the time both teams put in, and our door stays open.",
        Context.PROCUREMENT: "No bid met {standard}, so this tender closes without an award; thank you for taking part.",
        Context.HIRING: "We cannot go beyond the band; we would be glad to talk again when a role at the next level opens.",
        Context.LEADERSHIP: "We are not going ahead; this note says which rule we protected, what we tried, and when we will review it.",
    },
}
"""Words for the other side, per move and context: verbatim-safe, filled from the case."""

HOW_LINES: dict[str, dict[Directness, str]] = {
    "prepare": {
        Directness.DIRECT: "Expect them to ask for the rule in writing early; have the source ready.",
        Directness.MIXED: "Prepare both the one-sentence rule and the longer fairness story.",
        Directness.INDIRECT: "Plan the graduated steps now, starting with {step}, so no one is cornered later.",
    },
    "publish_must_haves": {
        Directness.DIRECT: "Say the rule and the consequence in one sentence; do not soften the refusal.",
        Directness.MIXED: "State the rule, then the reason, then invite questions about the source.",
        Directness.INDIRECT: "Present the rule as something both sides answer to, and keep a face-saving option ready.",
    },
    "narrow_bundles": {
        Directness.DIRECT: "Put the options side by side and ask which one they prefer.",
        Directness.MIXED: "Walk through each option's trade-off before asking for a preference.",
        Directness.INDIRECT: "Let them improve an option instead of rejecting one; credit their team for the choice.",
    },
    "symmetric_constraints": {
        Directness.DIRECT: "Name each constraint and show that it binds both sides equally.",
        Directness.MIXED: "Frame mutual limits as shared protection, then list them.",
        Directness.INDIRECT: "Offer the mutual limit as a joint safeguard, with the face-saving option if they hesitate.",
    },
    "costly_signal": {
        Directness.DIRECT: "State what we give up and why; show the dates.",
        Directness.MIXED: "Explain the cost we take on and share the test plan.",
        Directness.INDIRECT: "Present the delay as our own choice, not their failure, so no one loses face.",
    },
    "close_with_safeguards": {
        Directness.DIRECT: "Read each trigger and consequence aloud and confirm it.",
        Directness.MIXED: "Summarise the safeguards and send the written terms the same day.",
        Directness.INDIRECT: "Describe safeguards as routine for both sides and let {verifier} own the checks.",
    },
    "implement_deal": {
        Directness.DIRECT: "Confirm the terms line by line and send the written version the same day.",
        Directness.MIXED: "Thank them, summarise the safeguards, and put the first review in both calendars.",
        Directness.INDIRECT: "Credit their team for the agreement in front of their sponsors; let {verifier} run the checks.",
    },
    "narrow_deal_follow_up": {
        Directness.DIRECT: "Name what is in scope now, what is not, and the test that opens the next step.",
        Directness.MIXED: "Summarise the narrow scope and the review date, then send both in writing.",
        Directness.INDIRECT: "Present the narrow start as a joint first step, not a refusal of the rest.",
    },
    "pause_and_revisit": {
        Directness.DIRECT: "Give the reason, the rule and the review date; no blame.",
        Directness.MIXED: "Thank them, give the reason, and propose the review date.",
        Directness.INDIRECT: "Go step by step ({step} first) and describe the pause as a joint decision.",
    },
    "respectful_walk_away": {
        Directness.DIRECT: "Give the reason and the rule once; no blame, no threat, no reopening on the spot.",
        Directness.MIXED: "Thank them, give the reason, and say what would have to change to talk again.",
        Directness.INDIRECT: "Go step by step ({step} first) and let them close the talks without losing face.",
    },
}
"""Coaching for us, per move and the other side's directness: never read out."""

FACE_SAVING_NOTE = "Face-saving option from the case (use it, do not read it out): {face_saving}"

HIGH_POWER_DISTANCE = (
    "Power distance is high: confirm in writing, address {approver}, and record who approved "
    "each step."
)

NO_REVIEW_DATE = "a date we agree today"
"""What ``{review}`` says when no review date is recorded."""


@dataclass(frozen=True, slots=True)
class Phrases:
    """What to say for a move (to them, verbatim) and how to deliver it (for us)."""

    say: tuple[str, ...]
    how: tuple[str, ...]


def _phrase(text: str) -> str:
    """A name or description ready to sit inside a sentence: no final stop, no capital first letter.

    Acronyms keep their capitals ("EU data residency"); ordinary words are lowered ("safety level
    3 or higher").
    """
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _names(names: list[str]) -> str:
    if not names:
        return "our must-have standard"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def case_terms(case: Case) -> dict[str, str]:
    """The words a phrase is filled with, taken from the case, with neutral fall-backs."""
    standards = sorted(case.standards, key=lambda standard: not standard.published)
    # Standard names are quoted: they are titles ("EU data residency", "No launch before the
    # lab pass") and read as such inside any sentence.
    named = [f'"{(standard.name or standard.rule).strip().rstrip(".")}"' for standard in standards]
    first = standards[0] if standards else None
    source = first.source.reference if first is not None and first.source else "an external source"
    verifier = (
        first.verifier.who if first is not None and first.verifier else "an independent reviewer"
    )
    safeguard = (
        _phrase(case.safeguards[0].description or case.safeguards[0].kind.value.replace("_", " "))
        if case.safeguards
        else "clear triggers and audit rights"
    )
    tradeable = (
        _phrase(case.tradeables[0].description or case.tradeables[0].kind.value.replace("_", " "))
        if case.tradeables
        else "a phased rollout"
    )
    them = case.parties.them
    deciders = [person.name for person in them.stakeholders if person.decision_maker]
    approver = them.approval_path[-1] if them.approval_path else (deciders or ["their sponsor"])[0]
    culture = case.case.culture
    return {
        "standard": named[0] if named else "our must-have standard",
        "standards": _names(named[:2]),
        "source": source,
        "verifier": verifier,
        "safeguard": safeguard,
        "tradeable": tradeable,
        "them": them.name,
        "us": case.parties.us.name,
        "approver": approver,
        "face_saving": _phrase(culture.face_saving[0])
        if culture.face_saving
        else "a pause described as a joint decision",
        "step": culture.escalation_steps[0]
        if culture.escalation_steps
        else "a review by both sponsors",
    }


def phrases_for(move: str, case: Case, review: str | None = None) -> Phrases:
    """What to say for ``move`` in this case, and how to deliver it.

    Args:
        move: A move key of the playbook.
        case: The case the words are filled from.
        review: The review date of the decision being followed up, when there is one.
    """
    terms = {**case_terms(case), "review": review or NO_REVIEW_DATE}
    culture = case.case.culture
    context = case.case.context
    say = SAY_PHRASES.get(move)
    how: list[str] = []
    if move == "prepare":
        how.append(PREPARE_NOTES[context].format_map(terms))
    how.append(HOW_LINES[move][culture.directness].format_map(terms))
    if culture.directness is not Directness.DIRECT and culture.face_saving:
        how.append(FACE_SAVING_NOTE.format_map(terms))
    if culture.power_distance is Level.HIGH:
        how.append(HIGH_POWER_DISTANCE.format_map(terms))
    return Phrases((say[context].format_map(terms),) if say else (), tuple(how))
